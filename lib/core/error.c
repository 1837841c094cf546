/* Status names and the per-thread last-error message. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

/* Per thread, so concurrent calls on distinct handles never see each
 * other's messages; fixed size, so reporting a failure cannot itself fail. */
static _Thread_local char last_message[256];

rt_status rti_fail(rt_status status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(last_message, sizeof last_message, format, args);
    va_end(args);
    return status;
}

const char *rt_last_error_message(void)
{
    return last_message;
}

const char *rt_strerror(rt_status status)
{
    switch (status) {
    case RT_OK: return "success";
    case RT_EINVAL: return "invalid argument";
    case RT_ENOMEM: return "out of memory";
    case RT_ERANGE: return "time or date out of range";
    case RT_ENOTFOUND: return "not found";
    case RT_EFORMAT: return "malformed data";
    case RT_ECONVERGE: return "fit did not converge";
    case RT_EVERSION: return "unsupported version";
    case RT_EUNDEFINED: return "result undefined for this input";
    }
    return "unknown status";
}
