/* See same_results.h. */
#include "same_results.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "serialize_equal.h"

static void assert_same_metrics_and_churn(const rt_cohort *a, const rt_cohort *b,
                                          uint32_t segment, int32_t first_day,
                                          int32_t last_day)
{
    rt_metrics_options mo;
    rt_metrics_options_init(&mo, sizeof mo);
    mo.use_segment = segment > 0;
    mo.segment = segment;
    rt_metrics *ma, *mb;
    assert_int_equal(rt_cohort_metrics(a, &mo, &ma), RT_OK);
    assert_int_equal(rt_cohort_metrics(b, &mo, &mb), RT_OK);
    assert_true(metrics_equal(ma, mb));
    rt_metrics_free(ma);
    rt_metrics_free(mb);

    rt_churn_options co;
    rt_churn_options_init(&co, sizeof co);
    co.use_segment = segment > 0;
    co.segment = segment;
    rt_churn_result ra, rb;
    rt_churn_result_init(&ra, sizeof ra);
    rt_churn_result_init(&rb, sizeof rb);
    int32_t third = (last_day - first_day + 1) / 3;
    int32_t from = first_day + third, to = last_day - third;
    assert_int_equal(rt_cohort_churn(a, from, to, &co, &ra), RT_OK);
    assert_int_equal(rt_cohort_churn(b, from, to, &co, &rb), RT_OK);
    assert_memory_equal(&ra, &rb, sizeof ra);
}

static void assert_same_frequency(const rt_cohort *a, const rt_cohort *b, int32_t last_day,
                                  const uint64_t *ids, size_t id_count)
{
    rt_frequency_options fo;
    rt_frequency_options_init(&fo, sizeof fo);
    fo.as_of_day = last_day;
    rt_frequency *fa, *fb;
    assert_int_equal(rt_cohort_frequency(a, &fo, &fa), RT_OK);
    assert_int_equal(rt_cohort_frequency(b, &fo, &fb), RT_OK);
    assert_true(frequency_equal(fa, fb, ids, id_count, 3));
    rt_frequency_free(fa);
    rt_frequency_free(fb);
}

static void assert_same_risk(const rt_cohort *a, const rt_cohort *b, int32_t last_day,
                             size_t id_count)
{
    rt_risk_options ro;
    rt_risk_options_init(&ro, sizeof ro);
    ro.as_of_day = last_day;
    uint64_t *ia = calloc(id_count, sizeof *ia), *ib = calloc(id_count, sizeof *ib);
    uint32_t *why_a = calloc(id_count, sizeof *why_a), *why_b = calloc(id_count, sizeof *why_b);
    assert_true(ia && ib && why_a && why_b);
    uint64_t na, nb;
    size_t ca, cb;
    assert_int_equal(rt_cohort_at_risk(a, &ro, ia, why_a, NULL, id_count, &ca, &na), RT_OK);
    assert_int_equal(rt_cohort_at_risk(b, &ro, ib, why_b, NULL, id_count, &cb, &nb), RT_OK);
    assert_int_equal(ca, cb);
    assert_int_equal(na, nb);
    assert_memory_equal(ia, ib, ca * sizeof ia[0]);
    assert_memory_equal(why_a, why_b, ca * sizeof why_a[0]);
    free(ia);
    free(ib);
    free(why_a);
    free(why_b);
}

void assert_same_results(const rt_cohort *a, const rt_cohort *b, int32_t first_day,
                         int32_t last_day, size_t id_count)
{
    for (uint32_t segment = 0; segment < 3; segment++)
        assert_same_metrics_and_churn(a, b, segment, first_day, last_day);
    uint64_t *ids = malloc(id_count * sizeof *ids);
    assert_non_null(ids);
    for (size_t i = 0; i < id_count; i++)
        ids[i] = i;
    assert_same_frequency(a, b, last_day, ids, id_count);
    free(ids);
    assert_same_risk(a, b, last_day, id_count);
}
