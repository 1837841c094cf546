/* retention revenue: how much recurring revenue the base keeps, month by
 * month, from a subscription log (subscription_log.h), by the library's
 * experimental revenue retention (retention/revenue.h). Money prints in
 * currency units (the library counts cents). */

#include "revenue_table.h"  /* first: the experimental tier */
#include "commands.h"
#include "timestamp.h"

static void table_money(table *t, int64_t cents)
{
    table_real(t, (double)cents / 100.0, 2);
}

static void table_month(table *t, int32_t day)
{
    char date[32];
    format_day(day, date);
    date[7] = '\0';  /* YYYY-MM */
    table_text(t, date);
}

static void month_row(const rt_mrr_month *m, table *t)
{
    table_month(t, m->first_day);
    table_uint(t, m->customers_opening);
    table_money(t, m->opening);
    table_money(t, m->new_mrr);
    table_money(t, m->expansion);
    table_money(t, m->contraction);
    table_money(t, m->churned);
    table_money(t, m->reactivation);
    table_money(t, m->closing);
    table_uint(t, m->customers_closing);
    /* NaN (nothing to divide by) prints as unknown */
    table_real(t, m->nrr, 4);
    table_real(t, m->grr, 4);
    table_real(t, m->nrr_12, 4);
    table_real(t, m->grr_12, 4);
    table_real(t, m->quick_ratio, 4);
    table_real(t, m->arpa / 100.0, 2);
}

void revenue_months_table(const cli *c, const rt_revenue *r)
{
    static const char *const columns[] = {
        "month", "customers_opening", "opening", "new", "expansion", "contraction", "churned",
        "reactivation", "closing", "customers_closing", "nrr", "grr", "nrr_12", "grr_12",
        "quick_ratio", "arpa"};
    table *t = BEGIN_TABLE(c, columns);
    for (size_t k = 0; k < rt_revenue_month_count(r); k++) {
        rt_mrr_month m;
        rt_mrr_month_init(&m, sizeof m);
        rt_revenue_month(r, k, &m);
        month_row(&m, t);
    }
    table_end(t);
}

/* The revenue-weighted cohort table: cohorts with customers, censored
 * cells unknown. */
static void cohorts_table(const cli *c, const rt_revenue *r)
{
    static const char *const columns[] = {"cohort", "offset", "customers", "start_mrr",
                                          "mrr_share"};
    table *t = BEGIN_TABLE(c, columns);
    size_t months = rt_revenue_month_count(r);
    for (size_t k = 0; k < months; k++) {
        uint64_t customers;
        int64_t start_mrr;
        rt_revenue_cohort_size(r, k, &customers, &start_mrr);
        rt_mrr_month m;
        rt_mrr_month_init(&m, sizeof m);
        rt_revenue_month(r, k, &m);
        for (size_t offset = 0; customers > 0 && k + offset < months; offset++) {
            double share;
            uint32_t observed;
            rt_revenue_cohort_share(r, k, offset, &share, &observed);
            table_month(t, m.first_day);
            table_uint(t, offset);
            table_uint(t, customers);
            table_money(t, start_mrr);
            if (observed)
                table_real(t, share, 4);
            else
                table_unknown(t);
        }
    }
    table_end(t);
}

int revenue_compute(const cli *c, const subscription_log *log, rt_revenue **r)
{
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.utc_offset_seconds = c->load.utc_offset;
    rt_cohort *cohort = NULL;
    rt_status st = rt_cohort_new(&co, &cohort);
    size_t bad = 0;
    if (st == RT_OK)
        st = rt_cohort_add_revenue_subscriptions(cohort, log->customers, log->starts,
                                                 log->ends, log->mrr_cents, log->count, &bad);
    if (st == RT_EINVAL || st == RT_ERANGE) {  /* the reader let a row through */
        char number[ID_NUMBER_TEXT];
        fprintf(stderr, "retention: subscription %zu (of customer %s): %s\n", bad + 1,
                id_table_text(&log->ids, log->customers[bad], number), rt_last_error_message());
        rt_cohort_free(cohort);
        return 1;
    }
    rt_revenue_options o;
    rt_revenue_options_init(&o, sizeof o);
    o.use_as_of_day = c->as_of != NULL;
    o.as_of_day = c->as_of_day;
    if (st == RT_OK)
        st = rt_cohort_revenue(cohort, &o, r);
    rt_cohort_free(cohort);
    return st == RT_OK ? 0 : fail(st);
}

int cmd_revenue(const cli *c, loaded *l)
{
    (void)l;  /* not an event log */
    subscription_log log;
    if (subscription_log_read(&c->load, &log) != 0)
        return 1;
    rt_revenue *r = NULL;
    int status = revenue_compute(c, &log, &r);
    if (status == 0 && rt_revenue_month_count(r) == 0)
        note(c, "no subscription pays by the as-of day: no month to show");
    if (status == 0 && c->revenue_cohorts)
        cohorts_table(c, r);
    else if (status == 0)
        revenue_months_table(c, r);
    rt_revenue_free(r);
    subscription_log_free(&log);
    return status;  /* main checks that the output was written */
}
