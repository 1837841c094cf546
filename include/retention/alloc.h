/**
 * @file retention/alloc.h
 * @brief Allocator hooks: every allocation the library makes goes through them.
 */
#ifndef RETENTION_ALLOC_H
#define RETENTION_ALLOC_H

#include <stddef.h>

#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup alloc Allocator hooks
 * @brief Route the library's memory through the host's allocator.
 *
 * An #rt_allocator bundles malloc, realloc and free replacements with a user
 * pointer passed back to each. The library never calls the C allocator
 * directly: it uses the allocator a handle was created with (from the
 * handle's options), or else the process-wide default set by
 * rt_allocator_set_default(), or else the C library's malloc, realloc and
 * free. A handle copies its allocator when it is created and frees with the
 * same one, so changing the default later never mixes allocators.
 *
 * The hooks must behave like their C namesakes: return NULL on failure,
 * accept NULL in realloc (as malloc) and in free (as a no-op). The library
 * never asks for zero bytes.
 * @{
 */

/** Allocates @p size bytes; returns NULL on failure. @since 1.0 */
typedef void *(*rt_alloc_fn)(void *user, size_t size);
/**
 * Resizes the block @p ptr (NULL: allocate) to @p size bytes; NULL on failure, block unchanged.
 * @since 1.0
 */
typedef void *(*rt_realloc_fn)(void *user, void *ptr, size_t size);
/** Frees the block @p ptr; NULL is a no-op. @since 1.0 */
typedef void (*rt_free_fn)(void *user, void *ptr);

/**
 * @brief A set of allocation hooks.
 *
 * A size-prefixed struct: initialise it with rt_allocator_init(), then set
 * the hooks. Either all three hooks are set, or none (meaning the C
 * library's allocator).
 * @since 1.0
 */
typedef struct rt_allocator {
    size_t size;              /**< sizeof(rt_allocator) as the caller compiled it; set by rt_allocator_init(). */
    rt_alloc_fn alloc_fn;     /**< malloc replacement, or NULL with the two others NULL too. */
    rt_realloc_fn realloc_fn; /**< realloc replacement. */
    rt_free_fn free_fn;       /**< free replacement. */
    void *user;               /**< Passed unchanged as the first argument of each hook. */
} rt_allocator;

/**
 * @brief Initialises an allocator struct to "the C library's allocator".
 *
 * Sets every field to zero and @c size to @p size. Pass `sizeof *allocator`,
 * so that a program built against older headers keeps working with a newer
 * library.
 *
 * @param[out] allocator The struct to initialise.
 * @param[in]  size      `sizeof(rt_allocator)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p allocator is NULL or @p size is smaller
 *         than the first member.
 * @since 1.0
 */
RT_API rt_status rt_allocator_init(rt_allocator *allocator, size_t size);

/**
 * @brief Sets the process-wide default allocator for handles created later.
 *
 * Call it once, before any handle is created and before other threads use the
 * library: the default is a plain global, not synchronised. Existing handles
 * keep the allocator they were created with.
 *
 * @param[in] allocator The hooks to copy, or NULL to restore the C library's
 *                      allocator.
 * @return #RT_OK; #RT_EINVAL if only some of the three hooks are set or the
 *         size is too small or above 1024 bytes (an uninitialised struct);
 *         #RT_EVERSION if the struct is larger than this
 *         library knows and its extra bytes are not zero (it uses a feature
 *         of a newer version). On failure the default is unchanged.
 * @since 1.0
 */
RT_API rt_status rt_allocator_set_default(const rt_allocator *allocator);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_ALLOC_H */
