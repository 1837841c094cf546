/* The bad rows of a log read with --skip-bad-rows: how many for each
 * reason, and the first line numbers of each, for the message that ends
 * the read. A reason is the text csv_next or the loader gave for the row,
 * so rows group by their exact text: "5 fields, the header has 3" and
 * "4 fields, the header has 3" are two groups, as the fix differs. Past
 * BAD_REASONS distinct texts the rest count as "other reasons". */
#ifndef BAD_ROWS_H
#define BAD_ROWS_H

#include <stdio.h>

enum { BAD_REASONS = 16, BAD_LINES_SHOWN = 5, BAD_REASON_LENGTH = 96 };

typedef struct bad_reason {
    char text[BAD_REASON_LENGTH];
    long count;
    long lines[BAD_LINES_SHOWN];   /* the first ones, in order */
} bad_reason;

typedef struct bad_rows {
    long count;
    int reasons;                   /* used entries of reason, in order of first sight */
    bad_reason reason[BAD_REASONS];
} bad_rows;

void bad_rows_add(bad_rows *b, const char *reason, long line);

/* The breakdown: "2 'why' (lines 4, 9), 1 'other' (line 7)"; ", ..."
 * after the fifth line of a reason with more. */
void bad_rows_print(const bad_rows *b, FILE *out);

#endif
