/* Splitting one call's work over a few threads: the cohort's `threads`
 * option (rt_cohort_options). The parts of a task must be independent and
 * must not allocate or fail (the caller allocates everything first, so the
 * caller's allocator is only ever called from the caller's thread, and an
 * error is found and reported on that thread after the join). */
#ifndef RTI_PARALLEL_H
#define RTI_PARALLEL_H

#include <stddef.h>

/* The most threads one call may use (rt_cohort_options.threads). */
#define RTI_MAX_THREADS 64u

/* One part's work: part is 0 .. parts - 1. */
typedef void (*rti_part_fn)(void *arg, unsigned part, unsigned parts);

/* Runs task for every part, part 0 on the calling thread and each other on
 * a thread started for it; returns when all are done. A thread that cannot
 * be started (or a C library without C11 threads) has its part run on the
 * calling thread: the result never depends on how many threads ran. */
void rti_run_parts(rti_part_fn task, void *arg, unsigned parts);

/* How many parts to cut `items` into: at most `threads`, each at least
 * `min_per_part` items (starting a thread costs tens of microseconds). */
unsigned rti_parts_for(size_t items, unsigned threads, size_t min_per_part);

/* The items [*begin, *end) of a part when n items are cut into parts
 * nearly equal runs, in order. */
static inline void rti_part_range(size_t n, unsigned part, unsigned parts, size_t *begin,
                                  size_t *end)
{
    *begin = n / parts * part + (part < n % parts ? part : n % parts);
    *end = *begin + n / parts + (part < n % parts);
}

#endif /* RTI_PARALLEL_H */
