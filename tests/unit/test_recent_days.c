/* lib/store/recent_days.h against its definition, kept the slow way: the set
 * of every day added, of which the 32 bits know exactly those from the
 * latest day added back 15 days. Random walks of days (forward, back, far
 * jumps) and the edges of the supported range. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/recent_days.h"

enum { SPAN = 2 * RTI_MAX_ABS_DAY + 3 };  /* days -RTI_MAX_ABS_DAY - 1 .. +1 */

typedef struct model {
    unsigned char added[SPAN];
    int32_t latest;
    int any;
} model;

static void model_add(model *m, int32_t day)
{
    m->added[day + RTI_MAX_ABS_DAY + 1] = 1;
    m->latest = m->any && m->latest > day ? m->latest : day;
    m->any = 1;
}

static int model_knows(const model *m, int32_t day)
{
    return m->any && day <= m->latest && day >= m->latest - RTI_RECENT_BITS &&
           m->added[day + RTI_MAX_ABS_DAY + 1];
}

static int32_t clamp_day(int64_t day)
{
    if (day < -RTI_MAX_ABS_DAY - 1)
        return -RTI_MAX_ABS_DAY - 1;
    return day > RTI_MAX_ABS_DAY + 1 ? RTI_MAX_ABS_DAY + 1 : (int32_t)day;
}

/* Every day near the latest known exactly as the model says. */
static void assert_same_knowledge(rti_recent_days r, const model *m)
{
    for (int64_t d = (int64_t)m->latest - 40; d <= (int64_t)m->latest + 5; d++) {
        int32_t day = clamp_day(d);
        assert_int_equal(rti_recent_has(r, day), model_knows(m, day));
    }
}

static void none_knows_no_day(void **state)
{
    (void)state;
    for (int32_t day = -RTI_MAX_ABS_DAY - 1; day <= RTI_MAX_ABS_DAY + 1; day++)
        assert_false(rti_recent_has(RTI_RECENT_DAYS_NONE, day));
}

static void random_walks_match_the_set(void **state)
{
    (void)state;
    srand(17);
    model *m = malloc(sizeof *m);
    assert_non_null(m);
    for (int walk = 0; walk < 300; walk++) {
        memset(m, 0, sizeof *m);
        rti_recent_days r = RTI_RECENT_DAYS_NONE;
        int64_t day = rand() % (2 * RTI_MAX_ABS_DAY) - RTI_MAX_ABS_DAY;
        for (int step = 0; step < 400; step++) {
            int kind = rand() % 10;
            if (kind < 5)
                day += rand() % 3 - 1;       /* the same day or a neighbour */
            else if (kind < 8)
                day += rand() % 33 - 16;     /* a little out of order */
            else if (kind < 9)
                day += rand() % 200 - 100;   /* far */
            else
                day = m->latest - rand() % 20;  /* just behind the latest */
            int32_t d = clamp_day(day);
            day = d;
            rti_recent_days before = r;
            r = rti_recent_with(r, d);
            model_add(m, d);
            assert_true(rti_recent_has(r, d) || d < m->latest - RTI_RECENT_BITS);
            if (rti_recent_has(before, d))
                assert_int_equal(r, before);  /* nothing new to learn */
            assert_same_knowledge(r, m);
        }
    }
    free(m);
}

static void the_range_edges_fit(void **state)
{
    (void)state;
    const int32_t lo = -RTI_MAX_ABS_DAY - 1, hi = RTI_MAX_ABS_DAY + 1;
    rti_recent_days r = rti_recent_with(RTI_RECENT_DAYS_NONE, lo);
    assert_int_not_equal(r, RTI_RECENT_DAYS_NONE);
    assert_true(rti_recent_has(r, lo));
    assert_false(rti_recent_has(r, lo + 1));
    r = rti_recent_with(r, hi);
    assert_true(rti_recent_has(r, hi));
    assert_false(rti_recent_has(r, lo));  /* far behind: forgotten */
    assert_int_equal(rti_recent_latest(r), hi);
    r = rti_recent_with(r, hi - RTI_RECENT_BITS);
    assert_true(rti_recent_has(r, hi - RTI_RECENT_BITS));
    r = rti_recent_with(r, hi - RTI_RECENT_BITS - 1);  /* out of the window: unknown */
    assert_false(rti_recent_has(r, hi - RTI_RECENT_BITS - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(none_knows_no_day),
        cmocka_unit_test(random_walks_match_the_set),
        cmocka_unit_test(the_range_edges_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
