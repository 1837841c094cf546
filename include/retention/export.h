/**
 * @file retention/export.h
 * @brief The RT_API marker on every exported declaration.
 *
 * While the library itself is compiled (`-DRT_BUILDING`), RT_API gives a
 * declaration default visibility; everything else is hidden, and the linker
 * version script lib/retention.map names each export. For consumers and FFI
 * header parsers RT_API expands to nothing, so the headers are plain C.
 *
 * **The experimental tier.** Declarations that are not ready to be frozen
 * sit inside `#ifdef RT_EXPERIMENTAL` blocks (as zstd's
 * `ZSTD_STATIC_LINKING_ONLY` and SQLite's experimental interfaces): define
 * RT_EXPERIMENTAL before including `<retention.h>` to use them. They are
 * exported in the `EXPERIMENTAL` version node of lib/retention.map, not in a
 * `RETENTION_1.x` node, are left out of the ABI baseline, and may change or
 * disappear in any release: the ABI promise does not cover them. Each is
 * documented with `@since` and a note that it is experimental. In 1.0:
 * compare.h, revenue.h, economics.h and the paid subscriptions of cohort.h.
 */
#ifndef RETENTION_EXPORT_H
#define RETENTION_EXPORT_H

#if defined(RT_BUILDING) && defined(__GNUC__)
#  define RT_API __attribute__((visibility("default")))
#else
/** Marks a declaration as part of the public ABI. @since 1.0 */
#  define RT_API
#endif

#endif /* RETENTION_EXPORT_H */
