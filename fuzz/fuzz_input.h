/* Reading a fuzz input as a stream of values. Every reader returns 0 (or
 * the first choice) once the input is used up, so a target never needs to
 * check lengths: a short input is simply a short call sequence. */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fuzz_input {
    const uint8_t *data;
    size_t size;
} fuzz_input;

int fuzz_done(const fuzz_input *in);
uint8_t fuzz_u8(fuzz_input *in);
uint32_t fuzz_u32(fuzz_input *in);
uint64_t fuzz_u64(fuzz_input *in);
/* 0 .. bound - 1 (bound > 0), from as few bytes as bound needs. */
uint32_t fuzz_below(fuzz_input *in, uint32_t bound);
/* Any bit pattern: NaN, infinities, subnormals and negative zero included. */
double fuzz_raw_double(fuzz_input *in);
/* An id fuzz_id() never gives, for a target's own use. */
#define FUZZ_RESERVED_ID ((uint64_t)1 << 40)

/* A small id (customers meet again) or, rarely, any other 64-bit id. */
uint64_t fuzz_id(fuzz_input *in);

#endif
