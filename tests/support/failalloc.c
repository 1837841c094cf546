#include "failalloc.h"

#include <stdint.h>
#include <stdlib.h>

static bool should_fail(failalloc *state)
{
    bool fail = state->calls == state->fail_at;
    state->calls++;
    if (fail)
        state->tripped = true;
    return fail;
}

static void *fa_alloc(void *user, size_t size)
{
    failalloc *state = user;
    if (should_fail(state))
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        state->live++;
    return p;
}

static void *fa_realloc(void *user, void *ptr, size_t size)
{
    failalloc *state = user;
    if (should_fail(state))
        return NULL;
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        state->live++;
    return p;
}

static void fa_free(void *user, void *ptr)
{
    failalloc *state = user;
    if (ptr != NULL)
        state->live--;
    free(ptr);
}

void failalloc_setup(failalloc *state, rt_allocator *hooks)
{
    *state = (failalloc){.fail_at = SIZE_MAX};
    rt_allocator_init(hooks, sizeof *hooks);
    hooks->alloc_fn = fa_alloc;
    hooks->realloc_fn = fa_realloc;
    hooks->free_fn = fa_free;
    hooks->user = state;
}

void failalloc_arm(failalloc *state, size_t k)
{
    state->fail_at = k;
    state->calls = 0;
    state->tripped = false;
}

void failalloc_disarm(failalloc *state)
{
    state->fail_at = SIZE_MAX;
}
