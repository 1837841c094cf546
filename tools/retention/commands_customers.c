/* The subcommands judging customers on an as-of day: frequency, at-risk. */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"

/* A flag per segment number (0 .. count): mostly forgettable or not. All
 * of them, and O(1) to look up for each segment's rows. */
static unsigned char *forgettable_flags(const rt_frequency *f, uint32_t count)
{
    size_t n = 0;
    rt_frequency_forgettable_segments(f, NULL, 0, &n);
    uint32_t *list = cli_calloc(n, sizeof *list);
    rt_frequency_forgettable_segments(f, list, n, &n);
    unsigned char *flags = cli_calloc((size_t)count + 1, 1);
    for (size_t i = 0; i < n; i++)
        if (list[i] <= count)
            flags[list[i]] = 1;
    free(list);
    return flags;
}

/* Segment 0 (no segment) has an empty name. */
static void segment_rows(const loaded *l, rt_frequency *f, uint32_t segment, int flagged,
                         table *t)
{
    const char *name = segment ? l->segments.names[segment - 1] : "";
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
    rt_frequency_options o = c->frequency;  /* the thresholds asked for */
    int status = as_of_day(c, l, &o.as_of_day);
    if (status)
        return status;
    rt_frequency *f;
    rt_status st = rt_cohort_frequency(l->cohort, &o, &f);
    if (st != RT_OK)
        return fail(st);
    unsigned char *flagged = forgettable_flags(f, l->segments.count);
    table *t = BEGIN_TABLE(c, columns);
    for (uint32_t seg = 0; seg <= l->segments.count; seg++)
        segment_rows(l, f, seg, flagged[seg], t);
    table_end(t);
    free(flagged);
    rt_frequency_free(f);
    return 0;
}

static void at_risk_row(table *t, const char *id, double value, uint32_t why)
{
    table_text(t, id);
    table_real(t, value, 2);
    table_uint(t, !!(why & RT_RISK_SILENT));
    table_uint(t, !!(why & RT_RISK_USAGE_FELL));
    table_uint(t, !!(why & RT_RISK_LATE_PAYMENT));
    table_uint(t, !!(why & RT_RISK_FORGETTABLE));
}

/* The column naming what the value is. */
static const char *value_column(value_kind kind)
{
    return kind == VALUE_SPEND ? "value_spend" : kind == VALUE_CLV ? "value_clv" : "value_days";
}

/* The values to rank by (--value): spend, lifetime value, or none (the
 * library then ranks by active days); 0 or an exit status. */
static int ranking_values(const cli *c, const loaded *l, value_kind kind, int32_t as_of,
                          customer_values *v)
{
    *v = (customer_values){0};
    if (kind == VALUE_SPEND) {
        customer_spend(&l->purchases, as_of, v);
        return 0;
    }
    if (kind != VALUE_CLV)
        return 0;
    clv_customers r;
    rt_status st = clv_predict(c, l, as_of, &r);
    if (st == RT_OK) {  /* take over the ids and values */
        v->n = r.n;
        v->ids = r.ids;
        v->values = r.value;
        r.ids = NULL;
        r.value = NULL;
    } else if (r.why != NULL) {
        fprintf(stderr, "retention: --value clv: %s\n", r.why);
    }
    clv_free(&r);
    return st == RT_OK ? 0 : r.why != NULL ? 1 : fail(st);
}

int cmd_at_risk(const cli *c, loaded *l)
{
    rt_risk_options o = c->risk;  /* the thresholds asked for */
    int status = as_of_day(c, l, &o.as_of_day);
    value_kind kind = c->value;
    if (kind == VALUE_AUTO)
        kind = rt_cohort_purchase_count(l->cohort) > 0 ? VALUE_SPEND : VALUE_DAYS;
    customer_values ranking;
    if (status || (status = ranking_values(c, l, kind, o.as_of_day, &ranking)) != 0)
        return status;
    o.value_ids = ranking.ids;
    o.values = ranking.values;
    o.value_count = ranking.n;
    const char *const columns[] = {"customer_id", value_column(kind), "silent", "usage_fell",
                                   "late_payment", "forgettable"};
    uint64_t customers = rt_cohort_customer_count(l->cohort), at_risk;
    size_t room = c->top == TOP_UNSET ? AT_RISK_DEFAULT_TOP : c->top, n;
    room = room < customers ? room : (size_t)customers;  /* no more rows than customers */
    uint64_t *ids = cli_calloc(room, sizeof *ids);
    uint32_t *why = cli_calloc(room, sizeof *why);
    double *value = cli_calloc(room, sizeof *value);
    rt_status st = rt_cohort_at_risk(l->cohort, &o, ids, why, value, room, &n, &at_risk);
    if (st == RT_OK) {
        table *t = BEGIN_TABLE(c, columns);
        for (size_t i = 0; i < n; i++) {
            char number[ID_NUMBER_TEXT];
            at_risk_row(t, id_table_text(&l->ids, ids[i], number), value[i], why[i]);
        }
        table_end(t);
        note(c, "%llu customers at risk", (unsigned long long)at_risk);
    }
    free(ids);
    free(why);
    free(value);
    customer_values_free(&ranking);
    return st == RT_OK ? 0 : fail(st);
}
