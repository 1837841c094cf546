/* Little-endian byte writer and reader for the serialized formats
 * (docs/serialization.md): every value goes out and comes in byte by byte,
 * so the bytes are the same on every host whatever its endianness or struct
 * layout; and the CRC-32 that seals them. */
#ifndef RTI_BYTES_H
#define RTI_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Writes into buffer while it has room; with buffer NULL it only counts, so
 * that one pass sizes the output and a second fills it. */
typedef struct rti_writer {
    uint8_t *buffer;
    size_t capacity;
    uint64_t size;  /* bytes written, or that would have been */
} rti_writer;

void rti_put_u8(rti_writer *w, uint8_t v);
void rti_put_u16(rti_writer *w, uint16_t v);
void rti_put_u32(rti_writer *w, uint32_t v);
void rti_put_u64(rti_writer *w, uint64_t v);
void rti_put_i32(rti_writer *w, int32_t v);
/* IEEE 754 binary64, its bit pattern as a u64. */
void rti_put_f64(rti_writer *w, double v);
void rti_put_u64_array(rti_writer *w, const uint64_t *v, size_t n);

/* Reads from data; a read past the end returns 0 and sets failed, so a
 * parser checks once at the end of a section instead of at every field. */
typedef struct rti_reader {
    const uint8_t *data;
    size_t size;
    size_t pos;
    int failed;
} rti_reader;

uint8_t rti_get_u8(rti_reader *r);
uint16_t rti_get_u16(rti_reader *r);
uint32_t rti_get_u32(rti_reader *r);
uint64_t rti_get_u64(rti_reader *r);
int32_t rti_get_i32(rti_reader *r);
double rti_get_f64(rti_reader *r);
void rti_get_u64_array(rti_reader *r, uint64_t *v, size_t n);
/* Bytes left to read. */
size_t rti_remaining(const rti_reader *r);

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final
 * xor 0xFFFFFFFF: zlib's crc32()) of n bytes. */
uint32_t rti_crc32(const uint8_t *data, size_t n);

#endif /* RTI_BYTES_H */
