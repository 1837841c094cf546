#include "load.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bad_rows.h"
#include "csv_reader.h"
#include "fast_row.h"
#include "header.h"
#include "ingest.h"
#include "progress.h"
#include "timestamp.h"

enum { BATCH = 65536 };

/* Rows with an amount are purchases (which are activity too), the others
 * activity events; every row may name the customer's segment. */
typedef struct batch {
    size_t count;                  /* rows */
    id_batch pending;              /* their ids, to be numbered (id_table) */
    uint64_t ids[BATCH];
    uint32_t segments[BATCH];
    size_t events;
    uint64_t event_ids[BATCH];
    int64_t event_times[BATCH];
    size_t purchases;
    uint64_t purchase_ids[BATCH];
    int64_t purchase_times[BATCH];
    double purchase_amounts[BATCH];
    size_t starts;
    uint64_t start_ids[BATCH];
    int64_t start_times[BATCH];
    size_t refunds;                /* negative amounts: activity, kept apart for spend */
    uint64_t refund_ids[BATCH];
    int64_t refund_times[BATCH];
    double refund_amounts[BATCH];
} batch;

/* parse_row's answer for a row of another event than the ones asked for:
 * left out, not bad. */
static const char OTHER_EVENT[] = "another event";

static uint32_t segment_of(loaded *l, const char *name)
{
    return *name == '\0' ? 0 : name_table_intern(&l->segments, name);
}

/* The rows' ids as the cohort's customer numbers: parse_row left each
 * row's place in the batch where its number goes. */
static void number_ids(loaded *l, batch *b)
{
    id_table_number(&l->ids, &b->pending, b->ids);
    for (size_t i = 0; i < b->events; i++)
        b->event_ids[i] = b->ids[b->event_ids[i]];
    for (size_t i = 0; i < b->purchases; i++)
        b->purchase_ids[i] = b->ids[b->purchase_ids[i]];
    for (size_t i = 0; i < b->starts; i++)
        b->start_ids[i] = b->ids[b->start_ids[i]];
    for (size_t i = 0; i < b->refunds; i++)
        b->refund_ids[i] = b->ids[b->refund_ids[i]];
}

/* A purchase kept for the command, on its local day (floored, also before 1970). */
static void keep_purchase(purchase_list *p, uint64_t id, int64_t time, int32_t utc_offset,
                          double amount)
{
    if (p->count == p->room) {
        p->room = p->room ? 2 * p->room : 1024;
        p->ids = cli_realloc(p->ids, p->room, sizeof *p->ids);
        p->days = cli_realloc(p->days, p->room, sizeof *p->days);
        p->amounts = cli_realloc(p->amounts, p->room, sizeof *p->amounts);
    }
    int64_t local = time + utc_offset;
    p->ids[p->count] = id;
    p->days[p->count] = (int32_t)(local / 86400 - (local % 86400 < 0));
    p->amounts[p->count++] = amount;
}

/* first_segment_wins: a customer keeps the segment of their first row that
 * names one; a row naming another is counted, the first such kept. */
static rt_status keep_first_segment(loaded *l, uint64_t id, uint32_t segment)
{
    uint32_t had = 0;
    rt_status st = rt_cohort_segment(l->cohort, id, &had);
    if (st == RT_OK && had == 0) {
        st = rt_cohort_set_segment(l->cohort, id, segment);
        l->segmented += st == RT_OK;
        return st;
    }
    if (st != RT_OK)
        return st;
    if (had != segment && l->segment_conflicts++ == 0)
        l->first_conflict = (segment_conflict){id, had, segment};
    return RT_OK;
}

/* What the adding thread needs besides the batch. */
typedef struct adding {
    const load_options *options;
    loaded *out;
    int with_segments;
} adding;

/* The batch into the cohort (on the adding thread, ingest.h): only this
 * touches the cohort, the id table and the purchases kept while rows are
 * read. */
static int flush(void *context, void *rows)
{
    const adding *to = context;
    const load_options *o = to->options;
    loaded *l = to->out;
    batch *b = rows;
    int with_segments = to->with_segments;
    number_ids(l, b);
    for (size_t i = 0; o->keep_purchases && i < b->purchases; i++)
        keep_purchase(&l->purchases, b->purchase_ids[i], b->purchase_times[i], o->utc_offset,
                      b->purchase_amounts[i]);
    for (size_t i = 0; o->keep_purchases && i < b->refunds; i++)  /* spend is net of them */
        keep_purchase(&l->purchases, b->refund_ids[i], b->refund_times[i], o->utc_offset,
                      b->refund_amounts[i]);
    rt_status st = rt_cohort_add_events(l->cohort, b->event_ids, b->event_times, b->events,
                                        NULL);
    if (st == RT_OK)
        st = rt_cohort_add_purchases(l->cohort, b->purchase_ids, b->purchase_times,
                                     b->purchase_amounts, b->purchases, NULL);
    if (st == RT_OK && b->starts > 0)  /* before the segments: a customer may start only */
        st = rt_cohort_add_starts(l->cohort, b->start_ids, b->start_times, b->starts, NULL);
    if (st == RT_OK && with_segments)
        for (size_t i = 0; i < b->count && st == RT_OK; i++)
            if (b->segments[i] != 0)
                st = o->first_segment_wins ? keep_first_segment(l, b->ids[i], b->segments[i])
                                           : rt_cohort_set_segment(l->cohort, b->ids[i],
                                                                   b->segments[i]);
    if (st != RT_OK)
        fprintf(stderr, "retention: %s (%s)\n", rt_strerror(st), rt_last_error_message());
    b->count = b->events = b->purchases = b->starts = b->refunds = 0;
    return st == RT_OK;
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
    size_t n = r->lengths[column];
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
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

/* An amount: a purchase, or a refund when negative; none (an empty
 * field): an activity event. */
static const char *read_amount(value v, int *given, double *amount)
{
    *given = v.length > 0;
    if (!*given)
        return NULL;
    char *end;
    const char *text = as_string(v);
    *amount = strtod(text, &end);
    /* 1e300 leaves room for sums of amounts far from overflow; the cast
     * rounds the bound to a double where i386 compares in long double. */
    if (*end != '\0' || !(fabs(*amount) <= (double)1e300))
        return "amount is not a number from -1e300 to 1e300";
    return NULL;
}

/* Which of the events asked for the row is: *start, *returned (either or
 * both); OTHER_EVENT when neither. Without an event column every row is
 * activity. */
static const char *row_event(const load_options *o, const csv_reader *r, const int cols[],
                             int *start, int *returned)
{
    *start = 0;
    *returned = 1;
    if (cols[COL_EVENT] < 0)
        return NULL;
    const char *event = as_string(field_value(r, cols[COL_EVENT]));
    *start = o->start_event != NULL && strcmp(event, o->start_event) == 0;
    *returned = o->return_event == NULL || strcmp(event, o->return_event) == 0;
    return *start || *returned ? NULL : OTHER_EVENT;
}

/* The row, good, into the batch: its id waits to be numbered (id_table)
 * with the batch, so that the numbers are those of the cohort's customers. */
static void add_row(const csv_reader *r, const int cols[], loaded *l, batch *b, value id,
                    int64_t time, const double *amount, int start, int returned)
{
    id_batch_add(&b->pending, id.text, id.length);
    uint64_t row = b->count;  /* number_ids puts the customer's number here */
    if (start) {
        b->start_ids[b->starts] = row;
        b->start_times[b->starts++] = time;
    }
    if (returned && amount != NULL && *amount < 0.0) {  /* a refund: activity, not a purchase */
        b->refund_ids[b->refunds] = row;
        b->refund_times[b->refunds] = time;
        b->refund_amounts[b->refunds++] = *amount;
        l->refunds++;
        l->refunded += *amount;
    }
    if (returned && amount != NULL && *amount >= 0.0) {
        b->purchase_ids[b->purchases] = row;
        b->purchase_times[b->purchases] = time;
        b->purchase_amounts[b->purchases++] = *amount;
    } else if (returned) {
        b->event_ids[b->events] = row;
        b->event_times[b->events++] = time;
    }
    int segment = cols[COL_SEGMENT];
    b->segments[b->count++] = segment >= 0 ? segment_of(l, as_string(field_value(r, segment)))
                                           : 0;
}

/* Parses one record into the batch; returns a reason, OTHER_EVENT, or
 * NULL. Any text is a customer id. */
static const char *parse_row(const load_options *o, const csv_reader *r, const int cols[],
                             loaded *l, batch *b)
{
    int widest = cols[0];
    for (int k = 1; k < COLUMNS; k++)
        widest = cols[k] > widest ? cols[k] : widest;
    if (r->count <= widest)
        return "missing fields";
    int start, returned;
    const char *why = row_event(o, r, cols, &start, &returned);
    if (why)
        return why;
    value id = field_value(r, cols[COL_ID]);
    if (id.length == 0)
        return "no customer id";
    int64_t time;
    why = read_time(o, l, field_value(r, cols[COL_TIME]), r->line, &time);
    int purchase = 0;
    double amount = 0.0;
    if (why == NULL && cols[COL_AMOUNT] >= 0)
        why = read_amount(field_value(r, cols[COL_AMOUNT]), &purchase, &amount);
    if (why == NULL)
        add_row(r, cols, l, b, id, time, purchase ? &amount : NULL, start, returned);
    return why;
}

/* Whether the bad rows are more than the options allow, of `rows` in all.
 * P% allows the whole rows of P% of them: 0.3% of 1000 is 3, though 0.3
 * has no exact double (the 1e-9 absorbs that). */
static int too_many_bad(const load_options *o, long bad, long rows)
{
    bad_row_limit limit = o->max_bad_rows;
    if (!limit.given)
        limit = (bad_row_limit){1, 1, 1.0};
    double allowed = limit.value;
    if (limit.percent)
        allowed = floor(limit.value * (double)rows / 100.0 + 1e-9);
    return (double)bad > allowed;
}

/* After a read past bad rows: their breakdown, and whether there were
 * more than allowed (then the read fails). */
static int report_bad_rows(const load_options *o, const bad_rows *bad, long rows)
{
    int ok = !too_many_bad(o, bad->count, rows);
    if (ok && bad->count == 0)
        return 1;
    if (ok) {
        fprintf(stderr, "retention: skipped %ld bad rows of %ld: ", bad->count, rows);
    } else {
        fprintf(stderr, "retention: too many bad rows: %ld of %ld, more than %g%s: ",
                bad->count, rows, o->max_bad_rows.given ? o->max_bad_rows.value : 1.0,
                !o->max_bad_rows.given || o->max_bad_rows.percent ? "%" : "");
    }
    bad_rows_print(bad, stderr);
    fputc('\n', stderr);
    return ok;
}

/* What the loader reads: the gzip input's compressed bytes, which are
 * what the progress line's file size counts. */
static uint64_t bytes_read(const csv_reader *r)
{
    return r->source.gzip ? input_file_bytes(&r->source) : r->bytes;
}

/* The reason a record with more fields than the header is bad. */
static const char *extra_fields(const csv_reader *r, int header_fields)
{
    static char why[64];
    if (r->count <= header_fields)
        return NULL;
    snprintf(why, sizeof why, "%d fields, the header has %d", r->count, header_fields);
    return why;
}

/* The common row (fast_row.h) straight into the batch, as add_row would
 * add it; 0 when the row must go the general way. */
static int add_common_row(const fast_row_shape *shape, const csv_reader *r, size_t length,
                          batch *b)
{
    uint64_t id;
    int64_t time;
    if (!fast_row_parse(shape, r->text, length, &id, &time))
        return 0;
    id_batch_add_number(&b->pending, id);
    b->event_ids[b->events] = b->count;
    b->event_times[b->events++] = time;
    b->segments[b->count++] = 0;
    return 1;
}

/* Whether rows may take the common way: events only (no amount, segment
 * or event column) once the time column is known to hold Unix seconds. */
static int common_rows_possible(const int cols[])
{
    return cols[COL_AMOUNT] < 0 && cols[COL_SEGMENT] < 0 && cols[COL_EVENT] < 0;
}

static void empty(batch *b)
{
    b->count = b->events = b->purchases = b->starts = b->refunds = 0;
}

/* The rows after the header, into the cohort batch by batch: this thread
 * parses into one batch while the adding thread adds the other (only this
 * one touches the reader, the bad rows, the time format and the segment
 * names). */
static int read_rows(const load_options *o, csv_reader *r, const int cols[],
                     int header_fields, loaded *out, batch batches[2])
{
    static bad_rows bad;
    memset(&bad, 0, sizeof bad);
    progress shown;
    progress_start(&shown, r->source.file, o->progress);
    adding to = {o, out, cols[COL_SEGMENT] >= 0};
    ingest in;
    ingest_start(&in, flush, &to);
    batch *b = &batches[0];
    empty(b);
    int ok = 1, status, common = common_rows_possible(cols);
    fast_row_shape shape = {r->delimiter, header_fields, cols[COL_ID], cols[COL_TIME]};
    const char *why = NULL;
    size_t length;
    while (ok && (status = csv_next_line(r, &length, &why)) != CSV_END) {
        if (status == CSV_RECORD && common && out->time.kind == TIME_UNIX &&
            add_common_row(&shape, r, length, b)) {
            why = NULL;
        } else {
            if (status == CSV_RECORD)
                status = csv_split(r, length, &why);
            if (status == CSV_RECORD && (why = extra_fields(r, header_fields)) == NULL)
                why = parse_row(o, r, cols, out, b);
        }
        if (why == OTHER_EVENT) {
            out->other_events++;
        } else if (why && (!o->skip_bad_rows || status == CSV_READ_ERROR || out->undecidable)) {
            progress_finish(&shown, bytes_read(r), (uint64_t)out->rows, 0);
            fprintf(stderr, "retention: line %ld: %s\n", r->line, why);
            ok = 0;
        } else if (why) {
            bad_rows_add(&bad, why, r->line);
        } else {
            out->rows++;
        }
        why = NULL;
        if (ok && b->count == BATCH) {
            ok = ingest_give(&in, b);
            b = b == &batches[0] ? &batches[1] : &batches[0];  /* added: free again */
            empty(b);
        }
        progress_update(&shown, bytes_read(r), (uint64_t)out->rows + (uint64_t)bad.count);
    }
    out->bad_rows = bad.count;
    progress_finish(&shown, bytes_read(r), (uint64_t)(out->rows + out->bad_rows), ok);
    if (ok)
        ok = report_bad_rows(o, &bad, out->rows + out->bad_rows);
    if (ok && b->count > 0)
        ok = ingest_give(&in, b);
    return ingest_finish(&in) && ok;
}

/* After the rows: what was set aside, said on stderr (rows of other
 * events, refunds); and with --start-event, where cohorts begin, a log
 * with no such row has no cohorts to show, which is an error, not empty
 * tables. Returns 0 or 1. */
static int finish_reading(const load_options *o, loaded *l)
{
    if (l->other_events > 0)
        fprintf(stderr, "retention: left out %ld rows of other events than the %s\n",
                l->other_events, o->start_event && o->return_event ? "start and return ones"
                                 : o->start_event ? "start one" : "return one");
    if (l->refunds > 0)
        fprintf(stderr, "retention: %ld refunds (negative amounts, %.2f in all): activity, not "
                "purchases; at-risk's spend is net of them\n", l->refunds, l->refunded);
    l->by_start = o->start_event != NULL;
    if (l->by_start && rt_cohort_start_count(l->cohort) == 0) {
        fprintf(stderr, "retention: no row has the event '%s' in the column '%s'\n",
                o->start_event, o->event_column);
        return 1;
    }
    return 0;
}

int load_log(const load_options *o, loaded *out)
{
    static csv_reader r;  /* static: all three are large */
    static batch batches[2];
    memset(out, 0, sizeof *out);
    if (!csv_open_path(&r, o->path, o->delimiter))
        return 1;
    /* The cohort's days are the log's local days, as the timestamps are read. */
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.utc_offset_seconds = o->utc_offset;
    if (o->inactivity_days != 0)  /* 0: the library's default */
        co.inactivity_days = o->inactivity_days;
    int cols[COLUMNS] = {-1, -1, -1, -1, -1}, header_fields = 0;
    rt_status made = rt_cohort_new(&co, &out->cohort);
    if (made != RT_OK)
        fprintf(stderr, "retention: %s (%s)\n", rt_strerror(made), rt_last_error_message());
    int status = made == RT_OK ? 0 : 1;
    if (status == 0)
        status = read_header(o, &r, cols, &header_fields);
    if (status == 0 && !read_rows(o, &r, cols, header_fields, out, batches))
        status = 1;
    id_batch_free(&batches[0].pending);
    id_batch_free(&batches[1].pending);
    if (status == 0)
        status = finish_reading(o, out);
    csv_close(&r);
    if (status != 0)
        loaded_free(out);
    return status;
}

int load_events(const load_options *o, loaded *out)
{
    return load_log(o, out) == 0;
}

void loaded_free(loaded *l)
{
    rt_cohort_free(l->cohort);
    name_table_free(&l->segments);
    free(l->purchases.ids);
    free(l->purchases.days);
    free(l->purchases.amounts);
    id_table_free(&l->ids);
    memset(l, 0, sizeof *l);
}
