/* Size-prefixed result structs, shared by every result of the stats layer. */
#include "stats/sized_result.h"

#include <string.h>

#include "core/error.h"

static size_t size_of(const void *result)
{
    size_t size;
    memcpy(&size, result, sizeof size);
    return size;
}

rt_status rti_sized_result_init(void *result, size_t size, const char *fn)
{
    if (result == NULL || size < sizeof(size_t))
        return rti_fail(RT_EINVAL, "%s: result is NULL or size %zu too small", fn, size);
    memset(result, 0, size);
    memcpy(result, &size, sizeof size);
    return RT_OK;
}

rt_status rti_sized_result_check(const void *result, size_t min_size, const char *fn)
{
    if (result == NULL)
        return rti_fail(RT_EINVAL, "%s: output result is NULL", fn);
    if (size_of(result) < min_size)
        return rti_fail(RT_EINVAL, "%s: result size %zu is smaller than any version of "
                        "the struct; initialise it with its _init function", fn,
                        size_of(result));
    return RT_OK;
}

void rti_sized_result_write(void *result, const void *value, size_t known_size)
{
    size_t caller_size = size_of(result);
    size_t n = caller_size < known_size ? caller_size : known_size;
    memcpy((unsigned char *)result + sizeof(size_t),
           (const unsigned char *)value + sizeof(size_t), n - sizeof(size_t));
}
