/* The subcommands judging customers on an as-of day: frequency, at-risk. */
#define RT_EXPERIMENTAL  /* before any include: see campaign.h */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "campaign.h"
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

/* One customer at risk: the value and reasons as before, then what the
 * campaign makes of them (money values only: empty for active days). */
static void at_risk_row(table *t, const loaded *l, const campaign *plan, size_t rank,
                        int with_worth)
{
    size_t i = plan->order[rank];
    uint32_t why = plan->why[i];
    char number[ID_NUMBER_TEXT];
    table_text(t, id_table_text(&l->ids, plan->ids[i], number));
    table_real(t, plan->value[i], 2);
    table_uint(t, !!(why & RT_RISK_SILENT));
    table_uint(t, !!(why & RT_RISK_USAGE_FELL));
    table_uint(t, !!(why & RT_RISK_LATE_PAYMENT));
    table_uint(t, !!(why & RT_RISK_FORGETTABLE));
    table_real(t, plan->p_alive[i], 4);  /* NaN: unknown */
    table_real(t, plan->money ? plan->break_even[rank] : (double)NAN, 2);
    if (with_worth)
        table_real(t, plan->money ? plan->worth[rank] : (double)NAN, 2);
}

/* The customers at risk, whom to call first, with the break-even incentive
 * and (--incentive) the expected profit of the offer; the count and the
 * campaign's totals as notes. */
int cmd_at_risk(const cli *c, loaded *l)
{
    campaign plan;
    int status = campaign_build(c, l, &plan);
    if (status) {
        campaign_free(&plan);
        return status;
    }
    int with_worth = !isnan(c->incentive);
    const char *const columns[] = {"customer_id", campaign_value_column(plan.kind), "silent",
                                   "usage_fell", "late_payment", "forgettable", "p_alive",
                                   "break_even_incentive", "expected_profit"};
    size_t shown = c->top == TOP_UNSET ? AT_RISK_DEFAULT_TOP : c->top;
    shown = shown < plan.n ? shown : plan.n;
    table *t = table_begin(c->out, c->format, columns,
                           sizeof columns / sizeof columns[0] - (with_worth ? 0 : 1));
    for (size_t rank = 0; rank < shown; rank++)
        at_risk_row(t, l, &plan, rank, with_worth);
    table_end(t);
    note(c, "%zu customers at risk", plan.n);
    if (plan.money)
        campaign_totals_note(c, &plan);
    campaign_free(&plan);
    return 0;
}
