#include "csv_reader.h"

#include <string.h>

/* Splits the line in place into fields, unquoting them. */
static int split(csv_reader *r, const char **error)
{
    char *read = r->buffer, *write = r->buffer;
    r->count = 0;
    for (;;) {
        if (r->count == CSV_MAX_FIELDS) {
            *error = "too many fields";
            return CSV_BAD_RECORD;
        }
        r->fields[r->count++] = write;
        if (*read == '"') {
            read++;
            for (;;) {
                if (*read == '\0') {
                    *error = "unterminated quoted field";
                    return CSV_BAD_RECORD;
                }
                if (*read == '"' && read[1] == '"') {
                    *write++ = '"';
                    read += 2;
                } else if (*read == '"') {
                    read++;
                    break;
                } else {
                    *write++ = *read++;
                }
            }
            if (*read != ',' && *read != '\0') {
                *error = "text after a closing quote";
                return CSV_BAD_RECORD;
            }
        } else {
            while (*read != ',' && *read != '\0')
                *write++ = *read++;
        }
        int more = *read == ',';
        *write++ = '\0';
        read++;
        if (!more)
            return CSV_RECORD;
    }
}

void csv_open(csv_reader *r, FILE *in)
{
    r->in = in;
    r->line = 0;
    r->bytes = 0;
    r->count = 0;
    r->block_at = r->block_end = 0;
}

/* Unread bytes in the block, reading more when it is empty: 0 at the end
 * of the input or on a read error. */
static size_t unread(csv_reader *r)
{
    if (r->block_at == r->block_end) {
        r->block_at = 0;
        r->block_end = fread(r->block, 1, sizeof r->block, r->in);
    }
    return r->block_end - r->block_at;
}

/* Reads the next line up to its LF (consumed, not stored) into the
 * buffer, keeping what fits; *length is the whole line's. The line is read
 * by blocks and memchr, not fgets, so that a NUL byte is seen as a byte of
 * the line and a long line is consumed to its end. */
static int read_line(csv_reader *r, size_t *length)
{
    size_t n = 0;
    for (int first = 1;; first = 0) {
        size_t available = unread(r);
        if (available == 0) {
            if (ferror(r->in))
                return CSV_READ_ERROR;
            return first ? CSV_END : CSV_RECORD;  /* the last line may have no LF */
        }
        const char *start = r->block + r->block_at;
        const char *lf = memchr(start, '\n', available);
        size_t take = lf ? (size_t)(lf - start) : available;
        size_t room = n < sizeof r->buffer - 1 ? sizeof r->buffer - 1 - n : 0;
        memcpy(r->buffer + n, start, take < room ? take : room);
        n += take;
        *length = n;
        r->block_at += take + (lf != NULL);
        r->bytes += take + (lf != NULL);
        if (lf)
            return CSV_RECORD;
    }
}

/* The line's reason to be a bad record, or NULL; strips its line end. */
static const char *check_line(csv_reader *r, size_t *n)
{
    if (*n > CSV_MAX_LINE + 1)
        return "line longer than 65,535 bytes";
    while (*n > 0 && r->buffer[*n - 1] == '\r')
        (*n)--;
    if (*n > CSV_MAX_LINE)
        return "line longer than 65,535 bytes";
    r->buffer[*n] = '\0';
    if (memchr(r->buffer, '\0', *n) != NULL)
        return "NUL byte in the line";
    return NULL;
}

int csv_next(csv_reader *r, const char **error)
{
    for (;;) {
        size_t n = 0;
        r->line++;
        int status = read_line(r, &n);
        if (status == CSV_READ_ERROR)
            *error = "reading the input failed";
        if (status != CSV_RECORD)
            return status;
        *error = check_line(r, &n);
        if (*error != NULL)
            return CSV_BAD_RECORD;
        if (n > 0)
            return split(r, error);  /* blank lines are skipped */
    }
}

int csv_find(const csv_reader *r, const char *name)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->fields[i], name) == 0)
            return i;
    return -1;
}
