/* A streaming CSV reader: one record at a time, in bounded memory. Fields
 * are separated by commas, may be double-quoted ("" is a quote inside),
 * and lines may end in LF or CRLF. A line holds at most CSV_MAX_LINE bytes
 * before its line end; a longer line, or one with a NUL byte, is one bad
 * record (the reader goes on after its line end). */
#ifndef CSV_READER_H
#define CSV_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CSV_MAX_FIELDS = 64, CSV_MAX_LINE = (1 << 16) - 1, CSV_BLOCK = 1 << 16 };

/* What csv_next found. */
enum { CSV_END = 0, CSV_RECORD = 1, CSV_BAD_RECORD = -1, CSV_READ_ERROR = -2 };

typedef struct csv_reader {
    FILE *in;
    long line;                       /* line number of the current record, from 1 */
    uint64_t bytes;                  /* read so far, line ends included */
    char buffer[CSV_MAX_LINE + 2];   /* the line, a CR before its LF, and a NUL */
    char *fields[CSV_MAX_FIELDS];
    int count;                       /* fields in the current record */
    char block[CSV_BLOCK];           /* read ahead from `in` */
    size_t block_at, block_end;      /* the unread part of block */
} csv_reader;

/* Starts reading `in` from its first line. */
void csv_open(csv_reader *r, FILE *in);

/* Reads the next record: CSV_RECORD, CSV_END, CSV_BAD_RECORD (the reason in
 * *error; the next call reads the next line) or CSV_READ_ERROR (the reason
 * in *error; the input cannot be read further). */
int csv_next(csv_reader *r, const char **error);

/* Index of a header field by name, or -1. */
int csv_find(const csv_reader *r, const char *name);

#endif
