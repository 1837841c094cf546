/* Customers ranked by value: a bounded min-heap of the best k indices (its
 * root the worst kept), then sorted in place by popping the worst to the
 * back. */
#include <math.h>
#include <stddef.h>

#include "core/error.h"
#include "retention/clv_value.h"

/* i ranks below j: a smaller value, or the same value and a later index. */
static int below(const double *values, size_t i, size_t j)
{
    return values[i] < values[j] || (values[i] == values[j] && i > j);
}

/* Restores the heap below position at, of size n, root the lowest ranked. */
static void sift_down(const double *values, size_t *heap, size_t n, size_t at)
{
    for (;;) {
        size_t low = at, left = 2 * at + 1, right = left + 1;
        if (left < n && below(values, heap[left], heap[low]))
            low = left;
        if (right < n && below(values, heap[right], heap[low]))
            low = right;
        if (low == at)
            return;
        size_t swap = heap[at];
        heap[at] = heap[low];
        heap[low] = swap;
        at = low;
    }
}

static void select_best(const double *values, size_t n, size_t *order, size_t k)
{
    if (k == 0)
        return;
    for (size_t i = 0; i < k; i++)
        order[i] = i;
    for (size_t at = k / 2; at-- > 0;)
        sift_down(values, order, k, at);
    for (size_t i = k; i < n; i++) {
        if (below(values, order[0], i)) {
            order[0] = i;
            sift_down(values, order, k, 0);
        }
    }
    for (size_t size = k; size > 1; size--) {  /* the lowest ranked to the back */
        size_t swap = order[0];
        order[0] = order[size - 1];
        order[size - 1] = swap;
        sift_down(values, order, size - 1, 0);
    }
}

/* Neumaier's compensated sum. */
static double compensated_sum(const double *values, size_t n)
{
    double sum = 0.0, lost = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = sum + values[i];
        lost += fabs(sum) >= fabs(values[i]) ? (sum - t) + values[i] : (values[i] - t) + sum;
        sum = t;
    }
    return sum + lost;
}

rt_status rt_clv_rank(const double *values, size_t n, size_t *order, size_t k, double *total)
{
    static const char fn[] = "rt_clv_rank";
    if (values == NULL && n > 0)
        return rti_fail(RT_EINVAL, "%s: values is NULL", fn);
    if (order == NULL && k > 0 && n > 0)
        return rti_fail(RT_EINVAL, "%s: order is NULL but k = %zu", fn, k);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return rti_fail(RT_EINVAL, "%s: values[%zu] = %g is not finite", fn, i, values[i]);
    select_best(values, n, order, k < n ? k : n);
    if (total != NULL)
        *total = compensated_sum(values, n);
    return RT_OK;
}
