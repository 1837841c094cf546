/* Little-endian bytes and CRC-32: see core/bytes.h. */
#include "core/bytes.h"

#include <string.h>

static void put_le(rti_writer *w, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        if (w->buffer != NULL && w->size < w->capacity)
            w->buffer[w->size] = (uint8_t)(v >> (8 * i));
        w->size++;
    }
}

void rti_put_u8(rti_writer *w, uint8_t v) { put_le(w, v, 1); }
void rti_put_u16(rti_writer *w, uint16_t v) { put_le(w, v, 2); }
void rti_put_u32(rti_writer *w, uint32_t v) { put_le(w, v, 4); }
void rti_put_u64(rti_writer *w, uint64_t v) { put_le(w, v, 8); }
void rti_put_i32(rti_writer *w, int32_t v) { put_le(w, (uint32_t)v, 4); }

void rti_put_f64(rti_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_le(w, bits, 8);
}

void rti_put_u64_array(rti_writer *w, const uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_le(w, v[i], 8);
}

static uint64_t get_le(rti_reader *r, unsigned bytes)
{
    if (r->failed || r->size - r->pos < bytes) {
        r->failed = 1;
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)r->data[r->pos + i] << (8 * i);
    r->pos += bytes;
    return v;
}

uint8_t rti_get_u8(rti_reader *r) { return (uint8_t)get_le(r, 1); }
uint16_t rti_get_u16(rti_reader *r) { return (uint16_t)get_le(r, 2); }
uint32_t rti_get_u32(rti_reader *r) { return (uint32_t)get_le(r, 4); }
uint64_t rti_get_u64(rti_reader *r) { return get_le(r, 8); }

int32_t rti_get_i32(rti_reader *r)
{
    uint32_t u = (uint32_t)get_le(r, 4);
    /* Two's complement without an implementation-defined conversion. */
    return u <= INT32_MAX ? (int32_t)u : -(int32_t)(UINT32_MAX - u) - 1;
}

double rti_get_f64(rti_reader *r)
{
    uint64_t bits = get_le(r, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

void rti_get_u64_array(rti_reader *r, uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = get_le(r, 8);
}

size_t rti_remaining(const rti_reader *r)
{
    return r->failed ? 0 : r->size - r->pos;
}

uint32_t rti_crc32(const uint8_t *data, size_t n)
{
    /* Bit by bit: no table to build or store; the library seals and checks
     * a buffer once per call, far from any hot loop. */
    uint32_t crc = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (UINT32_C(0xEDB88320) & (0u - (crc & 1u)));
    }
    return crc ^ UINT32_MAX;
}
