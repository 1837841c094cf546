/* The fits' objectives (-LL over log-parameters) and analytic gradients,
 * visible to the unit tests that check each gradient against differences. */
#ifndef RTI_OBJECTIVES_H
#define RTI_OBJECTIVES_H

#include <stddef.h>
#include <stdint.h>

typedef struct rti_gg_data {
    const uint64_t *x;
    const double *m;
    size_t n;
} rti_gg_data;

typedef struct rti_sbg_data {
    const uint64_t *survivors;
    const size_t *lengths;
    size_t n_cohorts;
} rti_sbg_data;

/* ctx: const rt_rfm *. */
double rti_bgnbd_negative_ll(const double *theta, void *ctx);
void rti_bgnbd_negative_ll_gradient(const double *theta, void *ctx, double *g);
/* ctx: rti_gg_data *. */
double rti_gamma_gamma_negative_ll(const double *theta, void *ctx);
void rti_gamma_gamma_negative_ll_gradient(const double *theta, void *ctx, double *g);
/* ctx: rti_sbg_data *. */
double rti_sbg_negative_ll(const double *theta, void *ctx);
void rti_sbg_negative_ll_gradient(const double *theta, void *ctx, double *g);

#endif /* RTI_OBJECTIVES_H */
