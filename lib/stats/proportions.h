/* Proportions: Wilson intervals and the two-proportion test, callable with
 * the name of the public function that reports failures. */
#ifndef RTI_PROPORTIONS_H
#define RTI_PROPORTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "retention/compare.h"

/* Size of the 1.0 layout of rt_proportion_test_result. */
#define RTI_PROPORTION_TEST_MIN_SIZE \
    (offsetof(rt_proportion_test_result, p_value) + sizeof(double))

/* rt_proportion_test() with fn naming the caller in messages; result's size
 * must already be checked. */
rt_status rti_proportion_test(uint64_t successes_a, uint64_t trials_a,
                              uint64_t successes_b, uint64_t trials_b, double confidence,
                              rt_proportion_test_result *result, const char *fn);

#endif /* RTI_PROPORTIONS_H */
