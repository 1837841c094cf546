/* A streaming CSV reader: one record at a time, in bounded memory. Fields
 * are separated by commas, may be double-quoted ("" is a quote inside),
 * and lines may end in LF or CRLF. */
#ifndef CSV_READER_H
#define CSV_READER_H

#include <stdint.h>
#include <stdio.h>

enum { CSV_MAX_FIELDS = 64, CSV_MAX_LINE = 1 << 16 };

typedef struct csv_reader {
    FILE *in;
    long line;                       /* line number of the current record, from 1 */
    uint64_t bytes;                  /* read so far, line ends included */
    char buffer[CSV_MAX_LINE];
    char *fields[CSV_MAX_FIELDS];
    int count;                       /* fields in the current record */
} csv_reader;

/* Reads the next record: 1 on success, 0 at the end, -1 on a malformed
 * record (the reason in *error). */
int csv_next(csv_reader *r, const char **error);

/* Index of a header field by name, or -1. */
int csv_find(const csv_reader *r, const char *name);

#endif
