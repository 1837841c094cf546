/* Invariant checks for the fuzz targets: a broken invariant prints what
 * failed and aborts, which libFuzzer (and the corpus replay) report as a
 * crash with the input that caused it. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <math.h>

#include <retention.h>

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void fuzz_fail(const char *file, int line, const char *what);

#define FUZZ_CHECK(condition) \
    ((condition) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #condition))

/* A status from the rt_status enum, and a failure comes with a message. */
void fuzz_check_status(rt_status status);

/* A status among those a function documents: FUZZ_ST(RT_OK) | FUZZ_ST(...). */
#define FUZZ_ST(status) (1u << (unsigned)(status))
void fuzz_check_documented(rt_status status, unsigned documented);

/* Within [0, 1], not NaN. */
int fuzz_is_rate(double x);
/* a and b equal, or within `relative` of the larger magnitude (at least 1). */
int fuzz_close(double a, double b, double relative);

#endif
