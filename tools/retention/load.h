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
    int skip_bad_rows;
    int progress;                  /* draw a progress line on stderr while reading */
} load_options;

typedef struct loaded {
    rt_cohort *cohort;
    long rows, bad_rows;
    name_table segments;           /* segment k + 1 is segments.names[k] */
} loaded;

/* Reads the log; prints the reason for a failure (with the line number) on
 * stderr and returns 0. */
int load_events(const load_options *o, loaded *out);
void loaded_free(loaded *l);

#endif
