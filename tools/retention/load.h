/* Reading an event log (CSV) into a cohort. */
#ifndef LOAD_H
#define LOAD_H

#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "id_table.h"
#include "name_table.h"
#include "timestamp.h"

typedef struct load_options {
    const char *path;              /* NULL or "-": standard input */
    const char *id_column, *time_column, *amount_column, *segment_column;
    int32_t utc_offset;
    int skip_bad_rows;
    int progress;                  /* draw a progress line on stderr while reading */
    time_format time_format;       /* of the time column; auto (0): from its first value */
} load_options;

typedef struct loaded {
    rt_cohort *cohort;
    long rows, bad_rows;
    name_table segments;           /* segment k + 1 is segments.names[k] */
    id_table ids;                  /* the cohort's customer k: the log's id text k */
    id_batch pending_ids;          /* the ids of the rows not yet in the cohort */
    time_format time;              /* of the time column: as given, or as auto chose it
                                      (auto until the first time is read) */
    long time_chosen_on;           /* the line auto chose it from; 0 if it was given */
    int undecidable;               /* auto cannot tell the time column's format: the log
                                      cannot be read on, even skipping bad rows */
    char why[256];                 /* a reason composed for the current row */
} loaded;

/* Reads the log; prints the reason for a failure (with the line number) on
 * stderr and returns 0. */
int load_events(const load_options *o, loaded *out);
void loaded_free(loaded *l);

#endif
