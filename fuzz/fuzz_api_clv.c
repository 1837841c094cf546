/* Operations on RFM histograms and the lifetime-value models: summaries of
 * the cohorts (ALL's equal to EVEN's merged with ODD's), rows added all or
 * nothing, and fits with random options whose reports and predictions must
 * be numbers in their documented ranges. */
#include <math.h>
#include <stdint.h>

#include <retention.h>

#include "fuzz_api.h"
#include "fuzz_api_values.h"
#include "fuzz_check.h"

/* Fits stay short: the iterations a fit may take, and the rows and
 * customers it may see. The Pareto/NBD fit took seconds on small
 * histograms of extreme rows: 24-43 s before issue 16, and 36 s on one
 * found here (corpus/api/pareto-fit-slow: r driven to 2e9, where each 2F1
 * went through a quadrature of a peak 1/c wide; the series serves there
 * now). Fitted. */
#define FIT_PARETO_NBD 1
enum { MAX_FIT_ITERATIONS = 60, MAX_PARETO_ITERATIONS = 3, MAX_FIT_ROWS = 256,
       MAX_PREDICTED_ROWS = 16, MAX_SPEND_CUSTOMERS = 32, MAX_SBG_COHORTS = 4,
       MAX_SBG_LENGTH = 8 };

static double fuzz_parameter(fuzz_input *in);

typedef struct rfm_totals {
    uint64_t customers;
    size_t rows;
    double x, t_x, T;                /* sums weighted by the row counts */
} rfm_totals;

/* Reads every row, checking the record rules of rt_rfm. */
static rfm_totals totals_of(const rt_rfm *rfm)
{
    rfm_totals t = {.rows = rt_rfm_row_count(rfm)};
    uint64_t x, count;
    double t_x, T;
    for (size_t i = 0; i < t.rows; i++) {
        FUZZ_CHECK(rt_rfm_row(rfm, i, &x, &t_x, &T, &count) == RT_OK);
        FUZZ_CHECK(count > 0 && T > 0.0 && isfinite(T) && t_x >= 0.0 && t_x <= T);
        FUZZ_CHECK(x > 0 || t_x == 0.0);
        t.customers += count;
        t.x += (double)count * (double)x;
        t.t_x += (double)count * t_x;
        t.T += (double)count * T;
    }
    FUZZ_CHECK(t.customers == rt_rfm_customer_count(rfm));
    fuzz_check_documented(rt_rfm_row(rfm, t.rows, &x, &t_x, &T, &count), FUZZ_ST(RT_EINVAL));
    return t;
}

static int totals_equal(const rfm_totals *a, const rfm_totals *b)
{
    return a->customers == b->customers && a->rows == b->rows && a->x == b->x &&
           a->t_x == b->t_x && a->T == b->T;
}

static void draw_rfm_options(api_state *s, rt_rfm_summary_options *o)
{
    int32_t first = BASE_DAY, last = BASE_DAY + SPAN_DAYS;
    rt_cohort_day_range(s->cohort[ALL], &first, &last);
    FUZZ_CHECK(rt_rfm_summary_options_init(o, sizeof *o) == RT_OK);
    o->calibration_end_day = fuzz_day_near(&s->in, first, last);
    uint8_t pick = fuzz_u8(&s->in);
    if (pick & 1) {
        o->use_holdout = 1;
        o->holdout_end_day = o->calibration_end_day + (int32_t)fuzz_below(&s->in, 64) - 4;
    }
    o->skip_zero_age = (pick >> 1) & 1;
    static const double units[4] = {7.0, 1.0, 30.4375, 0.5};
    o->unit_days = pick & 4 ? fuzz_positive(&s->in) : units[(pick >> 3) & 3];
}

enum {
    SUMMARY_STATUSES = FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) |
                       FUZZ_ST(RT_EVERSION) | FUZZ_ST(RT_EUNDEFINED) | FUZZ_ST(RT_ENOMEM),
};

/* The summary of ALL, and of the parts merged, into fresh histograms;
 * then ALL's is merged into the state's histogram. */
void op_rfm_summary(api_state *s)
{
    rt_rfm_summary_options o;
    draw_rfm_options(s, &o);
    rt_rfm *fresh[COHORTS];
    for (int k = 0; k < COHORTS; k++)
        FUZZ_CHECK(rt_rfm_new(NULL, &fresh[k]) == RT_OK);
    rt_status st = rt_cohort_rfm(s->cohort[ALL], &o, fresh[ALL]);
    fuzz_check_documented(st, SUMMARY_STATUSES);
    rfm_totals all = totals_of(fresh[ALL]);
    if (st != RT_OK) {
        FUZZ_CHECK(all.rows == 0);  /* nothing added */
    } else {
        FUZZ_CHECK(rt_cohort_rfm(s->cohort[EVEN], &o, fresh[EVEN]) == RT_OK);
        FUZZ_CHECK(rt_cohort_rfm(s->cohort[ODD], &o, fresh[ODD]) == RT_OK);
        FUZZ_CHECK(rt_rfm_merge(fresh[EVEN], fresh[ODD]) == RT_OK);
        rfm_totals parts = totals_of(fresh[EVEN]);
        FUZZ_CHECK(parts.customers == all.customers && fuzz_close(parts.x, all.x, 1e-9) &&
                   fuzz_close(parts.t_x, all.t_x, 1e-9) && fuzz_close(parts.T, all.T, 1e-9));
        rfm_totals before = totals_of(s->rfm);
        st = rt_rfm_merge(s->rfm, fresh[ALL]);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
        rfm_totals after = totals_of(s->rfm);
        if (st != RT_OK)
            FUZZ_CHECK(totals_equal(&before, &after));
        else
            FUZZ_CHECK(after.customers == before.customers + all.customers);
    }
    for (int k = 0; k < COHORTS; k++)
        rt_rfm_free(fresh[k]);
}

/* A time for a record: mostly a few units, sometimes anything. */
static double fuzz_unit_time(fuzz_input *in)
{
    uint8_t pick = fuzz_u8(in);
    return pick < 192 ? pick * 0.25 : fuzz_positive(in);
}

static uint64_t fuzz_repeats(fuzz_input *in)
{
    uint8_t pick = fuzz_u8(in);
    return pick < 240 ? pick % 12 : pick == 255 ? UINT64_MAX : fuzz_u64(in);
}

/* Rows added one call at a time and in bulk, all or nothing. */
void op_rfm_add(api_state *s)
{
    uint64_t x[MAX_BATCH];
    double t_x[MAX_BATCH], T[MAX_BATCH];
    size_t n = take_batch(s) % 17;
    for (size_t i = 0; i < n; i++) {
        x[i] = fuzz_repeats(&s->in);
        T[i] = fuzz_unit_time(&s->in);
        t_x[i] = x[i] == 0 && fuzz_u8(&s->in) < 200 ? 0.0 : fuzz_unit_time(&s->in);
    }
    rfm_totals before = totals_of(s->rfm);
    size_t bad = SIZE_MAX;
    rt_status st = rt_rfm_add_many(s->rfm, x, t_x, T, n, &bad);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
    rfm_totals after = totals_of(s->rfm);
    if (st != RT_OK) {
        FUZZ_CHECK(totals_equal(&before, &after));
        FUZZ_CHECK(bad == SIZE_MAX || bad < n);
    } else {
        FUZZ_CHECK(after.customers == before.customers + n && after.rows <= before.rows + n);
    }
    uint64_t count = fuzz_u8(&s->in) == 255 ? UINT64_MAX : fuzz_u8(&s->in);
    before = after;
    st = rt_rfm_add(s->rfm, fuzz_repeats(&s->in), fuzz_unit_time(&s->in),
                    fuzz_unit_time(&s->in), count);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
    after = totals_of(s->rfm);
    if (st != RT_OK)
        FUZZ_CHECK(totals_equal(&before, &after));
    else
        FUZZ_CHECK(after.customers == before.customers + count);
}

static void draw_fit_options(fuzz_input *in, rt_fit_options *o, uint32_t max_iterations,
                             size_t n_params)
{
    FUZZ_CHECK(rt_fit_options_init(o, sizeof *o) == RT_OK);
    uint8_t pick = fuzz_u8(in);
    o->max_iterations = fuzz_below(in, max_iterations + 1);  /* 0 is refused */
    static const double tolerances[4] = {1e-9, 1e-4, 1e-14, 0.0};
    o->tolerance = pick & 1 ? fuzz_positive(in) : tolerances[(pick >> 1) & 3];
    o->compute_std_errors = (pick >> 3) & 1;
    o->use_start = (pick >> 4) & 1;
    for (size_t i = 0; o->use_start && i < n_params; i++)
        o->start[i] = fuzz_parameter(in);
}

enum {
    FIT_STATUSES = FUZZ_ST(RT_OK) | FUZZ_ST(RT_ECONVERGE) | FUZZ_ST(RT_EINVAL) |
                   FUZZ_ST(RT_EVERSION) | FUZZ_ST(RT_EUNDEFINED),
    /* rt_bgnbd_fit() also allocates its working table. */
    BGNBD_FIT_STATUSES = FIT_STATUSES | FUZZ_ST(RT_ENOMEM),
};

/* A report with a point: finite positive parameters, a finite likelihood,
 * standard errors that are numbers, iterations within the options. */
static void check_report(rt_status st, const rt_fit_options *o, const rt_fit_report *r,
                         size_t n_params)
{
    FUZZ_CHECK(r->n_params == n_params);
    FUZZ_CHECK(r->iterations <= o->max_iterations);
    FUZZ_CHECK(r->converged == (st == RT_OK));
    /* -inf when a start point given by the caller has no likelihood and the
     * search could not leave it (then RT_ECONVERGE); never NaN or +inf. */
    FUZZ_CHECK(!isnan(r->log_likelihood) && r->log_likelihood < (double)INFINITY);
    FUZZ_CHECK(isfinite(r->log_likelihood) || st == RT_ECONVERGE);
    for (size_t i = 0; i < n_params; i++) {
        FUZZ_CHECK(isfinite(r->params[i]) && r->params[i] > 0.0);
        FUZZ_CHECK(r->std_errors[i] >= 0.0 && (o->compute_std_errors || r->std_errors[i] == 0.0));
    }
}

/* A fit and its likelihood function, over data of their own shape. */
typedef rt_status (*fit_fn)(const void *data, const rt_fit_options *o, rt_fit_report *r);
typedef rt_status (*likelihood_fn)(const double *params, const void *data, double *ll);

/* Fits, checks the status and the report, and that the report's
 * likelihood is the model's at the report's point; returns the status. */
static rt_status fit_checked(const void *data, fit_fn fit, likelihood_fn likelihood,
                             unsigned documented, const rt_fit_options *o, size_t n_params,
                             rt_fit_report *r)
{
    FUZZ_CHECK(rt_fit_report_init(r, sizeof *r) == RT_OK);
    rt_status st = fit(data, o, r);
    fuzz_check_documented(st, documented);
    if (st != RT_OK && st != RT_ECONVERGE)
        return st;
    check_report(st, o, r, n_params);
    if (isfinite(r->log_likelihood)) {
        double ll = (double)NAN;
        FUZZ_CHECK(likelihood(r->params, data, &ll) == RT_OK);
        FUZZ_CHECK(fuzz_close(ll, r->log_likelihood, 1e-9));
    }
    return st;
}

static rt_status fit_bgnbd(const void *rfm, const rt_fit_options *o, rt_fit_report *r)
{
    return rt_bgnbd_fit(rfm, o, r);
}

static rt_status likelihood_bgnbd(const double *params, const void *rfm, double *ll)
{
    return rt_bgnbd_log_likelihood(params, rfm, ll);
}

static rt_status fit_pareto_nbd(const void *rfm, const rt_fit_options *o, rt_fit_report *r)
{
    return rt_pareto_nbd_fit(rfm, o, r);
}

static rt_status likelihood_pareto_nbd(const double *params, const void *rfm, double *ll)
{
    return rt_pareto_nbd_log_likelihood(params, rfm, ll);
}

/* Rows read back for the predictions. */
typedef struct rfm_rows {
    size_t count;
    uint64_t x[MAX_PREDICTED_ROWS];
    double t_x[MAX_PREDICTED_ROWS], T[MAX_PREDICTED_ROWS];
} rfm_rows;

static rfm_rows some_rows(const rt_rfm *rfm)
{
    rfm_rows r = {.count = rt_rfm_row_count(rfm)};
    r.count = r.count < MAX_PREDICTED_ROWS ? r.count : MAX_PREDICTED_ROWS;
    uint64_t count;
    for (size_t i = 0; i < r.count; i++)
        FUZZ_CHECK(rt_rfm_row(rfm, i, &r.x[i], &r.t_x[i], &r.T[i], &count) == RT_OK);
    return r;
}

/* A model parameter: valid or not, but within [MIN_MODEL_PARAMETER,
 * MAX_MODEL_PARAMETER] when it is positive and finite. */
static double fuzz_parameter(fuzz_input *in)
{
    double p = fuzz_positive(in);
    if (!(p > 0.0) || !isfinite(p))
        return p;
    return fmin(fmax(p, MIN_MODEL_PARAMETER), MAX_MODEL_PARAMETER);
}

/* Parameters: the fit's, or drawn (valid or not) when there is none. */
static void model_params(fuzz_input *in, rt_status fit, const rt_fit_report *r, double p[4])
{
    for (int i = 0; i < 4; i++)
        p[i] = fit == RT_OK || fit == RT_ECONVERGE ? r->params[i] : fuzz_parameter(in);
}

static void check_bgnbd_predictions(const double p[4], const rfm_rows *rows)
{
    /* As documented: RT_ERANGE when the expectation overflows a double. */
    const unsigned conditional = FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) |
                                 FUZZ_ST(RT_ECONVERGE);
    double v = -1, previous = 0;
    for (size_t i = 0; i < rows->count; i++) {
        rt_status st = rt_bgnbd_p_alive(p, rows->x[i], rows->t_x[i], rows->T[i], &v);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL));
        FUZZ_CHECK(st != RT_OK || fuzz_is_rate(v));
        if (!(p[1] + rows->T[i] >= 10.0 * MIN_SERIES_SCALE))
            continue;
        st = rt_bgnbd_conditional_expected_purchases(p, rows->x[i], rows->t_x[i], rows->T[i],
                                                     10.0, &v);
        fuzz_check_documented(st, conditional);
        FUZZ_CHECK(st != RT_OK || (isfinite(v) && v >= 0.0));
    }
    if (!(p[1] >= 100.0 * MIN_SERIES_SCALE))
        return;
    static const double ts[4] = {0.0, 1.0, 10.0, 100.0};
    int trusted = p[2] + p[3] - 1.0 - p[0] >= 0.0 && p[2] <= BGNBD_SERIES_MAX_A &&
                  fmax(fmax(p[0], p[1]), p[3]) <= MAX_MODEL_PARAMETER;
    for (int i = 0; i < 4 && (CHECK_BGNBD_SERIES_EVERYWHERE || trusted); i++) {
        rt_status st = rt_bgnbd_expected_purchases(p, ts[i], &v);
        fuzz_check_documented(st, conditional);
        if (st != RT_OK)
            break;
        FUZZ_CHECK(isfinite(v) && v >= previous - 1e-9 * fmax(1.0, previous));
        /* No more than a customer who never drops out: r t / alpha, up to
         * the rounding of the closed form, a difference scaled by
         * (a + b - 1) / (a - 1). */
        double scale = fmax(1.0, fabs((p[2] + p[3] - 1.0) / (p[2] - 1.0)));
        FUZZ_CHECK(v <= p[0] / p[1] * ts[i] * (1 + 1e-9) + 1e-8 * scale);
        previous = v;
    }
    if (!(p[1] > 0.0 && isfinite(p[1])))
        return;
    double t = fmin(10.0, MAX_PROBABILITY_T_OVER_ALPHA * p[1]), total = 0.0;
    for (uint64_t n = 0; n < 5; n++) {
        rt_status st = rt_bgnbd_purchase_probability(p, t, n, &v);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL));
        if (st != RT_OK)
            return;
        FUZZ_CHECK(fuzz_is_rate(v));
        total += v;
    }
    /* Differences of log-gammas, rounded to some 1e-9 while the parameters
     * stay below MAX_MODEL_PARAMETER. */
    FUZZ_CHECK(total <= 1.0 + 1e-7 || fmax(fmax(p[0], p[1]), fmax(p[2], p[3])) > MAX_MODEL_PARAMETER);
}

static void fit_histogram(api_state *s, int pareto)
{
    if (rt_rfm_row_count(s->rfm) > MAX_FIT_ROWS)
        return;
    rt_fit_options o;
    draw_fit_options(&s->in, &o, pareto ? MAX_PARETO_ITERATIONS : MAX_FIT_ITERATIONS, 4);
    rt_fit_report r;
    rt_status st = RT_EUNDEFINED;  /* no fit: drawn parameters below */
    if (!pareto)
        st = fit_checked(s->rfm, fit_bgnbd, likelihood_bgnbd, BGNBD_FIT_STATUSES, &o, 4, &r);
    else if (FIT_PARETO_NBD)
        st = fit_checked(s->rfm, fit_pareto_nbd, likelihood_pareto_nbd, FIT_STATUSES, &o, 4,
                         &r);
    double p[4];
    model_params(&s->in, st, &r, p);
    rfm_rows rows = some_rows(s->rfm);
    if (!pareto) {
        check_bgnbd_predictions(p, &rows);
        return;
    }
    const unsigned statuses = FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ECONVERGE);
    double v = -1;
    for (size_t i = 0; i < rows.count; i++) {
        /* The series' argument is |alpha - beta| / (max(alpha, beta) + t_x). */
        double z = fabs(p[1] - p[3]) / (fmax(p[1], p[3]) + rows.t_x[i]);
        if (!(z <= 1.0 - MIN_SERIES_SCALE))
            continue;
        rt_status sp = rt_pareto_nbd_p_alive(p, rows.x[i], rows.t_x[i], rows.T[i], &v);
        fuzz_check_documented(sp, statuses);
        FUZZ_CHECK(sp != RT_OK || fuzz_is_rate(v));
        sp = rt_pareto_nbd_conditional_expected_purchases(p, rows.x[i], rows.t_x[i], rows.T[i],
                                                          10.0, &v);
        fuzz_check_documented(sp, statuses);
        double most = (p[0] + (double)rows.x[i]) / (p[1] + rows.T[i]) * 10.0;
        FUZZ_CHECK(sp != RT_OK || (v >= 0.0 && (isfinite(v) || !isfinite(most))));
    }
    rt_status sp = rt_pareto_nbd_expected_purchases(p, 10.0, &v);
    fuzz_check_documented(sp, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL));
    /* At most r t / alpha purchases: a number when that is one. */
    FUZZ_CHECK(sp != RT_OK || (v >= 0.0 && (isfinite(v) || !isfinite(p[0] / p[1] * 10.0))));
}

void op_bgnbd(api_state *s)
{
    fit_histogram(s, 0);
}

void op_pareto_nbd(api_state *s)
{
    fit_histogram(s, 1);
}

/* The expected spend shrinks a customer's mean toward the population's
 * mean p * gamma / (q - 1): it lies between the two. */
static void check_spend(const double p[3], uint64_t x, double mean_spend)
{
    double e = -1;
    rt_status st = rt_gamma_gamma_expected_spend(p, x, mean_spend, &e);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_EUNDEFINED));
    if (st != RT_OK)
        return;
    double population = p[0] * p[2] / (p[1] - 1.0);
    FUZZ_CHECK(e >= 0.0 && (isfinite(e) || !isfinite(population)));
    double low = fmin(population, mean_spend), high = fmax(population, mean_spend);
    FUZZ_CHECK(e >= low * (1 - 1e-9) && e <= high * (1 + 1e-9));
}

typedef struct spend_data {
    size_t n;
    uint64_t x[MAX_SPEND_CUSTOMERS];
    double spend[MAX_SPEND_CUSTOMERS];
} spend_data;

static rt_status fit_gamma_gamma(const void *data, const rt_fit_options *o, rt_fit_report *r)
{
    const spend_data *d = data;
    return rt_gamma_gamma_fit(d->x, d->spend, d->n, o, r);
}

static rt_status likelihood_gamma_gamma(const double *params, const void *data, double *ll)
{
    const spend_data *d = data;
    return rt_gamma_gamma_log_likelihood(params, d->x, d->spend, d->n, ll);
}

void op_gamma_gamma(api_state *s)
{
    spend_data d = {.n = fuzz_below(&s->in, MAX_SPEND_CUSTOMERS + 1)};
    for (size_t i = 0; i < d.n; i++) {
        d.x[i] = fuzz_repeats(&s->in);
        d.spend[i] = fuzz_amount(&s->in);
    }
    rt_fit_options o;
    draw_fit_options(&s->in, &o, MAX_FIT_ITERATIONS, 3);
    rt_fit_report r;
    rt_status st = fit_checked(&d, fit_gamma_gamma, likelihood_gamma_gamma, FIT_STATUSES, &o, 3,
                                 &r);
    double p[4];
    model_params(&s->in, st, &r, p);
    for (size_t i = 0; i < d.n && i < 4; i++)
        check_spend(p, d.x[i], d.spend[i]);
}

/* Survival is a probability that falls with t, each period's retention a
 * rate in (0, 1) that is the ratio of two survivals; DERL a number >= 0. */
static void check_sbg_predictions(const double p[2], fuzz_input *in)
{
    double s, previous = 1.0, r;
    for (uint32_t t = 0; t < 12; t++) {
        rt_status st = rt_sbg_survival(p, t, &s);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL));
        if (st != RT_OK)
            return;
        /* Falls with t up to the rounding of the library's precision (1e-12
         * relative): at alpha = 7e-16 successive survivals differ by less
         * than an ulp of 0.999, and rounding may lift one by a few ulps. */
        FUZZ_CHECK(fuzz_is_rate(s) && s <= previous * (1.0 + 1e-12) && (t > 0 || s == 1.0));
        if (t > 0) {
            FUZZ_CHECK(rt_sbg_retention_rate(p, t, &r) == RT_OK && fuzz_is_rate(r));
            FUZZ_CHECK(fuzz_close(s, previous * r, 1e-9));
        }
        previous = s;
    }
    fuzz_check_documented(rt_sbg_retention_rate(p, 0, &r), FUZZ_ST(RT_EINVAL));
    /* Its series takes about 1 / discount terms: small discounts are slow. */
    double derl = -1, discount = fuzz_u8(in) < 128 ? 0.1 : fuzz_positive(in);
    if (discount > 0.0 && discount < MIN_SERIES_SCALE)
        discount = MIN_SERIES_SCALE;
    rt_status st = rt_sbg_derl(p, discount, fuzz_below(in, 30), &derl);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ECONVERGE));
    FUZZ_CHECK(st != RT_OK || (isfinite(derl) && derl >= 0.0));
}

typedef struct survivor_data {
    size_t cohorts;
    uint64_t survivors[MAX_SBG_COHORTS * MAX_SBG_LENGTH];
    size_t lengths[MAX_SBG_COHORTS];
} survivor_data;

static rt_status fit_sbg(const void *data, const rt_fit_options *o, rt_fit_report *r)
{
    const survivor_data *d = data;
    return rt_sbg_fit(d->survivors, d->lengths, d->cohorts, o, r);
}

static rt_status likelihood_sbg(const double *params, const void *data, double *ll)
{
    const survivor_data *d = data;
    return rt_sbg_log_likelihood(params, d->survivors, d->lengths, d->cohorts, ll);
}

void op_sbg(api_state *s)
{
    survivor_data d = {.cohorts = 1 + fuzz_below(&s->in, MAX_SBG_COHORTS)};
    size_t at = 0;
    for (size_t c = 0; c < d.cohorts; c++) {
        d.lengths[c] = fuzz_below(&s->in, MAX_SBG_LENGTH + 1);  /* 0 is refused */
        uint64_t alive = fuzz_u8(&s->in) == 255 ? UINT64_MAX : 1000;
        for (size_t k = 0; k < d.lengths[c]; k++) {
            d.survivors[at++] = alive;
            uint8_t lost = fuzz_u8(&s->in);
            alive = lost == 255 ? alive + 1 : alive - (alive < lost ? alive : lost);
        }
    }
    rt_fit_options o;
    draw_fit_options(&s->in, &o, MAX_FIT_ITERATIONS, 2);
    rt_fit_report r;
    rt_status st = fit_checked(&d, fit_sbg, likelihood_sbg, FIT_STATUSES, &o, 2, &r);
    double p[4];
    model_params(&s->in, st, &r, p);
    check_sbg_predictions(p, &s->in);
}
