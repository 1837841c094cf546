/* Values for the API call stream: times, amounts and days drawn from the
 * input, mostly legal and close together, sometimes at or beyond the
 * documented edges; and an allocator that fails the k-th allocation. */
#ifndef FUZZ_API_VALUES_H
#define FUZZ_API_VALUES_H

#include <stdint.h>

#include <retention.h>

#include "fuzz_input.h"

/* Most times fall in the SPAN_DAYS days from BASE_DAY (2024-01-01). */
enum { BASE_DAY = 19723, SPAN_DAYS = 200 };

/* Known issue (issue 15, item 1, being fixed in lib/metrics): a compute
 * allocates cohorts x offsets cells however few customers there are, so
 * legal times decades apart need gigabytes. Metrics are only computed over
 * at most this many days until that is fixed; then raise it to the full
 * legal range (73,050 days). */
enum { MAX_COMPUTE_SPAN_DAYS = 400 };

/* Amounts up to the command's own limit: their sums may pass DBL_MAX, which
 * the summary handles (issue 15, item 6). */
#define MAX_AMOUNT 1e300

/* Known issue (item 3): trailing_days = UINT32_MAX asks for 32 GiB and
 * values >= 2^31 overflow in activity.c. Kept below this until validated. */
enum { MAX_TRAILING_DAYS = 400 };

/* rt_bgnbd_purchase_probability() answers in bounded time for any t / alpha
 * (an incomplete-beta integral where the sums grow long: issue 16). */
#define MAX_PROBABILITY_T_OVER_ALPHA 1e12

/* Found by this fuzzer and fixed (issue 16): the BG/NBD expectation's
 * hypergeometric series cancelled when r > a + b - 1 (r = 100, alpha = 10,
 * a = 5, b = 1, t = 100 gave 11857 instead of 1.25) and for a large a
 * (r = 16.5, alpha = 126, a = 1248, b = 0.43, t = 100 gave 0 instead of
 * 1.0003); the library now integrates where the series does not fit, so
 * the expectations are checked everywhere. */
#define CHECK_BGNBD_SERIES_EVERYWHERE 1
#define BGNBD_SERIES_MAX_A 100.0

/* The BG/NBD expectations sum a series in z = t / (alpha + T + t) of up to
 * ten million terms (then RT_ECONVERGE, as documented), which takes long
 * when z is near 1. Asked only where alpha + T >= t times this, so that an
 * input stays fast (at most some 10^4 terms). */
#define MIN_SERIES_SCALE 1e-3

/* Found by this fuzzer, reported, not fixed (lib/clv, CLV owners): the
 * models' probabilities are differences of log-gammas and log-betas, whose
 * absolute error is the rounding of ln Gamma(parameter): with a = 1e250
 * the BG/NBD purchase probabilities add up to 2.3, and near DBL_MAX they
 * are inf - inf = NaN with RT_OK. Drawn parameters stay below this (where
 * that error is below 1e-8) until the formulas avoid the cancellation. */
#define MAX_MODEL_PARAMETER 1e6
/* Likewise below: with subnormal parameters t / beta overflows
 * (r = alpha = s = beta = 5e-324 gives a Pareto/NBD expectation of
 * infinity, not r t / alpha = 10). Reported, not fixed. */
#define MIN_MODEL_PARAMETER 1e-300

int64_t fuzz_time(fuzz_input *in);
double fuzz_amount(fuzz_input *in);
/* A day near [first, last]: inside mostly, a little outside sometimes. */
int32_t fuzz_day_near(fuzz_input *in, int32_t first, int32_t last);
/* A model parameter or time: mostly positive and moderate, sometimes 0,
 * negative, tiny, huge, infinite or NaN. */
double fuzz_positive(fuzz_input *in);
/* A segment: small, or now and then the largest. */
uint32_t fuzz_segment(fuzz_input *in);

/* The failing allocator: after fuzz_alloc_fail_at(k) the k-th allocation
 * from now fails (k = 0: the next); fuzz_alloc_disarm() stops that. */
const rt_allocator *fuzz_allocator(void);
void fuzz_alloc_fail_at(uint32_t k);
void fuzz_alloc_disarm(void);
/* 1 if an armed failure has been delivered since the last arming. */
int fuzz_alloc_failed(void);

#endif
