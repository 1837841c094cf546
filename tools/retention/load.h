/* Reading an event log (CSV) into a cohort. */
#ifndef LOAD_H
#define LOAD_H

#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "id_table.h"
#include "name_table.h"
#include "timestamp.h"

/* Which columns the command line named (load_options.named_columns): a
 * missing named column is a usage error, a missing default optional one
 * is no column. */
enum { NAMED_ID = 1, NAMED_TIME = 2, NAMED_AMOUNT = 4, NAMED_SEGMENT = 8, NAMED_EVENT = 16 };

/* The columns the loader reads, in the order of its column indexes. */
enum { COL_ID, COL_TIME, COL_AMOUNT, COL_SEGMENT, COL_EVENT, COLUMNS };

/* The most bad rows a read skips: --max-bad-rows N or P%. */
typedef struct bad_row_limit {
    int given;                     /* 0: the default, 1 % */
    int percent;                   /* value is a percentage of the rows, else a count */
    double value;
} bad_row_limit;

typedef struct load_options {
    const char *path;              /* NULL or "-": standard input */
    const char *id_column, *time_column, *amount_column, *segment_column;
    /* With an event column: the rows whose event is start_event start the
     * customer's cohort (rt_cohort_add_starts), those whose event is
     * return_event (every row's, when NULL) are activity; other rows are
     * left out. */
    const char *event_column, *start_event, *return_event;
    int32_t utc_offset;
    uint32_t inactivity_days;      /* rt_cohort_options::inactivity_days; 0: its default */
    int skip_bad_rows;             /* go on past bad rows, up to max_bad_rows */
    int progress;                  /* draw a progress line on stderr while reading */
    int keep_purchases;            /* keep every purchase in loaded.purchases */
    char delimiter;                /* one of CSV_DELIMITERS, 0: found on the header line */
    unsigned named_columns;        /* NAMED_* */
    bad_row_limit max_bad_rows;
    time_format time_format;       /* of the time column; auto (0): from its first value */
    int first_segment_wins;        /* a customer's segment is that of their first row naming
                                      one (else the last); rows naming another are counted
                                      in loaded.segment_conflicts */
} load_options;

/* The purchases as read (at-risk ranks by spend: the library keeps no
 * per-customer total). */
typedef struct purchase_list {
    size_t count, room;
    uint64_t *ids;
    int32_t *days;                 /* local days, as the cohort's */
    double *amounts;
} purchase_list;

/* A customer whose rows name two segments (first_segment_wins). */
typedef struct segment_conflict {
    uint64_t customer;
    uint32_t first, other;         /* segment numbers: the one kept, the other */
} segment_conflict;

typedef struct loaded {
    rt_cohort *cohort;
    long rows, bad_rows;
    long other_events;             /* rows left out: neither the start nor the return event */
    long refunds;                  /* rows of a negative amount */
    double refunded;               /* their sum (negative) */
    int by_start;                  /* cohorts begin at the start event (use_starts) */
    name_table segments;           /* segment k + 1 is segments.names[k] */
    purchase_list purchases;       /* empty unless keep_purchases */
    id_table ids;                  /* the cohort's customer k: the log's id text k */
    time_format time;              /* of the time column: as given, or as auto chose it
                                      (auto until the first time is read) */
    long time_chosen_on;           /* the line auto chose it from; 0 if it was given */
    int undecidable;               /* auto cannot tell the time column's format: the log
                                      cannot be read on, even skipping bad rows */
    char why[256];                 /* a reason composed for the current row */
    long segment_conflicts;        /* first_segment_wins: rows naming another segment */
    uint64_t segmented;            /* first_segment_wins: customers given a segment */
    segment_conflict first_conflict;
} loaded;

/* Reads the log; on a failure prints the reason (with the line number) on
 * stderr and returns the exit status: 2 when a column the command line
 * named is missing, else 1. Returns 0 on success; skipped bad rows, if
 * any, are reported on stderr. */
int load_log(const load_options *o, loaded *out);

/* load_log, as 1 on success and 0 on any failure. */
int load_events(const load_options *o, loaded *out);
void loaded_free(loaded *l);

#endif
