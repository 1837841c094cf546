/* Loads the survival data sets of R's survival package copied into
 * tests/data (lung.csv, aml.csv; see its README.md) for the log-rank tests. */
#ifndef SURVIVAL_DATA_H
#define SURVIVAL_DATA_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testdata.h"

#define SURVIVAL_MAX_ROWS 256

/* One data set: the time, the event flag (1 = died / relapsed) and up to
 * two grouping columns (a missing value, R's NA, is -1). */
typedef struct survival_data {
    size_t count;
    double time[SURVIVAL_MAX_ROWS];
    uint32_t event[SURVIVAL_MAX_ROWS];
    int group[2][SURVIVAL_MAX_ROWS];
} survival_data;

static inline int survival_field(char **cursor)
{
    char *end;
    long value = strtol(*cursor, &end, 10);
    int missing = end == *cursor;  /* "NA" */
    *cursor = strchr(*cursor, ',');
    if (*cursor != NULL)
        (*cursor)++;
    return missing ? -1 : (int)value;
}

/* Columns: time, status, then group_columns grouping columns. status is
 * event_code for an event (lung codes 1 = censored, 2 = dead; aml 0 / 1).
 * Groups are stored as they are. Returns the number of rows, 0 on failure. */
static inline size_t survival_load(const char *name, int event_code, int group_columns,
                                   survival_data *d)
{
    FILE *f = testdata_open(name);
    char line[256];
    if (f == NULL || fgets(line, sizeof line, f) == NULL) {
        if (f != NULL)
            fclose(f);
        return 0;
    }
    d->count = 0;
    while (d->count < SURVIVAL_MAX_ROWS && fgets(line, sizeof line, f) != NULL) {
        char *cursor = line;
        d->time[d->count] = (double)survival_field(&cursor);
        d->event[d->count] = survival_field(&cursor) == event_code;
        for (int g = 0; g < group_columns && cursor != NULL; g++)
            d->group[g][d->count] = survival_field(&cursor);
        d->count++;
    }
    fclose(f);
    return d->count;
}

#endif /* SURVIVAL_DATA_H */
