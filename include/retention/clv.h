/**
 * @file retention/clv.h
 * @brief Customer-lifetime-value models fitted by maximum likelihood:
 *        BG/NBD, Pareto/NBD, Gamma-Gamma spend and the shifted-beta-geometric model.
 */
#ifndef RETENTION_CLV_H
#define RETENTION_CLV_H

#include <stddef.h>
#include <stdint.h>

#include "retention/export.h"
#include "retention/status.h"
#include "retention/alloc.h"
#include "retention/serialize.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup clv Customer-lifetime-value models
 * @brief Probability models of purchasing and churn, their fits and predictions.
 *
 * Non-contractual purchasing (a customer may stop buying silently) is
 * described by the BG/NBD model of Fader, Hardie & Lee (2005) or the
 * Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), fitted on an
 * #rt_rfm histogram; spend per transaction by their Gamma-Gamma model;
 * contractual renewals (the customer's departure is observed) by the
 * shifted-beta-geometric (sBG) model of Fader & Hardie (2007).
 *
 * Fits maximise the log-likelihood with a quasi-Newton (BFGS) search over
 * the logarithms of the parameters, so every parameter stays positive. A
 * fit that stops before converging returns #RT_ECONVERGE and still fills
 * its #rt_fit_report with the best point found. So does a fit whose
 * likelihood keeps rising as parameters run off to 0 or infinity (a
 * limiting model: every purchase the same amount for Gamma-Gamma, no
 * heterogeneity for sBG, a single customer): the report's
 * @c boundary_zero and @c boundary_infinity name those parameters.
 *
 * Time is in the caller's unit (days, weeks...), the same for every
 * argument of one model; the rate parameter alpha of the BG/NBD is in
 * that unit.
 *
 * Thread safety: distinct #rt_rfm handles are independent; functions that
 * take a @c const handle may run concurrently on it; rt_rfm_add(),
 * rt_rfm_add_many() and rt_rfm_merge() need the caller's lock. The other
 * functions have no state and may run concurrently. (Where the C library
 * lacks @c lgamma_r they fall back to @c lgamma, which writes the global
 * @c signgam; the value is never read.)
 *
 * Memory: rt_rfm_new(), rt_rfm_add(), rt_rfm_add_many() and
 * rt_rfm_merge() allocate through the handle's allocator; rt_bgnbd_fit()
 * allocates two working tables (O(rows)) through the same allocator of the
 * histogram it fits and frees them before it returns, so it can fail with
 * #RT_ENOMEM. The other fits, the likelihoods and the predictions allocate
 * nothing.
 *
 * On failure a function writes none of its outputs and changes no handle;
 * rt_last_error_message() names the offending argument.
 * @{
 */

/**
 * @brief A customer-by-sufficient-statistic histogram (an "RFM" summary).
 *
 * Each customer of a non-contractual business is summarised by
 * (x, t_x, T): x repeat purchases (the first purchase is not counted),
 * t_x the time of the last purchase measured from the first, and T the
 * time from the first purchase to the end of the calibration period.
 * Customers with equal (x, t_x, T) share one row with a count, so a fit
 * costs one likelihood term per distinct row. Histograms of disjoint
 * customer sets merge by adding counts (rt_rfm_merge()).
 *
 * Every record must satisfy: t_x and T finite, \f$ 0 \le t_x \le T \f$,
 * \f$ T > 0 \f$, and \f$ t_x = 0 \f$ when \f$ x = 0 \f$.
 * @since 1.0
 */
typedef struct rt_rfm rt_rfm;

/**
 * @brief Options of a histogram. Initialise with rt_rfm_options_init().
 * @since 1.0
 */
typedef struct rt_rfm_options {
    size_t size;                   /**< sizeof(rt_rfm_options) as the caller compiled it. */
    const rt_allocator *allocator; /**< Hooks the histogram allocates through for its whole
                                        life; NULL for the default. Copied. */
} rt_rfm_options;

/**
 * @brief Fills histogram options with the defaults (the default allocator).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_rfm_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_rfm_options_init(rt_rfm_options *options, size_t size);

/**
 * @brief Creates an empty histogram.
 * @param[in]  options Options, or NULL for the defaults.
 * @param[out] out     The new handle; free it with rt_rfm_free().
 * @return #RT_OK; #RT_EINVAL if @p out is NULL, the options' size is too
 *         small or the allocator is invalid; #RT_EVERSION if the options or
 *         the allocator set fields this version does not know; #RT_ENOMEM if
 *         the allocation fails.
 * @since 1.0
 */
RT_API rt_status rt_rfm_new(const rt_rfm_options *options, rt_rfm **out);

/**
 * @brief Frees a histogram.
 * @param[in] rfm The handle, or NULL (nothing happens).
 * @since 1.0
 */
RT_API void rt_rfm_free(rt_rfm *rfm);

/**
 * @brief Adds @p count customers who share the statistics (x, t_x, T).
 *
 * Amortised O(1): an equal row is found through a hash table and its count
 * grows; otherwise a row is appended. Rows keep their first-insertion order.
 *
 * @param[in,out] rfm   The histogram.
 * @param[in]     x     Repeat purchases.
 * @param[in]     t_x   Time of the last purchase since the first, 0 <= t_x <= T; 0 if x = 0.
 * @param[in]     T     Time from the first purchase to the end of calibration, T > 0.
 * @param[in]     count Number of such customers, > 0.
 * @return #RT_OK; #RT_EINVAL if @p rfm is NULL, a record rule above is
 *         broken, @p count is 0 or the customer total would overflow
 *         @c uint64_t; #RT_ENOMEM if growing fails. On failure the
 *         histogram is unchanged.
 * @since 1.0
 */
RT_API rt_status rt_rfm_add(rt_rfm *rfm, uint64_t x, double t_x, double T,
                            uint64_t count);

/**
 * @brief Adds @p count customers, one per index, all or nothing.
 *
 * Every record is validated before anything is added; the first bad one
 * stops the call.
 *
 * @param[in,out] rfm       The histogram.
 * @param[in]     x         Repeat purchases of each customer (count values).
 * @param[in]     t_x       Time of each customer's last purchase (count values).
 * @param[in]     T         Each customer's age at the end of calibration (count values).
 * @param[in]     count     Number of customers; 0 is a no-op.
 * @param[out]    bad_index If not NULL, receives the index of the first
 *                          invalid record when the call returns #RT_EINVAL
 *                          for a record; untouched otherwise.
 * @return #RT_OK; #RT_EINVAL if @p rfm or an array is NULL (with count > 0) or a
 *         record is invalid; #RT_ENOMEM if growing fails. On failure
 *         nothing is added.
 * @since 1.0
 */
RT_API rt_status rt_rfm_add_many(rt_rfm *rfm, const uint64_t *x, const double *t_x,
                                 const double *T, size_t count, size_t *bad_index);

/**
 * @brief Adds every row of @p src to @p dst.
 *
 * For histograms of disjoint customer sets the result is the histogram of
 * their union. @p src is not modified; @p dst == @p src doubles the counts.
 *
 * @param[in,out] dst The histogram that grows.
 * @param[in]     src The histogram to add.
 * @return #RT_OK; #RT_EINVAL if a handle is NULL or the customer total would
 *         overflow; #RT_ENOMEM if growing fails. On failure @p dst is unchanged.
 * @since 1.0
 */
RT_API rt_status rt_rfm_merge(rt_rfm *dst, const rt_rfm *src);

/**
 * @brief Number of distinct (x, t_x, T) rows.
 * @param[in] rfm The histogram (NULL gives 0).
 * @return The row count.
 * @since 1.0
 */
RT_API size_t rt_rfm_row_count(const rt_rfm *rfm);

/**
 * @brief Number of customers (the sum of the row counts).
 * @param[in] rfm The histogram (NULL gives 0).
 * @return The customer count.
 * @since 1.0
 */
RT_API uint64_t rt_rfm_customer_count(const rt_rfm *rfm);

/**
 * @brief Reads row @p i (rows are in first-insertion order).
 * @param[in]  rfm   The histogram.
 * @param[in]  i     Row index, < rt_rfm_row_count().
 * @param[out] x     Repeat purchases.
 * @param[out] t_x   Time of the last purchase.
 * @param[out] T     Age at the end of calibration.
 * @param[out] count Customers in the row.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or @p i is out of range.
 * @since 1.0
 */
RT_API rt_status rt_rfm_row(const rt_rfm *rfm, size_t i, uint64_t *x, double *t_x,
                            double *T, uint64_t *count);

/**
 * @brief Writes a histogram as bytes another process can read back
 * (docs/serialization.md, object kind 3).
 *
 * Size-query-then-write (see @ref serialize): call with @p buffer NULL and
 * @p capacity 0 to learn the size, then with a buffer that large. The bytes
 * hold the rows in their order, 32 bytes a row.
 *
 * @param[in]  rfm      The histogram.
 * @param[out] buffer   Where to write, or NULL with @p capacity 0 (size query).
 * @param[in]  capacity Bytes available at @p buffer.
 * @param[out] size     The object's size in bytes, written on #RT_OK and #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p rfm or @p size is NULL, or @p buffer is
 *         NULL with a non-zero @p capacity; #RT_ERANGE if @p capacity is
 *         smaller than the object (the buffer is left alone); #RT_ENOMEM if
 *         the object is larger than the address space.
 * @since 1.1
 */
RT_API rt_status rt_rfm_serialize(const rt_rfm *rfm, void *buffer, size_t capacity,
                                  size_t *size);

/**
 * @brief Rebuilds a histogram from the bytes of rt_rfm_serialize().
 *
 * The result has the same rows in the same order, serializes to the same
 * bytes, and grows and merges like one made by rt_rfm_new().
 *
 * @param[in]  buffer  The bytes.
 * @param[in]  size    Their number: exactly the serialized object's size.
 * @param[in]  options The histogram's options, as rt_rfm_new() takes them, or NULL.
 * @param[out] out     The new handle; free it with rt_rfm_free().
 * @return #RT_OK; #RT_EINVAL if @p buffer or @p out is NULL or @p options
 *         is invalid; #RT_EFORMAT if the bytes are not a histogram of this
 *         format (truncated, trailing bytes, bad or byte-swapped magic,
 *         another kind, checksum mismatch, a row count that disagrees with
 *         the bytes, a row rt_rfm_add() would refuse, a row repeated, a
 *         customer total beyond 64 bits), the message saying which;
 *         #RT_EVERSION if the format version is newer than this library
 *         reads, or @p options sets a field it does not know; #RT_ENOMEM.
 * @since 1.1
 */
RT_API rt_status rt_rfm_deserialize(const void *buffer, size_t size,
                                    const rt_rfm_options *options, rt_rfm **out);

/**
 * @brief Options of a maximum-likelihood fit (size-prefixed).
 *
 * Initialise with rt_fit_options_init(), then change what you need.
 * @since 1.0
 */
typedef struct rt_fit_options {
    size_t size;               /**< sizeof(rt_fit_options) as the caller compiled it. */
    uint32_t max_iterations;   /**< Quasi-Newton iterations allowed; default 500, must be > 0. */
    double tolerance;          /**< Convergence when every component of the gradient of the
                                    log-likelihood with respect to the log-parameters is at
                                    most tolerance * (1 + |LL|); default 1e-9, must be > 0. */
    uint32_t compute_std_errors; /**< 1: fill rt_fit_report::std_errors; 0 (default) or 1. */
    uint32_t use_start;        /**< 1: start from @c start instead of the default
                                    data-based starting point; 0 (default) or 1. */
    double start[4];           /**< Starting parameters in the model's order (the first
                                    n_params are read; each finite and > 0). */
} rt_fit_options;

/**
 * @brief The result of a fit (size-prefixed; the library writes it).
 *
 * Initialise with rt_fit_report_init() so that @c size is set; a fit
 * writes the fields only when it returns #RT_OK or #RT_ECONVERGE.
 * Parameter order: BG/NBD r, alpha, a, b; Pareto/NBD r, alpha, s, beta; Gamma-Gamma p, q, gamma;
 * sBG alpha, beta. Unused trailing entries are 0.
 * @since 1.0
 */
typedef struct rt_fit_report {
    size_t size;               /**< sizeof(rt_fit_report) as the caller compiled it. */
    double params[4];          /**< Maximum-likelihood estimates (the best point found). */
    size_t n_params;           /**< Number of model parameters: 4, 3 or 2. */
    double log_likelihood;     /**< Log-likelihood at @c params (natural log, with all constants). */
    uint32_t iterations;       /**< Quasi-Newton iterations used. */
    uint32_t converged;        /**< 1 if the convergence test passed at an interior
                                    maximum, else 0. */
    double std_errors[4];      /**< Asymptotic standard errors of @c params from the inverse of
                                    the observed information (numerical Hessian). 0 when not
                                    requested, when the fit did not converge, when the
                                    Hessian is not positive definite, or at a boundary;
                                    never NaN. */
    uint32_t boundary_zero;    /**< Bit i (value 1 << i) set: the likelihood keeps rising as
                                    params[i] goes to 0, so the maximum is a limiting model on
                                    the boundary, not a point; then converged is 0, params is
                                    the last point of the search and the fit returns
                                    #RT_ECONVERGE. 0 for an interior maximum.
                                    @since 1.0 */
    uint32_t boundary_infinity; /**< Likewise for params[i] going to infinity.
                                     @since 1.0 */
} rt_fit_report;

/**
 * @brief Sets the default fit options.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof *options` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size is smaller
 *         than the first member.
 * @since 1.0
 */
RT_API rt_status rt_fit_options_init(rt_fit_options *options, size_t size);

/**
 * @brief Clears a fit report and records its size.
 * @param[out] report The struct to initialise.
 * @param[in]  size   `sizeof *report` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p report is NULL or @p size is smaller
 *         than the first member.
 * @since 1.0
 */
RT_API rt_status rt_fit_report_init(rt_fit_report *report, size_t size);

/**
 * @brief Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood.
 *
 * While alive a customer buys as a Poisson process of rate
 * \f$ \lambda \sim \mathrm{Gamma}(r, \alpha) \f$; after each purchase they
 * drop out with probability \f$ p \sim \mathrm{Beta}(a, b) \f$. The
 * likelihood of one customer is
 * \f[ L = \frac{B(a, b+x)}{B(a,b)} \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)\,(\alpha+T)^{r+x}}
 *   + [x > 0] \frac{B(a+1, b+x-1)}{B(a,b)} \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)\,(\alpha+t_x)^{r+x}}, \f]
 * evaluated in log space; the fit maximises \f$ \sum \mathrm{count} \cdot \ln L \f$.
 *
 * @param[in]  rfm     The calibration histogram.
 * @param[in]  options Fit options, or NULL for the defaults.
 * @param[out] report  Receives r, alpha, a, b (in that order) and the fit's details.
 * @return #RT_OK; #RT_ECONVERGE if the search stopped before converging
 *         or the maximum is on the boundary (the report holds its best
 *         point and names the parameters that run off); #RT_EINVAL if @p rfm or
 *         @p report is NULL or an option is invalid; #RT_EVERSION if an
 *         option or report struct sets unknown fields; #RT_EUNDEFINED if
 *         the histogram is empty or nobody made a repeat purchase (the
 *         parameters are then not identifiable); #RT_ENOMEM if its working
 *         tables cannot be allocated.
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_fit(const rt_rfm *rfm, const rt_fit_options *options,
                              rt_fit_report *report);

/**
 * @brief The BG/NBD log-likelihood of a histogram (formula: rt_bgnbd_fit()).
 *
 * The gamma and beta functions enter as ratios computed whole (Stirling's
 * series with the large logarithms cancelled by hand) and
 * \f$ r\ln\alpha - (r+x)\ln(\alpha+T) \f$ as \f$ -x\ln\alpha - (r+x)\ln(1+T/\alpha) \f$,
 * so ln L keeps about 1e-15 relative even at parameters of 1e15, where a
 * fit that runs off to a limiting model evaluates it.
 *
 * @param[in]  params r, alpha, a, b; each finite and > 0.
 * @param[in]  rfm    The histogram.
 * @param[out] ll     \f$ \sum \mathrm{count} \cdot \ln L \f$.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or a parameter is invalid;
 *         #RT_EUNDEFINED if the histogram is empty.
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_log_likelihood(const double params[4], const rt_rfm *rfm,
                                         double *ll);

/**
 * @brief Expected purchases of a new customer in (0, t], E[X(t)].
 *
 * \f[ E[X(t)] = \frac{a+b-1}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
 *     {}_2F_1\!\left(r, b; a+b-1; \frac{t}{\alpha+t}\right)\right] \f]
 * (FHL 2005, eq. 9), which is
 * \f$ \int_0^1 \frac{1 - (1 + p\,t/\alpha)^{-r}}{p}\,
 *     \frac{p^{a-1}(1-p)^{b-1}}{B(a,b)}\,dp \f$
 * and finite for all a, b > 0. Where the closed form is well conditioned
 * (a + b - 1 >= max(1, r), a <= 100, t <= 99 alpha, a + b - 1 <= 30 r)
 * it is computed after Euler's transformation as
 * \f$ (a+b-1)\,[(1-(1-z)^{a-1})/(a-1) - (1-z)^{a-1} G] \f$ with
 * \f$ z = t/(\alpha+t) \f$ and \f$ G = ({}_2F_1(a+b-1-r, a-1; a+b-1; z) - 1)/(a-1) \f$
 * summed as its own series of under 4,000 terms (a = 1 needs no special
 * case); everywhere else (young customer bases with a + b <= 1, horizons
 * far beyond alpha, large shapes) the integral over p by Gauss-Legendre
 * quadrature in logit p, its ends in closed form. Both agree to about
 * 1e-13 relative where both apply; one call takes under a millisecond.
 *
 * @param[in]  params r, alpha, a, b; each finite and > 0.
 * @param[in]  t      Length of the period, finite and >= 0.
 * @param[out] e      The expected number of purchases.
 * @return #RT_OK; #RT_EINVAL if @p e is NULL or an input is invalid;
 *         #RT_ERANGE if the value overflows a double (r t / alpha near
 *         1e308); #RT_ECONVERGE if the quadrature would need more than its
 *         cap of 20,000 panels each side of the integrand's peak (a bound
 *         on the time that no input of the stress test, parameters
 *         1e-4 to 1e4, comes near).
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_expected_purchases(const double params[4], double t, double *e);

/**
 * @brief Probability that a new customer makes exactly @p n purchases in (0, t].
 *
 * \f[ P(X(t)=n) = \frac{B(a,b+n)}{B(a,b)} \frac{\Gamma(r+n)}{\Gamma(r)\,n!}
 *   \left(\frac{\alpha}{\alpha+t}\right)^r \left(\frac{t}{\alpha+t}\right)^n
 *   + [n>0] \frac{B(a+1,b+n-1)}{B(a,b)} \left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
 *   \sum_{j=0}^{n-1} \frac{\Gamma(r+j)}{\Gamma(r)\,j!}\left(\frac{t}{\alpha+t}\right)^j\right] \f]
 * (FHL 2005, eq. 8); the bracket, a negative-binomial tail, is summed
 * directly when it is small, so it never cancels, where that takes a few
 * thousand terms (n <= 1000 and t <= alpha (1e5 / (r + 40) - 1)); otherwise it is the
 * regularised incomplete beta function \f$ I_{t/(\alpha+t)}(n, r) \f$ by
 * quadrature. \f$ B(a+1, b+n-1) \f$ is taken relative to \f$ B(a+1, b) \f$,
 * so a tiny b keeps its digits at n = 1. About 1e-13 relative; one call
 * takes under a millisecond.
 *
 * @param[in]  params r, alpha, a, b; each finite and > 0.
 * @param[in]  t      Length of the period, finite and >= 0.
 * @param[in]  n      Number of purchases.
 * @param[out] p      The probability, in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p p is NULL or an input is invalid;
 *         #RT_ECONVERGE if the quadrature would need more than its cap of
 *         panels (as for rt_bgnbd_expected_purchases()).
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_purchase_probability(const double params[4], double t,
                                               uint64_t n, double *p);

/**
 * @brief Expected purchases in (T, T + t] of a customer with history (x, t_x, T).
 *
 * \f[ E[Y(t) \mid x, t_x, T] = \frac{a+b+x-1}{a-1}
 *   \left[1 - \left(\frac{\alpha+T}{\alpha+T+t}\right)^{r+x}
 *   {}_2F_1\!\left(r+x, b+x; a+b+x-1; \frac{t}{\alpha+T+t}\right)\right]
 *   \cdot P(\mathrm{alive} \mid x, t_x, T) \f]
 * (FHL 2005, eq. 10), evaluated like rt_bgnbd_expected_purchases(): the
 * series after Euler's transformation where it is well conditioned (with
 * a + b + x - 1 and r + x in place of a + b - 1 and r, and t / (alpha + T)
 * for t / alpha), else the integral over \f$ p \sim \mathrm{Beta}(a, b+x) \f$;
 * valid for all a, b > 0.
 *
 * @param[in]  params r, alpha, a, b; each finite and > 0.
 * @param[in]  x      Repeat purchases in calibration.
 * @param[in]  t_x    Time of the last purchase (record rules of #rt_rfm).
 * @param[in]  T      Age at the end of calibration, > 0.
 * @param[in]  t      Length of the prediction period, finite and >= 0.
 * @param[out] e      The expected number of purchases.
 * @return #RT_OK; #RT_EINVAL if @p e is NULL or an input is invalid;
 *         #RT_ERANGE if the value overflows a double; #RT_ECONVERGE if the
 *         quadrature would need more than its cap of panels (as for
 *         rt_bgnbd_expected_purchases()).
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_conditional_expected_purchases(const double params[4], uint64_t x,
                                                         double t_x, double T, double t,
                                                         double *e);

/**
 * @brief Probability that a customer with history (x, t_x, T) is still alive at T.
 *
 * \f[ P(\mathrm{alive}) = 1 \Big/ \left(1 + [x>0] \frac{a}{b+x-1}
 *     \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right) \f]
 * (FHL 2005, eq. 11), computed from the logarithm of the second term, so
 * the result is finite and in [0, 1] for any valid history (x in the
 * millions, t_x = 0 or T, tiny or huge T); b + x - 1 is summed as
 * b + (x - 1), so a tiny b keeps its digits at x = 1.
 *
 * @param[in]  params r, alpha, a, b; each finite and > 0.
 * @param[in]  x      Repeat purchases.
 * @param[in]  t_x    Time of the last purchase (record rules of #rt_rfm).
 * @param[in]  T      Age at the end of calibration, > 0.
 * @param[out] p      The probability, in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p p is NULL or an input is invalid.
 * @since 1.0
 */
RT_API rt_status rt_bgnbd_p_alive(const double params[4], uint64_t x, double t_x,
                                  double T, double *p);

/**
 * @brief Fits the Pareto/NBD model by maximum likelihood.
 *
 * While alive a customer buys as a Poisson process of rate
 * \f$ \lambda \sim \mathrm{Gamma}(r, \alpha) \f$ and stays alive for an
 * exponential time of rate \f$ \mu \sim \mathrm{Gamma}(s, \beta) \f$
 * (Schmittlein, Morrison & Colombo 1987). The likelihood of one customer
 * (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and
 * Related Expressions", eq. 22) is
 * \f[ L = \frac{\Gamma(r+x)\,\alpha^r \beta^s}{\Gamma(r)}
 *   \left[\frac{1}{(\alpha+T)^{r+x}(\beta+T)^s} + \frac{s}{r+s+x} A_0\right], \f]
 * \f[ A_0 = \frac{{}_2F_1(r+s+x, s+1; r+s+x+1; \frac{\alpha-\beta}{\alpha+t_x})}{(\alpha+t_x)^{r+s+x}}
 *   - \frac{{}_2F_1(r+s+x, s+1; r+s+x+1; \frac{\alpha-\beta}{\alpha+T})}{(\alpha+T)^{r+s+x}} \f]
 * for \f$ \alpha \ge \beta \f$, and with \f$ \alpha \f$ and \f$ \beta \f$,
 * r + x and s + 1 exchanged otherwise. Each 2F1 is evaluated after Euler's
 * transformation as a series whose terms never grow where its argument is
 * at most 0.9, else as Euler's integral by quadrature (a fit on a few
 * extreme customers takes milliseconds, not the minutes of a series near
 * 1), and A0 as a difference in log space.
 *
 * @param[in]  rfm     The calibration histogram.
 * @param[in]  options Fit options, or NULL for the defaults.
 * @param[out] report  Receives r, alpha, s, beta (in that order) and the fit's details.
 * @return #RT_OK; #RT_ECONVERGE if the search stopped before converging
 *         or the maximum is on the boundary (the report holds its best
 *         point and names the parameters that run off); #RT_EINVAL if @p rfm or
 *         @p report is NULL or an option is invalid; #RT_EVERSION if an
 *         option or report struct sets unknown fields; #RT_EUNDEFINED if
 *         the histogram is empty or nobody made a repeat purchase.
 * @since 1.0
 */
RT_API rt_status rt_pareto_nbd_fit(const rt_rfm *rfm, const rt_fit_options *options,
                                   rt_fit_report *report);

/**
 * @brief The Pareto/NBD log-likelihood of a histogram (formula: rt_pareto_nbd_fit()).
 * @param[in]  params r, alpha, s, beta; each finite and > 0.
 * @param[in]  rfm    The histogram.
 * @param[out] ll     \f$ \sum \mathrm{count} \cdot \ln L \f$.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or a parameter is invalid;
 *         #RT_EUNDEFINED if the histogram is empty; #RT_ECONVERGE if the
 *         quadrature of a 2F1 would need more than its cap of 20,000 panels
 *         each side of its peak (a bound on the time that no input of the
 *         stress test, parameters 1e-4 to 1e4, comes near).
 * @since 1.0
 */
RT_API rt_status rt_pareto_nbd_log_likelihood(const double params[4], const rt_rfm *rfm,
                                              double *ll);

/**
 * @brief Pareto/NBD expected purchases of a new customer in (0, t].
 *
 * \f$ E[X(t)] = \frac{r\beta}{\alpha(s-1)}\left[1 - \left(\frac{\beta}{\beta+t}\right)^{s-1}\right] \f$,
 * and \f$ \frac{r\beta}{\alpha} \ln\frac{\beta+t}{\beta} \f$ at s = 1 (Fader & Hardie 2005 note, eq. 17).
 *
 * @param[in]  params r, alpha, s, beta; each finite and > 0.
 * @param[in]  t      Length of the period, finite and >= 0.
 * @param[out] e      The expected number of purchases.
 * @return #RT_OK; #RT_EINVAL if @p e is NULL or an input is invalid.
 * @since 1.0
 */
RT_API rt_status rt_pareto_nbd_expected_purchases(const double params[4], double t, double *e);

/**
 * @brief Pareto/NBD probability that a customer with history (x, t_x, T) is alive at T.
 *
 * \f$ P(\mathrm{alive}) = 1 \big/ \left(1 + \frac{s}{r+s+x} (\alpha+T)^{r+x} (\beta+T)^s A_0\right) \f$
 * (Fader & Hardie 2005 note, eq. 18; A0 as in rt_pareto_nbd_fit()), from
 * the logarithm of the odds, so it stays finite and in [0, 1].
 *
 * @param[in]  params r, alpha, s, beta; each finite and > 0.
 * @param[in]  x      Repeat purchases.
 * @param[in]  t_x    Time of the last purchase (record rules of #rt_rfm).
 * @param[in]  T      Age at the end of calibration, > 0.
 * @param[out] p      The probability, in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p p is NULL or an input is invalid;
 *         #RT_ECONVERGE as for rt_pareto_nbd_log_likelihood().
 * @since 1.0
 */
RT_API rt_status rt_pareto_nbd_p_alive(const double params[4], uint64_t x, double t_x,
                                       double T, double *p);

/**
 * @brief Pareto/NBD expected purchases in (T, T + t] given the history (x, t_x, T).
 *
 * \f[ E[Y(t) \mid x, t_x, T] = \frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}
 *   \left[1 - \left(\frac{\beta+T}{\beta+T+t}\right)^{s-1}\right] P(\mathrm{alive}) \f]
 * (Fader & Hardie 2005 note, eq. 19), with the logarithmic limit at s = 1.
 *
 * @param[in]  params r, alpha, s, beta; each finite and > 0.
 * @param[in]  x      Repeat purchases in calibration.
 * @param[in]  t_x    Time of the last purchase (record rules of #rt_rfm).
 * @param[in]  T      Age at the end of calibration, > 0.
 * @param[in]  t      Length of the prediction period, finite and >= 0.
 * @param[out] e      The expected number of purchases.
 * @return #RT_OK; #RT_EINVAL if @p e is NULL or an input is invalid;
 *         #RT_ECONVERGE as for rt_pareto_nbd_log_likelihood().
 * @since 1.0
 */
RT_API rt_status rt_pareto_nbd_conditional_expected_purchases(const double params[4],
                                                              uint64_t x, double t_x,
                                                              double T, double t, double *e);

/**
 * @brief Fits the Gamma-Gamma spend model by maximum likelihood.
 *
 * A customer's transaction values are Gamma(p, nu) with
 * \f$ \nu \sim \mathrm{Gamma}(q, \gamma) \f$ (Fader, Hardie & Lee 2005, "RFM
 * and CLV"; Colombo & Jiang 1999). The density of the mean \f$ \bar z \f$
 * of x transactions is
 * \f[ f(\bar z) = \frac{\Gamma(px+q)}{\Gamma(px)\,\Gamma(q)}
 *     \frac{\gamma^q\, x^{px}\, \bar z^{px-1}}{(\gamma + x\bar z)^{px+q}}. \f]
 * Customers with x = 0 carry no spend information and are ignored (their
 * mean spend must still be finite and >= 0).
 *
 * @param[in]  x          Repeat transactions of each customer (count values).
 * @param[in]  mean_spend Mean value of those transactions (count values);
 *                        > 0 where x > 0.
 * @param[in]  count      Number of customers.
 * @param[in]  options    Fit options, or NULL for the defaults.
 * @param[out] report     Receives p, q, gamma and the fit's details.
 * @return #RT_OK; #RT_ECONVERGE if the search stopped before converging
 *         or the maximum is on the boundary (the report holds its best
 *         point and names the parameters that run off); #RT_EINVAL if a pointer is
 *         NULL, a spend is NaN, infinite, negative, or 0 with x > 0, or an
 *         option is invalid; #RT_EVERSION if a struct sets unknown fields;
 *         #RT_EUNDEFINED if no customer has x > 0.
 * @since 1.0
 */
RT_API rt_status rt_gamma_gamma_fit(const uint64_t *x, const double *mean_spend, size_t count,
                                    const rt_fit_options *options, rt_fit_report *report);

/**
 * @brief The Gamma-Gamma log-likelihood (formula: rt_gamma_gamma_fit()).
 * @param[in]  params     p, q, gamma; each finite and > 0.
 * @param[in]  x          Repeat transactions of each customer (count values).
 * @param[in]  mean_spend Mean transaction value of each customer (count values).
 * @param[in]  count      Number of customers.
 * @param[out] ll         Sum of \f$ \ln f(\bar z) \f$ over customers with x > 0.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or an input is invalid;
 *         #RT_EUNDEFINED if no customer has x > 0.
 * @since 1.0
 */
RT_API rt_status rt_gamma_gamma_log_likelihood(const double params[3], const uint64_t *x,
                                               const double *mean_spend, size_t count,
                                               double *ll);

/**
 * @brief Expected mean transaction value of a customer.
 *
 * \f[ E[Z \mid p, q, \gamma, \bar z, x] = \frac{p(\gamma + x\bar z)}{px + q - 1}
 *   = \frac{q-1}{px+q-1}\,\frac{p\gamma}{q-1} + \frac{px}{px+q-1}\,\bar z, \f]
 * a weighted mean of the population mean \f$ p\gamma/(q-1) \f$ and the
 * customer's own mean. For x = 0 it is the population mean and
 * @p mean_spend is ignored (it must still be finite and >= 0).
 *
 * @param[in]  params     p, q, gamma; each finite and > 0.
 * @param[in]  x          The customer's repeat transactions.
 * @param[in]  mean_spend Their mean value, finite and >= 0.
 * @param[out] e          The expected spend per transaction.
 * @return #RT_OK; #RT_EINVAL if @p e is NULL or an input is invalid;
 *         #RT_EUNDEFINED if q <= 1 (the population mean spend is infinite).
 * @since 1.0
 */
RT_API rt_status rt_gamma_gamma_expected_spend(const double params[3], uint64_t x,
                                               double mean_spend, double *e);

/**
 * @brief Fits the shifted-beta-geometric model to cohorts' survivor counts.
 *
 * Each customer churns at the end of each period with probability
 * \f$ \theta \sim \mathrm{Beta}(\alpha, \beta) \f$ (Fader & Hardie 2007,
 * "How to project customer retention"), so
 * \f$ P(T = t) = B(\alpha+1, \beta+t-1)/B(\alpha,\beta) \f$ and
 * \f$ S(t) = B(\alpha, \beta+t)/B(\alpha,\beta) \f$. A cohort observed at
 * the start of periods 0..L-1 with \f$ n_0 \ge \dots \ge n_{L-1} \f$
 * customers alive contributes
 * \f$ \sum_{t=1}^{L-1} (n_{t-1} - n_t) \ln P(T=t) + n_{L-1} \ln S(L-1) \f$.
 *
 * @param[in]  survivors The cohorts' counts one after the other: for each
 *                       cohort, the customers alive at the start of periods
 *                       0..len-1, non-increasing, the first > 0.
 * @param[in]  lengths   Number of counts of each cohort (n_cohorts values, each >= 1).
 * @param[in]  n_cohorts Number of cohorts, > 0.
 * @param[in]  options   Fit options, or NULL for the defaults.
 * @param[out] report    Receives alpha, beta and the fit's details.
 * @return #RT_OK; #RT_ECONVERGE if the search stopped before converging
 *         or the maximum is on the boundary (the report holds its best
 *         point and names the parameters that run off); #RT_EINVAL if a pointer is
 *         NULL, a cohort is empty or its counts are zero at the start or
 *         increase, or an option is invalid; #RT_EVERSION if a struct sets
 *         unknown fields; #RT_EUNDEFINED if the data cannot identify both
 *         parameters (nobody churned, or no cohort spans 3 or more periods).
 * @since 1.0
 */
RT_API rt_status rt_sbg_fit(const uint64_t *survivors, const size_t *lengths,
                            size_t n_cohorts, const rt_fit_options *options,
                            rt_fit_report *report);

/**
 * @brief The sBG log-likelihood of cohorts' survivor counts (formula: rt_sbg_fit()).
 * @param[in]  params    alpha, beta; each finite and > 0.
 * @param[in]  survivors Counts, laid out as for rt_sbg_fit().
 * @param[in]  lengths   Number of counts of each cohort.
 * @param[in]  n_cohorts Number of cohorts, > 0.
 * @param[out] ll        The log-likelihood.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or an input is invalid.
 * @since 1.0
 */
RT_API rt_status rt_sbg_log_likelihood(const double params[2], const uint64_t *survivors,
                                       const size_t *lengths, size_t n_cohorts, double *ll);

/**
 * @brief sBG survival: the share of a cohort still a customer after t periods.
 *
 * \f$ S(t) = B(\alpha, \beta+t) / B(\alpha, \beta) = \prod_{i=1}^{t} r(i) \f$,
 * the ratio of gamma functions taken whole: about 1e-15 relative up to
 * t = 2^32 - 1 (a difference of ln B values would lose 1e-5 there).
 *
 * @param[in]  params alpha, beta; each finite and > 0.
 * @param[in]  t      Periods, t >= 0 (S(0) = 1).
 * @param[out] s      The survival probability, in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p s is NULL or a parameter is invalid.
 * @since 1.0
 */
RT_API rt_status rt_sbg_survival(const double params[2], uint32_t t, double *s);

/**
 * @brief sBG retention rate of period t: \f$ r(t) = S(t)/S(t-1) = (\beta + t - 1)/(\alpha + \beta + t - 1) \f$.
 * @param[in]  params alpha, beta; each finite and > 0.
 * @param[in]  t      Period, t >= 1.
 * @param[out] r      The retention rate, in (0, 1).
 * @return #RT_OK; #RT_EINVAL if @p r is NULL, a parameter is invalid or t = 0.
 * @since 1.0
 */
RT_API rt_status rt_sbg_retention_rate(const double params[2], uint32_t t, double *r);

/**
 * @brief sBG discounted expected residual lifetime (DERL).
 *
 * For a customer who has made @p renewals = n renewals and now faces the
 * next renewal decision (Fader & Hardie 2010, "Customer-Base Valuation in
 * a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing
 * Science 29(1), eq. 6 with n - 1 renewals there = n here):
 * \f[ \mathrm{DERL}(d \mid \alpha, \beta, n) = \sum_{k=0}^{\infty}
 *     \frac{S(n+1+k)}{S(n)} \frac{1}{(1+d)^k}
 *   = \frac{\beta+n}{\alpha+\beta+n}\;
 *     {}_2F_1\!\left(1, \beta+n+1; \alpha+\beta+n+1; \frac{1}{1+d}\right), \f]
 * the expected number of future payments (the next one undiscounted, each
 * later one discounted by one more period). Multiply by the payment per
 * period for a residual lifetime value.
 *
 * @param[in]  params   alpha, beta; each finite and > 0.
 * @param[in]  discount Discount rate per period, d > 0 and finite.
 * @param[in]  renewals Renewals already made, n.
 * @param[out] derl     The discounted expected residual lifetime, in periods.
 * The 2F1 is its series for d >= 1/9 and Euler's integral by quadrature
 * for smaller d, so a tiny d costs no more than a large one.
 *
 * @return #RT_OK; #RT_EINVAL if @p derl is NULL or an input is invalid;
 *         #RT_ERANGE if DERL overflows a double (d near the smallest
 *         double); #RT_ECONVERGE if the quadrature would need more than its
 *         cap of panels (as for rt_pareto_nbd_log_likelihood()).
 * @since 1.0
 */
RT_API rt_status rt_sbg_derl(const double params[2], double discount, uint32_t renewals,
                             double *derl);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_CLV_H */
