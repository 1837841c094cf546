/* The envelope every serialized object shares (docs/serialization.md): a
 * 16-byte header (magic, format version, object kind, total size) before
 * the object's payload, and a CRC-32 of everything before it after. */
#ifndef RTI_ENVELOPE_H
#define RTI_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bytes.h"
#include "retention/status.h"

/* "RTSZ" as bytes: the u32 0x5A535452 written little-endian. */
#define RTI_SERIAL_MAGIC UINT32_C(0x5A535452)
/* The one format version this library writes and reads. */
#define RTI_SERIAL_VERSION 1
#define RTI_SERIAL_HEADER_SIZE 16
#define RTI_SERIAL_TRAILER_SIZE 4

typedef enum rti_serial_kind {
    RTI_SERIAL_METRICS = 1,
    RTI_SERIAL_FREQUENCY = 2,
    RTI_SERIAL_RFM = 3
} rti_serial_kind;

/* Writes the payload of an object. */
typedef void (*rti_payload_fn)(rti_writer *w, const void *object);

/* The body of every rt_*_serialize: sizes the envelope and payload with a
 * counting pass, writes *size, then (buffer non-NULL, capacity enough)
 * writes it and seals it. buffer NULL and capacity 0 is the size query
 * (RT_OK); a smaller capacity is RT_ERANGE, the buffer untouched. fn names
 * the public function in messages. */
rt_status rti_serialize(rti_serial_kind kind, rti_payload_fn payload, const void *object,
                        void *buffer, size_t capacity, size_t *size, const char *fn);

/* Checks the envelope of size bytes at buffer (length, magic, version,
 * kind, declared size, checksum) and points r at the payload (its size
 * ends before the checksum). RT_EFORMAT or RT_EVERSION with a message
 * saying which check failed, in the name of fn. */
rt_status rti_envelope_open(rti_reader *r, const void *buffer, size_t size,
                            rti_serial_kind kind, const char *fn);

/* The name of an object kind, for messages. */
const char *rti_serial_kind_name(uint32_t kind);

#endif /* RTI_ENVELOPE_H */
