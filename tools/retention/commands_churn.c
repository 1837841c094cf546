/* `retention churn`: churn, retention and repeat purchases by calendar
 * month, from the month of the first day to that of the last. A last month
 * the log ends inside is partial: judged at the log's last day, since at
 * the month's end a customer active on the last day would count as lost. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"
#include "timestamp.h"

static void churn_row(table *t, int32_t year, uint32_t month, int partial,
                      const rt_churn_result *r)
{
    char label[32];
    snprintf(label, sizeof label, "%04d-%02u", (int)year, month);
    table_text(t, label);
    table_uint(t, r->at_start);
    table_uint(t, r->at_end);
    table_uint(t, r->retained);
    table_uint(t, r->lost);
    table_uint(t, r->acquired);
    table_uint(t, r->joined_and_left);
    table_uint(t, r->resurrected);
    table_real(t, r->rates_defined ? r->churn_rate : (double)NAN, 4);
    table_real(t, r->rates_defined ? r->retention_rate : (double)NAN, 4);
    table_real(t, r->repeat_defined ? r->repeat_rate : (double)NAN, 4);
    table_uint(t, (uint64_t)partial);
}

/* The full months by the library's monthly call, then a partial last month
 * from its first day to the log's last. */
static rt_status churn_months(const loaded *l, int32_t first, int32_t last, uint32_t months,
                              int partial, rt_churn_result *r)
{
    uint32_t full = partial ? months - 1 : months;
    rt_status st = rt_cohort_churn_monthly(l->cohort, first, full, NULL, r);
    if (st != RT_OK || !partial)
        return st;
    int32_t year, start;
    uint32_t month, d;
    day_to_date(last, &year, &month, &d);
    rt_day_from_date(year, month, 1, &start);
    return rt_cohort_churn(l->cohort, start, last, NULL, &r[months - 1]);
}

int cmd_churn(const cli *c, loaded *l)
{
    static const char *const columns[] = {
        "month", "at_start", "at_end", "retained", "lost", "acquired", "joined_and_left",
        "resurrected", "churn_rate", "retention_rate", "repeat_rate", "partial"};
    int32_t first, last, y0, y1, next_month;
    uint32_t m0, m1, d;
    if (rt_cohort_day_range(l->cohort, &first, &last) != RT_OK)
        return fail(RT_EUNDEFINED);
    day_to_date(first, &y0, &m0, &d);
    day_to_date(last, &y1, &m1, &d);
    /* Partial when the log ends before its month does (a month past the
     * library's range is taken as whole). */
    int partial = rt_day_from_date(m1 == 12 ? y1 + 1 : y1, m1 == 12 ? 1 : m1 + 1, 1,
                                   &next_month) == RT_OK && last < next_month - 1;
    uint32_t months = (uint32_t)((y1 - y0) * 12 + (int32_t)m1 - (int32_t)m0 + 1);
    rt_churn_result *r = cli_calloc(months, sizeof *r);
    for (uint32_t i = 0; i < months; i++)
        rt_churn_result_init(&r[i], sizeof r[i]);
    rt_status st = churn_months(l, first, last, months, partial, r);
    if (st == RT_OK) {
        table *t = BEGIN_TABLE(c, columns);
        for (uint32_t i = 0; i < months; i++) {
            uint32_t month = m0 - 1 + i;  /* months since January of y0 */
            churn_row(t, y0 + (int32_t)(month / 12), month % 12 + 1, partial && i == months - 1,
                      &r[i]);
        }
        table_end(t);
    }
    free(r);
    return st == RT_OK ? 0 : fail(st);
}
