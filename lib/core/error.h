/* Failure reporting: a status code plus a per-thread message naming the cause. */
#ifndef RTI_ERROR_H
#define RTI_ERROR_H

#include "retention/status.h"

#if defined(__GNUC__)
#  define RTI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#  define RTI_PRINTF(fmt, args)
#endif

/* Stores the message for rt_last_error_message() and returns status, so a
 * failure is reported in one line: return rti_fail(RT_EINVAL, "...", x); */
rt_status rti_fail(rt_status status, const char *format, ...) RTI_PRINTF(2, 3);

#endif /* RTI_ERROR_H */
