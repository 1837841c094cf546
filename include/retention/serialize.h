/**
 * @file retention/serialize.h
 * @brief Options shared by the functions that rebuild a result from bytes.
 */
#ifndef RETENTION_SERIALIZE_H
#define RETENTION_SERIALIZE_H

#include <stddef.h>

#include "retention/alloc.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup serialize Serialization
 * @brief Partial results that leave the process.
 *
 * rt_metrics, rt_frequency and rt_rfm merge within one process
 * (rt_metrics_merge(), rt_frequency_merge(), rt_rfm_merge()). To merge the
 * results of other processes or machines, each serializes to bytes
 * (rt_metrics_serialize(), rt_frequency_serialize(), rt_rfm_serialize()) and
 * is rebuilt from them (rt_metrics_deserialize(), rt_frequency_deserialize(),
 * rt_rfm_deserialize()). The format, specified in docs/serialization.md, is
 * versioned, little-endian on every host and sealed by a CRC-32; it carries
 * the options a merge compares, so that parts computed differently are
 * refused by the merge as they are in one process.
 *
 * **Writing** is size-query-then-write: with @c buffer NULL and @c capacity
 * 0 a serializer writes the size it needs to @c *size and returns #RT_OK;
 * with a buffer of at least that many bytes it writes the object and its
 * size; with a smaller one it returns #RT_ERANGE, writes the size needed
 * and leaves the buffer alone. The bytes are canonical: an object rebuilt
 * from them serializes to the same bytes.
 *
 * **Reading** refuses with #RT_EFORMAT any input that is not exactly what a
 * serializer of this version wrote: truncated or with trailing bytes, a
 * wrong magic number (one byte-swapped: written by a big-endian
 * implementation), another object kind, a checksum mismatch (corrupted),
 * options outside their documented ranges or lengths that disagree with
 * them, and payloads no computation can produce (the message says which);
 * a format version newer than this library's gets #RT_EVERSION. Nothing is
 * allocated before the lengths have been checked against the bytes given.
 * @{
 */

/**
 * @brief How rt_metrics_deserialize() and rt_frequency_deserialize() build
 * their result. Initialise with rt_deserialize_options_init().
 * @since 1.1
 */
typedef struct rt_deserialize_options {
    size_t size;                   /**< sizeof(rt_deserialize_options) as the caller compiled it. */
    const rt_allocator *allocator; /**< Hooks the result allocates through for its whole
                                        life, or NULL (default) for the process default. */
} rt_deserialize_options;

/**
 * @brief Fills deserialization options with the defaults (the default allocator).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_deserialize_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.1
 */
RT_API rt_status rt_deserialize_options_init(rt_deserialize_options *options, size_t size);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_SERIALIZE_H */
