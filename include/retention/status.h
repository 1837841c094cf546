/**
 * @file retention/status.h
 * @brief Status codes returned by every fallible function, and their messages.
 */
#ifndef RETENTION_STATUS_H
#define RETENTION_STATUS_H

#include "retention/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup status Status codes
 * @brief How a call reports failure.
 *
 * Every function that can fail returns an #rt_status and writes its results
 * through trailing out-pointers, which it touches only on success. A failed
 * call changes nothing: no handle, no output.
 *
 * The values are part of the ABI: they never change and are never reused;
 * new codes are appended.
 * @{
 */

/** Result of a fallible call. @since 1.0 */
typedef enum rt_status {
    RT_OK = 0,          /**< Success. */
    RT_EINVAL = 1,      /**< An argument is invalid: NULL, NaN, infinite, negative or out of its domain;
                             also a size-prefixed struct whose @c size is below sizeof(size_t) or
                             above 1024 bytes (never initialised). */
    RT_ENOMEM = 2,      /**< An allocation failed (or a size overflowed). */
    RT_ERANGE = 3,      /**< A time or date lies outside the supported range; also (since 1.1)
                             a buffer too small for a serialized object. */
    RT_ENOTFOUND = 4,   /**< The requested item (customer, segment) does not exist. */
    RT_EFORMAT = 5,     /**< Serialized input is malformed or fails its checksum: returned
                             by the deserializers of 1.1 (see @ref serialize); no 1.0
                             function returns it. */
    RT_ECONVERGE = 6,   /**< An iterative computation (a fit, a series, a root search) did
                             not converge within its cap; a fit still returns its best
                             point. */
    RT_EVERSION = 7,    /**< The data (a serialized format version) or option struct is from
                             a newer, incompatible version. */
    RT_EUNDEFINED = 8   /**< The result is undefined for this input: a zero denominator, an empty population. */
} rt_status;

/**
 * @brief Short English description of a status code.
 * @param[in] status Any value, known or not.
 * @return A static string; never NULL ("unknown status" for values this
 *         version does not know).
 * @since 1.0
 */
RT_API const char *rt_strerror(rt_status status);

/**
 * @brief Detailed message of the last failed call on the calling thread.
 *
 * Each failing call stores a message that names the offending argument, for
 * example "retention 1.5 is outside [0, 1]". The message is per thread and is
 * overwritten by the thread's next failure; successful calls leave it alone,
 * so read it right after a call returned something other than #RT_OK.
 *
 * @return A NUL-terminated string owned by the library, valid until the
 *         thread's next call into it; the empty string if nothing failed yet.
 * @since 1.0
 */
RT_API const char *rt_last_error_message(void);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_STATUS_H */
