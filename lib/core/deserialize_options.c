/* rt_deserialize_options: the allocator a result rebuilt from bytes uses. */
#include "core/deserialize_options.h"

#include "core/check.h"
#include "core/sized_struct.h"

rt_status rt_deserialize_options_init(rt_deserialize_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof *options,
                                 "rt_deserialize_options_init");
}

rt_status rti_deserialize_allocator(rti_allocator *out, const rt_deserialize_options *options,
                                    const char *fn)
{
    rt_deserialize_options o;
    rt_deserialize_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                      "rt_deserialize_options"));
    return rti_allocator_resolve(out, o.allocator, fn);
}
