/* rti_run_parts on C11 threads (<threads.h>); serial where the C library
 * has none (__STDC_NO_THREADS__). */
#include "core/parallel.h"

#include "core/assert.h"

#if !defined(__STDC_NO_THREADS__)
#  include <threads.h>
#endif

unsigned rti_parts_for(size_t items, unsigned threads, size_t min_per_part)
{
    RTI_ASSERT(min_per_part > 0);
    size_t parts = items / min_per_part;
    if (parts > threads)
        parts = threads;
    return parts > 1 ? (unsigned)parts : 1u;
}

typedef struct part_call {
    rti_part_fn task;
    void *arg;
    unsigned part, parts;
} part_call;

#if !defined(__STDC_NO_THREADS__)
static int run_part(void *call)
{
    const part_call *p = call;
    p->task(p->arg, p->part, p->parts);
    return 0;
}
#endif

void rti_run_parts(rti_part_fn task, void *arg, unsigned parts)
{
    RTI_ASSERT(parts >= 1 && parts <= RTI_MAX_THREADS);
#if defined(__STDC_NO_THREADS__)
    for (unsigned part = 0; part < parts; part++)
        task(arg, part, parts);
#else
    part_call calls[RTI_MAX_THREADS];
    thrd_t threads[RTI_MAX_THREADS];
    _Bool started[RTI_MAX_THREADS];
    for (unsigned part = 1; part < parts; part++) {
        calls[part] = (part_call){task, arg, part, parts};
        started[part] = thrd_create(&threads[part], run_part, &calls[part]) == thrd_success;
    }
    task(arg, 0, parts);
    for (unsigned part = 1; part < parts; part++) {
        if (started[part])
            thrd_join(threads[part], NULL);
        else
            task(arg, part, parts);  /* no thread: this one does it */
    }
#endif
}
