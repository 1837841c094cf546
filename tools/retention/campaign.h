/* The customers at risk as an action list: whom to call first and what an
 * offer to keep each one may cost. The at-risk command prints it as a
 * table, the report as its at-risk section. */
#ifndef CAMPAIGN_H
#define CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

/* rt_campaign_plan is in the experimental tier (retention/economics.h):
 * a file including this header defines RT_EXPERIMENTAL before its first
 * include, so that <retention.h> declares it wherever it is first read. */
#ifndef RT_EXPERIMENTAL
#error "define RT_EXPERIMENTAL before the first include"
#endif
#include <retention.h>

#include "cli.h"

/* Every customer at risk, not only the rows shown: the campaign's totals
 * count them all. The arrays are in rt_cohort_at_risk's order (most
 * valuable first); order lists them in the order to call them. */
typedef struct campaign {
    value_kind kind;        /* what value holds: spend, CLV or active days */
    int money;              /* value is money (spend or CLV): break-even and worth exist */
    double save_rate, incentive;  /* the terms planned with (--save-rate, --incentive or 0) */
    size_t n;               /* customers at risk */
    uint64_t *ids;          /* the cohort's numbers (texts in the log's id table) */
    uint32_t *why;          /* rt_risk_reason bits */
    double *value;          /* the value ranked by */
    double *p_alive;        /* BG/NBD P(alive); NaN when no model fits or not a buyer */
    size_t *order;          /* indices into the arrays above, whom to call first */
    double *break_even;     /* by call order: p(save) x value (money only) */
    double *worth;          /* by call order: p(save) x value - incentive (money only) */
    rt_campaign_result totals;  /* rt_campaign_plan's (money only) */
} campaign;

/* The at-risk customers on the as-of day with the thresholds and --value
 * asked for, each one's P(alive) when the log's purchases fit a model, and
 * the campaign planned with --save-rate and --incentive; 0 or an exit
 * status (after a message). Free with campaign_free either way. */
int campaign_build(const cli *c, loaded *l, campaign *plan);
void campaign_free(campaign *plan);

/* The column naming what the value is: value_spend, value_clv, value_days. */
const char *campaign_value_column(value_kind kind);
/* The campaign's totals as one sentence, money with the currency when given. */
void campaign_totals_note(const cli *c, const campaign *plan);

#endif
