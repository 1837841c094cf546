/* retention compare: did a retention tactic work? The customers grouped by
 * the value of --group-column (a segment, an experiment arm), their
 * retention side by side at each offset against the control group, and a
 * log-rank test of their lifetimes. The statistics are the library's
 * experimental tier (retention/compare.h). */
#include "compare.h"  /* first: the experimental tier */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "commands.h"

int compare_prepare(cli *c)
{
    if (c->group_column == NULL) {
        fprintf(stderr, "retention: compare needs --group-column NAME (the column that "
                        "names each customer's group)\n");
        return 0;
    }
    c->load.segment_column = c->group_column;
    c->load.named_columns |= NAMED_SEGMENT;  /* a missing column is a usage error */
    c->load.first_segment_wins = 1;
    return 1;
}

const char *group_name(const loaded *l, uint32_t segment)
{
    return l->segments.names[segment - 1];
}

/* A customer in two groups cannot be compared: one arm or the other. */
static int check_conflicts(const loaded *l, const cli *c)
{
    if (l->segment_conflicts == 0)
        return 1;
    const segment_conflict *first = &l->first_conflict;
    char number[ID_NUMBER_TEXT];
    fprintf(stderr, "retention: customer %s is in two groups of '%s': '%s' and '%s' (%ld "
            "row%s name%s another group than the customer's first)\n",
            id_table_text(&l->ids, first->customer, number), c->group_column,
            group_name(l, first->first), group_name(l, first->other), l->segment_conflicts,
            l->segment_conflicts == 1 ? "" : "s", l->segment_conflicts == 1 ? "s" : "");
    return 0;
}

/* The control's segment: --control, else the first group of the log; 0
 * after a message if --control names no group. */
static uint32_t control_segment(const cli *c, const loaded *l)
{
    if (c->control == NULL)
        return 1;
    for (uint32_t k = 0; k < l->segments.count; k++)
        if (strcmp(l->segments.names[k], c->control) == 0)
            return k + 1;
    fprintf(stderr, "retention: --control %s: no customer has that value in '%s'\n",
            c->control, c->group_column);
    return 0;
}

/* Customers whose rows name no group: left out, and said so. */
void note_ungrouped(const cli *c, const loaded *l)
{
    uint64_t ungrouped = rt_cohort_customer_count(l->cohort) - l->segmented;
    if (ungrouped > 0)
        note(c, "%llu customer%s with no value in '%s' left out", (unsigned long long)ungrouped,
             ungrouped == 1 ? "" : "s", c->group_column);
}

void groups_free(groups *g)
{
    for (uint32_t i = 0; g->metrics != NULL && i < g->count; i++)
        rt_metrics_free(g->metrics[i]);
    free(g->metrics);
    free(g->segment);
}

/* Each group's metrics, computed with the same options but the segment so
 * that their offsets mean the same; 0, or 1 after the library's message. */
static int groups_compute(const cli *c, const loaded *l, uint32_t control, groups *g)
{
    g->count = l->segments.count;
    g->segment = cli_realloc(NULL, g->count, sizeof *g->segment);
    g->metrics = cli_realloc(NULL, g->count, sizeof *g->metrics);
    memset(g->metrics, 0, g->count * sizeof *g->metrics);
    g->segment[0] = control;
    for (uint32_t k = 1, i = 1; k <= g->count; k++)
        if (k != control)
            g->segment[i++] = k;
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.period = c->period;
    o.tables = c->kind == RT_RETENTION_EXACT ? RT_TABLE_EXACT : RT_TABLE_ON_OR_AFTER;
    o.use_starts = (uint32_t)l->by_start;
    o.use_segment = 1;
    for (uint32_t i = 0; i < g->count; i++) {
        o.segment = g->segment[i];
        rt_status st = rt_cohort_metrics(l->cohort, &o, &g->metrics[i]);
        if (st != RT_OK)
            return fail(st);
    }
    return 0;
}

/* A group's retention at an offset, pooled over its observed cohorts as the
 * averaged curve is; 0 if none of its cohorts is observed there. */
typedef struct rate {
    uint64_t retained, customers;
    double value;
} rate;

static int pooled_rate(const cli *c, const rt_metrics *m, uint32_t offset, rate *r)
{
    r->customers = 0;
    if (rt_metrics_retention_curve(m, c->kind, offset, &r->value, &r->customers) != RT_OK ||
        r->customers == 0)
        return 0;
    /* value is retained / customers in double: the product rounds back */
    r->retained = (uint64_t)llround(r->value * (double)r->customers);
    return 1;
}

/* --lift: customers per arm to detect the control's rate + L, whole ones. */
static void sample_size_cell(const cli *c, const rate *control, table *t)
{
    double n;
    if (control->customers > 0 && control->value + c->lift <= 1.0 &&
        rt_proportion_sample_size(control->value, control->value + c->lift, c->alpha,
                                  c->power, &n) == RT_OK)
        table_real(t, ceil(n), 0);
    else
        table_unknown(t);
}

/* The smallest lift over the control the two groups' sizes detect; with
 * unequal sizes, as two arms of their harmonic mean (the same variance of
 * the difference when the rates are equal). */
static void detectable_cell(const cli *c, const rate *control, const rate *r, table *t)
{
    double a = (double)control->customers, b = (double)r->customers, rate_b;
    if (r->customers > 0 && control->customers > 0 && control->value < 1.0 &&
        rt_proportion_detectable_rate(control->value, 2.0 * a * b / (a + b), c->alpha, c->power,
                                      &rate_b) == RT_OK)
        table_real(t, rate_b - control->value, 4);
    else
        table_unknown(t);
}

/* Group i's difference from the control (i = 0 has none) and its
 * two-proportion test; r is NULL when the group is not observed. */
static void difference_cells(const cli *c, const groups *g, uint32_t i, uint32_t offset,
                             const rate *r, const rate *control, table *t)
{
    rt_proportion_test_result test;
    rt_proportion_test_result_init(&test, sizeof test);
    int tested = i > 0 && rt_metrics_retention_test(g->metrics[0], g->metrics[i], c->kind,
                                                    offset, 1.0 - c->alpha, &test) == RT_OK;
    /* no variation (everyone or no one retained in both): a difference of 0, no test */
    if (i > 0 && r != NULL && control->customers > 0)
        table_real(t, tested ? test.difference : r->value - control->value, 4);
    else
        table_unknown(t);
    if (tested)
        table_real(t, test.p_value, 4);
    else
        table_unknown(t);
}

/* One group's row at an offset; the control's (i = 0) has no difference. */
static void group_row(const cli *c, const loaded *l, const groups *g, uint32_t i,
                      uint32_t offset, const rate *control, table *t)
{
    rate r;
    int observed = pooled_rate(c, g->metrics[i], offset, &r);
    double lower, upper;
    table_uint(t, offset);
    table_text(t, group_name(l, g->segment[i]));
    table_uint(t, r.customers);
    if (observed && rt_proportion_wilson(r.retained, r.customers, 1.0 - c->alpha, &lower,
                                         &upper) == RT_OK) {
        table_uint(t, r.retained);
        table_real(t, r.value, 4);
        table_real(t, lower, 4);
        table_real(t, upper, 4);
    } else {
        for (int k = 0; k < 4; k++)
            table_unknown(t);
    }
    difference_cells(c, g, i, offset, observed ? &r : NULL, control, t);
    if (c->lift > 0.0) {
        sample_size_cell(c, control, t);
        if (i > 0 && observed)
            detectable_cell(c, control, &r, t);
        else
            table_unknown(t);
    }
}

/* Rows per offset observed in some group, for every group. */
void comparison_table(const cli *c, const loaded *l, const groups *g)
{
    static const char *const columns[] = {"offset", "group", "customers", "retained",
                                          "rate", "lower", "upper", "difference", "p_value",
                                          "needed_per_arm", "detectable_difference"};
    size_t shown = c->lift > 0.0 ? 11 : 9;
    table *t = table_begin(c->out, c->format, columns, shown);
    uint32_t offsets = UINT32_MAX;
    for (uint32_t i = 0; i < g->count; i++) {
        uint32_t n = rt_metrics_offset_count(g->metrics[i]);
        offsets = n < offsets ? n : offsets;
    }
    for (uint32_t offset = 0; offset < offsets; offset++) {
        int any = 0;
        rate control, r;
        for (uint32_t i = 0; i < g->count; i++)
            any |= pooled_rate(c, g->metrics[i], offset, &r);
        if (!any)
            continue;  /* every cohort censored: nothing to compare */
        pooled_rate(c, g->metrics[0], offset, &control);
        for (uint32_t i = 0; i < g->count; i++)
            group_row(c, l, g, i, offset, &control, t);
    }
    table_end(t);
}

rt_status groups_logrank(const groups *g, rt_logrank_result *r, double *observed,
                         double *expected)
{
    return rt_metrics_logrank_test(g->metrics, g->count, NULL, r, observed, expected);
}

/* The log-rank test of the groups' Kaplan-Meier lifetimes, as a note. */
static int logrank_note(const cli *c, const loaded *l, const groups *g)
{
    rt_logrank_result r;
    rt_logrank_result_init(&r, sizeof r);
    double *observed = cli_realloc(NULL, g->count, sizeof *observed);
    double *expected = cli_realloc(NULL, g->count, sizeof *expected);
    rt_status st = groups_logrank(g, &r, observed, expected);
    if (st == RT_OK) {
        char ends[512] = "";
        size_t used = 0;
        for (uint32_t i = 0; i < g->count && used < sizeof ends; i++)
            used += (size_t)snprintf(ends + used, sizeof ends - used, "%s%s %.10g/%.10g",
                                     i ? ", " : "", group_name(l, g->segment[i]), observed[i],
                                     expected[i]);
        note(c, "log-rank test of the lifetimes of %u groups: chi-square %.10g, %u degree%s "
             "of freedom, p-value %.10g (ended/expected: %s)", r.groups_used, r.chi_square,
             r.degrees_of_freedom, r.degrees_of_freedom == 1 ? "" : "s", r.p_value, ends);
    } else if (st == RT_EUNDEFINED) {  /* no lifetime ended yet: nothing to test */
        note(c, "log-rank test: undefined (%s)", rt_last_error_message());
    }
    free(observed);
    free(expected);
    return st == RT_OK || st == RT_EUNDEFINED ? 0 : fail(st);
}

int groups_build(const cli *c, const loaded *l, groups *g)
{
    *g = (groups){0, NULL, NULL};
    if (!check_conflicts(l, c))
        return 1;
    if (l->segments.count < 2) {
        fprintf(stderr, "retention: compare needs two groups or more; '%s' has %u\n",
                c->group_column, l->segments.count);
        return 1;
    }
    uint32_t control = control_segment(c, l);
    if (control == 0)
        return 2;
    return groups_compute(c, l, control, g);
}

int cmd_compare(const cli *c, loaded *l)
{
    groups g;
    int status = groups_build(c, l, &g);
    if (status == 0) {
        note_ungrouped(c, l);
        comparison_table(c, l, &g);
        status = logrank_note(c, l, &g);
    }
    groups_free(&g);
    return status;
}
