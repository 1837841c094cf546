/* Caller-supplied structs that begin with their own size_t size: their
 * initialisation, reading options, and writing results. */
#ifndef RTI_SIZED_STRUCT_H
#define RTI_SIZED_STRUCT_H

#include <stddef.h>

#include "retention/status.h"

/* Largest size a caller's struct may claim. A caller that forgot the _init
 * call passes whatever its stack held; without a cap we would read that many
 * bytes past its struct. The largest struct of 1.0 is 120 bytes, so 1024
 * leaves room for years of appended fields (Linux caps its size-prefixed
 * syscall structs at a page for the same reason). */
#define RTI_SIZED_STRUCT_MAX 1024

/* Copies the caller's struct src of src_size bytes into dst, which is
 * known_size bytes and already holds the defaults. An older caller (smaller
 * struct) leaves the newer fields at their defaults; a newer caller (larger
 * struct) is accepted only if the bytes this library does not know are zero,
 * else RT_EVERSION (Linux's copy_struct_from_user rule). A src_size below
 * sizeof(size_t) or above RTI_SIZED_STRUCT_MAX is RT_EINVAL, and then not
 * one byte of src past its size member is read. what names the
 * struct in the error message. dst is untouched on failure. */
rt_status rti_sized_struct_read(void *dst, size_t known_size, const void *src,
                                size_t src_size, const char *what);

/* The body of every public rt_*_init(s, size): RT_EINVAL (in the name of fn)
 * unless s is non-NULL and size a struct size; then zeroes the caller's size
 * bytes, copies the first min(size, known_size) bytes of defaults (NULL: all
 * zero) and sets the leading size member to size. */
rt_status rti_sized_struct_init(void *s, size_t size, const void *defaults, size_t known_size,
                                const char *fn);

/* For result structs the library writes: RT_EINVAL unless result is
 * non-NULL and its size member at least min_size (the 1.0 layout). */
rt_status rti_sized_result_check(const void *result, size_t min_size, const char *fn);
/* Copies the computed value (known_size bytes, its size member ignored) into
 * the caller's result, at most the caller's size bytes, keeping its size. */
void rti_sized_result_write(void *result, const void *value, size_t known_size);

#endif /* RTI_SIZED_STRUCT_H */
