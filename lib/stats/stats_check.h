/* Argument checks of the stats layer, on top of core/check.h. */
#ifndef RTI_STATS_CHECK_H
#define RTI_STATS_CHECK_H

#include "retention/status.h"

/* RT_EINVAL unless 0 < x < 1 (confidence levels, alpha, power). */
rt_status rti_check_open_unit(double x, const char *fn, const char *arg);

#endif /* RTI_STATS_CHECK_H */
