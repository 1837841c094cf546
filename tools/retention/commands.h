/* The subcommands and what they share. Each prints its table through the
 * table writer in the --format asked for (report writes an HTML page), and
 * returns the exit status: 0, 1 when the library fails, 2 for a bad
 * option value. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stddef.h>
#include <stdint.h>

#include <retention.h>

#include "cli.h"
#include "table.h"

typedef int (*command_fn)(const cli *c, loaded *l);

int cmd_summary(const cli *c, loaded *l);
int cmd_activity(const cli *c, loaded *l);
int cmd_cohorts(const cli *c, loaded *l);
int cmd_survival(const cli *c, loaded *l);
int cmd_lifecycle(const cli *c, loaded *l);
int cmd_churn(const cli *c, loaded *l);
int cmd_at_risk(const cli *c, loaded *l);
int cmd_clv(const cli *c, loaded *l);
int cmd_frequency(const cli *c, loaded *l);
int cmd_report(const cli *c, loaded *l);
/* compare: --group-column's groups side by side (commands_compare.c). */
int cmd_compare(const cli *c, loaded *l);
/* Before the log is read: --group-column as the loader's segment column,
 * and the options compare needs; 0 after a message if one is missing. */
int compare_prepare(cli *c);
/* revenue: reads its own subscription log (l is NULL) and checks its
 * output was written (commands_revenue.c). */
int cmd_revenue(const cli *c, loaded *l);

/* The lifetime-value models fitted on the purchases up to an as-of day,
 * and what they predict for each customer over --horizon at --margin. */
typedef struct clv_customers {
    size_t n;
    uint64_t *ids, *x;           /* ids: the cohort's, numbers into id_texts */
    const id_table *id_texts;    /* the log's ids, as the log wrote them */
    double *t_x, *T, *spend;     /* recency, age (weeks), mean repeat spend */
    double *alive, *purchases, *per_purchase, *value;
    rt_fit_report bg, gg;        /* BG/NBD and Gamma-Gamma */
    double fixed_spend;          /* > 0: Gamma-Gamma has no interior optimum (one price):
                                    every purchase is valued at this observed mean */
    int bgnbd_limit;             /* BG/NBD has no interior optimum (a young base): bg holds
                                    the last point of the search towards the limit */
    const char *why;             /* of a failure the library did not report */
} clv_customers;

/* Fits and predicts; RT_OK, or the status with its reason in why, else in
 * rt_last_error_message(). Free r with clv_free either way. */
rt_status clv_predict(const cli *c, const loaded *l, int32_t as_of, clv_customers *r);
/* The table of clv (all, or --top ranked), with the fitted parameters and
 * the base's value as notes. */
rt_status clv_print(const cli *c, const clv_customers *r);
void clv_free(clv_customers *r);

/* A value per customer, to rank them by. */
typedef struct customer_values {
    size_t n;
    uint64_t *ids;
    double *values;
} customer_values;

/* Each customer's purchases on or before as_of, summed (customers who
 * bought nothing by then are left out: they count 0). */
void customer_spend(const purchase_list *purchases, int32_t as_of, customer_values *v);
void customer_values_free(customer_values *v);

/* The frequency buckets' names, in rt_frequency_bucket order. */
extern const char *const frequency_bucket_names[RT_FREQUENCY_BUCKETS];
/* Customers per frequency bucket at as_of with the thresholds asked for
 * (their as-of day is not read); 0 if the library could not judge them. */
int frequency_counts(const loaded *l, const rt_frequency_options *thresholds, int32_t as_of,
                     uint64_t counts[RT_FREQUENCY_BUCKETS]);

/* Churn over the last full calendar month before the last day, if it
 * begins on or after the first: 1 with *r and its month as YYYY-MM, else 0. */
int last_full_month_churn(const loaded *l, int32_t first, int32_t last, rt_churn_result *r,
                          char month[32]);

/* The metrics at a period with the retention tables asked for
 * (rt_retention_table bits, 0 for none); 0, or 1 after the library's message. */
int compute_metrics(const loaded *l, rt_period period, uint32_t tables, rt_metrics **m);

/* A table on the output in the format asked for, with the columns of a
 * static array. */
#define BEGIN_TABLE(c, columns) \
    table_begin((c)->out, (c)->format, (columns), sizeof(columns) / sizeof((columns)[0]))

/* A day as a YYYY-MM-DD text cell. */
void table_day(table *t, int32_t day);
/* A ratio (4 decimals in text), unknown when there is nothing to divide by. */
void table_share(table *t, uint64_t part, uint64_t whole);

#endif
