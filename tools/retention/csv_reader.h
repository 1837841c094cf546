/* A streaming CSV reader: one record at a time, in bounded memory.
 *
 * The input may be gzip-compressed (see input.h) and may start with a UTF-8
 * byte order mark, which is skipped. Fields are separated by one delimiter,
 * `,` `;` tab or `|`: given, or found on the first line (the one that splits
 * it into the most fields outside quotes; a tie goes to the comma, then to
 * the first in that list). Fields may be double-quoted ("" is a quote
 * inside). Lines end in LF, CRLF or CR alone (old Mac files): the first
 * block read decides, CR-only when a CR not followed by an LF comes before
 * the first LF. A line holds at most CSV_MAX_LINE bytes before its line
 * end; a longer line, or one with a NUL byte, is one bad record (the reader
 * goes on after its line end). Blank lines are skipped. */
#ifndef CSV_READER_H
#define CSV_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"

enum { CSV_MAX_FIELDS = 64, CSV_MAX_LINE = (1 << 16) - 1, CSV_BLOCK = INPUT_BLOCK };

/* What csv_next found. */
enum { CSV_END = 0, CSV_RECORD = 1, CSV_BAD_RECORD = -1, CSV_READ_ERROR = -2 };

/* The delimiters csv_open takes besides 0 (find it on the first line). */
#define CSV_DELIMITERS ",;\t|"

typedef struct csv_reader {
    input source;
    FILE *opened;                    /* the file csv_open_path opened, closed by csv_close */
    char delimiter;                  /* 0 until the first line is split */
    char line_end;                   /* '\n' (LF, CRLF) or '\r'; 0 before the first block */
    long line;                       /* line number of the current record, from 1 */
    uint64_t bytes;                  /* read so far, line ends and a BOM included */
    char *text;                      /* the current line: in block, or in buffer */
    char buffer[CSV_MAX_LINE + 2];   /* a line across blocks, a CR before its LF, and a NUL */
    char *fields[CSV_MAX_FIELDS];
    size_t lengths[CSV_MAX_FIELDS];  /* each field's, unquoted */
    int count;                       /* fields in the current record */
    char block[CSV_BLOCK];           /* read ahead from the source */
    size_t block_at, block_end;      /* the unread part of block */
} csv_reader;

/* Starts reading `in` (left open) from its first line, with one of
 * CSV_DELIMITERS, or 0 to find the delimiter on the first line. */
void csv_open(csv_reader *r, FILE *in, char delimiter);

/* Opens the log at path (NULL or "-": standard input) and starts reading
 * it as csv_open does; 0 after a message when it cannot be opened. */
int csv_open_path(csv_reader *r, const char *path, char delimiter);

/* Frees what csv_open set up (the decompression state of a gzip input),
 * and closes the file csv_open_path opened. */
void csv_close(csv_reader *r);

/* Reads the next record: CSV_RECORD, CSV_END, CSV_BAD_RECORD (the reason in
 * *error; the next call reads the next line) or CSV_READ_ERROR (the reason
 * in *error; the input cannot be read further). */
int csv_next(csv_reader *r, const char **error);

/* csv_next in two steps, for a caller that parses common lines itself:
 * the next non-blank line, not split (CSV_RECORD: r->text, *length bytes
 * and a NUL; the delimiter known; other results as csv_next's), then, if
 * the caller wants its fields, csv_split (as csv_next's result). */
int csv_next_line(csv_reader *r, size_t *length, const char **error);
int csv_split(csv_reader *r, size_t length, const char **error);

/* Whether a header field names `name`: ASCII case and the spaces around
 * either are ignored ("Customer_ID " names customer_id). */
int csv_names(const char *field, const char *name);

/* Index of the first header field naming `name` (csv_names), or -1. */
int csv_find(const csv_reader *r, const char *name);

#endif
