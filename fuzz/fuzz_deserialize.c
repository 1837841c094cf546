/* Fuzz target: the deserializers (rt_metrics_deserialize,
 * rt_frequency_deserialize, rt_rfm_deserialize; docs/serialization.md).
 *
 * The first byte picks the mode: odd, the rest is taken as is (the envelope
 * checks: magic, version, kind, size, checksum); even, the target first
 * writes the right size and CRC-32 into the rest, so that the fuzzer
 * explores the payloads behind the checksum. The bytes go to all three
 * deserializers (at most one can accept a kind).
 *
 * Invariants: a refusal is RT_EFORMAT, RT_EVERSION or RT_ENOMEM, with a
 * message naming the function, and leaves the output alone; an accepted
 * object serializes to exactly the input bytes (the format is canonical),
 * answers every getter, in range and just out, without a crash and with a
 * documented status (the same as its re-deserialized copy), and merges with
 * a copy of itself as documented. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

#include "fuzz_check.h"
#include "fuzz_target.h"
#include "sealed_bytes.h"
#include "serialize_equal.h"

static void check_refusal(rt_status st, const char *fn)
{
    fuzz_check_status(st);
    fuzz_check_documented(st, FUZZ_ST(RT_EFORMAT) | FUZZ_ST(RT_EVERSION) | FUZZ_ST(RT_ENOMEM));
    FUZZ_CHECK(strncmp(rt_last_error_message(), fn, strlen(fn)) == 0);
}

/* The object's bytes equal the input's. */
static void check_canonical(rt_status (*ser)(const void *, void *, size_t, size_t *),
                            const void *object, const uint8_t *data, size_t size)
{
    size_t need = 0;
    FUZZ_CHECK(ser(object, NULL, 0, &need) == RT_OK);
    FUZZ_CHECK(need == size);
    uint8_t *out = malloc(size);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(ser(object, out, size, &need) == RT_OK);
    FUZZ_CHECK(memcmp(out, data, size) == 0);
    free(out);
}

static rt_status ser_metrics(const void *o, void *b, size_t c, size_t *s)
{
    return rt_metrics_serialize(o, b, c, s);
}
static rt_status ser_frequency(const void *o, void *b, size_t c, size_t *s)
{
    return rt_frequency_serialize(o, b, c, s);
}
static rt_status ser_rfm(const void *o, void *b, size_t c, size_t *s)
{
    return rt_rfm_serialize(o, b, c, s);
}

static void try_metrics(const uint8_t *data, size_t size)
{
    rt_metrics *m = NULL, *copy = NULL;
    rt_status st = rt_metrics_deserialize(data, size, NULL, &m);
    if (st != RT_OK) {
        check_refusal(st, "rt_metrics_deserialize");
        FUZZ_CHECK(m == NULL);
        return;
    }
    check_canonical(ser_metrics, m, data, size);
    FUZZ_CHECK(rt_metrics_deserialize(data, size, NULL, &copy) == RT_OK);
    FUZZ_CHECK(metrics_equal(m, copy));
    FUZZ_CHECK(metrics_getters_sane(m));
    st = rt_metrics_merge(m, copy);  /* same options: counts double (may wrap) */
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_ENOMEM));
    FUZZ_CHECK(metrics_getters_sane(m));
    rt_metrics_free(m);
    rt_metrics_free(copy);
}

static void try_frequency(const uint8_t *data, size_t size)
{
    rt_frequency *f = NULL, *copy = NULL;
    rt_status st = rt_frequency_deserialize(data, size, NULL, &f);
    if (st != RT_OK) {
        check_refusal(st, "rt_frequency_deserialize");
        FUZZ_CHECK(f == NULL);
        return;
    }
    check_canonical(ser_frequency, f, data, size);
    FUZZ_CHECK(rt_frequency_deserialize(data, size, NULL, &copy) == RT_OK);
    static const uint64_t ids[] = {0, 1, 2, 3, 7, 100, UINT64_MAX};
    FUZZ_CHECK(frequency_equal(f, copy, ids, sizeof ids / sizeof *ids, 8));
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        uint64_t count = 0;
        FUZZ_CHECK(rt_frequency_count(f, (rt_frequency_bucket)b, &count) == RT_OK);
    }
    /* Any customer is in both: refused; without customers: merged. */
    st = rt_frequency_merge(f, copy);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
    rt_frequency_free(f);
    rt_frequency_free(copy);
}

static void try_rfm(const uint8_t *data, size_t size)
{
    rt_rfm *r = NULL, *copy = NULL;
    rt_status st = rt_rfm_deserialize(data, size, NULL, &r);
    if (st != RT_OK) {
        check_refusal(st, "rt_rfm_deserialize");
        FUZZ_CHECK(r == NULL);
        return;
    }
    check_canonical(ser_rfm, r, data, size);
    FUZZ_CHECK(rt_rfm_deserialize(data, size, NULL, &copy) == RT_OK);
    FUZZ_CHECK(rfm_equal(r, copy));
    uint64_t sum = 0;
    for (size_t i = 0; i < rt_rfm_row_count(r); i++) {
        uint64_t x, c;
        double t_x, T;
        FUZZ_CHECK(rt_rfm_row(r, i, &x, &t_x, &T, &c) == RT_OK);
        FUZZ_CHECK(c > 0 && T > 0 && t_x >= 0 && t_x <= T && (x > 0 || t_x == 0));
        sum += c;
    }
    FUZZ_CHECK(sum == rt_rfm_customer_count(r));
    st = rt_rfm_merge(r, copy);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ENOMEM));
    rt_rfm_free(r);
    rt_rfm_free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int sealed = (data[0] & 1) == 0;
    size--;
    uint8_t *bytes = malloc(size ? size : 1);
    FUZZ_CHECK(bytes != NULL);
    if (size > 0)
        memcpy(bytes, data + 1, size);
    if (sealed && size >= 20) {
        put_le(bytes + 8, size, 8);
        reseal(bytes, size);
    }
    try_metrics(bytes, size);
    try_frequency(bytes, size);
    try_rfm(bytes, size);
    free(bytes);
    return 0;
}
