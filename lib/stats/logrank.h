/* The log-rank statistic accumulated time by time from per-group counts, so
 * that raw survival data and the metrics' Kaplan-Meier counts share it. */
#ifndef RTI_LOGRANK_H
#define RTI_LOGRANK_H

#include <stdint.h>

#include "core/memory.h"
#include "retention/compare.h"

typedef struct rti_logrank {
    uint32_t group_count;
    double *observed;  /* O_j */
    double *expected;  /* E_j */
    double *variance;  /* V, group_count x group_count, row-major */
    double *reduced;   /* scratch: V without the groups left out */
    double *deviation; /* scratch: O - E of the groups kept */
} rti_logrank;

/* Size of the 1.0 layout of rt_logrank_result. */
#define RTI_LOGRANK_MIN_SIZE (offsetof(rt_logrank_result, groups_used) + sizeof(uint32_t))


/* Zeroed sums for group_count >= 2 groups; RT_ENOMEM (no message). */
/* The allocator the options name (NULL options: the defaults), resolved
 * in the name of fn. */
rt_status rti_logrank_allocator(const rt_logrank_options *options, rti_allocator *a,
                                const char *fn);
rt_status rti_logrank_init(rti_logrank *lr, const rti_allocator *a, uint32_t group_count);
void rti_logrank_free(rti_logrank *lr, const rti_allocator *a);

/* One distinct time: at_risk[j] subjects of group j at risk, ended[j] events. */
void rti_logrank_add(rti_logrank *lr, const double *at_risk, const double *ended);

/* The test from the sums; on RT_OK writes result (its size checked by the
 * caller) and, if not NULL, observed and expected (group_count each). */
rt_status rti_logrank_finish(rti_logrank *lr, const char *fn, rt_logrank_result *result,
                             double *observed, double *expected);

#endif /* RTI_LOGRANK_H */
