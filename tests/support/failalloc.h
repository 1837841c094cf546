/* A test allocator that makes the k-th allocation fail and counts live blocks:
 * the seam through which every test checks RT_ENOMEM paths and leaks. */
#ifndef FAILALLOC_H
#define FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include "retention/alloc.h"

typedef struct failalloc {
    size_t fail_at;   /* index of the allocation that fails; SIZE_MAX: none */
    size_t calls;     /* allocations (alloc or realloc) attempted since arming */
    size_t live;      /* blocks allocated and not yet freed */
    bool tripped;     /* the armed failure happened */
} failalloc;

/* Fills hooks with this allocator's functions; state starts disarmed. */
void failalloc_setup(failalloc *state, rt_allocator *hooks);
/* The allocation with index k (0 = the next one) fails; later ones succeed. */
void failalloc_arm(failalloc *state, size_t k);
void failalloc_disarm(failalloc *state);

/* The allocation-failure sweep (SQLite's malloc tests, curl's torture mode):
 * runs op(ctx) with allocation k = 0, 1, 2... failing until a run makes no
 * allocation fail. Every failed run must return RT_ENOMEM, after which
 * unchanged(ctx) asserts that nothing observable changed (may be NULL); the
 * last run must return RT_OK. Leaves the allocator disarmed and returns the
 * number of failed runs. */
typedef rt_status (*failalloc_op)(void *ctx);
typedef void (*failalloc_check)(void *ctx);
size_t failalloc_sweep(failalloc *state, failalloc_op op, failalloc_check unchanged,
                       void *ctx);

#endif /* FAILALLOC_H */
