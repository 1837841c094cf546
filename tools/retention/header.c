#include "header.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Edit distance of a and b (ASCII case ignored), over their first
 * DISTANCE_CHARS characters: enough to tell names apart. */
enum { DISTANCE_CHARS = 64 };
static size_t distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), row[DISTANCE_CHARS + 1];
    na = na < DISTANCE_CHARS ? na : DISTANCE_CHARS;
    nb = nb < DISTANCE_CHARS ? nb : DISTANCE_CHARS;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t above = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diagonal + !same;
            best = above + 1 < best ? above + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[nb];
}

/* "no column named 'x'; the columns are: a, b (closest: a)" */
static void no_column(const csv_reader *r, const char *name)
{
    fprintf(stderr, "retention: line %ld: no column named '%s'; the columns are: ", r->line,
            name);
    int closest = 0;
    for (int i = 0; i < r->count; i++) {
        fprintf(stderr, "%s%s", i ? ", " : "", r->fields[i]);
        if (distance(r->fields[i], name) < distance(r->fields[closest], name))
            closest = i;
    }
    fprintf(stderr, " (closest: %s)\n", r->fields[closest]);
}

/* The column's index, or -1 when it is absent: a failure (*status 1, or 2
 * for a column named on the command line) unless it is an optional one
 * by default. */
static int column(const csv_reader *r, const char *name, int required, int named,
                  int *status)
{
    if (name == NULL)
        return -1;
    int i = csv_find(r, name);
    if (i < 0 && (required || named)) {
        no_column(r, name);
        *status = *status == 2 || named ? 2 : 1;
    }
    return i;
}

int read_header(const load_options *o, csv_reader *r, int cols[COLUMNS], int *fields)
{
    const char *why = NULL;
    if (csv_next(r, &why) != CSV_RECORD) {
        fprintf(stderr, "retention: line %ld: %s\n", r->line, why ? why : "no header row");
        return 1;
    }
    int status = 0;
    unsigned named = o->named_columns;
    cols[COL_ID] = column(r, o->id_column, 1, (named & NAMED_ID) != 0, &status);
    cols[COL_TIME] = column(r, o->time_column, 1, (named & NAMED_TIME) != 0, &status);
    cols[COL_AMOUNT] = column(r, o->amount_column, 0, (named & NAMED_AMOUNT) != 0, &status);
    cols[COL_SEGMENT] = column(r, o->segment_column, 0, (named & NAMED_SEGMENT) != 0, &status);
    cols[COL_EVENT] = column(r, o->event_column, 0, (named & NAMED_EVENT) != 0, &status);
    *fields = r->count;
    return status;
}
