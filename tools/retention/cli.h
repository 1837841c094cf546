/* What the command line asked for, shared by the subcommands. */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "load.h"
#include "table.h"

#define TOP_UNSET SIZE_MAX
#define AT_RISK_DEFAULT_TOP 20

/* What at-risk ranks by (--value). */
typedef enum value_kind {
    VALUE_AUTO,       /* spend when the log has purchases, else days */
    VALUE_SPEND,      /* the customer's purchases up to the as-of day, summed */
    VALUE_CLV,        /* the lifetime value of `retention clv` */
    VALUE_DAYS        /* active days up to the as-of day */
} value_kind;

typedef struct cli {
    load_options load;
    rt_period period;
    rt_retention_kind kind;
    const char *as_of, *html;
    int32_t as_of_day; /* --as-of as a day, checked before the log is read */
    size_t top;       /* --top N; TOP_UNSET when not given */
    double margin, horizon, discount;
    double save_rate;  /* at-risk: p(save) of a customer offered an incentive (--save-rate) */
    double incentive;  /* at-risk: the offer's cost per customer (--incentive); NaN: not given */
    const char *currency;  /* --currency CODE the money is in; NULL: not given */
    table_format format;
    value_kind value;
    /* The thresholds judging customers, as the library takes them (the
     * as-of day is filled in by each command). */
    rt_frequency_options frequency;
    rt_risk_options risk;
    FILE *out;        /* where tables go: stdout, or the report's page */
    /* compare: the column of the groups, the control group's value, the lift
     * to plan for (0: none), the significance level and power */
    const char *group_column, *control;
    double lift, alpha, power;
    const char *subscriptions;  /* report --subscriptions FILE: a subscription log */
    int revenue_cohorts;  /* revenue --cohorts: the revenue-weighted cohort table */
} cli;

/* A remark beside a table ("5 customers at risk"): a line on stderr, or a
 * paragraph of the report's page when the tables go there. */
void note(const cli *c, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints the library's message for st; returns the exit status 1. */
int fail(rt_status st);
/* --as-of's text (in the log's --time-format, else in the form it shows)
 * as a local day within the library's range (100 years
 * from 1970); 0 after a message naming the option and the range. */
int as_of_option_day(const char *text, const time_format *format, int32_t utc_offset,
                     int32_t *day);
/* The as-of day: --as-of, or the last day of the log; 0 or an exit status. */
int as_of_day(const cli *c, const loaded *l, int32_t *day);

#endif
