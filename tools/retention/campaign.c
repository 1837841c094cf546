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

/* The models of `retention clv` on the purchases up to the as-of day, fitted
 * once: they give every buyer's P(alive), and the values to rank by with
 * --value clv. Without purchases there is nothing to fit: RT_EUNDEFINED
 * with a reason. */
static rt_status fit_models(const cli *c, const loaded *l, int32_t as_of, clv_customers *r)
{
    if (rt_cohort_purchase_count(l->cohort) == 0) {
        *r = (clv_customers){.why = "nobody bought before the as-of day: no model to fit"};
        return RT_EUNDEFINED;
    }
    return clv_predict(c, l, as_of, r);
}

/* The values to rank by (--value): spend, the models' lifetime values
 * (borrowed from r: not to be freed), or none (the library then ranks by
 * active days); 0 or an exit status. */
static int ranking_values(const loaded *l, value_kind kind, int32_t as_of,
                          const clv_customers *r, rt_status fitted, customer_values *v)
{
    *v = (customer_values){0};
    if (kind == VALUE_SPEND) {
        customer_spend(&l->purchases, as_of, v);
    } else if (kind == VALUE_CLV && fitted == RT_OK) {
        v->n = r->n;
        v->ids = r->ids;
        v->values = r->value;
    } else if (kind == VALUE_CLV && r->why != NULL) {
        fprintf(stderr, "retention: --value clv: %s\n", r->why);
        return 1;
    } else if (kind == VALUE_CLV) {
        return fail(fitted);
    }
    return 0;
}

typedef struct id_alive {
    uint64_t id;
    double alive;
} id_alive;

static int compare_ids(const void *a, const void *b)
{
    uint64_t x = ((const id_alive *)a)->id, y = ((const id_alive *)b)->id;
    return (x > y) - (x < y);
}

/* Each customer's P(alive) from the fitted models; NaN when there are none
 * (no purchases, or a fit that failed: the list is still worth having, so
 * the column is left empty rather than the command failed) or for who
 * did not buy before the as-of day. Found by id in the buyers sorted by
 * id (library ids are plain numbers or 2^63 + k, not dense). */
static void fill_p_alive(const clv_customers *r, rt_status fitted, campaign *plan)
{
    size_t buyers = fitted == RT_OK ? r->n : 0;
    id_alive *sorted = cli_calloc(buyers ? buyers : 1, sizeof *sorted);
    for (size_t k = 0; k < buyers; k++)
        sorted[k] = (id_alive){r->ids[k], r->alive[k]};
    qsort(sorted, buyers, sizeof *sorted, compare_ids);
    plan->p_alive = cli_calloc(plan->n ? plan->n : 1, sizeof *plan->p_alive);
    for (size_t i = 0; i < plan->n; i++) {
        id_alive key = {plan->ids[i], 0.0};
        const id_alive *found = buyers ? bsearch(&key, sorted, buyers, sizeof *sorted,
                                                 compare_ids) : NULL;
        plan->p_alive[i] = found ? found->alive : (double)NAN;
    }
    free(sorted);
}

/* Every customer at risk on the as-of day, ranked by the values, in
 * rt_cohort_at_risk's order; 0 or an exit status. */
static int find_at_risk(const cli *c, const loaded *l, int32_t as_of,
                        const customer_values *ranking, campaign *plan)
{
    rt_risk_options o = c->risk;  /* the thresholds asked for */
    o.as_of_day = as_of;
    o.value_ids = ranking->ids;
    o.values = ranking->values;
    o.value_count = ranking->n;
    uint64_t at_risk;
    size_t room = (size_t)rt_cohort_customer_count(l->cohort);
    plan->ids = cli_calloc(room ? room : 1, sizeof *plan->ids);
    plan->why = cli_calloc(room ? room : 1, sizeof *plan->why);
    plan->value = cli_calloc(room ? room : 1, sizeof *plan->value);
    rt_status st = rt_cohort_at_risk(l->cohort, &o, plan->ids, plan->why, plan->value, room,
                                     &plan->n, &at_risk);
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
    int status = as_of_day(c, l, &as_of);
    if (status)
        return status;
    clv_customers models;
    rt_status fitted = fit_models(c, l, as_of, &models);
    customer_values ranking;
    status = ranking_values(l, plan->kind, as_of, &models, fitted, &ranking);
    if (status == 0)
        status = find_at_risk(c, l, as_of, &ranking, plan);
    if (status == 0)
        fill_p_alive(&models, fitted, plan);
    if (plan->kind == VALUE_SPEND)  /* the clv values are the models' own */
        customer_values_free(&ranking);
    clv_free(&models);
    return status ? status : plan_offers(plan);
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
