/* The allocator of a result rebuilt from bytes. */
#ifndef RTI_DESERIALIZE_OPTIONS_H
#define RTI_DESERIALIZE_OPTIONS_H

#include "core/memory.h"
#include "retention/serialize.h"

/* Reads the caller's options (NULL: defaults) and resolves their allocator. */
rt_status rti_deserialize_allocator(rti_allocator *out, const rt_deserialize_options *options,
                                    const char *fn);

#endif /* RTI_DESERIALIZE_OPTIONS_H */
