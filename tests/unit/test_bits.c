/* lib/core/bits.h and lib/core/assert.h: the bit scans against a bit-by-bit
 * loop (an independent definition), both the builtin and the portable
 * versions; and RTI_ASSERT stopping the process in this (debug) build. */
#define _POSIX_C_SOURCE 200809L  /* fork, waitpid */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/assert.h"
#include "core/bits.h"

/* The definitions, one bit at a time. */
static int naive_ctz(uint64_t v)
{
    int i = 0;
    while (!((v >> i) & 1))
        i++;
    return i;
}

static int naive_highest(uint64_t v)
{
    int i = 63;
    while (!((v >> i) & 1))
        i--;
    return i;
}

static int naive_popcount(uint64_t v)
{
    int count = 0;
    for (int i = 0; i < 64; i++)
        count += (int)((v >> i) & 1);
    return count;
}

static void check_one(uint64_t v)
{
    assert_int_equal(rti_popcount64(v), naive_popcount(v));
    assert_int_equal(rti_popcount64_portable(v), naive_popcount(v));
    if (v == 0)
        return;
    assert_int_equal(rti_ctz64(v), naive_ctz(v));
    assert_int_equal(rti_ctz64_portable(v), naive_ctz(v));
    assert_int_equal(rti_highest_bit64(v), naive_highest(v));
    assert_int_equal(rti_highest_bit64_portable(v), naive_highest(v));
}

static void bit_scans_match_the_definition(void **state)
{
    (void)state;
    check_one(0);
    check_one(UINT64_MAX);
    for (int i = 0; i < 64; i++) {  /* single bits, and all bits from i up or down */
        check_one(UINT64_C(1) << i);
        check_one(UINT64_MAX << i);
        check_one(UINT64_MAX >> i);
    }
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);  /* xorshift64: arbitrary words */
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        check_one(x);
        check_one(x & (x >> 3) & (x >> 7));  /* sparse words */
    }
}

static void prefetch_is_harmless(void **state)
{
    (void)state;
    int values[4] = {1, 2, 3, 4};
    RTI_PREFETCH(&values[2]);
    assert_int_equal(values[2], 3);
}

/* A broken contract aborts (SIGABRT) with a message naming it, in a child
 * process, where asserts are compiled in (debug builds); where they are not
 * (NDEBUG, release), the same child runs on and exits normally. */
static void broken_contract_aborts_in_debug_builds_only(void **state)
{
    (void)state;
    int kept = 1;
    RTI_ASSERT(kept == 1);
    fflush(stdout);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        if (freopen("/dev/null", "w", stderr) == NULL)  /* the expected message */
            _exit(2);
        RTI_ASSERT(kept == 2);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    if (RTI_ASSERTS_ACTIVE) {
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), SIGABRT);
    } else {
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bit_scans_match_the_definition),
        cmocka_unit_test(prefetch_is_harmless),
        cmocka_unit_test(broken_contract_aborts_in_debug_builds_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
