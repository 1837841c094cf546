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
            return -1;
        }
        r->fields[r->count++] = write;
        if (*read == '"') {
            read++;
            for (;;) {
                if (*read == '\0') {
                    *error = "unterminated quoted field";
                    return -1;
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
                return -1;
            }
        } else {
            while (*read != ',' && *read != '\0')
                *write++ = *read++;
        }
        int more = *read == ',';
        *write++ = '\0';
        read++;
        if (!more)
            return 1;
    }
}

int csv_next(csv_reader *r, const char **error)
{
    for (;;) {
        if (fgets(r->buffer, sizeof r->buffer, r->in) == NULL)
            return 0;
        r->line++;
        size_t n = strlen(r->buffer);
        r->bytes += n;
        if (n == sizeof r->buffer - 1 && r->buffer[n - 1] != '\n') {
            *error = "line longer than 64 KiB";
            return -1;
        }
        while (n > 0 && (r->buffer[n - 1] == '\n' || r->buffer[n - 1] == '\r'))
            r->buffer[--n] = '\0';
        if (n == 0)
            continue;  /* blank lines are skipped */
        return split(r, error);
    }
}

int csv_find(const csv_reader *r, const char *name)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->fields[i], name) == 0)
            return i;
    return -1;
}
