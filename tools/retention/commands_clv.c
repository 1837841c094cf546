/* `retention clv`: per customer P(alive), expected purchases over the
 * horizon (BG/NBD), expected spend per purchase (Gamma-Gamma) and the
 * lifetime value at the margin, discounted weekly at --discount per week.
 * Times in weeks; the calibration ends on --as-of. With --top N, the N
 * most valuable customers, most valuable first. The report shows the same
 * predictions (clv_predict, clv_print). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"

/* Each customer's frequency, recency, age and mean repeat spend. */
static rt_status read_customers(const loaded *l, const rt_rfm_summary_options *o, clv_customers *r)
{
    size_t n;
    rt_status st = rt_cohort_rfm_customers(l->cohort, o, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                           &n);
    if (st != RT_OK)
        return st;
    if (n == 0) {
        r->why = "nobody bought before the as-of day: no model to fit";
        return RT_EUNDEFINED;
    }
    r->ids = cli_calloc(n, sizeof *r->ids);
    r->x = cli_calloc(n, sizeof *r->x);
    r->t_x = cli_calloc(n, sizeof *r->t_x);
    r->T = cli_calloc(n, sizeof *r->T);
    r->spend = cli_calloc(n, sizeof *r->spend);
    r->alive = cli_calloc(n, sizeof *r->alive);
    r->purchases = cli_calloc(n, sizeof *r->purchases);
    r->per_purchase = cli_calloc(n, sizeof *r->per_purchase);
    r->value = cli_calloc(n, sizeof *r->value);
    return rt_cohort_rfm_customers(l->cohort, o, r->ids, r->x, r->t_x, r->T, r->spend, NULL, n,
                                   &r->n);
}

void clv_free(clv_customers *r)
{
    free(r->ids);
    free(r->x);
    free(r->t_x);
    free(r->T);
    free(r->spend);
    free(r->alive);
    free(r->purchases);
    free(r->per_purchase);
    free(r->value);
}

/* The mean spend per repeat purchase over all customers. */
static double observed_mean_spend(const clv_customers *r)
{
    double spent = 0.0, purchases = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        spent += (double)r->x[i] * r->spend[i];
        purchases += (double)r->x[i];
    }
    return spent / purchases;
}

/* Gamma-Gamma models positive spends: it is fitted on the repeat buyers
 * whose mean repeat spend is above 0 (free items and refunds can make it 0,
 * which the model has no density for, as lifetimes' practice also leaves
 * them out). */
static rt_status fit_spend(clv_customers *r)
{
    uint64_t *x = cli_calloc(r->n ? r->n : 1, sizeof *x);
    double *spend = cli_calloc(r->n ? r->n : 1, sizeof *spend);
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->x[i] > 0 && r->spend[i] > 0.0) {
            x[n] = r->x[i];
            spend[n++] = r->spend[i];
        }
    }
    rt_status st = rt_gamma_gamma_fit(x, spend, n, NULL, &r->gg);
    free(x);
    free(spend);
    return st;
}

static int on_boundary(const rt_fit_report *report)
{
    return (report->boundary_zero | report->boundary_infinity) != 0;
}

/* The histogram from the summary already read, not a second pass over the
 * purchases. Two likelihoods may rise without end towards a limit (the
 * library reports the boundary). BG/NBD on a young base (a few weeks of
 * data: a, b -> 0, customers either never drop out or drop out at once):
 * the last point of the search is that limit to within the search's
 * tolerance, and its predictions are valid, so they are used and said.
 * Gamma-Gamma when every purchase costs the same (one product at one
 * price): the limit is to value every purchase at the observed mean. */
static rt_status fit(clv_customers *r)
{
    rt_rfm *rfm = NULL;
    rt_status st = rt_rfm_new(NULL, &rfm);
    if (st == RT_OK)
        st = rt_rfm_add_many(rfm, r->x, r->t_x, r->T, r->n, NULL);
    if (st == RT_OK)
        st = rt_bgnbd_fit(rfm, NULL, &r->bg);
    if (st == RT_ECONVERGE && on_boundary(&r->bg)) {
        r->bgnbd_limit = 1;
        st = RT_OK;
    }
    if (st == RT_OK)
        st = fit_spend(r);
    if (st == RT_ECONVERGE && on_boundary(&r->gg)) {
        r->fixed_spend = observed_mean_spend(r);
        st = RT_OK;
    }
    rt_rfm_free(rfm);
    return st;
}

static rt_status predict(const cli *c, clv_customers *r, size_t i)
{
    const double *bg = r->bg.params, *gg = r->gg.params;
    rt_clv_options o;
    rt_clv_options_init(&o, sizeof o);
    o.margin = c->margin;
    o.discount_rate = c->discount;
    o.horizon = c->horizon;  /* weekly periods, the last one ending at the horizon */
    o.spend = r->fixed_spend;
    rt_status st = rt_bgnbd_p_alive(bg, r->x[i], r->t_x[i], r->T[i], &r->alive[i]);
    if (st == RT_OK)
        st = rt_bgnbd_conditional_expected_purchases(bg, r->x[i], r->t_x[i], r->T[i],
                                                     c->horizon, &r->purchases[i]);
    if (st == RT_OK && r->fixed_spend > 0.0)
        r->per_purchase[i] = r->fixed_spend;
    else if (st == RT_OK)
        st = rt_gamma_gamma_expected_spend(gg, r->x[i], r->spend[i], &r->per_purchase[i]);
    if (st == RT_OK)
        st = rt_clv_bgnbd_gg(bg, gg, r->x[i], r->t_x[i], r->T[i], r->spend[i], &o,
                             &r->value[i]);
    return st;
}

rt_status clv_predict(const cli *c, const loaded *l, int32_t as_of, clv_customers *r)
{
    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    o.calibration_end_day = as_of;
    o.skip_zero_age = 1;  /* who first bought on the as-of day has no history yet */
    *r = (clv_customers){0};
    r->id_texts = &l->ids;
    rt_fit_report_init(&r->bg, sizeof r->bg);
    rt_fit_report_init(&r->gg, sizeof r->gg);
    rt_status st = read_customers(l, &o, r);
    if (st == RT_OK)
        st = fit(r);
    for (size_t i = 0; i < r->n && st == RT_OK; i++)
        st = predict(c, r, i);
    return st;
}

static void customer_row(table *t, const clv_customers *r, size_t i)
{
    char number[ID_NUMBER_TEXT];
    table_text(t, id_table_text(r->id_texts, r->ids[i], number));
    table_uint(t, r->x[i]);
    table_real(t, r->t_x[i], 4);
    table_real(t, r->T[i], 4);
    table_real(t, r->alive[i], 4);
    table_real(t, r->purchases[i], 4);
    table_real(t, r->per_purchase[i], 2);
    table_real(t, r->value[i], 2);
}

rt_status clv_print(const cli *c, const clv_customers *r)
{
    static const char *const columns[] = {"customer_id", "x", "t_x", "T", "p_alive",
                                          "expected_purchases", "expected_spend", "clv"};
    size_t *order = cli_calloc(r->n, sizeof *order), shown = r->n;
    double total = 0.0;
    for (size_t i = 0; i < r->n; i++)
        order[i] = i;
    if (c->top != TOP_UNSET)
        shown = c->top < r->n ? c->top : r->n;
    const double *bg = r->bg.params, *gg = r->gg.params;
    if (r->bgnbd_limit)
        note(c, "BG/NBD has no interior optimum on this young base (the likelihood keeps "
             "rising towards a limiting model); predictions at the last point of the search");
    if (r->fixed_spend > 0.0)
        note(c, "BG/NBD r %.4f alpha %.4f a %.4f b %.4f; Gamma-Gamma has no interior optimum "
             "(spend per purchase barely varies): each purchase valued at the observed mean "
             "spend %.2f", bg[0], bg[1], bg[2], bg[3], r->fixed_spend);
    else
        note(c, "BG/NBD r %.4f alpha %.4f a %.4f b %.4f; Gamma-Gamma p %.4f q %.4f gamma %.4f",
             bg[0], bg[1], bg[2], bg[3], gg[0], gg[1], gg[2]);
    rt_status st = rt_clv_rank(r->value, r->n, c->top != TOP_UNSET ? order : NULL,
                               c->top != TOP_UNSET ? shown : 0, &total);
    if (st == RT_OK) {
        table *t = BEGIN_TABLE(c, columns);
        for (size_t k = 0; k < shown; k++)
            customer_row(t, r, order[k]);
        table_end(t);
        note(c, "expected value of all %zu customers: %.2f", r->n, total);
    }
    free(order);
    return st;
}

int cmd_clv(const cli *c, loaded *l)
{
    int32_t as_of;
    int status = as_of_day(c, l, &as_of);
    if (status)
        return status;
    clv_customers r;
    rt_status st = clv_predict(c, l, as_of, &r);
    if (st == RT_OK)
        st = clv_print(c, &r);
    const char *why = r.why;
    clv_free(&r);
    if (st != RT_OK && why != NULL) {
        fprintf(stderr, "retention: %s\n", why);
        return 1;
    }
    return st == RT_OK ? 0 : fail(st);
}
