#include "fuzz_check.h"

#include <stdio.h>
#include <stdlib.h>

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

void fuzz_check_status(rt_status status)
{
    FUZZ_CHECK(status >= RT_OK && status <= RT_EUNDEFINED);
    if (status != RT_OK) {
        const char *message = rt_last_error_message();
        FUZZ_CHECK(message != NULL && message[0] != '\0');
    }
}

int fuzz_is_rate(double x)
{
    return x >= 0.0 && x <= 1.0;
}

void fuzz_check_documented(rt_status status, unsigned documented)
{
    fuzz_check_status(status);
    if ((FUZZ_ST(status) & documented) == 0) {
        fprintf(stderr, "undocumented status %s: %s\n", rt_strerror(status),
                rt_last_error_message());
        FUZZ_CHECK((FUZZ_ST(status) & documented) != 0);
    }
}

int fuzz_close(double a, double b, double relative)
{
    if (a == b)
        return 1;
    double scale = fmax(fabs(a), fabs(b));
    return fabs(a - b) <= relative * fmax(scale, 1.0);
}
