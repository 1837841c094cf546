/* Asserts that two cohorts give the same results from their activity. */
#ifndef SAME_RESULTS_H
#define SAME_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "retention.h"

/* Metrics (all customers and segments 1, 2), churn over the middle third
 * of [first_day, last_day], frequency as of last_day for the ids
 * 0 .. id_count - 1, and the first id_count customers at risk: every
 * result that reads the activity lists must be equal in a and b. */
void assert_same_results(const rt_cohort *a, const rt_cohort *b, int32_t first_day,
                         int32_t last_day, size_t id_count);

#endif /* SAME_RESULTS_H */
