/* expect_cell(): one retention cell of rt_metrics, its count and whether it
 * is observed, as the metrics tests check it. Include after cmocka.h. */
#ifndef EXPECT_CELL_H
#define EXPECT_CELL_H

#include "retention.h"

static inline void expect_cell(const rt_metrics *m, rt_retention_kind kind, size_t cohort,
                               uint32_t offset, uint64_t active, uint32_t observed)
{
    uint64_t got;
    uint32_t seen;
    assert_int_equal(rt_metrics_retention(m, kind, cohort, offset, &got, &seen), RT_OK);
    assert_int_equal(seen, observed);
    assert_int_equal(got, active);
}

#endif /* EXPECT_CELL_H */
