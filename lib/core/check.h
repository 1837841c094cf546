/* Argument checks shared by the public entry points; each failure names the
 * argument in the per-thread message. */
#ifndef RTI_CHECK_H
#define RTI_CHECK_H

#include <stdint.h>

#include "retention/status.h"

/* fn is the public function's name, arg the parameter's. */
rt_status rti_check_out(const void *out, const char *fn, const char *arg);
/* Finite and in [0, 1]. */
rt_status rti_check_probability(double x, const char *fn, const char *arg);
/* Finite and >= 0: money, discount rates, means. */
rt_status rti_check_nonnegative(double x, const char *fn, const char *arg);

/* 0 or 1: a boolean field of an options struct. */
rt_status rti_check_flag(uint32_t value, const char *fn, const char *field);
/* A number of days in 1 .. max, named field in the message. */
rt_status rti_check_days(uint32_t days, uint32_t max, const char *fn, const char *field);

/* Returns the status of expr from the enclosing function unless it is RT_OK. */
#define RTI_TRY(expr)                          \
    do {                                       \
        rt_status rti_try_status_ = (expr);    \
        if (rti_try_status_ != RT_OK)          \
            return rti_try_status_;            \
    } while (0)

#endif /* RTI_CHECK_H */
