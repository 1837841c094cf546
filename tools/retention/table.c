#include "table.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_UNKNOWN } cell_kind;

typedef struct cell {
    char *text;                    /* as printed; NULL when unknown */
    cell_kind kind;
} cell;

struct table {
    FILE *out;
    table_format format;
    const char *const *columns;
    size_t column_count;
    size_t column;                 /* of the next cell */
    size_t rows;                   /* rows begun */
    cell *cells;                   /* text format only: all cells, row by row */
    size_t cell_count, cell_room;
};

int table_format_parse(const char *name, table_format *format)
{
    static const char *const names[] = {"csv", "json", "text"};
    for (int k = 0; k < 3; k++)
        if (strcmp(name, names[k]) == 0) {
            *format = (table_format)k;
            return 1;
        }
    return 0;
}

/* Quoted only when it has to be, so that plain values print as they are. */
static void csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

void html_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: putc(*s, out);
        }
    }
}

/* A column name that may break after its underscores (customers_<wbr>opening)
 * rather than anywhere, so that a narrow page wraps it between words. */
static void html_heading(FILE *out, const char *name)
{
    for (const char *s = name; *s; s++) {
        char one[2] = {*s, '\0'};
        html_text(out, one);
        if (*s == '_' && s[1] != '\0')
            fputs("<wbr>", out);
    }
}

/* Bytes of 0x80 and above pass through: the input is taken to be UTF-8. */
static void json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            putc(c, out);
    }
    putc('"', out);
}

table *table_begin(FILE *out, table_format format, const char *const *columns,
                   size_t column_count)
{
    table *t = cli_calloc(1, sizeof *t);
    t->out = out;
    t->format = format;
    t->columns = columns;
    t->column_count = column_count;
    if (format == TABLE_CSV) {
        for (size_t k = 0; k < column_count; k++) {
            if (k)
                putc(',', out);
            csv_field(out, columns[k]);
        }
        putc('\n', out);
    } else if (format == TABLE_HTML) {
        fputs("<table>\n<tr>", out);
        for (size_t k = 0; k < column_count; k++) {
            fputs("<th>", out);
            html_heading(out, columns[k]);
            fputs("</th>", out);
        }
        fputs("</tr>\n", out);
    }
    return t;
}

static void keep(table *t, const char *text, cell_kind kind)
{
    if (t->cell_count == t->cell_room) {
        t->cell_room = t->cell_room ? 2 * t->cell_room : 256;
        t->cells = cli_realloc(t->cells, t->cell_room, sizeof *t->cells);
    }
    t->cells[t->cell_count++] = (cell){kind == CELL_UNKNOWN ? NULL : cli_strdup(text), kind};
}

static void json_cell(table *t, const char *text, cell_kind kind)
{
    if (t->column == 0)
        fputs(t->rows == 1 ? "[\n{" : ",\n{", t->out);  /* this row is already counted */
    else
        putc(',', t->out);
    json_string(t->out, t->columns[t->column]);
    putc(':', t->out);
    if (kind == CELL_TEXT)
        json_string(t->out, text);
    else
        fputs(kind == CELL_NUMBER ? text : "null", t->out);
    if (t->column + 1 == t->column_count)
        putc('}', t->out);
}

static void csv_cell(table *t, const char *text, cell_kind kind)
{
    if (t->column > 0)
        putc(',', t->out);
    if (kind != CELL_UNKNOWN)
        csv_field(t->out, text);
    if (t->column + 1 == t->column_count)
        putc('\n', t->out);
}

static void html_cell(table *t, const char *text, cell_kind kind)
{
    if (t->column == 0)
        fputs("<tr>", t->out);
    fputs(kind == CELL_NUMBER ? "<td class=\"n\">" : "<td>", t->out);
    if (kind != CELL_UNKNOWN)
        html_text(t->out, text);
    fputs("</td>", t->out);
    if (t->column + 1 == t->column_count)
        fputs("</tr>\n", t->out);
}

static void add(table *t, const char *text, cell_kind kind)
{
    if (t->column == 0)
        t->rows++;
    if (t->format == TABLE_CSV)
        csv_cell(t, text, kind);
    else if (t->format == TABLE_JSON)
        json_cell(t, text, kind);
    else if (t->format == TABLE_HTML)
        html_cell(t, text, kind);
    else
        keep(t, text, kind);
    t->column = (t->column + 1) % t->column_count;
}

void table_text(table *t, const char *text)
{
    add(t, text, CELL_TEXT);
}

void table_uint(table *t, uint64_t value)
{
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, value);
    add(t, text, CELL_NUMBER);
}

/* The shortest of 15, 16 and 17 significant digits that reads back as the
 * same double (17 always does): a program reading the CSV or JSON gets the
 * very number computed. %g may write an exponent ("1e-05", "2.5e+20"),
 * which CSV readers and JSON both accept. */
static void round_trip_text(char *text, size_t size, double value)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, size, "%.*g", digits, value);
        if (strtod(text, NULL) == value)
            return;
    }
}

/* For reading: the given decimals, or from 1e15 on (sums of money near
 * the 1e300 an amount may be), a mantissa with those decimals and an
 * exponent rather than hundreds of digits. */
static void rounded_text(char *text, size_t size, double value, int decimals)
{
    snprintf(text, size, fabs(value) < 1e15 ? "%.*f" : "%.*e", decimals, value);
}

void table_real(table *t, double value, int decimals)
{
    char text[64];
    if (!isfinite(value)) {  /* JSON has no inf or nan */
        add(t, NULL, CELL_UNKNOWN);
        return;
    }
    if (t->format == TABLE_CSV || t->format == TABLE_JSON)
        round_trip_text(text, sizeof text, value);
    else
        rounded_text(text, sizeof text, value, decimals);
    add(t, text, CELL_NUMBER);
}

void table_unknown(table *t)
{
    add(t, NULL, CELL_UNKNOWN);
}

/* Characters, not bytes, so that UTF-8 names line up. */
static size_t display_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void padded(FILE *out, const char *s, size_t width, int right, int last)
{
    size_t pad = width - display_width(s);
    if (right)
        fprintf(out, "%*s", (int)pad, "");
    fputs(s, out);
    if (!right && !last)
        fprintf(out, "%*s", (int)pad, "");
}

/* A column is right-aligned when it holds numbers and no text. */
static void measure(const table *t, size_t *width, int *right)
{
    for (size_t k = 0; k < t->column_count; k++) {
        width[k] = display_width(t->columns[k]);
        int numbers = 0, text = 0;
        for (size_t i = k; i < t->cell_count; i += t->column_count) {
            const cell *c = &t->cells[i];
            size_t w = c->kind == CELL_UNKNOWN ? 1 : display_width(c->text);
            width[k] = w > width[k] ? w : width[k];
            numbers |= c->kind == CELL_NUMBER;
            text |= c->kind == CELL_TEXT;
        }
        right[k] = numbers && !text;
    }
}

static void print_text(const table *t)
{
    size_t *width = cli_calloc(t->column_count, sizeof *width);
    int *right = cli_calloc(t->column_count, sizeof *right);
    measure(t, width, right);
    size_t n = t->column_count;
    for (size_t k = 0; k < n; k++) {
        fputs(k ? "  " : "", t->out);
        padded(t->out, t->columns[k], width[k], right[k], k + 1 == n);
    }
    putc('\n', t->out);
    for (size_t i = 0; i < t->cell_count; i++) {
        size_t k = i % n;
        const cell *c = &t->cells[i];
        fputs(k ? "  " : "", t->out);
        padded(t->out, c->kind == CELL_UNKNOWN ? "-" : c->text, width[k], right[k], k + 1 == n);
        if (k + 1 == n)
            putc('\n', t->out);
    }
    free(width);
    free(right);
}

void table_end(table *t)
{
    if (t->format == TABLE_JSON)
        fputs(t->rows ? "\n]\n" : "[]\n", t->out);
    else if (t->format == TABLE_TEXT)
        print_text(t);
    else if (t->format == TABLE_HTML)
        fputs("</table>\n", t->out);
    for (size_t i = 0; i < t->cell_count; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t);
}
