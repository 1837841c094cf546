/* The one place the library prints and aborts: a broken internal contract
 * (RTI_ASSERT), which only debug builds check. */
#include "core/assert.h"

#include <stdio.h>
#include <stdlib.h>

/* LCOV_EXCL_START: it runs only in a process that then aborts, whose
 * coverage counters are never written. */
_Noreturn void rti_assert_fail(const char *condition, const char *file, int line,
                               const char *function)
{
    fprintf(stderr, "libretention: internal contract broken in %s (%s:%d): %s\n", function,
            file, line, condition);
    abort();
}
/* LCOV_EXCL_STOP */
