/**
 * @file retention/export.h
 * @brief The RT_API marker on every exported declaration.
 *
 * While the library itself is compiled (`-DRT_BUILDING`), RT_API gives a
 * declaration default visibility; everything else is hidden, and the linker
 * version script lib/retention.map names each export. For consumers and FFI
 * header parsers RT_API expands to nothing, so the headers are plain C.
 */
#ifndef RETENTION_EXPORT_H
#define RETENTION_EXPORT_H

#if defined(RT_BUILDING) && defined(__GNUC__)
#  define RT_API __attribute__((visibility("default")))
#else
/** Marks a declaration as part of the public ABI. */
#  define RT_API
#endif

#endif /* RETENTION_EXPORT_H */
