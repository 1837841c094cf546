#include "load.h"

#include <ctype.h>
#include <errno.h>
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

static int flush(loaded *l, batch *b, int with_segments)
{
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

/* Parses one record into the batch; returns a reason or NULL. */
static const char *parse_row(const load_options *o, const csv_reader *r, const int cols[4],
                             loaded *l, batch *b)
{
    int widest = cols[0] > cols[1] ? cols[0] : cols[1];
    for (int k = 2; k < 4; k++)
        widest = cols[k] > widest ? cols[k] : widest;
    if (r->count <= widest)
        return "missing fields";
    char *end;
    const char *id = r->fields[cols[0]];
    errno = 0;  /* strtoull saturates, and negates " -1": neither is an id */
    unsigned long long value = strtoull(id, &end, 10);
    if (!isdigit((unsigned char)*id) || *end != '\0' || errno == ERANGE)
        return "customer id is not a whole number below 2^64";
    int64_t time;
    const char *why = parse_timestamp(r->fields[cols[1]], o->utc_offset, &time);
    if (why)
        return why;
    if (cols[2] >= 0 && *r->fields[cols[2]] != '\0') {  /* a purchase */
        double amount = strtod(r->fields[cols[2]], &end);
        /* 1e300 leaves room for sums of amounts far from overflow; the cast
         * rounds the bound to a double where i386 compares in long double. */
        if (*end != '\0' || !(amount >= 0.0) || amount > (double)1e300)
            return "amount is not a number from 0 to 1e300";
        b->purchase_ids[b->purchases] = value;
        b->purchase_times[b->purchases] = time;
        b->purchase_amounts[b->purchases++] = amount;
        if (o->keep_purchases)
            keep_purchase(&l->purchases, value, time, o->utc_offset, amount);
    } else {
        b->event_ids[b->events] = value;
        b->event_times[b->events++] = time;
    }
    b->ids[b->count] = value;
    b->segments[b->count++] = cols[3] >= 0 ? segment_of(l, r->fields[cols[3]]) : 0;
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
        if (why && (!o->skip_bad_rows || status == CSV_READ_ERROR)) {
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
    co.inactivity_days = o->inactivity_days;
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
    free(l->purchases.ids);
    free(l->purchases.days);
    free(l->purchases.amounts);
    memset(l, 0, sizeof *l);
}
