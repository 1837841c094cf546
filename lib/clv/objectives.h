/* The fits' objectives (-LL over log-parameters) and analytic gradients,
 * visible to the unit tests that check each gradient against differences. */
#ifndef RTI_OBJECTIVES_H
#define RTI_OBJECTIVES_H

#include <stddef.h>
#include <stdint.h>

/* Gamma-Gamma data: mean spends m of customers with x repeat purchases,
 * with the sums over repeat buyers that do not depend on the parameters. */
typedef struct rti_gg_data {
    const uint64_t *x;
    const double *m;
    size_t n;
    double buyers;        /* customers with x > 0 */
    double sum_x_log_xm;  /* sum of x ln(x m) */
    double sum_log_m;     /* sum of ln m */
    double max_x;         /* the largest x */
} rti_gg_data;

/* Points d at the data and computes its sums (m > 0 where x > 0). */
void rti_gg_data_init(rti_gg_data *d, const uint64_t *x, const double *m, size_t n);

typedef struct rti_sbg_data {
    const uint64_t *survivors;
    const size_t *lengths;
    size_t n_cohorts;
} rti_sbg_data;

/* Each -LL at theta, and with g not NULL its gradient into g (an
 * rti_objective). ctx: rti_bgnbd_data *. */
double rti_bgnbd_negative_ll(const double *theta, void *ctx, double *g);
/* ctx: rti_gg_data *. */
double rti_gamma_gamma_negative_ll(const double *theta, void *ctx, double *g);
/* ctx: rti_sbg_data *. */
double rti_sbg_negative_ll(const double *theta, void *ctx, double *g);

#endif /* RTI_OBJECTIVES_H */
