/* `retention clv`: per customer P(alive), expected purchases over the
 * horizon (BG/NBD), expected spend per purchase (Gamma-Gamma) and the
 * lifetime value at the margin, discounted weekly at --discount per week.
 * Times in weeks; the calibration ends on --as-of. With --top N, the N
 * most valuable customers, most valuable first. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"

/* Each customer's frequency, recency, age and mean repeat spend. */
typedef struct customers {
    size_t n;
    uint64_t *ids, *x;
    double *t_x, *T, *spend;
} customers;

static rt_status read_customers(const loaded *l, const rt_rfm_options *o, customers *cs)
{
    size_t n;
    rt_status st = rt_cohort_rfm_customers(l->cohort, o, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                           &n);
    if (st != RT_OK)
        return st;
    if (n == 0)
        return RT_EUNDEFINED;
    cs->ids = cli_calloc(n, sizeof *cs->ids);
    cs->x = cli_calloc(n, sizeof *cs->x);
    cs->t_x = cli_calloc(n, sizeof *cs->t_x);
    cs->T = cli_calloc(n, sizeof *cs->T);
    cs->spend = cli_calloc(n, sizeof *cs->spend);
    return rt_cohort_rfm_customers(l->cohort, o, cs->ids, cs->x, cs->t_x, cs->T, cs->spend, NULL,
                                   n, &cs->n);
}

static void customers_free(customers *cs)
{
    free(cs->ids);
    free(cs->x);
    free(cs->t_x);
    free(cs->T);
    free(cs->spend);
}

static rt_status fit(const loaded *l, const rt_rfm_options *o, const customers *cs,
                     rt_fit_report *bg, rt_fit_report *gg)
{
    rt_rfm *rfm = NULL;
    rt_status st = rt_rfm_new(NULL, &rfm);
    if (st == RT_OK)
        st = rt_cohort_rfm(l->cohort, o, rfm);
    if (st == RT_OK)
        st = rt_bgnbd_fit(rfm, NULL, bg);
    if (st == RT_OK)
        st = rt_gamma_gamma_fit(cs->x, cs->spend, cs->n, NULL, gg);
    rt_rfm_free(rfm);
    return st;
}

/* What the models predict for one customer. */
typedef struct prediction {
    double alive, purchases, per_purchase, value;
} prediction;

static rt_status predict(const cli *c, const customers *cs, size_t i, const rt_fit_report *bg,
                         const rt_fit_report *gg, prediction *p)
{
    uint32_t steps = c->horizon < 1.0 ? 1u : (uint32_t)ceil(c->horizon);
    rt_status st = rt_bgnbd_p_alive(bg->params, cs->x[i], cs->t_x[i], cs->T[i], &p->alive);
    if (st == RT_OK)
        st = rt_bgnbd_conditional_expected_purchases(bg->params, cs->x[i], cs->t_x[i], cs->T[i],
                                                     c->horizon, &p->purchases);
    if (st == RT_OK)
        st = rt_gamma_gamma_expected_spend(gg->params, cs->x[i], cs->spend[i],
                                           &p->per_purchase);
    if (st == RT_OK)
        st = rt_clv_bgnbd_gg(bg->params, gg->params, cs->x[i], cs->t_x[i], cs->T[i],
                             cs->spend[i], c->margin, c->discount, c->horizon, steps, &p->value);
    return st;
}

static void customer_row(table *t, const customers *cs, size_t i, const prediction *p)
{
    table_uint(t, cs->ids[i]);
    table_uint(t, cs->x[i]);
    table_real(t, cs->t_x[i], 4);
    table_real(t, cs->T[i], 4);
    table_real(t, p->alive, 4);
    table_real(t, p->purchases, 4);
    table_real(t, p->per_purchase, 2);
    table_real(t, p->value, 2);
}

/* Every customer, unranked, or with --top the most valuable first
 * (rt_clv_rank); the value of the whole base on stderr. */
static rt_status print_customers(const cli *c, const customers *cs, const rt_fit_report *bg,
                                 const rt_fit_report *gg)
{
    static const char *const columns[] = {"customer_id", "x", "t_x", "T", "p_alive",
                                          "expected_purchases", "expected_spend", "clv"};
    prediction *p = cli_calloc(cs->n, sizeof *p);
    double *values = cli_calloc(cs->n, sizeof *values), total = 0.0;
    size_t *order = cli_calloc(cs->n, sizeof *order), shown = cs->n;
    rt_status st = RT_OK;
    for (size_t i = 0; i < cs->n && st == RT_OK; i++) {
        st = predict(c, cs, i, bg, gg, &p[i]);
        values[i] = p[i].value;
        order[i] = i;
    }
    if (st == RT_OK && c->top != TOP_UNSET) {
        shown = c->top < cs->n ? c->top : cs->n;
        st = rt_clv_rank(values, cs->n, order, shown, &total);
    } else if (st == RT_OK) {
        st = rt_clv_rank(values, cs->n, NULL, 0, &total);
    }
    if (st == RT_OK) {
        table *t = BEGIN_TABLE(c, columns);
        for (size_t k = 0; k < shown; k++)
            customer_row(t, cs, order[k], &p[order[k]]);
        table_end(t);
        fprintf(stderr, "retention: expected value of all %zu customers: %.2f\n", cs->n, total);
    }
    free(p);
    free(values);
    free(order);
    return st;
}

int cmd_clv(const cli *c, loaded *l)
{
    rt_rfm_options o;
    rt_rfm_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.calibration_end_day);
    if (status)
        return status;
    customers cs = {0};
    rt_fit_report bg, gg;
    rt_fit_report_init(&bg, sizeof bg);
    rt_fit_report_init(&gg, sizeof gg);
    rt_status st = read_customers(l, &o, &cs);
    if (st == RT_OK)
        st = fit(l, &o, &cs, &bg, &gg);
    if (st == RT_OK) {
        fprintf(stderr, "retention: BG/NBD r %.4f alpha %.4f a %.4f b %.4f; Gamma-Gamma p %.4f "
                "q %.4f gamma %.4f\n", bg.params[0], bg.params[1], bg.params[2], bg.params[3],
                gg.params[0], gg.params[1], gg.params[2]);
        st = print_customers(c, &cs, &bg, &gg);
    }
    customers_free(&cs);
    return st == RT_OK ? 0 : fail(st);
}
