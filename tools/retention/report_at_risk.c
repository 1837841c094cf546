/* The report's at-risk section as an action list: whom to call first,
 * why each one is at risk (in words), what they are worth, P(alive), and
 * the most an offer to keep them may cost (the break-even incentive). The
 * numbers are the at-risk command's (campaign.c). */
#define RT_EXPERIMENTAL  /* before any include: see campaign.h */
#include <math.h>
#include <stdio.h>

#include "campaign.h"
#include "commands.h"
#include "report.h"
#include "report_format.h"

enum { HEADING_TEXT = 64 };

/* The reasons as a reader says them, the thresholds asked for included. */
static void reasons_text(const cli *c, uint32_t why, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    char silent[48], fell[48];
    snprintf(silent, sizeof silent, "silent %u+ days", (unsigned)c->risk.silent_days);
    snprintf(fell, sizeof fell, "usage fell");
    const char *words[] = {silent, fell, "paid late", "comes less than monthly"};
    const uint32_t bits[] = {RT_RISK_SILENT, RT_RISK_USAGE_FELL, RT_RISK_LATE_PAYMENT,
                             RT_RISK_FORGETTABLE};
    for (size_t k = 0; k < sizeof bits / sizeof bits[0]; k++) {
        if (!(why & bits[k]) || used >= size)
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", words[k]);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* "Spend (EUR)": a column heading with the currency when it is money. */
static void money_heading(const cli *c, const char *name, int money, char *out)
{
    if (money && c->currency != NULL)
        snprintf(out, HEADING_TEXT, "%s (%s)", name, c->currency);
    else
        snprintf(out, HEADING_TEXT, "%s", name);
}

/* What the list shows, the save rate and what break-even means. */
static void explain(const cli *c, const campaign *plan)
{
    FILE *out = c->out;
    if (!plan->money) {
        fputs("<p>The most active first: the log has no purchases, so the value is active "
              "days and no offer is priced.</p>\n", out);
        return;
    }
    char rate[NUMBER_TEXT];
    format_percent(plan->save_rate, 0, rate);
    fprintf(out, "<p>Whom to call first: %s. The <strong>break-even incentive</strong> is the "
                 "most an offer to keep a customer may cost and still pay on average: the "
                 "<strong>save rate, %s</strong> (the share of the customers offered it whom "
                 "it keeps; <code>--save-rate</code>), times the customer's %s. P(alive) is "
                 "BG/NBD's probability that the customer has not left for good.",
            isnan(c->incentive) ? "the most valuable first"
                                : "by the expected profit of the offer, the highest first",
            rate, plan->kind == VALUE_CLV ? "lifetime value" : "spend to date");
    if (c->currency != NULL) {
        fputs(" Amounts in ", out);
        html_text(out, c->currency);
        fputc('.', out);
    }
    fputs("</p>\n", out);
}

static void action_row(table *t, const cli *c, const loaded *l, const campaign *plan,
                       size_t rank, int with_worth)
{
    char reasons[160];
    size_t i = plan->order[rank];
    reasons_text(c, plan->why[i], reasons, sizeof reasons);
    char number[ID_NUMBER_TEXT];
    table_text(t, id_table_text(&l->ids, plan->ids[i], number));
    table_text(t, reasons);
    table_real(t, plan->value[i], plan->money ? 2 : 0);
    table_real(t, plan->p_alive[i], 2);
    if (plan->money)
        table_real(t, plan->break_even[rank], 2);
    if (plan->money && with_worth)
        table_real(t, plan->worth[rank], 2);
}

static void action_table(const cli *c, const loaded *l, const campaign *plan)
{
    char value[HEADING_TEXT], break_even[HEADING_TEXT], profit[HEADING_TEXT];
    money_heading(c, plan->kind == VALUE_SPEND ? "Spend" : plan->kind == VALUE_CLV
                                                             ? "Lifetime value" : "Active days",
                  plan->money, value);
    money_heading(c, "Break-even incentive", 1, break_even);
    money_heading(c, "Expected profit", 1, profit);
    const char *const columns[] = {"Customer", "Why at risk", value, "P(alive)", break_even,
                                   profit};
    int with_worth = !isnan(c->incentive);
    size_t count = plan->money ? (with_worth ? 6 : 5) : 4;
    size_t shown = c->top < plan->n ? c->top : plan->n;
    fputs("<div class=\"scroll actions\">", c->out);
    table *t = table_begin(c->out, TABLE_HTML, columns, count);
    for (size_t rank = 0; rank < shown; rank++)
        action_row(t, c, l, plan, rank, with_worth);
    table_end(t);
    fputs("</div>\n", c->out);
}

int report_at_risk(const cli *html, loaded *l)
{
    campaign plan;
    int status = campaign_build(html, l, &plan);
    if (status == 0) {
        explain(html, &plan);
        action_table(html, l, &plan);
        note(html, "%zu customers at risk", plan.n);
        if (plan.money)
            campaign_totals_note(html, &plan);
    }
    campaign_free(&plan);
    return status;
}
