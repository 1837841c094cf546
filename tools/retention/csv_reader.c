#include "csv_reader.h"

#include <string.h>

static const char NUL_IN_LINE[] = "NUL byte in the line";

/* Splits the line of n bytes (a NUL after them) in place into fields at
 * r->delimiter, unquoting them. A NUL before the end is a bad record: the
 * split finds it on its way, with no pass of its own. */
int csv_split(csv_reader *r, size_t n, const char **error)
{
    const char delimiter = r->delimiter;
    char *read = r->text, *write = r->text;
    const char *end = r->text + n;
    r->count = 0;
    for (;;) {
        if (r->count == CSV_MAX_FIELDS) {
            *error = memchr(read, '\0', (size_t)(end - read)) ? NUL_IN_LINE
                                                               : "more than 64 fields";
            return CSV_BAD_RECORD;
        }
        char *field = write;
        r->fields[r->count] = field;
        if (*read == '"') {
            read++;
            for (;;) {
                if (*read == '\0') {
                    *error = read != end ? NUL_IN_LINE : "unterminated quoted field";
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
            if (*read != delimiter && *read != '\0') {
                *error = memchr(read, '\0', (size_t)(end - read)) ? NUL_IN_LINE
                                                                   : "text after a closing quote";
                return CSV_BAD_RECORD;
            }
        } else if (write == read) {  /* no quote before it: the field stays where it is */
            while (*read != delimiter && *read != '\0')
                read++;
            write = read;
        } else {
            while (*read != delimiter && *read != '\0')
                *write++ = *read++;
        }
        if (*read == '\0' && read != end) {
            *error = NUL_IN_LINE;
            return CSV_BAD_RECORD;
        }
        r->lengths[r->count++] = (size_t)(write - field);
        int more = *read == delimiter;
        *write++ = '\0';
        read++;
        if (!more)
            return CSV_RECORD;
    }
}

/* Fields of the line if split at `delimiter`, quotes respected. */
static int count_fields(const char *line, char delimiter)
{
    int fields = 1, quoted = 0;
    for (const char *c = line; *c; c++) {
        if (*c == '"')
            quoted = !quoted;  /* "" inside a quote toggles twice */
        else if (*c == delimiter && !quoted)
            fields++;
    }
    return fields;
}

/* The delimiter of CSV_DELIMITERS that splits the line most; the first in
 * that list (the comma) on a tie. */
static char find_delimiter(const char *line)
{
    const char *candidates = CSV_DELIMITERS;
    char best = candidates[0];
    int most = count_fields(line, best);
    for (const char *c = candidates + 1; *c; c++) {
        int fields = count_fields(line, *c);
        if (fields > most) {
            most = fields;
            best = *c;
        }
    }
    return best;
}

void csv_open(csv_reader *r, FILE *in, char delimiter)
{
    input_open(&r->source, in);
    r->opened = NULL;
    r->delimiter = delimiter;
    r->line_end = 0;
    r->line = 0;
    r->bytes = 0;
    r->count = 0;
    r->block_at = r->block_end = 0;
}

int csv_open_path(csv_reader *r, const char *path, char delimiter)
{
    int from_stdin = path == NULL || strcmp(path, "-") == 0;
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        return 0;
    }
    csv_open(r, file, delimiter);
    r->opened = from_stdin ? NULL : file;
    return 1;
}

void csv_close(csv_reader *r)
{
    input_close(&r->source);
    if (r->opened != NULL)
        fclose(r->opened);
    r->opened = NULL;
}

/* The first block: skips a byte order mark and finds the line end. */
static void start(csv_reader *r)
{
    static const char bom[3] = "\xEF\xBB\xBF";
    const char *block = r->block;
    size_t n = r->block_end;
    if (n >= sizeof bom && memcmp(block, bom, sizeof bom) == 0) {
        r->block_at = sizeof bom;
        r->bytes = sizeof bom;
    }
    const char *lf = memchr(block, '\n', n);
    const char *cr = memchr(block, '\r', lf ? (size_t)(lf - block) : n);
    r->line_end = cr != NULL && cr + 1 < block + n && cr[1] != '\n' ? '\r' : '\n';
}

/* Unread bytes in the block, reading more when it is empty: 0 at the end
 * of the input or on a read error. */
static size_t unread(csv_reader *r)
{
    if (r->block_at == r->block_end) {
        r->block_at = 0;
        r->block_end = input_read(&r->source, r->block, sizeof r->block);
        if (r->line_end == 0)
            start(r);
    }
    return r->block_end - r->block_at;
}

/* Reads the next line up to its line end (consumed, not stored); *length
 * is the whole line's. A line wholly in the block is read where it is, its
 * line end overwritten by a NUL (most lines: no copy); one across blocks is
 * copied into the buffer, keeping what fits. The line is read by blocks and
 * memchr, not fgets, so that a NUL byte is seen as a byte of the line and a
 * long line is consumed to its end. */
static int read_line(csv_reader *r, size_t *length)
{
    size_t n = 0;
    r->text = r->buffer;
    for (int first = 1;; first = 0) {
        size_t available = unread(r);
        if (available == 0) {
            if (r->source.error != NULL)
                return CSV_READ_ERROR;
            return first ? CSV_END : CSV_RECORD;  /* the last line may have no end */
        }
        char *start = r->block + r->block_at;
        char *end = memchr(start, r->line_end, available);
        size_t take = end ? (size_t)(end - start) : available;
        if (first && end != NULL) {
            r->text = start;
            *length = take;
            r->block_at += take + 1;
            r->bytes += take + 1;
            return CSV_RECORD;
        }
        size_t room = n < sizeof r->buffer - 1 ? sizeof r->buffer - 1 - n : 0;
        memcpy(r->buffer + n, start, take < room ? take : room);
        n += take;
        *length = n;
        r->block_at += take + (end != NULL);
        r->bytes += take + (end != NULL);
        if (end)
            return CSV_RECORD;
    }
}

/* The line's reason to be a bad record, or NULL; strips the CRs of a CRLF
 * and ends the line with a NUL (where its line end or a CR was, in the
 * block; in the buffer, which has room for it). */
static const char *check_line(csv_reader *r, size_t *n)
{
    if (*n > CSV_MAX_LINE + 1)
        return "line longer than 65,535 bytes";
    while (*n > 0 && r->text[*n - 1] == '\r')
        (*n)--;
    if (*n > CSV_MAX_LINE)
        return "line longer than 65,535 bytes";
    r->text[*n] = '\0';
    return NULL;  /* a NUL byte in the line: split finds it */
}

int csv_next_line(csv_reader *r, size_t *length, const char **error)
{
    for (;;) {
        size_t n = 0;
        r->line++;
        int status = read_line(r, &n);
        if (status == CSV_READ_ERROR)
            *error = r->source.error;
        if (status != CSV_RECORD)
            return status;
        *error = check_line(r, &n);
        if (*error != NULL)
            return CSV_BAD_RECORD;
        if (n == 0)
            continue;  /* blank lines are skipped */
        if (r->delimiter == 0)
            r->delimiter = find_delimiter(r->text);
        *length = n;
        return CSV_RECORD;
    }
}

int csv_next(csv_reader *r, const char **error)
{
    size_t n;
    int status = csv_next_line(r, &n, error);
    return status == CSV_RECORD ? csv_split(r, n, error) : status;
}

/* The name without the spaces around it: its start, and its length. */
static const char *trimmed(const char *s, size_t *length)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    *length = n;
    return s;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int csv_names(const char *field, const char *name)
{
    size_t nf, nn;
    field = trimmed(field, &nf);
    name = trimmed(name, &nn);
    if (nf != nn)
        return 0;
    for (size_t i = 0; i < nf; i++)
        if (ascii_lower(field[i]) != ascii_lower(name[i]))
            return 0;
    return 1;
}

int csv_find(const csv_reader *r, const char *name)
{
    for (int i = 0; i < r->count; i++)
        if (csv_names(r->fields[i], name))
            return i;
    return -1;
}
