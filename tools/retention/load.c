#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csv_reader.h"
#include "progress.h"
#include "timestamp.h"

enum { BATCH = 65536 };

/* Rows with an amount are purchases (which are activity too), the others
 * activity events; every row may name the customer's segment. */
typedef struct batch {
    size_t count;                  /* rows */
    uint64_t ids[BATCH];
    uint32_t segments[BATCH];
    size_t events;
    uint64_t event_ids[BATCH];
    int64_t event_times[BATCH];
    size_t purchases;
    uint64_t purchase_ids[BATCH];
    int64_t purchase_times[BATCH];
    double purchase_amounts[BATCH];
} batch;

static uint32_t segment_of(loaded *l, const char *name)
{
    return *name == '\0' ? 0 : name_table_intern(&l->segments, name);
}

/* The rows' ids as the cohort's customer numbers: parse_row left each
 * row's place in the batch where its number goes. */
static void number_ids(loaded *l, batch *b)
{
    id_table_number(&l->ids, &l->pending_ids, b->ids);
    for (size_t i = 0; i < b->events; i++)
        b->event_ids[i] = b->ids[b->event_ids[i]];
    for (size_t i = 0; i < b->purchases; i++)
        b->purchase_ids[i] = b->ids[b->purchase_ids[i]];
}

static int flush(loaded *l, batch *b, int with_segments)
{
    number_ids(l, b);
    rt_status st = rt_cohort_add_events(l->cohort, b->event_ids, b->event_times, b->events,
                                        NULL);
    if (st == RT_OK)
        st = rt_cohort_add_purchases(l->cohort, b->purchase_ids, b->purchase_times,
                                     b->purchase_amounts, b->purchases, NULL);
    if (st == RT_OK && with_segments)
        for (size_t i = 0; i < b->count && st == RT_OK; i++)
            if (b->segments[i] != 0)
                st = rt_cohort_set_segment(l->cohort, b->ids[i], b->segments[i]);
    if (st != RT_OK)
        fprintf(stderr, "retention: %s (%s)\n", rt_strerror(st), rt_last_error_message());
    b->count = b->events = b->purchases = 0;
    return st == RT_OK;
}

static int column(const csv_reader *r, const char *name, int required)
{
    if (name == NULL)
        return -1;
    int i = csv_find(r, name);
    if (i < 0 && required)
        fprintf(stderr, "retention: line 1: no column named '%s'\n", name);
    return i;
}

/* A field's value without the spaces and tabs around it (files written
 * as "customer_id, timestamp" pad their fields): neither an id, a time, an
 * amount nor a segment has them. Not a C string unless nothing was cut at
 * its end; as_string makes it one. */
typedef struct value {
    const char *text;
    size_t length;
} value;

static value field_value(const csv_reader *r, int column)
{
    const char *s = r->fields[column];
    s += strspn(s, " \t");
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return (value){s, n};
}

/* The value as a C string: itself, or a copy when spaces were cut at its
 * end (the copy lasts until the next call). */
static const char *as_string(value v)
{
    static char copy[CSV_MAX_LINE + 1];
    if (v.text[v.length] == '\0')
        return v.text;
    memcpy(copy, v.text, v.length);
    copy[v.length] = '\0';
    return copy;
}

/* auto: the first time of the column decides its format for the run; an
 * all-digit time of no known length stops the run (9 digits of Unix
 * seconds, or an Excel serial day, read as seconds would give 1970). */
static const char *choose_time_format(loaded *l, const char *text, long line)
{
    int undecidable;
    const char *why = time_format_guess(text, &l->time, &undecidable);
    if (undecidable) {
        l->undecidable = 1;
        snprintf(l->why, sizeof l->why, "cannot tell what '%.40s' is: give --time-format "
                 "unix|unix-ms|unix-us|yyyymmdd|iso|PATTERN", text);
        return l->why;
    }
    if (why == NULL)
        l->time_chosen_on = line;
    return why;
}

/* A time in another format than the column's: which format it should have. */
static const char *not_in_format(loaded *l, const char *text)
{
    if (l->time_chosen_on > 0)
        snprintf(l->why, sizeof l->why, "time '%.40s' is not %s, the format --time-format "
                 "auto chose from line %ld (%s)", text, time_format_description(&l->time),
                 l->time_chosen_on, time_format_name(&l->time));
    else
        snprintf(l->why, sizeof l->why, "time '%.40s' is not %s (--time-format %.40s)", text,
                 time_format_description(&l->time), time_format_name(&l->time));
    return l->why;
}

static const char *read_time(const load_options *o, loaded *l, value v, long line,
                             int64_t *time)
{
    if (v.length == 0)
        return "no time";
    const char *text = as_string(v), *why = NULL;
    if (l->time.kind == TIME_AUTO && o->time_format.kind != TIME_AUTO)
        l->time = o->time_format;
    else if (l->time.kind == TIME_AUTO)
        why = choose_time_format(l, text, line);
    if (why == NULL)
        why = parse_time(&l->time, text, o->utc_offset, time);
    return why == TIME_WRONG_FORM ? not_in_format(l, text) : why;
}

/* An amount: a purchase; none (an empty field): an activity event. */
static const char *read_amount(value v, int *purchase, double *amount)
{
    *purchase = v.length > 0;
    if (!*purchase)
        return NULL;
    char *end;
    const char *text = as_string(v);
    *amount = strtod(text, &end);
    /* 1e300 leaves room for sums of amounts far from overflow; the cast
     * rounds the bound to a double where i386 compares in long double. */
    if (*end != '\0' || !(*amount >= 0.0) || *amount > (double)1e300)
        return "amount is not a number from 0 to 1e300";
    return NULL;
}

/* Parses one record into the batch; returns a reason or NULL. Any text is
 * a customer id; it waits to be numbered (id_table) with the batch, and
 * only once the row is good, so that the numbers are those of the cohort's
 * customers. */
static const char *parse_row(const load_options *o, const csv_reader *r, const int cols[4],
                             loaded *l, batch *b)
{
    int widest = cols[0] > cols[1] ? cols[0] : cols[1];
    for (int k = 2; k < 4; k++)
        widest = cols[k] > widest ? cols[k] : widest;
    if (r->count <= widest)
        return "missing fields";
    value id = field_value(r, cols[0]);
    if (id.length == 0)
        return "no customer id";
    int64_t time;
    const char *why = read_time(o, l, field_value(r, cols[1]), r->line, &time);
    int purchase = 0;
    double amount = 0.0;
    if (why == NULL && cols[2] >= 0)
        why = read_amount(field_value(r, cols[2]), &purchase, &amount);
    if (why)
        return why;
    id_batch_add(&l->pending_ids, id.text, id.length);
    uint64_t row = b->count;  /* number_ids puts the customer's number here */
    if (purchase) {
        b->purchase_ids[b->purchases] = row;
        b->purchase_times[b->purchases] = time;
        b->purchase_amounts[b->purchases++] = amount;
    } else {
        b->event_ids[b->events] = row;
        b->event_times[b->events++] = time;
    }
    b->segments[b->count++] = cols[3] >= 0 ? segment_of(l, as_string(field_value(r, cols[3])))
                                           : 0;
    return NULL;
}

/* The header row: the columns of the id, time, amount and segment. */
static int read_header(const load_options *o, csv_reader *r, int cols[4])
{
    const char *why = NULL;
    if (csv_next(r, &why) != CSV_RECORD) {
        fprintf(stderr, "retention: line 1: %s\n", why ? why : "no header row");
        return 0;
    }
    cols[0] = column(r, o->id_column, 1);
    cols[1] = column(r, o->time_column, 1);
    cols[2] = column(r, o->amount_column, 0);
    cols[3] = column(r, o->segment_column, 0);
    return cols[0] >= 0 && cols[1] >= 0;
}

/* The rows after the header, into the cohort batch by batch. */
static int read_rows(const load_options *o, csv_reader *r, const int cols[4], loaded *out,
                     batch *b)
{
    progress shown;
    progress_start(&shown, r->in, o->progress);
    b->count = b->events = b->purchases = 0;
    int ok = 1, status;
    const char *why = NULL;
    while (ok && (status = csv_next(r, &why)) != 0) {
        if (status == CSV_RECORD)
            why = parse_row(o, r, cols, out, b);
        if (why && (!o->skip_bad_rows || status == CSV_READ_ERROR || out->undecidable)) {
            progress_finish(&shown, r->bytes, (uint64_t)out->rows, 0);
            fprintf(stderr, "retention: line %ld: %s\n", r->line, why);
            ok = 0;
        } else if (why) {
            out->bad_rows++;
        } else {
            out->rows++;
        }
        why = NULL;
        if (ok && b->count == BATCH)
            ok = flush(out, b, cols[3] >= 0);
        progress_update(&shown, r->bytes, (uint64_t)(out->rows + out->bad_rows));
    }
    progress_finish(&shown, r->bytes, (uint64_t)(out->rows + out->bad_rows), ok);
    if (ok && b->count > 0)
        ok = flush(out, b, cols[3] >= 0);
    return ok;
}

int load_events(const load_options *o, loaded *out)
{
    static csv_reader r;  /* static: both are large */
    static batch b;
    memset(out, 0, sizeof *out);
    csv_open(&r, o->path == NULL || strcmp(o->path, "-") == 0 ? stdin : fopen(o->path, "rb"));
    if (r.in == NULL) {
        perror(o->path);
        return 0;
    }
    /* The cohort's days are the log's local days, as the timestamps are read. */
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.utc_offset_seconds = o->utc_offset;
    int cols[4] = {-1, -1, -1, -1};
    int ok = rt_cohort_new(&co, &out->cohort) == RT_OK && read_header(o, &r, cols) &&
             read_rows(o, &r, cols, out, &b);
    if (r.in != stdin)
        fclose(r.in);
    if (!ok)
        loaded_free(out);
    return ok;
}

void loaded_free(loaded *l)
{
    rt_cohort_free(l->cohort);
    name_table_free(&l->segments);
    id_table_free(&l->ids);
    id_batch_free(&l->pending_ids);
    memset(l, 0, sizeof *l);
}
