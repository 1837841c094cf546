/* Allocator hooks: the process default, per-handle copies, overflow checks. */
#include "core/memory.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assert.h"
#include "core/error.h"
#include "core/sized_struct.h"

static void *libc_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void *libc_realloc(void *user, void *ptr, size_t size)
{
    (void)user;
    return realloc(ptr, size);
}

static void libc_free(void *user, void *ptr)
{
    (void)user;
    free(ptr);
}

static const rti_allocator libc_allocator = {libc_alloc, libc_realloc, libc_free, NULL};

/* Written only by rt_allocator_set_default(), which the docs ask callers to
 * use before any other thread touches the library. */
static rti_allocator default_allocator = {libc_alloc, libc_realloc, libc_free, NULL};

rt_status rt_allocator_init(rt_allocator *allocator, size_t size)
{
    return rti_sized_struct_init(allocator, size, NULL, sizeof *allocator, "rt_allocator_init");
}

/* Reads and validates a public rt_allocator; NULL hooks mean the C library. */
static rt_status allocator_read(rti_allocator *out, const rt_allocator *in, const char *fn)
{
    char what[96];
    snprintf(what, sizeof what, "%s: rt_allocator", fn);
    rt_allocator copy = {0};
    rt_status st = rti_sized_struct_read(&copy, sizeof copy, in, in->size, what);
    if (st != RT_OK)
        return st;
    int hooks = (copy.alloc_fn != NULL) + (copy.realloc_fn != NULL) + (copy.free_fn != NULL);
    if (hooks == 0) {
        *out = libc_allocator;
        return RT_OK;
    }
    if (hooks != 3)
        return rti_fail(RT_EINVAL, "%s: set all three hooks or none (%d set)", what, hooks);
    *out = (rti_allocator){copy.alloc_fn, copy.realloc_fn, copy.free_fn, copy.user};
    return RT_OK;
}

rt_status rt_allocator_set_default(const rt_allocator *allocator)
{
    if (allocator == NULL) {
        default_allocator = libc_allocator;
        return RT_OK;
    }
    return allocator_read(&default_allocator, allocator, "rt_allocator_set_default");
}

rt_status rti_allocator_resolve(rti_allocator *out, const rt_allocator *requested,
                                const char *fn)
{
    if (requested == NULL) {
        *out = default_allocator;
        return RT_OK;
    }
    return allocator_read(out, requested, fn);
}

void *rti_alloc_array(const rti_allocator *a, size_t count, size_t size)
{
    RTI_ASSERT(count > 0 && size > 0);  /* malloc(0) may return NULL: not an ENOMEM */
    if (count > SIZE_MAX / size)
        return NULL;
    return a->alloc_fn(a->user, count * size);
}

void *rti_realloc_array(const rti_allocator *a, void *ptr, size_t count, size_t size)
{
    RTI_ASSERT(count > 0 && size > 0);  /* realloc to 0 bytes frees, or not */
    if (count > SIZE_MAX / size)
        return NULL;
    return a->realloc_fn(a->user, ptr, count * size);
}

void rti_free(const rti_allocator *a, void *ptr)
{
    a->free_fn(a->user, ptr);
}
