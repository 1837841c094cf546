/* Allocator hooks: the size-prefixed struct rules, the process default, and
 * the failing test allocator every allocating function is tested with. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "core/memory.h"
#include "core/sized_struct.h"
#include "failalloc.h"
#include "retention.h"

/* A caller compiled against a future header with one more field. */
typedef struct future_allocator {
    rt_allocator base;
    uint64_t extra;
} future_allocator;

static void restore_default(void)
{
    assert_int_equal(rt_allocator_set_default(NULL), RT_OK);
}

static void init_zeroes_and_records_size(void **state)
{
    (void)state;
    rt_allocator a;
    memset(&a, 0xAB, sizeof a);
    assert_int_equal(rt_allocator_init(&a, sizeof a), RT_OK);
    assert_int_equal(a.size, sizeof a);
    assert_null(a.alloc_fn);
    assert_null(a.realloc_fn);
    assert_null(a.free_fn);
    assert_null(a.user);
    assert_int_equal(rt_allocator_init(NULL, sizeof a), RT_EINVAL);
    assert_int_equal(rt_allocator_init(&a, 2), RT_EINVAL);
}

static void default_allocator_is_used_by_new_handles(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    assert_int_equal(rt_allocator_set_default(&hooks), RT_OK);

    rti_allocator resolved;
    assert_int_equal(rti_allocator_resolve(&resolved, NULL, "test"), RT_OK);
    void *p = rti_alloc_array(&resolved, 4, 8);
    assert_non_null(p);
    assert_int_equal(fa.live, 1);
    rti_free(&resolved, p);
    assert_int_equal(fa.live, 0);

    restore_default();
    assert_int_equal(rti_allocator_resolve(&resolved, NULL, "test"), RT_OK);
    assert_true(resolved.user != &fa);
}

static void partial_hooks_are_refused_and_change_nothing(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    assert_int_equal(rt_allocator_set_default(&hooks), RT_OK);

    rt_allocator partial;
    rt_allocator_init(&partial, sizeof partial);
    partial.alloc_fn = hooks.alloc_fn;
    assert_int_equal(rt_allocator_set_default(&partial), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "all three hooks"));

    rti_allocator resolved;
    assert_int_equal(rti_allocator_resolve(&resolved, NULL, "test"), RT_OK);
    assert_ptr_equal(resolved.user, &fa);  /* still the earlier default */
    restore_default();
}

static void newer_and_older_callers(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rti_allocator resolved;

    /* Newer caller, new field left zero: accepted. */
    future_allocator future;
    rt_allocator_init(&future.base, sizeof future);
    assert_int_equal(future.base.size, sizeof future);
    future.base.alloc_fn = hooks.alloc_fn;
    future.base.realloc_fn = hooks.realloc_fn;
    future.base.free_fn = hooks.free_fn;
    future.base.user = &fa;
    assert_int_equal(rti_allocator_resolve(&resolved, &future.base, "test"), RT_OK);
    assert_ptr_equal(resolved.user, &fa);

    /* Newer caller using the new field: this library cannot honour it. */
    future.extra = 1;
    assert_int_equal(rti_allocator_resolve(&resolved, &future.base, "test"), RT_EVERSION);
    assert_int_equal(rt_allocator_set_default(&future.base), RT_EVERSION);

    /* Older caller whose struct ends after alloc_fn: the rest reads as unset. */
    rt_allocator old;
    rt_allocator_init(&old, sizeof old);
    old.size = offsetof(rt_allocator, realloc_fn);
    old.alloc_fn = hooks.alloc_fn;
    old.realloc_fn = hooks.realloc_fn;  /* beyond its size: must be ignored */
    assert_int_equal(rti_allocator_resolve(&resolved, &old, "test"), RT_EINVAL);

    /* Oldest possible caller: only the size, meaning the C allocator. */
    old.size = sizeof(size_t);
    assert_int_equal(rti_allocator_resolve(&resolved, &old, "test"), RT_OK);
    assert_non_null(resolved.alloc_fn);
    assert_true(resolved.user != &fa);

    old.size = 1;
    assert_int_equal(rti_allocator_resolve(&resolved, &old, "test"), RT_EINVAL);
}

/* A caller that skipped rt_allocator_init() passes stack garbage as size;
 * the read must stop at RTI_SIZED_STRUCT_MAX instead of running off. */
static void implausible_sizes_are_refused_before_reading(void **state)
{
    (void)state;
    /* Zeroed room behind the struct: without the cap, size 1025 would be
     * read and accepted (every byte past the struct is zero). */
    union {
        rt_allocator a;
        unsigned char bytes[2 * RTI_SIZED_STRUCT_MAX];
    } room;
    memset(&room, 0, sizeof room);
    rt_allocator copy;

    room.a.size = RTI_SIZED_STRUCT_MAX;  /* the largest accepted: a far newer caller */
    assert_int_equal(rti_sized_struct_read(&copy, sizeof copy, &room, room.a.size, "t"),
                     RT_OK);
    room.a.size = RTI_SIZED_STRUCT_MAX + 1;
    assert_int_equal(rti_sized_struct_read(&copy, sizeof copy, &room, room.a.size, "t"),
                     RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "_init"));

    /* Through the public entry point, a size no stack holds: refused, and
     * (under ASan and valgrind) nothing past the struct was touched. */
    rt_allocator garbage;
    rt_allocator_init(&garbage, sizeof garbage);
    garbage.size = SIZE_MAX;
    assert_int_equal(rt_allocator_set_default(&garbage), RT_EINVAL);
}

static void failalloc_fails_exactly_the_armed_call(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rti_allocator a;
    assert_int_equal(rti_allocator_resolve(&a, &hooks, "test"), RT_OK);

    failalloc_arm(&fa, 1);
    void *first = rti_alloc_array(&a, 1, 16);
    assert_non_null(first);
    assert_false(fa.tripped);
    assert_null(rti_realloc_array(&a, first, 2, 16));  /* call 1 fails... */
    assert_true(fa.tripped);
    void *grown = rti_realloc_array(&a, first, 2, 16);  /* ...the block survives */
    assert_non_null(grown);
    assert_int_equal(fa.live, 1);
    rti_free(&a, grown);
    rti_free(&a, NULL);
    assert_int_equal(fa.live, 0);
}

static void array_size_overflow_never_reaches_the_hook(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rti_allocator a;
    assert_int_equal(rti_allocator_resolve(&a, &hooks, "test"), RT_OK);
    assert_null(rti_alloc_array(&a, SIZE_MAX / 8 + 1, 8));
    assert_null(rti_realloc_array(&a, NULL, SIZE_MAX / 2 + 1, 2));
    assert_int_equal(fa.calls, 0);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_zeroes_and_records_size),
        cmocka_unit_test(default_allocator_is_used_by_new_handles),
        cmocka_unit_test(partial_hooks_are_refused_and_change_nothing),
        cmocka_unit_test(newer_and_older_callers),
        cmocka_unit_test(implausible_sizes_are_refused_before_reading),
        cmocka_unit_test(failalloc_fails_exactly_the_armed_call),
        cmocka_unit_test(array_size_overflow_never_reaches_the_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
