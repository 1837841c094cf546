/* Reading an event log (CSV) into a cohort. */
#ifndef LOAD_H
#define LOAD_H

#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "name_table.h"

typedef struct load_options {
    const char *path;              /* NULL or "-": standard input */
    const char *id_column, *time_column, *amount_column, *segment_column;
    int32_t utc_offset;
    uint32_t inactivity_days;      /* rt_cohort_options::inactivity_days */
    int skip_bad_rows;
    int progress;                  /* draw a progress line on stderr while reading */
    int keep_purchases;            /* keep every purchase in loaded.purchases */
} load_options;

/* The purchases as read (at-risk ranks by spend: the library keeps no
 * per-customer total). */
typedef struct purchase_list {
    size_t count, room;
    uint64_t *ids;
    int32_t *days;                 /* local days, as the cohort's */
    double *amounts;
} purchase_list;

typedef struct loaded {
    rt_cohort *cohort;
    long rows, bad_rows;
    name_table segments;           /* segment k + 1 is segments.names[k] */
    purchase_list purchases;       /* empty unless keep_purchases */
} loaded;

/* Reads the log; prints the reason for a failure (with the line number) on
 * stderr and returns 0. */
int load_events(const load_options *o, loaded *out);
void loaded_free(loaded *l);

#endif
