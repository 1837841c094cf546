/* Getter-by-getter equality of two results, for the serialization tests
 * and the deserialize fuzz target: every public getter of one answers what
 * the other's does, status and values. */
#ifndef SERIALIZE_EQUAL_H
#define SERIALIZE_EQUAL_H

#include <stdint.h>

#include "retention.h"

/* Each returns 1 if equal, else 0 and prints the first difference. */
int metrics_equal(const rt_metrics *a, const rt_metrics *b);
/* ids: customers to ask about (known or not); segments 0 .. max_segment. */
int frequency_equal(const rt_frequency *a, const rt_frequency *b, const uint64_t *ids,
                    size_t id_count, uint32_t max_segment);
int rfm_equal(const rt_rfm *a, const rt_rfm *b);
/* Getters on m with every index in and just out of range: nothing may
 * crash, and each status is one the getter documents. Returns 1 if so. */
int metrics_getters_sane(const rt_metrics *m);

#endif /* SERIALIZE_EQUAL_H */
