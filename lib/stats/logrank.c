/* Log-rank test of k groups (Mantel 1966; Peto & Peto 1972), as R's
 * survival::survdiff computes it with rho = 0. */
#include "stats/logrank.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "stats/chi_square.h"
#include "stats/cholesky.h"
#include "core/sized_struct.h"

rt_status rt_logrank_result_init(rt_logrank_result *result, size_t size)
{
    return rti_sized_struct_init(result, size, NULL, sizeof(rt_logrank_result),
                                 "rt_logrank_result_init");
}

rt_status rt_logrank_options_init(rt_logrank_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof(rt_logrank_options),
                                 "rt_logrank_options_init");
}

rt_status rti_logrank_allocator(const rt_logrank_options *options, rti_allocator *a,
                                const char *fn)
{
    rt_logrank_options o;
    rt_logrank_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                      "rt_logrank_options"));
    return rti_allocator_resolve(a, o.allocator, fn);
}

rt_status rti_logrank_init(rti_logrank *lr, const rti_allocator *a, uint32_t group_count)
{
    memset(lr, 0, sizeof *lr);
    if (group_count >= (UINT32_C(1) << 31))
        return RT_ENOMEM;  /* k^2 doubles would not fit in memory anyway */
    uint64_t k = group_count, cells = 2 * k * k + 3 * k;
    if (cells > SIZE_MAX / sizeof(double))
        return RT_ENOMEM;
    double *block = rti_alloc_array(a, (size_t)cells, sizeof *block);
    if (block == NULL)
        return RT_ENOMEM;
    memset(block, 0, (size_t)cells * sizeof *block);
    lr->group_count = group_count;
    lr->observed = block;
    lr->expected = block + k;
    lr->deviation = block + 2 * k;
    lr->variance = block + 3 * k;
    lr->reduced = block + 3 * k + k * k;
    return RT_OK;
}

void rti_logrank_free(rti_logrank *lr, const rti_allocator *a)
{
    rti_free(a, lr->observed);  /* the start of the one block */
    memset(lr, 0, sizeof *lr);
}

static double sum_of(const double *values, uint32_t count)
{
    double sum = 0.0;
    for (uint32_t j = 0; j < count; j++)
        sum += values[j];
    return sum;
}

void rti_logrank_add(rti_logrank *lr, const double *at_risk, const double *ended)
{
    uint32_t k = lr->group_count;
    double n = sum_of(at_risk, k), d = sum_of(ended, k);
    if (d == 0.0)
        return;
    /* Hypergeometric variance factor; 0 when everyone at risk ends (n = d). */
    double factor = n > 1.0 ? d * (n - d) / (n - 1.0) : 0.0;
    for (uint32_t j = 0; j < k; j++) {
        lr->observed[j] += ended[j];
        if (at_risk[j] == 0.0)
            continue;  /* its row of V gets nothing at this time */
        double share_j = at_risk[j] / n;
        lr->expected[j] += d * share_j;
        double *row = lr->variance + (size_t)j * k;
        for (uint32_t l = 0; l < k; l++)
            row[l] -= factor * share_j * (at_risk[l] / n);
        row[j] += factor * share_j;
    }
}

/* survdiff keeps the groups with E_j > 0 and leaves the first of them out
 * of the quadratic form (the deviations O - E sum to zero). */
static int in_form(const rti_logrank *lr, uint32_t j, uint32_t first_used)
{
    return lr->expected[j] > 0.0 && j != first_used;
}

/* Counts the groups used and fills lr->reduced and lr->deviation with the
 * rows, columns and deviations of those in the form. */
static uint32_t reduce(rti_logrank *lr)
{
    uint32_t k = lr->group_count, used = 0, first_used = k;
    for (uint32_t j = 0; j < k; j++) {
        if (lr->expected[j] > 0.0 && used++ == 0)
            first_used = j;
    }
    size_t m = 0;
    for (uint32_t j = 0; j < k; j++) {
        if (!in_form(lr, j, first_used))
            continue;
        double *row = lr->reduced + m * (used - 1);
        for (uint32_t l = 0; l < k; l++) {
            if (in_form(lr, l, first_used))
                *row++ = lr->variance[(size_t)j * k + l];
        }
        lr->deviation[m++] = lr->observed[j] - lr->expected[j];
    }
    return used;
}

rt_status rti_logrank_finish(rti_logrank *lr, const char *fn, rt_logrank_result *result,
                             double *observed, double *expected)
{
    uint32_t used = reduce(lr);
    if (used < 2)
        return rti_fail(RT_EUNDEFINED, "%s: %u group(s) have subjects at risk when an "
                        "event happens; the test needs two", fn, (unsigned)used);
    double chi_square;
    if (!rti_cholesky_quadratic_form(lr->reduced, lr->deviation, used - 1, &chi_square))
        return rti_fail(RT_EUNDEFINED, "%s: the covariance of the groups' events is "
                        "singular", fn);
    rt_logrank_result r = {.chi_square = chi_square,
                           .p_value = rti_chi_square_upper(chi_square, used - 1),
                           .degrees_of_freedom = used - 1, .groups_used = used};
    rti_sized_result_write(result, &r, sizeof r);
    size_t bytes = (size_t)lr->group_count * sizeof(double);
    if (observed != NULL)
        memcpy(observed, lr->observed, bytes);
    if (expected != NULL)
        memcpy(expected, lr->expected, bytes);
    return RT_OK;
}
