/* See new_cohort.h. */
#include "new_cohort.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

rt_cohort *new_cohort_with(uint32_t threads, const rt_allocator *hooks)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.threads = threads;
    o.allocator = hooks;
    rt_cohort *c = NULL;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    return c;
}
