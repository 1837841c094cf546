/* The tables the subcommands print, in one of three formats. A command
 * declares its columns, then emits each row cell by cell, left to right; a
 * row ends with its last column.
 *
 *   csv   the header row, then one line per row; unknown cells are empty.
 *   json  one array of objects, one object per row and one per line;
 *         numbers are numbers, unknown cells null.
 *   text  aligned columns under a header, two spaces apart: numbers right-
 *         aligned, text left-aligned, unknown cells shown as "-". The rows
 *         are held until the end to measure the widths.
 *   html  an HTML <table> (for the report): a header row of <th>, numbers
 *         in <td class="n">, text escaped, unknown cells empty.
 *
 * Real numbers are for programs in csv and json: the shortest decimal that
 * reads back as the same double; for people in text and html: rounded to
 * the decimals the caller gives. */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum table_format { TABLE_CSV, TABLE_JSON, TABLE_TEXT, TABLE_HTML } table_format;

typedef struct table table;

/* Parses "csv", "json" or "text" (html is the report's own); 0 if it is
 * none of them. */
int table_format_parse(const char *name, table_format *format);

/* Starts a table on out with the given column names (kept, not copied). */
table *table_begin(FILE *out, table_format format, const char *const *columns,
                   size_t column_count);
void table_text(table *t, const char *text);
void table_uint(table *t, uint64_t value);
/* A real number: exact in csv and json, with the given decimals in text
 * and html; not finite (an undefined rate): unknown. */
void table_real(table *t, double value, int decimals);
/* A cell with no value: censored, or a rate with nothing to divide by. */
void table_unknown(table *t);
/* Finishes the table (text: prints it) and frees it. */
void table_end(table *t);

/* s with &, <, > and " escaped for HTML. */
void html_text(FILE *out, const char *s);

#endif
