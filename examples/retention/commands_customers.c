/* The subcommands judging customers on an as-of day: frequency, at-risk. */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"

enum { MAX_FORGETTABLE = 256 };


static int is_flagged(uint32_t segment, const uint32_t *flagged, size_t count)
{
    for (size_t i = 0; i < count && i < MAX_FORGETTABLE; i++)
        if (flagged[i] == segment)
            return 1;
    return 0;
}

/* Segment 0 (no segment) has an empty name. */
static void segment_rows(const loaded *l, rt_frequency *f, uint32_t segment, int flagged,
                         table *t)
{
    const char *name = segment ? l->segment_names[segment - 1] : "";
    for (int b = RT_FREQUENCY_NEW; b <= RT_FREQUENCY_DORMANT; b++) {
        uint64_t count;
        if (rt_frequency_segment_count(f, segment, (rt_frequency_bucket)b, &count) != RT_OK)
            break;  /* nobody in that segment */
        table_text(t, name);
        table_text(t, frequency_bucket_names[b]);
        table_uint(t, count);
        table_text(t, flagged ? "yes" : "no");
    }
}

int cmd_frequency(const cli *c, loaded *l)
{
    static const char *const columns[] = {"segment", "bucket", "customers",
                                          "mostly_forgettable"};
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.as_of_day);
    if (status)
        return status;
    rt_frequency *f;
    rt_status st = rt_cohort_frequency(l->cohort, &o, &f);
    if (st != RT_OK)
        return fail(st);
    uint32_t forgettable[MAX_FORGETTABLE];
    size_t n_forgettable = 0;
    rt_frequency_forgettable_segments(f, forgettable, MAX_FORGETTABLE, &n_forgettable);
    table *t = BEGIN_TABLE(c, columns);
    for (uint32_t seg = 0; seg <= l->segment_count; seg++)
        segment_rows(l, f, seg, is_flagged(seg, forgettable, n_forgettable), t);
    table_end(t);
    rt_frequency_free(f);
    return 0;
}

static void at_risk_row(table *t, uint64_t id, double value, uint32_t why)
{
    table_uint(t, id);
    table_real(t, value, 2);
    table_uint(t, !!(why & RT_RISK_SILENT));
    table_uint(t, !!(why & RT_RISK_USAGE_FELL));
    table_uint(t, !!(why & RT_RISK_LATE_PAYMENT));
    table_uint(t, !!(why & RT_RISK_FORGETTABLE));
}

int cmd_at_risk(const cli *c, loaded *l)
{
    static const char *const columns[] = {"customer_id", "value", "silent", "usage_fell",
                                          "late_payment", "forgettable"};
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.as_of_day);
    if (status)
        return status;
    size_t room = c->top == TOP_UNSET ? AT_RISK_DEFAULT_TOP : c->top, n;
    uint64_t *ids = cli_calloc(room, sizeof *ids), at_risk;
    uint32_t *why = cli_calloc(room, sizeof *why);
    double *value = cli_calloc(room, sizeof *value);
    rt_status st = rt_cohort_at_risk(l->cohort, &o, ids, why, value, room, &n, &at_risk);
    if (st == RT_OK) {
        table *t = BEGIN_TABLE(c, columns);
        for (size_t i = 0; i < n; i++)
            at_risk_row(t, ids[i], value[i], why[i]);
        table_end(t);
        note(c, "%llu customers at risk", (unsigned long long)at_risk);
    }
    free(ids);
    free(why);
    free(value);
    return st == RT_OK ? 0 : fail(st);
}
