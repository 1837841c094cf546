#include "fuzz_input.h"

#include <string.h>

int fuzz_done(const fuzz_input *in)
{
    return in->size == 0;
}

uint8_t fuzz_u8(fuzz_input *in)
{
    if (in->size == 0)
        return 0;
    in->size--;
    return *in->data++;
}

/* Little-endian from up to `bytes` bytes, fewer when the input runs out. */
static uint64_t take(fuzz_input *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes && in->size > 0; i++)
        v |= (uint64_t)fuzz_u8(in) << (8 * i);
    return v;
}

uint32_t fuzz_u32(fuzz_input *in)
{
    return (uint32_t)take(in, 4);
}

uint64_t fuzz_u64(fuzz_input *in)
{
    return take(in, 8);
}

uint32_t fuzz_below(fuzz_input *in, uint32_t bound)
{
    unsigned bytes = bound <= 1u << 8 ? 1 : bound <= 1u << 16 ? 2 : 4;
    return (uint32_t)(take(in, bytes) % bound);
}

double fuzz_raw_double(fuzz_input *in)
{
    uint64_t bits = fuzz_u64(in);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

uint64_t fuzz_id(fuzz_input *in)
{
    uint8_t pick = fuzz_u8(in);
    if (pick < 240)
        return pick % 24;  /* a handful of customers, seen again and again */
    uint64_t id = pick == 255 ? UINT64_MAX : fuzz_u64(in);
    return id == FUZZ_RESERVED_ID ? id + 1 : id;
}
