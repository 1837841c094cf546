/**
 * @file retention/formulas.h
 * @brief Stateless retention formulas: churn, retention, stickiness, simple CLV.
 */
#ifndef RETENTION_FORMULAS_H
#define RETENTION_FORMULAS_H

#include <stdint.h>

#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup formulas Retention formulas
 * @brief The arithmetic of retention, one function per textbook formula.
 *
 * These functions need no handle and allocate nothing; they may be called
 * from any thread. Counts are @c uint64_t; rates and money are @c double.
 * Every function validates its inputs: NaN, infinities, negative money and
 * probabilities outside [0, 1] give #RT_EINVAL, a zero denominator gives
 * #RT_EUNDEFINED, and the output is written only on #RT_OK.
 * rt_last_error_message() then says which argument was wrong.
 *
 * Rates are fractions (0.78), not percentages (78).
 * @{
 */

/**
 * @brief Churn rate: the share of the customers at the start who were lost.
 *
 * \f$ \mathrm{churn} = L / S \f$, where @p lost (L) counts customers present
 * at the start of the period and gone by its end. Customers acquired inside
 * the period are not in either count.
 *
 * @param[in]  lost     Customers lost during the period, L <= S.
 * @param[in]  at_start Customers at the start of the period, S.
 * @param[out] rate     The churn rate in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p rate is NULL or L > S; #RT_EUNDEFINED
 *         if S = 0.
 * @since 1.0
 */
RT_API rt_status rt_churn_rate(uint64_t lost, uint64_t at_start, double *rate);

/**
 * @brief Customer retention rate, CRR = (E - N) / S.
 *
 * \f$ \mathrm{CRR} = (E - N) / S \f$ with S customers at the start of the
 * period, E at its end and N acquired during it. Example: S = 50,000,
 * N = 1,000, E = 40,000 gives 39,000 / 50,000 = 0.78. (A widely copied
 * article subtracts N from S instead, E / (S - N) = 40,000 / 49,000, and
 * prints 81 %; this function implements the formula as stated.)
 *
 * @param[in]  at_start Customers at the start, S.
 * @param[in]  at_end   Customers at the end, E.
 * @param[in]  acquired Customers acquired during the period, N.
 * @param[out] rate     The retention rate in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p rate is NULL, N > E (more customers
 *         acquired than present at the end: new customers also left, and
 *         E - N no longer counts survivors), or E - N > S (more survivors
 *         than customers at the start); #RT_EUNDEFINED if S = 0.
 * @since 1.0
 */
RT_API rt_status rt_retention_rate(uint64_t at_start, uint64_t at_end,
                                   uint64_t acquired, double *rate);

/**
 * @brief Repeat-purchase retention: the share of earlier buyers who bought again.
 *
 * Of the @p existing customers who had bought before the period began, the
 * share who bought again inside it: \f$ R / X \f$. Customers whose first
 * purchase falls inside the period are not counted in either number.
 * Example: 2,000 existing, 900 returned gives 0.45.
 *
 * @param[in]  existing Customers who had bought before the period, X.
 * @param[in]  returned Of those, the ones who bought inside the period, R <= X.
 * @param[out] rate     The repeat-purchase rate in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p rate is NULL or R > X; #RT_EUNDEFINED if
 *         X = 0.
 * @since 1.0
 */
RT_API rt_status rt_repeat_purchase_rate(uint64_t existing, uint64_t returned,
                                         double *rate);

/**
 * @brief Stickiness, DAU / MAU.
 *
 * The daily active customers divided by the monthly active customers of the
 * window that contains that day; 1 means every monthly customer comes daily.
 *
 * @param[in]  dau   Distinct customers active on the day.
 * @param[in]  mau   Distinct customers active in the window ending on that day.
 * @param[out] ratio DAU / MAU in [0, 1].
 * @return #RT_OK; #RT_EINVAL if @p ratio is NULL or DAU > MAU (the day is part
 *         of its own window); #RT_EUNDEFINED if MAU = 0.
 * @since 1.0
 */
RT_API rt_status rt_stickiness(uint64_t dau, uint64_t mau, double *ratio);

/**
 * @brief Viral coefficient K = invitations per customer x conversion rate.
 *
 * \f$ K = i \cdot c \f$: the new customers each customer brings. K > 1 means
 * the base grows by referral alone.
 *
 * @param[in]  invites_per_customer Mean invitations sent per customer, i >= 0.
 * @param[in]  conversion_rate      Share of invitations that become customers, c in [0, 1].
 * @param[out] k                    The viral coefficient.
 * @return #RT_OK; #RT_EINVAL if @p k is NULL or an input is NaN, infinite or
 *         out of its range.
 * @since 1.0
 */
RT_API rt_status rt_viral_coefficient(double invites_per_customer,
                                      double conversion_rate, double *k);

/**
 * @brief Expected customer lifetime in periods, 1 / churn.
 *
 * With a constant per-period churn rate c, the number of periods a customer
 * stays, counting the period in which they leave, is geometric with mean
 * \f$ 1 / c \f$.
 *
 * @param[in]  churn_rate Churn per period, c in [0, 1].
 * @param[out] periods    Expected lifetime in periods, >= 1.
 * @return #RT_OK; #RT_EINVAL if @p periods is NULL or c is NaN or outside
 *         [0, 1]; #RT_EUNDEFINED if c = 0 (customers never leave).
 * @since 1.0
 */
RT_API rt_status rt_expected_lifetime(double churn_rate, double *periods);

/**
 * @brief Simple customer lifetime value, infinite horizon.
 *
 * \f$ \mathrm{CLV} = m \cdot r / (1 + d - r) \f$ (Gupta & Lehmann 2003):
 * a customer yields margin m at the end of each period they survive, survives
 * each period with probability r, and money is discounted at rate d per
 * period. It is the limit of rt_clv_finite() as the horizon grows.
 *
 * @param[in]  margin    Margin per period, m >= 0 (money).
 * @param[in]  retention Retention rate per period, r in [0, 1].
 * @param[in]  discount  Discount rate per period, d >= 0.
 * @param[out] clv       The lifetime value, in the currency of @p margin.
 * @return #RT_OK; #RT_EINVAL if @p clv is NULL or an input is NaN, infinite
 *         or out of range; #RT_EUNDEFINED if r = 1 and d = 0 (the value is
 *         infinite).
 * @since 1.0
 */
RT_API rt_status rt_clv_simple(double margin, double retention, double discount,
                               double *clv);

/**
 * @brief Simple customer lifetime value over a finite horizon.
 *
 * \f$ \mathrm{CLV}_T = \sum_{t=1}^{T} m \, q^t \f$ with
 * \f$ q = r / (1 + d) \f$, computed in closed form
 * \f$ m \, q (1 - q^T) / (1 - q) \f$ (or \f$ m T \f$ when q = 1): the same
 * customer as rt_clv_simple(), followed for T periods only.
 *
 * @param[in]  margin    Margin per period, m >= 0 (money).
 * @param[in]  retention Retention rate per period, r in [0, 1].
 * @param[in]  discount  Discount rate per period, d >= 0.
 * @param[in]  periods   Horizon T in periods; 0 gives 0.
 * @param[out] clv       The lifetime value over the horizon.
 * @return #RT_OK; #RT_EINVAL if @p clv is NULL or an input is NaN, infinite
 *         or out of range.
 * @since 1.0
 */
RT_API rt_status rt_clv_finite(double margin, double retention, double discount,
                               uint32_t periods, double *clv);

/**
 * @brief Subscription (SaaS) lifetime value, ARPA x gross margin / churn.
 *
 * \f$ \mathrm{LTV} = a \cdot g / c \f$: revenue per account per period a,
 * gross margin g as a fraction, churn c per period. This undiscounted form
 * is the one SaaS dashboards quote.
 *
 * @param[in]  arpa         Average revenue per account per period, a >= 0 (money).
 * @param[in]  gross_margin Gross margin, g in [0, 1].
 * @param[in]  churn_rate   Churn per period, c in [0, 1].
 * @param[out] clv          The lifetime value.
 * @return #RT_OK; #RT_EINVAL if @p clv is NULL or an input is NaN, infinite
 *         or out of range; #RT_EUNDEFINED if c = 0.
 * @since 1.0
 */
RT_API rt_status rt_clv_saas(double arpa, double gross_margin, double churn_rate,
                             double *clv);

/**
 * @brief How much a change of retention multiplies the simple CLV.
 *
 * The ratio \f$ \mathrm{CLV}(r_1) / \mathrm{CLV}(r_0) \f$ of rt_clv_simple()
 * values, \f$ \frac{r_1 (1 + d - r_0)}{r_0 (1 + d - r_1)} \f$; the margin
 * cancels. It is the lever behind "5 % more retention, 25-95 % more profit":
 * from r = 0.80 to 0.85 at d = 0.10 the ratio is 1.275 (+27.5 %).
 *
 * @param[in]  retention_before Retention per period before the change, r0 in (0, 1].
 * @param[in]  retention_after  Retention per period after the change, r1 in [0, 1].
 * @param[in]  discount         Discount rate per period, d >= 0.
 * @param[out] ratio            CLV after / CLV before.
 * @return #RT_OK; #RT_EINVAL if @p ratio is NULL or an input is NaN,
 *         infinite or out of range; #RT_EUNDEFINED if r0 = 0 (CLV before is
 *         zero) or a CLV is infinite (r = 1 with d = 0).
 * @since 1.0
 */
RT_API rt_status rt_clv_retention_lift(double retention_before,
                                       double retention_after, double discount,
                                       double *ratio);

/**
 * @brief Expected worth of offering a customer a retention incentive.
 *
 * \f$ W = p \cdot \mathrm{CLV} - k \f$: with probability p the offer keeps a
 * customer who would otherwise leave and whose value is CLV; the offer costs
 * k. Give the incentive only where W > 0. The result may be negative.
 *
 * @param[in]  p_save     Probability that the offer saves the customer, p in [0, 1].
 * @param[in]  clv        Value of the saved customer, >= 0 (money).
 * @param[in]  offer_cost Cost of the offer, k >= 0 (money).
 * @param[out] worth      The expected net worth of making the offer.
 * @return #RT_OK; #RT_EINVAL if @p worth is NULL or an input is NaN, infinite
 *         or out of range.
 * @since 1.0
 */
RT_API rt_status rt_offer_worth(double p_save, double clv, double offer_cost,
                                double *worth);

/**
 * @brief The highest cost at which a retention offer still pays, p x CLV.
 *
 * The cost k at which rt_offer_worth() is zero: \f$ k^* = p \cdot \mathrm{CLV} \f$.
 *
 * @param[in]  p_save Probability that the offer saves the customer, p in [0, 1].
 * @param[in]  clv    Value of the saved customer, >= 0 (money).
 * @param[out] cost   The break-even cost of the offer.
 * @return #RT_OK; #RT_EINVAL if @p cost is NULL or an input is NaN, infinite
 *         or out of range.
 * @since 1.0
 */
RT_API rt_status rt_offer_break_even_cost(double p_save, double clv, double *cost);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_FORMULAS_H */
