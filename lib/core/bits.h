/* Bit scans and prefetch behind one name each, as zstd's lib/common/bits.h
 * does: the compiler's builtin where there is one (GCC, clang), else a
 * portable version, so that no other file names a __builtin. */
#ifndef RTI_BITS_H
#define RTI_BITS_H

#include <stdint.h>

#include "core/assert.h"

/* The portable versions, compiled everywhere so that tests can compare them
 * with the builtins. v must not be 0 (the builtins are undefined there). */
static inline int rti_ctz64_portable(uint64_t v)
{
    /* de Bruijn multiplication: the isolated lowest bit selects a unique
     * 6-bit window of the constant (Leiserson, Prokop and Randall, 1998). */
    static const int index64[64] = {
        0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,
        62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
        46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6,
    };
    return index64[((v & (~v + 1)) * UINT64_C(0x03f79d71b4cb0a89)) >> 58];
}

static inline int rti_highest_bit64_portable(uint64_t v)
{
    int bit = 0;
    for (int step = 32; step > 0; step /= 2) {
        if (v >> step) {
            v >>= step;
            bit += step;
        }
    }
    return bit;
}

static inline int rti_popcount64_portable(uint64_t v)
{
    v -= (v >> 1) & UINT64_C(0x5555555555555555);
    v = (v & UINT64_C(0x3333333333333333)) + ((v >> 2) & UINT64_C(0x3333333333333333));
    v = (v + (v >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (int)((v * UINT64_C(0x0101010101010101)) >> 56);
}

#if defined(__GNUC__) || defined(__clang__)
#  define RTI_PREFETCH(address) __builtin_prefetch(address)
#else
#  define RTI_PREFETCH(address) ((void)(address))
#endif

/* Index of the lowest set bit of v, 0 to 63; v != 0. */
static inline int rti_ctz64(uint64_t v)
{
    RTI_ASSERT(v != 0);
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(v);
#else
    return rti_ctz64_portable(v);
#endif
}

/* Index of the highest set bit of v, 0 to 63; v != 0. */
static inline int rti_highest_bit64(uint64_t v)
{
    RTI_ASSERT(v != 0);
#if defined(__GNUC__) || defined(__clang__)
    return 63 - __builtin_clzll(v);
#else
    return rti_highest_bit64_portable(v);
#endif
}

/* Number of set bits of v. */
static inline int rti_popcount64(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_popcountll(v);
#else
    return rti_popcount64_portable(v);
#endif
}

#endif /* RTI_BITS_H */
