/* The size-prefixed struct rule that lets option structs grow at the end. */
#include "core/sized_struct.h"

#include <string.h>

#include "core/assert.h"
#include "core/error.h"
#include "retention/version.h"

rt_status rti_sized_struct_read(void *dst, size_t known_size, const void *src,
                                size_t src_size, const char *what)
{
    /* Every struct of this library must pass its own cap. */
    RTI_ASSERT(known_size >= sizeof(size_t) && known_size <= RTI_SIZED_STRUCT_MAX);
    if (src_size < sizeof(size_t) || src_size > RTI_SIZED_STRUCT_MAX)
        return rti_fail(RT_EINVAL, "%s: size %zu is not a struct size (%zu to %d "
                        "bytes); initialise it with its _init function", what, src_size,
                        sizeof(size_t), RTI_SIZED_STRUCT_MAX);
    const unsigned char *bytes = src;
    for (size_t i = known_size; i < src_size; i++) {
        if (bytes[i] != 0)
            return rti_fail(RT_EVERSION, "%s: byte %zu is set but this library "
                            "(version %s) knows only %zu bytes", what, i,
                            RT_VERSION_STRING, known_size);
    }
    memcpy(dst, src, src_size < known_size ? src_size : known_size);
    return RT_OK;
}

static size_t size_of(const void *s)
{
    size_t size;
    memcpy(&size, s, sizeof size);
    return size;
}

rt_status rti_sized_struct_init(void *s, size_t size, const void *defaults, size_t known_size,
                                const char *fn)
{
    RTI_ASSERT(known_size >= sizeof(size_t) && known_size <= RTI_SIZED_STRUCT_MAX);
    if (s == NULL)
        return rti_fail(RT_EINVAL, "%s: the struct is NULL", fn);
    if (size < sizeof(size_t) || size > RTI_SIZED_STRUCT_MAX)
        return rti_fail(RT_EINVAL, "%s: size %zu is not a struct size (%zu to %d bytes)", fn,
                        size, sizeof(size_t), RTI_SIZED_STRUCT_MAX);
    memset(s, 0, size);
    if (defaults != NULL)
        memcpy(s, defaults, size < known_size ? size : known_size);
    memcpy(s, &size, sizeof size);
    return RT_OK;
}

rt_status rti_sized_result_check(const void *result, size_t min_size, const char *fn)
{
    if (result == NULL)
        return rti_fail(RT_EINVAL, "%s: output result is NULL", fn);
    if (size_of(result) < min_size || size_of(result) > RTI_SIZED_STRUCT_MAX)
        return rti_fail(RT_EINVAL, "%s: result size %zu is not a size of the struct; "
                        "initialise it with its _init function", fn, size_of(result));
    return RT_OK;
}

void rti_sized_result_write(void *result, const void *value, size_t known_size)
{
    size_t caller_size = size_of(result);
    size_t n = caller_size < known_size ? caller_size : known_size;
    memcpy((unsigned char *)result + sizeof(size_t),
           (const unsigned char *)value + sizeof(size_t), n - sizeof(size_t));
}
