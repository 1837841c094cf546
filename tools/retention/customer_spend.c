/* Each customer's spend up to a day, summed from the purchases the loader
 * kept: the library keeps no per-customer total (its RFM summary has the
 * mean of the repeat purchases only, not the first one). */
#include <float.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"

typedef struct purchase_ref {
    uint64_t id;
    size_t at;   /* index in the purchase list: sums in the order read */
} purchase_ref;

static int by_id_then_order(const void *a, const void *b)
{
    const purchase_ref *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

void customer_spend(const purchase_list *p, int32_t as_of, customer_values *v)
{
    purchase_ref *refs = cli_calloc(p->count, sizeof *refs);
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++)
        if (p->days[i] <= as_of)
            refs[n++] = (purchase_ref){p->ids[i], i};
    qsort(refs, n, sizeof *refs, by_id_then_order);
    v->ids = cli_calloc(n, sizeof *v->ids);
    v->values = cli_calloc(n, sizeof *v->values);
    v->n = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || refs[k].id != refs[k - 1].id) {
            v->ids[v->n] = refs[k].id;
            v->values[v->n++] = 0.0;
        }
        /* Amounts up to 1e300 can add up past DBL_MAX; the library takes
         * finite values only, and the largest still ranks first. */
        double *sum = &v->values[v->n - 1];
        *sum += p->amounts[refs[k].at];
        if (*sum > DBL_MAX)
            *sum = DBL_MAX;
    }
    free(refs);
}

void customer_values_free(customer_values *v)
{
    free(v->ids);
    free(v->values);
}
