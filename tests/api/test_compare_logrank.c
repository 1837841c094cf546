/* The log-rank test on raw survival data: against R's survival::survdiff
 * (survival 3.5.3, R 4.2.2, printed with options(digits = 17)) on the lung
 * and aml data sets the package ships (copied to tests/data, see its
 * README.md), a case worked by hand, bad input and allocation failure. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"
#include "survival_data.h"

#define R_REL 1e-12

/* The subjects of a data set whose grouping column `column` is known,
 * group = value - base, as R's factor levels in order. */
typedef struct grouped {
    size_t count;
    double time[SURVIVAL_MAX_ROWS];
    uint32_t event[SURVIVAL_MAX_ROWS];
    uint32_t group[SURVIVAL_MAX_ROWS];
} grouped;

static void group_by(const survival_data *d, int column, int base, grouped *g)
{
    g->count = 0;
    for (size_t i = 0; i < d->count; i++) {
        if (d->group[column][i] < 0)
            continue;  /* NA: survdiff drops the row */
        g->time[g->count] = d->time[i];
        g->event[g->count] = d->event[i];
        g->group[g->count] = (uint32_t)(d->group[column][i] - base);
        g->count++;
    }
}

static rt_logrank_result run(const grouped *g, uint32_t groups, double *observed,
                             double *expected)
{
    rt_logrank_result r;
    assert_int_equal(rt_logrank_result_init(&r, sizeof r), RT_OK);
    assert_int_equal(rt_logrank_test(g->time, g->event, g->group, g->count, groups, NULL, &r,
                                     observed, expected), RT_OK);
    return r;
}

static void lung_by_sex(void **state)
{
    (void)state;
    static survival_data d;
    static grouped g;
    /* lung.csv: time, status (1 censored, 2 dead), sex (1 male, 2 female), ph.ecog */
    assert_int_equal(survival_load("lung.csv", 2, 2, &d), 228);
    group_by(&d, 0, 1, &g);
    double o[2], e[2];
    rt_logrank_result r = run(&g, 2, o, e);
    /* f <- survdiff(Surv(time, status) ~ sex, data = lung): chisq
     * 10.326741954885632 on 1 df, p = pchisq(f$chisq, 1, lower.tail = FALSE) =
     * 0.0013111645203554882; f$obs 112 53; f$exp 91.581739029572802
     * 73.418260970427212 */
    assert_close(r.chi_square, 10.326741954885632, R_REL, 0);
    assert_close(r.p_value, 0.0013111645203554882, R_REL, 0);
    assert_int_equal(r.degrees_of_freedom, 1);
    assert_int_equal(r.groups_used, 2);
    assert_close(o[0], 112, 0, 0);
    assert_close(o[1], 53, 0, 0);
    assert_close(e[0], 91.581739029572802, R_REL, 0);
    assert_close(e[1], 73.418260970427212, R_REL, 0);
}

static void lung_by_ecog_four_groups(void **state)
{
    (void)state;
    static survival_data d;
    static grouped g;
    assert_int_equal(survival_load("lung.csv", 2, 2, &d), 228);
    group_by(&d, 1, 0, &g);
    assert_int_equal(g.count, 227);  /* one ph.ecog is NA */
    double o[4], e[4];
    rt_logrank_result r = run(&g, 4, o, e);
    /* f <- survdiff(Surv(time, status) ~ ph.ecog, data = lung): chisq
     * 21.962131682476006 on 3 df, p = pchisq(f$chisq, 3, lower.tail = FALSE) =
     * 6.6425353558001711e-05; f$obs 37 82 44 1; f$exp 54.152697018922929
     * 83.527564575081883 26.147353065330211 0.17238534066496150 */
    assert_close(r.chi_square, 21.962131682476006, R_REL, 0);
    assert_close(r.p_value, 6.6425353558001711e-05, 1e-11, 0);
    assert_int_equal(r.degrees_of_freedom, 3);
    assert_int_equal(r.groups_used, 4);
    const double r_obs[] = {37, 82, 44, 1};
    const double r_exp[] = {54.152697018922929, 83.527564575081883, 26.147353065330211,
                            0.17238534066496150};
    for (int j = 0; j < 4; j++) {
        assert_close(o[j], r_obs[j], 0, 0);
        assert_close(e[j], r_exp[j], R_REL, 0);
    }
}

static void aml_by_maintenance(void **state)
{
    (void)state;
    static survival_data d;
    static grouped g;
    /* aml.csv: time, status (1 relapse), x (1 Maintained, 2 Nonmaintained) */
    assert_int_equal(survival_load("aml.csv", 1, 1, &d), 23);
    group_by(&d, 0, 1, &g);
    double e[2];
    rt_logrank_result r = run(&g, 2, NULL, e);
    /* f <- survdiff(Surv(time, status) ~ x, data = aml): chisq
     * 3.3963886989776011, p 0.065339322040505132, f$exp 10.689335992300725
     * 7.3106640076992759 */
    assert_close(r.chi_square, 3.3963886989776011, R_REL, 0);
    assert_close(r.p_value, 0.065339322040505132, R_REL, 0);
    assert_close(e[0], 10.689335992300725, R_REL, 0);
    assert_close(e[1], 7.3106640076992759, R_REL, 0);
}

/* Group 0 ends at times 1 and 3; group 1 ends at 2 and is censored at 4:
 *   t = 1: n = 4 (2, 2), d = 1: E_0 += 1/2, V += 1 * 3/3 * 1/2 * 1/2 = 1/4
 *   t = 2: n = 3 (1, 2), d = 1: E_0 += 1/3, V += 1 * 2/2 * 1/3 * 2/3 = 2/9
 *   t = 3: n = 2 (1, 1), d = 1: E_0 += 1/2, V += 1 * 1/1 * 1/2 * 1/2 = 1/4
 * O_0 = 2, E_0 = 4/3, V = 13/18: chi-square = (2/3)^2 / (13/18) = 8/13, and
 * p = erfc(sqrt(4/13)) = 0.43276758066778464 (mpmath, 50 digits). Given
 * unsorted, the same. */
static void worked_by_hand(void **state)
{
    (void)state;
    const double times[] = {3, 4, 1, 2};
    const uint32_t events[] = {1, 0, 1, 1}, groups[] = {0, 1, 0, 1};
    rt_logrank_result r;
    rt_logrank_result_init(&r, sizeof r);
    double o[2], e[2];
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, NULL, &r, o, e), RT_OK);
    assert_close(r.chi_square, 8.0 / 13.0, 1e-14, 0);
    assert_close(r.p_value, 0.43276758066778464, 1e-14, 0);
    assert_close(o[0], 2, 0, 0);
    assert_close(o[1], 1, 0, 0);
    assert_close(e[0], 4.0 / 3.0, 1e-15, 0);
    assert_close(e[1], 5.0 / 3.0, 1e-15, 0);

    /* An empty third group is left out as survdiff does: same test, 1 df. */
    rt_logrank_result three;
    rt_logrank_result_init(&three, sizeof three);
    double e3[3];
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 3, NULL, &three, NULL, e3),
                     RT_OK);
    assert_close(three.chi_square, 8.0 / 13.0, 1e-14, 0);
    assert_int_equal(three.degrees_of_freedom, 1);
    assert_int_equal(three.groups_used, 2);
    assert_true(e3[2] == 0.0);
}

static void ties_at_one_time(void **state)
{
    (void)state;
    /* Two ends and a censoring at t = 1 among n = 4 (2, 2), then one end at 2
     * with n = 1 (group 1 alone):
     *   t = 1: d = 2 (one per group), E_0 += 1, V += 2 * 2/3 * 1/2 * 1/2 = 1/3
     *   t = 2: n = 1, d = 1: E_0 += 0, V += 0 (n - 1 = 0)
     * O_0 = 1, E_0 = 1: chi-square 0, p 1 (by hand). */
    const double times[] = {1, 1, 1, 2};
    const uint32_t events[] = {1, 1, 0, 1}, groups[] = {0, 1, 0, 1};
    rt_logrank_result r;
    rt_logrank_result_init(&r, sizeof r);
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, NULL, &r, NULL, NULL),
                     RT_OK);
    assert_close(r.chi_square, 0.0, 0, 1e-15);
    assert_close(r.p_value, 1.0, 1e-15, 0);
}

static void *never_allocates(void *user, size_t size)
{
    (void)user;
    (void)size;
    return NULL;
}

static void degenerate_and_bad_input(void **state)
{
    (void)state;
    const double times[] = {3, 4, 1, 2};
    const uint32_t events[] = {1, 0, 1, 1}, groups[] = {0, 1, 0, 1};
    rt_logrank_result r, before;
    rt_logrank_result_init(&r, sizeof r);
    r.chi_square = 42.0;
    before = r;
    double o[2] = {-1, -1};
    /* One group, or none with a comparison to make. */
    assert_int_equal(rt_logrank_test(times, events, (const uint32_t[]){0, 0, 0, 0}, 4, 1,
                                     NULL, &r, o, NULL), RT_EUNDEFINED);
    assert_int_equal(rt_logrank_test(times, events, (const uint32_t[]){0, 0, 0, 0}, 4, 2,
                                     NULL, &r, o, NULL), RT_EUNDEFINED);
    assert_int_equal(rt_logrank_test(times, (const uint32_t[]){0, 0, 0, 0}, groups, 4, 2,
                                     NULL, &r, o, NULL), RT_EUNDEFINED);
    assert_int_equal(rt_logrank_test(NULL, NULL, NULL, 0, 2, NULL, &r, o, NULL),
                     RT_EUNDEFINED);
    /* Everyone ends at once: V = 0, singular. */
    assert_int_equal(rt_logrank_test((const double[]){5, 5}, (const uint32_t[]){1, 1},
                                     (const uint32_t[]){0, 1}, 2, 2, NULL, &r, o, NULL),
                     RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "singular"));
    /* Bad values. */
    assert_int_equal(rt_logrank_test((const double[]){3, (double)NAN, 1, 2}, events, groups, 4, 2,
                                     NULL, &r, o, NULL), RT_EINVAL);
    assert_int_equal(rt_logrank_test((const double[]){3, (double)INFINITY, 1, 2}, events, groups, 4,
                                     2, NULL, &r, o, NULL), RT_EINVAL);
    assert_int_equal(rt_logrank_test((const double[]){3, -1, 1, 2}, events, groups, 4, 2,
                                     NULL, &r, o, NULL), RT_EINVAL);
    assert_int_equal(rt_logrank_test(times, (const uint32_t[]){1, 2, 1, 1}, groups, 4, 2,
                                     NULL, &r, o, NULL), RT_EINVAL);
    assert_int_equal(rt_logrank_test(times, events, (const uint32_t[]){0, 2, 0, 1}, 4, 2,
                                     NULL, &r, o, NULL), RT_EINVAL);
    assert_int_equal(rt_logrank_test(NULL, events, groups, 4, 2, NULL, &r, o, NULL),
                     RT_EINVAL);
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, NULL, NULL, o, NULL),
                     RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_logrank_test"));
    rt_allocator partial;  /* only one of the three hooks: invalid */
    rt_allocator_init(&partial, sizeof partial);
    partial.alloc_fn = never_allocates;
    rt_logrank_options lo;
    assert_int_equal(rt_logrank_options_init(&lo, sizeof lo), RT_OK);
    assert_null(lo.allocator);  /* the default: the process's allocator */
    lo.allocator = &partial;
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, &lo, &r, o, NULL),
                     RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_logrank_test: rt_allocator"));
    /* Options of a later version, setting a field this one does not know. */
    struct {
        rt_logrank_options known;
        uint64_t later;
    } newer = {{sizeof newer, NULL}, 1};
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, &newer.known, &r, o, NULL),
                     RT_EVERSION);
    assert_int_equal(rt_logrank_options_init(NULL, sizeof lo), RT_EINVAL);
    rt_logrank_result small = r;
    small.size = offsetof(rt_logrank_result, groups_used);
    assert_int_equal(rt_logrank_test(times, events, groups, 4, 2, NULL, &small, o, NULL),
                     RT_EINVAL);
    assert_memory_equal(&r, &before, sizeof r);
    assert_true(o[0] == -1 && o[1] == -1);
    assert_int_equal(rt_logrank_result_init(NULL, sizeof r), RT_EINVAL);
}

static void allocation_failure_changes_nothing(void **state)
{
    (void)state;
    static survival_data d;
    static grouped g;
    assert_int_equal(survival_load("lung.csv", 2, 2, &d), 228);
    group_by(&d, 1, 0, &g);
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_logrank_options lo;
    rt_logrank_options_init(&lo, sizeof lo);
    lo.allocator = &hooks;
    for (size_t k = 0;; k++) {
        rt_logrank_result r;
        rt_logrank_result_init(&r, sizeof r);
        double e[4] = {-1, -1, -1, -1};
        failalloc_arm(&fa, k);
        rt_status st = rt_logrank_test(g.time, g.event, g.group, g.count, 4, &lo, &r,
                                       NULL, e);
        failalloc_disarm(&fa);
        assert_int_equal(fa.live, 0);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            assert_close(r.chi_square, 21.962131682476006, R_REL, 0);  /* survdiff, above */
            assert_true(k >= 3);  /* subjects, counts, sums */
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_true(r.chi_square == 0.0 && e[0] == -1.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lung_by_sex),
        cmocka_unit_test(lung_by_ecog_four_groups),
        cmocka_unit_test(aml_by_maintenance),
        cmocka_unit_test(worked_by_hand),
        cmocka_unit_test(ties_at_one_time),
        cmocka_unit_test(degenerate_and_bad_input),
        cmocka_unit_test(allocation_failure_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
