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
