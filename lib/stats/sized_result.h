/* The caller's side of a size-prefixed result struct: initialise it, check
 * it is at least the 1.0 layout, and write only the bytes the caller has. */
#ifndef RTI_SIZED_RESULT_H
#define RTI_SIZED_RESULT_H

#include <stddef.h>

#include "retention/status.h"

/* Zeroes size bytes of result and sets its leading size_t to size. */
rt_status rti_sized_result_init(void *result, size_t size, const char *fn);
/* RT_EINVAL unless result is non-NULL and its size is at least min_size. */
rt_status rti_sized_result_check(const void *result, size_t min_size, const char *fn);
/* Copies the computed value (known_size bytes, its size member ignored) into
 * the caller's struct, at most the caller's size bytes, keeping its size. */
void rti_sized_result_write(void *result, const void *value, size_t known_size);

#endif /* RTI_SIZED_RESULT_H */
