/* The customer-by-sufficient-statistic histogram: distinct (x, t_x, T) rows
 * with counts, deduplicated through an open-addressing hash table. */
#include "clv/rfm.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/bits.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"

#define MIN_CAPACITY 16
#define PREFETCH_AHEAD 16

/* Whether rti_rfm_check_record() accepts the record: the same tests,
 * without building a message. */
static int record_ok(uint64_t x, double t_x, double T)
{
    return isfinite(T) && T > 0.0 && isfinite(t_x) && t_x >= 0.0 && !(t_x > T) &&
           !(x == 0 && t_x != 0.0);
}

rt_status rti_rfm_check_record(uint64_t x, double t_x, double T, const char *fn,
                               const char *what)
{
    if (!isfinite(T) || !(T > 0.0))
        return rti_fail(RT_EINVAL, "%s: %sT = %g must be finite and > 0", fn, what, T);
    if (!isfinite(t_x) || !(t_x >= 0.0))
        return rti_fail(RT_EINVAL, "%s: %st_x = %g must be finite and >= 0", fn, what, t_x);
    if (t_x > T)
        return rti_fail(RT_EINVAL, "%s: %st_x = %g is after T = %g", fn, what, t_x, T);
    if (x == 0 && t_x != 0.0)
        return rti_fail(RT_EINVAL, "%s: %st_x = %g but x = 0 (no repeat purchase: t_x must "
                        "be 0)", fn, what, t_x);
    return RT_OK;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}

static uint64_t bits(double v)
{
    uint64_t u;
    v = v + 0.0;  /* -0.0 -> +0.0: equal keys hash equally */
    memcpy(&u, &v, sizeof u);
    return u;
}

static size_t hash(uint64_t x, double t_x, double T)
{
    return (size_t)mix(mix(mix(x) ^ bits(t_x)) ^ bits(T));
}

/* Index of the slot holding the key, or of the empty slot where it goes. */
static size_t probe(const rt_rfm *rfm, uint64_t x, double t_x, double T)
{
    size_t mask = rfm->n_slots - 1, i = hash(x, t_x, T) & mask;
    for (;;) {
        size_t s = rfm->slots[i];
        if (s == 0)
            return i;
        const rti_rfm_row *row = &rfm->rows[s - 1];
        if (row->x == x && row->t_x == t_x && row->T == T)
            return i;
        i = (i + 1) & mask;
    }
}

rt_status rti_rfm_reserve(rt_rfm *rfm, size_t need, const char *fn)
{
    if (need <= rfm->cap)
        return RT_OK;
    size_t cap = rfm->cap < MIN_CAPACITY ? MIN_CAPACITY : rfm->cap;
    while (cap < need) {
        if (cap > SIZE_MAX / 4)
            return rti_fail(RT_ENOMEM, "%s: %zu rows are too many", fn, need);
        cap *= 2;
    }
    if (cap > SIZE_MAX / 4)
        return rti_fail(RT_ENOMEM, "%s: %zu rows are too many", fn, need);
    size_t n_slots = 1;
    while (n_slots < 2 * cap)
        n_slots *= 2;
    rti_rfm_row *rows = rti_alloc_array(&rfm->alloc, cap, sizeof *rows);
    size_t *slots = rows == NULL ? NULL : rti_alloc_array(&rfm->alloc, n_slots, sizeof *slots);
    if (slots == NULL) {
        rti_free(&rfm->alloc, rows);
        return rti_fail(RT_ENOMEM, "%s: cannot grow the histogram to %zu rows", fn, cap);
    }
    if (rfm->n_rows > 0)
        memcpy(rows, rfm->rows, rfm->n_rows * sizeof *rows);
    memset(slots, 0, n_slots * sizeof *slots);
    rti_free(&rfm->alloc, rfm->rows);
    rti_free(&rfm->alloc, rfm->slots);
    rfm->rows = rows;
    rfm->slots = slots;
    rfm->cap = cap;
    rfm->n_slots = n_slots;
    for (size_t r = 0; r < rfm->n_rows; r++) {
        const rti_rfm_row *row = &rows[r];
        slots[probe(rfm, row->x, row->t_x, row->T)] = r + 1;
    }
    return RT_OK;
}

void rti_rfm_insert(rt_rfm *rfm, uint64_t x, double t_x, double T, uint64_t count)
{
    t_x += 0.0;
    size_t i = probe(rfm, x, t_x, T);
    if (rfm->slots[i] != 0) {
        rfm->rows[rfm->slots[i] - 1].count += count;
    } else {
        rfm->rows[rfm->n_rows] = (rti_rfm_row){x, t_x, T, count};
        rfm->slots[i] = ++rfm->n_rows;
    }
    rfm->customers += count;
}

static int present(const rt_rfm *rfm, uint64_t x, double t_x, double T)
{
    return rfm->n_slots > 0 && rfm->slots[probe(rfm, x, t_x + 0.0, T)] != 0;
}

rt_status rt_rfm_options_init(rt_rfm_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof *options, "rt_rfm_options_init");
}

rt_status rt_rfm_new(const rt_rfm_options *options, rt_rfm **out)
{
    static const char fn[] = "rt_rfm_new";
    if (out == NULL)
        return rti_fail(RT_EINVAL, "%s: out is NULL", fn);
    rt_rfm_options o;
    rt_rfm_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size, "rt_rfm_options"));
    rti_allocator a;
    RTI_TRY(rti_allocator_resolve(&a, o.allocator, fn));
    rt_rfm *rfm = rti_alloc_array(&a, 1, sizeof *rfm);
    if (rfm == NULL)
        return rti_fail(RT_ENOMEM, "%s: cannot allocate the handle", fn);
    memset(rfm, 0, sizeof *rfm);
    rfm->alloc = a;
    *out = rfm;
    return RT_OK;
}

void rt_rfm_free(rt_rfm *rfm)
{
    if (rfm == NULL)
        return;
    rti_allocator a = rfm->alloc;
    rti_free(&a, rfm->rows);
    rti_free(&a, rfm->slots);
    rti_free(&a, rfm);
}

rt_status rt_rfm_add(rt_rfm *rfm, uint64_t x, double t_x, double T, uint64_t count)
{
    static const char fn[] = "rt_rfm_add";
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    rt_status st = rti_rfm_check_record(x, t_x, T, fn, "");
    if (st != RT_OK)
        return st;
    if (count == 0)
        return rti_fail(RT_EINVAL, "%s: count is 0", fn);
    if (count > UINT64_MAX - rfm->customers)
        return rti_fail(RT_EINVAL, "%s: count %llu overflows the customer total", fn,
                        (unsigned long long)count);
    if (!present(rfm, x, t_x, T)) {
        st = rti_rfm_reserve(rfm, rfm->n_rows + 1, fn);
        if (st != RT_OK)
            return st;
    }
    rti_rfm_insert(rfm, x, t_x, T, count);
    return RT_OK;
}

rt_status rt_rfm_add_many(rt_rfm *rfm, const uint64_t *x, const double *t_x,
                          const double *T, size_t n, size_t *bad_index)
{
    static const char fn[] = "rt_rfm_add_many";
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    if (n == 0)
        return RT_OK;
    if (x == NULL || t_x == NULL || T == NULL)
        return rti_fail(RT_EINVAL, "%s: %s is NULL", fn,
                        x == NULL ? "x" : t_x == NULL ? "t_x" : "T");
    for (size_t i = 0; i < n; i++) {
        if (record_ok(x[i], t_x[i], T[i]))
            continue;
        /* The message, naming the record, only for the one refused (its
         * formatting took a third of the time of a million good ones). */
        char what[40];
        snprintf(what, sizeof what, "record %zu: ", i);
        rt_status st = rti_rfm_check_record(x[i], t_x[i], T[i], fn, what);
        if (bad_index != NULL)
            *bad_index = i;
        return st;
    }
    if ((uint64_t)n > UINT64_MAX - rfm->customers)
        return rti_fail(RT_EINVAL, "%s: %zu customers overflow the customer total", fn, n);
    if (n > SIZE_MAX - rfm->n_rows)
        return rti_fail(RT_ENOMEM, "%s: %zu rows are too many", fn, n);
    /* Room for the worst case (all new), so that no insert can fail. */
    rt_status st = rti_rfm_reserve(rfm, rfm->n_rows + n, fn);
    if (st != RT_OK)
        return st;
    /* A table for a million records is larger than the caches: each slot
     * is asked for PREFETCH_AHEAD records before it is probed. */
    size_t mask = rfm->n_slots - 1;
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n) {
            size_t j = i + PREFETCH_AHEAD;
            RTI_PREFETCH(&rfm->slots[hash(x[j], t_x[j], T[j]) & mask]);
        }
        rti_rfm_insert(rfm, x[i], t_x[i], T[i], 1);
    }
    return RT_OK;
}

rt_status rt_rfm_merge(rt_rfm *dst, const rt_rfm *src)
{
    static const char fn[] = "rt_rfm_merge";
    if (dst == NULL || src == NULL)
        return rti_fail(RT_EINVAL, "%s: %s is NULL", fn, dst == NULL ? "dst" : "src");
    if (src->customers > UINT64_MAX - dst->customers)
        return rti_fail(RT_EINVAL, "%s: the customer total overflows", fn);
    size_t n = src->n_rows;
    if (n == 0)
        return RT_OK;
    if (n > SIZE_MAX - dst->n_rows)
        return rti_fail(RT_ENOMEM, "%s: %zu rows are too many", fn, n);
    size_t new_rows = 0;
    for (size_t i = 0; i < n; i++) {
        const rti_rfm_row *row = &src->rows[i];
        new_rows += !present(dst, row->x, row->t_x, row->T);
    }
    rt_status st = rti_rfm_reserve(dst, dst->n_rows + new_rows, fn);
    if (st != RT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {  /* src->rows is stable: src == dst adds no row */
        rti_rfm_row row = src->rows[i];
        rti_rfm_insert(dst, row.x, row.t_x, row.T, row.count);
    }
    return RT_OK;
}

size_t rt_rfm_row_count(const rt_rfm *rfm)
{
    return rfm == NULL ? 0 : rfm->n_rows;
}

uint64_t rt_rfm_customer_count(const rt_rfm *rfm)
{
    return rfm == NULL ? 0 : rfm->customers;
}

rt_status rt_rfm_row(const rt_rfm *rfm, size_t i, uint64_t *x, double *t_x, double *T,
                     uint64_t *count)
{
    static const char fn[] = "rt_rfm_row";
    if (rfm == NULL || x == NULL || t_x == NULL || T == NULL || count == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm or an output is NULL", fn);
    if (i >= rfm->n_rows)
        return rti_fail(RT_EINVAL, "%s: index %zu is out of range (%zu rows)", fn, i,
                        rfm->n_rows);
    const rti_rfm_row *row = &rfm->rows[i];
    *x = row->x;
    *t_x = row->t_x;
    *T = row->T;
    *count = row->count;
    return RT_OK;
}

/* Sum of count * T / divisor over the rows. */
static double weighted_T(const rt_rfm *rfm, double divisor)
{
    double sum = 0.0;
    for (size_t i = 0; i < rfm->n_rows; i++)
        sum += (double)rfm->rows[i].count / divisor * rfm->rows[i].T;
    return sum;
}

/* The customers' mean T. Legal T (finite, up to DBL_MAX) may sum to more
 * than DBL_MAX: then each row's weight is its share of the customers, and
 * the mean, at most the largest T, does not overflow (but for rounding at
 * DBL_MAX itself, which the clamp keeps finite: it is a starting point). */
static double mean_T_of(const rt_rfm *rfm)
{
    double customers = (double)rfm->customers, sum = weighted_T(rfm, 1.0);
    return isfinite(sum) ? sum / customers : fmin(weighted_T(rfm, customers), DBL_MAX);
}

rt_status rti_rfm_fit_ready(const rt_rfm *rfm, const char *fn, double *mean_T)
{
    if (rfm->n_rows == 0)
        return rti_fail(RT_EUNDEFINED, "%s: the histogram rfm is empty", fn);
    int repeat = 0;
    for (size_t i = 0; i < rfm->n_rows; i++)
        repeat |= rfm->rows[i].x > 0;
    if (!repeat)
        return rti_fail(RT_EUNDEFINED, "%s: no customer made a repeat purchase (all x = 0): "
                        "the parameters are not identifiable", fn);
    /* At least DBL_MIN: for subnormal T the mean underflowed to 0 and the
     * fits started at alpha = 0 (fuzz/corpus/api/bgnbd-fit-tiny-T). */
    *mean_T = fmax(mean_T_of(rfm), DBL_MIN);
    return RT_OK;
}
