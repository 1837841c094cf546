#define RT_EXPERIMENTAL  /* RT_MRR_MAX_CENTS */
#include "subscription_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csv_reader.h"
#include "timestamp.h"

enum { SUB_ID, SUB_START, SUB_END, SUB_MRR, SUB_COLUMNS };

/* A field without the spaces around it, copied into out. */
static const char *trimmed(const csv_reader *r, int column, char out[CSV_MAX_LINE + 1])
{
    const char *s = r->fields[column];
    s += strspn(s, " \t");
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* MRR in currency units, at most two decimals, as whole cents: exact, as
 * the library's movements add up in cents. */
static const char *read_mrr(const char *text, int64_t *cents)
{
    static const char why[] = "mrr is not an amount from 0 to 10000000000 with at most "
                              "two decimals";
    size_t whole = strspn(text, "0123456789");
    const char *fraction = text + whole;
    size_t decimals = *fraction == '.' ? strspn(fraction + 1, "0123456789") : 0;
    if (whole == 0 || whole > 11 || decimals > 2 ||
        fraction[*fraction == '.' ? 1 + decimals : 0] != '\0' ||
        (*fraction == '.' && decimals == 0))
        return why;
    int64_t c = 0;
    for (size_t i = 0; i < whole; i++)
        c = c * 10 + (text[i] - '0');
    for (size_t i = 0; i < 2; i++)
        c = c * 10 + (i < decimals ? fraction[1 + i] - '0' : 0);
    if (c > RT_MRR_MAX_CENTS)
        return why;
    *cents = c;
    return NULL;
}

/* A start or end time; auto takes the form of the first start. */
static const char *read_time(const load_options *o, time_format *chosen, const char *text,
                             int64_t *t)
{
    if (*text == '\0')
        return "no time";
    if (chosen->kind == TIME_AUTO) {
        int undecidable;
        if (o->time_format.kind != TIME_AUTO)
            *chosen = o->time_format;
        else if (time_format_guess(text, chosen, &undecidable) != NULL)
            return "not a time auto can read (see --time-format)";
    }
    const char *why = parse_time(chosen, text, o->utc_offset, t);
    return why == TIME_WRONG_FORM ? "not a time of the form of the first start" : why;
}

static void append(subscription_log *log, int64_t start, int64_t end, int64_t cents)
{
    if (log->count == log->room) {
        log->room = log->room ? 2 * log->room : 1024;
        log->customers = cli_realloc(log->customers, log->room, sizeof *log->customers);
        log->starts = cli_realloc(log->starts, log->room, sizeof *log->starts);
        log->ends = cli_realloc(log->ends, log->room, sizeof *log->ends);
        log->mrr_cents = cli_realloc(log->mrr_cents, log->room, sizeof *log->mrr_cents);
    }
    log->starts[log->count] = start;
    log->ends[log->count] = end;
    log->mrr_cents[log->count++] = cents;
}

/* One row into the log (its id into the batch); NULL or why it is bad. */
static const char *read_row(const load_options *o, const csv_reader *r, const int cols[],
                            time_format *chosen, subscription_log *log, id_batch *ids)
{
    static char field[CSV_MAX_LINE + 1];
    for (int k = 0; k < SUB_COLUMNS; k++)
        if (r->count <= cols[k])
            return "missing fields";
    int64_t start, end = RT_SUBSCRIPTION_OPEN, cents;
    const char *why = read_time(o, chosen, trimmed(r, cols[SUB_START], field), &start);
    if (why == NULL && *trimmed(r, cols[SUB_END], field) != '\0')
        why = read_time(o, chosen, field, &end);
    if (why == NULL && end < start)
        why = "end before start";
    if (why == NULL)
        why = read_mrr(trimmed(r, cols[SUB_MRR], field), &cents);
    if (why == NULL && *trimmed(r, cols[SUB_ID], field) == '\0')
        why = "no customer id";
    if (why != NULL)
        return why;
    id_batch_add(ids, field, strlen(field));
    append(log, start, end, cents);
    return NULL;
}

static int read_header(const load_options *o, csv_reader *r, int cols[])
{
    const char *why = NULL;
    const char *names[SUB_COLUMNS] = {o->id_column, "start", "end", "mrr"};
    if (csv_next(r, &why) != CSV_RECORD) {
        fprintf(stderr, "retention: line %ld: %s\n", r->line, why ? why : "no header row");
        return 0;
    }
    for (int k = 0; k < SUB_COLUMNS; k++) {
        cols[k] = csv_find(r, names[k]);
        if (cols[k] < 0) {
            fprintf(stderr, "retention: no column '%s' in the header (a subscription log has "
                            "the columns %s,start,end,mrr)\n", names[k], o->id_column);
            return 0;
        }
    }
    return 1;
}

static int read_rows(const load_options *o, csv_reader *r, const int cols[],
                     subscription_log *log)
{
    time_format chosen = {TIME_AUTO, NULL};
    id_batch ids;
    memset(&ids, 0, sizeof ids);
    const char *why = NULL;
    int status;
    while ((status = csv_next(r, &why)) != CSV_END) {
        if (status == CSV_RECORD)
            why = read_row(o, r, cols, &chosen, log, &ids);
        if (why != NULL) {
            fprintf(stderr, "retention: line %ld: %s\n", r->line, why);
            id_batch_free(&ids);
            return 0;
        }
    }
    /* numbered at once: an id's number is its place in order of first sight */
    log->customers = cli_realloc(log->customers, log->count + 1, sizeof *log->customers);
    id_table_number(&log->ids, &ids, log->customers);
    id_batch_free(&ids);
    return 1;
}

int subscription_log_read(const load_options *o, subscription_log *log)
{
    static csv_reader r;  /* static: it is large */
    memset(log, 0, sizeof *log);
    if (!csv_open_path(&r, o->path, o->delimiter))
        return 1;
    int cols[SUB_COLUMNS];
    int ok = read_header(o, &r, cols) && read_rows(o, &r, cols, log);
    csv_close(&r);
    if (!ok)
        subscription_log_free(log);
    return ok ? 0 : 1;
}

void subscription_log_free(subscription_log *log)
{
    free(log->customers);
    free(log->starts);
    free(log->ends);
    free(log->mrr_cents);
    id_table_free(&log->ids);
    memset(log, 0, sizeof *log);
}
