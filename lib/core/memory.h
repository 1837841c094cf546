/* The allocator every part of the library allocates through. */
#ifndef RTI_MEMORY_H
#define RTI_MEMORY_H

#include <stddef.h>

#include "retention/alloc.h"

/* A validated, complete set of hooks; handles keep one by value. */
typedef struct rti_allocator {
    rt_alloc_fn alloc_fn;
    rt_realloc_fn realloc_fn;
    rt_free_fn free_fn;
    void *user;
} rti_allocator;

/* Resolves the allocator a new handle will use: the caller's (validated,
 * size-prefixed) if given, else the process-wide default. A failure's
 * message names fn, the public function the caller called. */
rt_status rti_allocator_resolve(rti_allocator *out, const rt_allocator *requested,
                                const char *fn);

/* Allocate count * size bytes; NULL when the hook fails or the product
 * overflows. count and size must be non-zero. */
void *rti_alloc_array(const rti_allocator *a, size_t count, size_t size);

/* Resize ptr to count * size bytes; NULL (ptr still valid) on failure. */
void *rti_realloc_array(const rti_allocator *a, void *ptr, size_t count, size_t size);

void rti_free(const rti_allocator *a, void *ptr);

#endif /* RTI_MEMORY_H */
