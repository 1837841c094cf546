/* Growing a set of parallel columns (arrays indexed alike) together. */
#ifndef RTI_COLUMNS_H
#define RTI_COLUMNS_H

#include <stddef.h>

#include "core/memory.h"

/* Makes every column hold at least `needed` elements, growing by half again
 * (so the spare capacity, and the bytes per stored element, stay low).
 * columns[i] points at a column pointer, sizes[i] is its element size. On
 * RT_ENOMEM some columns may have moved to larger blocks, contents intact,
 * and *capacity is unchanged: nothing observable changed. */
rt_status rti_columns_reserve(const rti_allocator *a, void **const columns[],
                              const size_t sizes[], size_t column_count, size_t *capacity,
                              size_t needed);

#endif /* RTI_COLUMNS_H */
