/* Little-endian fields and the CRC-32 seal of serialized objects
 * (docs/serialization.md), written independently of the library so that
 * tests and the fuzz target can edit bytes and reseal them. */
#ifndef SEALED_BYTES_H
#define SEALED_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* zlib's CRC-32, by the table method (the library uses a bit loop). */
uint32_t sealed_crc32(const uint8_t *p, size_t n);
void put_le(uint8_t *p, uint64_t v, int bytes);
uint64_t get_le(const uint8_t *p, int bytes);
/* Rewrites the last 4 bytes, the checksum, after an edit of the n bytes. */
void reseal(uint8_t *b, size_t n);

#endif
