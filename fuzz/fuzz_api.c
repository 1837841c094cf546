/* Fuzz target: the library's API as a stream of operations (fuzz_api.h):
 * bulk adds with extreme values, computes with random options,
 * out-of-range getters, merges, summaries and fits, with allocations
 * failing at chosen points. The first bytes choose the cohort options
 * (invalid ones included), then each operation is a byte and its
 * arguments. The invariants are checked in the operations. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <retention.h>

#include "fuzz_api.h"
#include "fuzz_api_values.h"
#include "fuzz_check.h"
#include "fuzz_target.h"

int part_of(uint64_t id)
{
    return id % 2 == 0 ? EVEN : ODD;
}

size_t take_batch(api_state *s)
{
    size_t n = fuzz_below(&s->in, MAX_BATCH + 1);
    n = n < s->records_left ? n : s->records_left;
    s->records_left -= n;
    return n;
}

/* Options mostly valid, sometimes not; the cohorts must then refuse them. */
static void draw_options(api_state *s)
{
    rt_cohort_options *o = &s->options;
    FUZZ_CHECK(rt_cohort_options_init(o, sizeof *o) == RT_OK);
    uint8_t pick = fuzz_u8(&s->in);
    if (pick & 1)
        o->utc_offset_seconds = (int32_t)fuzz_below(&s->in, 2 * 64800 + 3) - 64801;
    if (pick & 2)
        o->first_weekday = fuzz_below(&s->in, 9);
    if (pick & 4)
        o->wau_window_days = fuzz_below(&s->in, 40);
    if (pick & 8)
        o->mau_window_days = fuzz_below(&s->in, 70);
    if (pick & 16)
        o->inactivity_days = fuzz_below(&s->in, 100);
}

static int open_handles(api_state *s)
{
    draw_options(s);
    s->options.allocator = fuzz_allocator();
    rt_status st = rt_cohort_new(&s->options, &s->cohort[ALL]);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
    s->options.allocator = NULL;
    if (st != RT_OK)
        return 0;
    /* The same options must be accepted for the parts, and the customer. */
    FUZZ_CHECK(rt_cohort_new(&s->options, &s->cohort[EVEN]) == RT_OK);
    FUZZ_CHECK(rt_cohort_new(&s->options, &s->cohort[ODD]) == RT_OK);
    rt_customer_options customer;
    FUZZ_CHECK(rt_customer_options_init(&customer, sizeof customer) == RT_OK);
    customer.utc_offset_seconds = s->options.utc_offset_seconds;
    FUZZ_CHECK(rt_customer_new(&customer, &s->customer) == RT_OK);
    rt_rfm_options rfm;
    FUZZ_CHECK(rt_rfm_options_init(&rfm, sizeof rfm) == RT_OK);
    rfm.allocator = fuzz_allocator();
    FUZZ_CHECK(rt_rfm_new(&rfm, &s->rfm) == RT_OK);
    return 1;
}

static void close_handles(api_state *s)
{
    for (int k = 0; k < COHORTS; k++)
        rt_cohort_free(s->cohort[k]);
    rt_customer_free(s->customer);
    rt_rfm_free(s->rfm);
}

/* Arms the failing allocator for the next operation only. */
static void op_fail_next(api_state *s)
{
    fuzz_alloc_fail_at(fuzz_below(&s->in, 32));
}

typedef void (*operation)(api_state *s);

static const operation operations[] = {
    op_add_events, op_add_events, op_add_events, op_add_purchases, op_add_purchases,
    op_add_subscriptions, op_add_late_payment, op_set_segments, op_customer,
    op_standalone, op_metrics, op_metrics, op_merge, op_rfm_summary, op_rfm_add,
    op_bgnbd, op_pareto_nbd, op_gamma_gamma, op_sbg, op_fail_next, op_churn, op_frequency,
};
enum { OPERATIONS = sizeof operations / sizeof operations[0] };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    api_state s = {.in = {data, size}, .records_left = MAX_RECORDS};
    fuzz_alloc_disarm();
    if (open_handles(&s)) {
        while (!fuzz_done(&s.in)) {
            uint32_t pick = fuzz_below(&s.in, OPERATIONS);
            operation op = operations[pick];
            clock_t start = clock();
            op(&s);
            if (getenv("FUZZ_TRACE"))  /* which operations an input makes, and their cost */
                fprintf(stderr, "operation %u: %.3f s, %zu bytes left\n", pick,
                        (double)(clock() - start) / CLOCKS_PER_SEC, s.in.size);
            if (op != op_fail_next)
                fuzz_alloc_disarm();
        }
    }
    fuzz_alloc_disarm();
    close_handles(&s);
    return 0;
}
