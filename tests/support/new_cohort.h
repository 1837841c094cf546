/* A cohort for the tests of threads and memory: threads and allocator set,
 * every other option its default; asserts that it was made. */
#ifndef NEW_COHORT_H
#define NEW_COHORT_H

#include <stdint.h>

#include "retention.h"

/* threads 0 is the default (one); hooks NULL the default allocator. */
rt_cohort *new_cohort_with(uint32_t threads, const rt_allocator *hooks);

#endif /* NEW_COHORT_H */
