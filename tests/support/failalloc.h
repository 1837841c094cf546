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
 * evaluates call, an expression of type rt_status, with allocation k = 0, 1,
 * 2... failing until a run makes no allocation fail, which must return
 * RT_OK. Every failed run must return RT_ENOMEM and is counted in failures
 * (a size_t lvalue); after it, the statement unchanged asserts that nothing
 * observable changed. Leaves the allocator disarmed. */
#define FAILALLOC_SWEEP(fa, failures, call, unchanged)                                   \
    for (size_t failalloc_k_ = 0;; failalloc_k_++) {                                     \
        failalloc_arm((fa), failalloc_k_);                                               \
        rt_status failalloc_st_ = (call);                                                \
        failalloc_disarm(fa);                                                            \
        if (!(fa)->tripped) {                                                            \
            assert_int_equal(failalloc_st_, RT_OK);                                      \
            break;                                                                       \
        }                                                                                \
        assert_int_equal(failalloc_st_, RT_ENOMEM);                                      \
        (failures)++;                                                                    \
        unchanged;                                                                       \
    }

#endif /* FAILALLOC_H */
