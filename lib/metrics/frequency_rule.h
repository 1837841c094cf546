/* The frequency bucket of one customer, shared by the frequency analysis
 * and the at-risk reasons. */
#ifndef RTI_FREQUENCY_RULE_H
#define RTI_FREQUENCY_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "retention/frequency.h"

/* The bucket at day t of a customer active on the sorted distinct days. */
rt_frequency_bucket rti_frequency_bucket(const rt_frequency_options *o, const int32_t *days,
                                         size_t n, int32_t t);

#endif /* RTI_FREQUENCY_RULE_H */
