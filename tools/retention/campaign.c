/* The customers at risk as a campaign: rt_cohort_at_risk finds and ranks
 * them by value, clv_predict gives P(alive), rt_campaign_plan (with the
 * library's rt_offer_* formulas) the break-even incentive, each one's
 * expected worth and the totals. Nothing of the economics is computed
 * here. */
#define RT_EXPERIMENTAL  /* before any include: see campaign.h */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "campaign.h"
#include "commands.h"

const char *campaign_value_column(value_kind kind)
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

/* P(alive) of each customer at risk who bought before the as-of day, when
 * the purchases fit the models of `retention clv`; NaN otherwise (no
 * purchases, no model, or first bought on the as-of day). A model that
 * does not fit leaves the column empty, not the command failed: the list
 * is still worth having. */
static void fill_p_alive(const cli *c, const loaded *l, int32_t as_of, campaign *plan)
{
    for (size_t i = 0; i < plan->n; i++)
        plan->p_alive[i] = (double)NAN;
    if (plan->n == 0 || rt_cohort_purchase_count(l->cohort) == 0)
        return;
    clv_customers r;
    rt_status st = clv_predict(c, l, as_of, &r);
    size_t ids = (size_t)l->ids.count;  /* the cohort numbers ids 0 .. count - 1 */
    double *by_id = cli_calloc(ids ? ids : 1, sizeof *by_id);
    for (size_t k = 0; k < ids; k++)
        by_id[k] = (double)NAN;
    for (size_t k = 0; st == RT_OK && k < r.n; k++)
        if (r.ids[k] < ids)
            by_id[r.ids[k]] = r.alive[k];
    for (size_t i = 0; i < plan->n; i++)
        if (plan->ids[i] < ids)
            plan->p_alive[i] = by_id[plan->ids[i]];
    free(by_id);
    clv_free(&r);
}

/* Every customer at risk, in rt_cohort_at_risk's order; 0 or an exit status. */
static int find_at_risk(const cli *c, loaded *l, campaign *plan, int32_t *as_of)
{
    rt_risk_options o = c->risk;  /* the thresholds asked for */
    int status = as_of_day(c, l, &o.as_of_day);
    customer_values ranking;
    if (status || (status = ranking_values(c, l, plan->kind, o.as_of_day, &ranking)) != 0)
        return status;
    *as_of = o.as_of_day;
    o.value_ids = ranking.ids;
    o.values = ranking.values;
    o.value_count = ranking.n;
    uint64_t customers = rt_cohort_customer_count(l->cohort), at_risk;
    size_t room = (size_t)customers;
    plan->ids = cli_calloc(room ? room : 1, sizeof *plan->ids);
    plan->why = cli_calloc(room ? room : 1, sizeof *plan->why);
    plan->value = cli_calloc(room ? room : 1, sizeof *plan->value);
    rt_status st = rt_cohort_at_risk(l->cohort, &o, plan->ids, plan->why, plan->value, room,
                                     &plan->n, &at_risk);
    customer_values_free(&ranking);
    return st == RT_OK ? 0 : fail(st);
}

/* Whom to call first: by expected worth when the value is money
 * (rt_campaign_plan), else in the order found; 0 or an exit status. */
static int plan_offers(campaign *plan)
{
    size_t room = plan->n ? plan->n : 1;
    plan->order = cli_calloc(room, sizeof *plan->order);
    plan->break_even = cli_calloc(room, sizeof *plan->break_even);
    plan->worth = cli_calloc(room, sizeof *plan->worth);
    rt_campaign_result_init(&plan->totals, sizeof plan->totals);
    if (!plan->money) {
        for (size_t i = 0; i < plan->n; i++)
            plan->order[i] = i;
        return 0;
    }
    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    o.save_rate = plan->save_rate;
    o.incentive = plan->incentive;
    rt_status st = rt_campaign_plan(plan->value, plan->n, &o, plan->order, plan->break_even,
                                    plan->worth, plan->n, &plan->totals);
    return st == RT_OK ? 0 : fail(st);
}

int campaign_build(const cli *c, loaded *l, campaign *plan)
{
    *plan = (campaign){.kind = c->value, .save_rate = c->save_rate,
                       .incentive = isnan(c->incentive) ? 0.0 : c->incentive};
    if (plan->kind == VALUE_AUTO)
        plan->kind = rt_cohort_purchase_count(l->cohort) > 0 ? VALUE_SPEND : VALUE_DAYS;
    plan->money = plan->kind != VALUE_DAYS;  /* active days are no money to offer from */
    int32_t as_of;
    int status = find_at_risk(c, l, plan, &as_of);
    if (status)
        return status;
    plan->p_alive = cli_calloc(plan->n ? plan->n : 1, sizeof *plan->p_alive);
    fill_p_alive(c, l, as_of, plan);
    return plan_offers(plan);
}

void campaign_free(campaign *plan)
{
    free(plan->ids);
    free(plan->why);
    free(plan->value);
    free(plan->p_alive);
    free(plan->order);
    free(plan->break_even);
    free(plan->worth);
    *plan = (campaign){0};
}

void campaign_totals_note(const cli *c, const campaign *plan)
{
    const rt_campaign_result *t = &plan->totals;
    char unit[32] = "";
    if (c->currency != NULL)
        snprintf(unit, sizeof unit, "; amounts in %s", c->currency);
    note(c, "campaign at save rate %g and incentive %.2f: %llu of %llu customers at risk "
         "worth an offer; expected saved value %.2f, expected cost %.2f, expected profit "
         "%.2f%s", plan->save_rate, plan->incentive, (unsigned long long)t->worth_offering,
         (unsigned long long)t->customers, t->expected_saved_value, t->cost,
         t->expected_profit, unit);
}
