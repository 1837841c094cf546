/* RTI_ASSERT: internal contracts (a caller inside the library broke a
 * precondition), checked where they are cheap to state. Public input is
 * never asserted: it gets an rt_status and a message.
 *
 * Active unless NDEBUG is defined: the debug and debugoptimized builds (the
 * tests, the sanitizer and valgrind legs of CI) check every contract, and
 * meson's release build (b_ndebug=if-release) compiles them to nothing.
 * RTI_DEBUG turns them on in any build. A broken contract is a bug in the
 * library, so it stops the process (abort) instead of returning. */
#ifndef RTI_ASSERT_H
#define RTI_ASSERT_H

#if defined(RTI_DEBUG) || !defined(NDEBUG)
#  define RTI_ASSERTS_ACTIVE 1
#  define RTI_ASSERT(condition) \
      ((condition) ? (void)0 : rti_assert_fail(#condition, __FILE__, __LINE__, __func__))
#else
#  define RTI_ASSERTS_ACTIVE 0
#  define RTI_ASSERT(condition) ((void)0)
#endif

/* Names the broken contract on stderr and aborts. */
_Noreturn void rti_assert_fail(const char *condition, const char *file, int line,
                               const char *function);

#endif /* RTI_ASSERT_H */
