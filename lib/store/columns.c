#include "store/columns.h"

#include "core/assert.h"

rt_status rti_columns_reserve(const rti_allocator *a, void **const columns[],
                              const size_t sizes[], size_t column_count, size_t *capacity,
                              size_t needed)
{
    RTI_ASSERT(column_count > 0);
    if (needed <= *capacity)
        return RT_OK;
    size_t cap = *capacity + *capacity / 2;
    cap = cap < 1024 ? 1024 : cap;
    cap = cap < needed ? needed : cap;
    for (size_t i = 0; i < column_count; i++) {
        void *grown = rti_realloc_array(a, *columns[i], cap, sizes[i]);
        if (grown == NULL)
            return RT_ENOMEM;
        *columns[i] = grown;
    }
    *capacity = cap;
    return RT_OK;
}
