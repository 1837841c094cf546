/* The envelope of a serialized object: see core/envelope.h. */
#include "core/envelope.h"

#include "core/error.h"

/* The magic as a host that wrote its u32 big-endian would have put it. */
#define SWAPPED_MAGIC UINT32_C(0x5254535A)

const char *rti_serial_kind_name(uint32_t kind)
{
    switch (kind) {
    case RTI_SERIAL_METRICS: return "rt_metrics";
    case RTI_SERIAL_FREQUENCY: return "rt_frequency";
    case RTI_SERIAL_RFM: return "rt_rfm";
    default: return "unknown object";
    }
}

static void write_all(rti_writer *w, rti_serial_kind kind, rti_payload_fn payload,
                      const void *object, uint64_t total)
{
    rti_put_u32(w, RTI_SERIAL_MAGIC);
    rti_put_u16(w, RTI_SERIAL_VERSION);
    rti_put_u16(w, (uint16_t)kind);
    rti_put_u64(w, total);
    payload(w, object);
}

rt_status rti_serialize(rti_serial_kind kind, rti_payload_fn payload, const void *object,
                        void *buffer, size_t capacity, size_t *size, const char *fn)
{
    if (size == NULL)
        return rti_fail(RT_EINVAL, "%s: size is NULL", fn);
    if (buffer == NULL && capacity > 0)
        return rti_fail(RT_EINVAL, "%s: buffer is NULL but capacity is %zu", fn, capacity);
    rti_writer count = {NULL, 0, 0};
    write_all(&count, kind, payload, object, 0);
    uint64_t total = count.size + RTI_SERIAL_TRAILER_SIZE;
    if (total > SIZE_MAX)
        return rti_fail(RT_ENOMEM, "%s: %llu bytes do not fit in memory", fn,
                        (unsigned long long)total);
    *size = (size_t)total;
    if (buffer == NULL)
        return RT_OK;
    if (capacity < total)
        return rti_fail(RT_ERANGE, "%s: the buffer holds %zu bytes, the object needs %zu",
                        fn, capacity, (size_t)total);
    rti_writer w = {buffer, capacity, 0};
    write_all(&w, kind, payload, object, total);
    rti_put_u32(&w, rti_crc32(buffer, (size_t)total - RTI_SERIAL_TRAILER_SIZE));
    return RT_OK;
}

static uint32_t crc_stored(const uint8_t *bytes, size_t size)
{
    rti_reader r = {bytes, size, size - RTI_SERIAL_TRAILER_SIZE, 0};
    return rti_get_u32(&r);
}

rt_status rti_envelope_open(rti_reader *r, const void *buffer, size_t size,
                            rti_serial_kind kind, const char *fn)
{
    if (buffer == NULL)
        return rti_fail(RT_EINVAL, "%s: buffer is NULL", fn);
    const uint8_t *bytes = buffer;
    size_t minimum = RTI_SERIAL_HEADER_SIZE + RTI_SERIAL_TRAILER_SIZE;
    if (size < minimum)
        return rti_fail(RT_EFORMAT, "%s: truncated: %zu bytes, less than the %zu of an "
                        "empty envelope", fn, size, minimum);
    rti_reader h = {bytes, size, 0, 0};
    uint32_t magic = rti_get_u32(&h);
    if (magic == SWAPPED_MAGIC)
        return rti_fail(RT_EFORMAT, "%s: foreign endianness: the magic number is "
                        "byte-swapped (the format is little-endian)", fn);
    if (magic != RTI_SERIAL_MAGIC)
        return rti_fail(RT_EFORMAT, "%s: bad magic number 0x%08x: not a serialized "
                        "libretention object", fn, (unsigned)magic);
    uint16_t version = rti_get_u16(&h);
    if (version > RTI_SERIAL_VERSION)
        return rti_fail(RT_EVERSION, "%s: format version %u is newer than this library "
                        "reads (%d)", fn, (unsigned)version, RTI_SERIAL_VERSION);
    if (version == 0)
        return rti_fail(RT_EFORMAT, "%s: format version 0 does not exist", fn);
    uint16_t found = rti_get_u16(&h);
    if (found != kind)
        return rti_fail(RT_EFORMAT, "%s: the buffer holds an %s (kind %u), not an %s", fn,
                        rti_serial_kind_name(found), (unsigned)found,
                        rti_serial_kind_name(kind));
    uint64_t total = rti_get_u64(&h);
    if (total > size)
        return rti_fail(RT_EFORMAT, "%s: truncated: the object is %llu bytes, the buffer "
                        "%zu", fn, (unsigned long long)total, size);
    if (total < size)
        return rti_fail(RT_EFORMAT, "%s: %zu bytes after the end of the %llu-byte object",
                        fn, size - (size_t)total, (unsigned long long)total);
    uint32_t crc = rti_crc32(bytes, size - RTI_SERIAL_TRAILER_SIZE);
    if (crc != crc_stored(bytes, size))
        return rti_fail(RT_EFORMAT, "%s: checksum mismatch (CRC-32 0x%08x, stored 0x%08x): "
                        "the bytes are corrupted", fn, (unsigned)crc,
                        (unsigned)crc_stored(bytes, size));
    *r = (rti_reader){bytes, size - RTI_SERIAL_TRAILER_SIZE, RTI_SERIAL_HEADER_SIZE, 0};
    return RT_OK;
}
