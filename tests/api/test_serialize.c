/* Serialization of rt_metrics, rt_frequency and rt_rfm (serialize.h,
 * docs/serialization.md): exact round trips on random logs, merging
 * deserialized parts against computing the whole, golden bytes written by
 * an independent encoder (Python's struct and zlib.crc32), every refusal
 * with its status and message, allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"
#include "retention.h"
#include "sealed_bytes.h"
#include "serialize_equal.h"

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rnd(uint64_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 0x2545F4914F6CDD1Du) % n;
}

/* A sealed envelope of the kind around payload zero bytes: shorter than
 * any payload of that kind. */
static size_t short_envelope(uint8_t *b, uint16_t kind, size_t payload)
{
    size_t n = 16 + payload + 4;
    assert_true(n <= 96);  /* the callers' room */
    memset(b, 0, n);
    memcpy(b, "RTSZ", 4);
    put_le(b + 4, 1, 2);
    put_le(b + 6, kind, 2);
    put_le(b + 8, n, 8);
    reseal(b, n);
    return n;
}

/* --- Serializing: the size query, a short buffer, the write. ------------- */

typedef rt_status (*serialize_fn)(const void *, void *, size_t, size_t *);

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

/* The bytes of an object through the documented protocol; *size set. */
static uint8_t *serialize(serialize_fn fn, const void *object, size_t *size)
{
    size_t need = 0, again = 0;
    assert_int_equal(fn(object, NULL, 0, &need), RT_OK);
    assert_true(need >= 20);
    uint8_t *b = malloc(need + 1);
    assert_non_null(b);
    memset(b, 0xA5, need + 1);
    assert_int_equal(fn(object, b, need - 1, &again), RT_ERANGE);  /* one byte short */
    assert_int_equal(again, need);
    for (size_t i = 0; i <= need; i++)
        assert_int_equal(b[i], 0xA5);  /* untouched */
    again = 0;
    assert_int_equal(fn(object, b, need + 1, &again), RT_OK);
    assert_int_equal(again, need);
    assert_int_equal(b[need], 0xA5);  /* nothing past the object */
    assert_memory_equal(b, "RTSZ", 4);
    assert_int_equal(get_le(b + 8, 8), need);
    assert_int_equal(get_le(b + need - 4, 4), sealed_crc32(b, need - 4));
    *size = need;
    return b;
}

/* --- Random logs. -------------------------------------------------------- */

#define DAY0 19000   /* 2022-01-08 */
#define MAX_CUSTOMERS 60

typedef struct logs {
    rt_cohort *all, *half[2];
    uint64_t ids[MAX_CUSTOMERS + 1];  /* the last one never appears */
    size_t customers;
} logs;

static void new_logs(logs *l)
{
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.first_weekday = 1 + (uint32_t)rnd(7);
    co.wau_window_days = 1 + (uint32_t)rnd(10);
    co.mau_window_days = 1 + (uint32_t)rnd(40);
    co.inactivity_days = 1 + (uint32_t)rnd(40);
    co.utc_offset_seconds = (int32_t)rnd(7200) - 3600;
    assert_int_equal(rt_cohort_new(&co, &l->all), RT_OK);
    assert_int_equal(rt_cohort_new(&co, &l->half[0]), RT_OK);
    assert_int_equal(rt_cohort_new(&co, &l->half[1]), RT_OK);
    l->customers = 1 + (size_t)rnd(MAX_CUSTOMERS);
    for (size_t c = 0; c <= l->customers; c++)
        l->ids[c] = rnd(4) == 0 ? c : rng_state;  /* small and scattered ids */
    for (size_t c = 0; c < l->customers; c++) {
        size_t events = 1 + (size_t)rnd(12);
        int64_t start = (int64_t)(DAY0 + (int32_t)rnd(120)) * 86400;
        for (size_t e = 0; e < events; e++) {
            int64_t t = start + (int64_t)rnd(200 * 86400);
            assert_int_equal(rt_cohort_add_event(l->all, l->ids[c], t), RT_OK);
            assert_int_equal(rt_cohort_add_event(l->half[c % 2], l->ids[c], t), RT_OK);
        }
        if (rnd(3) > 0) {  /* a start event ("first did X"), for cohorts by start */
            int64_t t = start + (int64_t)rnd(100 * 86400);
            assert_int_equal(rt_cohort_add_start(l->all, l->ids[c], t), RT_OK);
            assert_int_equal(rt_cohort_add_start(l->half[c % 2], l->ids[c], t), RT_OK);
        }
        uint32_t segment = (uint32_t)rnd(5);
        if (segment < 4) {
            assert_int_equal(rt_cohort_set_segment(l->all, l->ids[c], segment), RT_OK);
            assert_int_equal(rt_cohort_set_segment(l->half[c % 2], l->ids[c], segment), RT_OK);
        }
    }
}

static void free_logs(logs *l)
{
    rt_cohort_free(l->all);
    rt_cohort_free(l->half[0]);
    rt_cohort_free(l->half[1]);
}

static void random_metrics_options(rt_metrics_options *o, uint32_t *bounds)
{
    rt_metrics_options_init(o, sizeof *o);
    o->use_range = 1;
    o->first_day = DAY0 + (int32_t)rnd(60) - 30;
    o->last_day = o->first_day + (int32_t)rnd(300);
    o->period = (rt_period)rnd(3);
    o->max_offset = rnd(3) == 0 ? (uint32_t)rnd(6) : UINT32_MAX;
    o->use_segment = rnd(4) == 0;
    o->segment = (uint32_t)rnd(4);
    o->trailing_days = (uint32_t)rnd(60);
    o->tables = (uint32_t)rnd(4);
    o->use_starts = (uint32_t)rnd(2);
    o->bracket_count = (uint32_t)rnd(4);
    bounds[0] = (uint32_t)rnd(3);
    for (uint32_t k = 1; k <= o->bracket_count; k++)
        bounds[k] = bounds[k - 1] + 1 + (uint32_t)rnd(30);
    o->bracket_bounds = bounds;
}

/* Round trip: equal getters, identical bytes; returns the copy. */
static rt_metrics *metrics_round_trip(const rt_metrics *m)
{
    size_t n, n2;
    uint8_t *b = serialize(ser_metrics, m, &n);
    rt_metrics *copy;
    assert_int_equal(rt_metrics_deserialize(b, n, NULL, &copy), RT_OK);
    assert_true(metrics_equal(m, copy));
    uint8_t *b2 = serialize(ser_metrics, copy, &n2);
    assert_int_equal(n2, n);
    assert_memory_equal(b, b2, n);
    free(b);
    free(b2);
    return copy;
}

static void metrics_round_trip_and_parts_merge_to_the_whole(void **state)
{
    (void)state;
    int rounds = getenv("RT_UNDER_VALGRIND") ? 20 : 150;
    for (int round = 0; round < rounds; round++) {
        logs l;
        new_logs(&l);
        rt_metrics_options o;
        uint32_t bounds[5];
        random_metrics_options(&o, bounds);
        rt_metrics *whole, *part[2];
        assert_int_equal(rt_cohort_metrics(l.all, &o, &whole), RT_OK);
        assert_int_equal(rt_cohort_metrics(l.half[0], &o, &part[0]), RT_OK);
        assert_int_equal(rt_cohort_metrics(l.half[1], &o, &part[1]), RT_OK);
        rt_metrics *copy = metrics_round_trip(whole);
        rt_metrics *moved[2] = {metrics_round_trip(part[0]), metrics_round_trip(part[1])};
        /* The parts, as another process would receive them, merged. */
        assert_int_equal(rt_metrics_merge(moved[0], moved[1]), RT_OK);
        assert_true(metrics_equal(moved[0], whole));
        size_t n1, n2;
        uint8_t *b1 = serialize(ser_metrics, moved[0], &n1);
        uint8_t *b2 = serialize(ser_metrics, whole, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(b1, b2, n1);
        free(b1);
        free(b2);
        rt_metrics_free(copy);
        rt_metrics_free(moved[0]);
        rt_metrics_free(moved[1]);
        rt_metrics_free(whole);
        rt_metrics_free(part[0]);
        rt_metrics_free(part[1]);
        free_logs(&l);
    }
}

static rt_frequency *frequency_round_trip(const rt_frequency *f, const logs *l)
{
    size_t n, n2;
    uint8_t *b = serialize(ser_frequency, f, &n);
    rt_frequency *copy;
    assert_int_equal(rt_frequency_deserialize(b, n, NULL, &copy), RT_OK);
    assert_true(frequency_equal(f, copy, l->ids, l->customers + 1, 5));
    uint8_t *b2 = serialize(ser_frequency, copy, &n2);
    assert_int_equal(n2, n);
    assert_memory_equal(b, b2, n);
    free(b);
    free(b2);
    return copy;
}

static void frequency_round_trip_and_parts_merge_to_the_whole(void **state)
{
    (void)state;
    for (int round = 0; round < 200; round++) {
        logs l;
        new_logs(&l);
        rt_frequency_options o;
        rt_frequency_options_init(&o, sizeof o);
        o.as_of_day = DAY0 + (int32_t)rnd(400) - 20;
        o.use_earlier = rnd(2) == 0;
        o.earlier_day = o.as_of_day - 1 - (int32_t)rnd(60);
        o.lookback_days = 1 + (uint32_t)rnd(120);
        o.new_days = 1 + (uint32_t)rnd(30);
        o.dormant_days = 1 + (uint32_t)rnd(120);
        o.forgettable_share = (double)rnd(100) / 100.0;
        rt_frequency *whole, *part[2];
        assert_int_equal(rt_cohort_frequency(l.all, &o, &whole), RT_OK);
        assert_int_equal(rt_cohort_frequency(l.half[0], &o, &part[0]), RT_OK);
        assert_int_equal(rt_cohort_frequency(l.half[1], &o, &part[1]), RT_OK);
        rt_frequency *copy = frequency_round_trip(whole, &l);
        rt_frequency *moved[2] = {frequency_round_trip(part[0], &l),
                                  frequency_round_trip(part[1], &l)};
        assert_int_equal(rt_frequency_merge(moved[0], moved[1]), RT_OK);
        assert_true(frequency_equal(moved[0], whole, l.ids, l.customers + 1, 5));
        /* Merging a part with itself, moved or not, is still refused. */
        if (l.customers > 1)  /* the odd half has a customer */
            assert_int_equal(rt_frequency_merge(moved[1], part[1]), RT_EINVAL);
        rt_frequency_free(copy);
        rt_frequency_free(moved[0]);
        rt_frequency_free(moved[1]);
        rt_frequency_free(whole);
        rt_frequency_free(part[0]);
        rt_frequency_free(part[1]);
        free_logs(&l);
    }
}

/* Rows of a histogram as a multiset, for comparing across insertion orders. */
static int compare_rows(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}

static void sorted_rows(const rt_rfm *r, uint8_t *rows)
{
    for (size_t i = 0; i < rt_rfm_row_count(r); i++) {
        uint64_t x, c;
        double t_x, T;
        assert_int_equal(rt_rfm_row(r, i, &x, &t_x, &T, &c), RT_OK);
        memcpy(rows + 32 * i, &x, 8);
        memcpy(rows + 32 * i + 8, &t_x, 8);
        memcpy(rows + 32 * i + 16, &T, 8);
        memcpy(rows + 32 * i + 24, &c, 8);
    }
    qsort(rows, rt_rfm_row_count(r), 32, compare_rows);
}

static rt_rfm *rfm_round_trip(const rt_rfm *r)
{
    size_t n, n2;
    uint8_t *b = serialize(ser_rfm, r, &n);
    rt_rfm *copy;
    assert_int_equal(rt_rfm_deserialize(b, n, NULL, &copy), RT_OK);
    assert_true(rfm_equal(r, copy));
    uint8_t *b2 = serialize(ser_rfm, copy, &n2);
    assert_int_equal(n2, n);
    assert_memory_equal(b, b2, n);
    free(b);
    free(b2);
    return copy;
}

static void rfm_round_trip_and_parts_merge_to_the_whole(void **state)
{
    (void)state;
    static uint8_t rows_a[32 * 400], rows_b[32 * 400];
    for (int round = 0; round < 200; round++) {
        rt_rfm *whole, *part[2];
        assert_int_equal(rt_rfm_new(NULL, &whole), RT_OK);
        assert_int_equal(rt_rfm_new(NULL, &part[0]), RT_OK);
        assert_int_equal(rt_rfm_new(NULL, &part[1]), RT_OK);
        size_t records = (size_t)rnd(400);
        for (size_t i = 0; i < records; i++) {
            uint64_t x = rnd(4);
            double T = 1.0 + (double)rnd(8) / 2.0;
            double t_x = x == 0 ? 0.0 : T * (double)rnd(3) / 2.0;
            assert_int_equal(rt_rfm_add(whole, x, t_x, T, 1), RT_OK);
            assert_int_equal(rt_rfm_add(part[i % 2], x, t_x, T, 1), RT_OK);
        }
        rt_rfm *copy = rfm_round_trip(whole);
        rt_rfm *moved[2] = {rfm_round_trip(part[0]), rfm_round_trip(part[1])};
        assert_int_equal(rt_rfm_merge(moved[0], moved[1]), RT_OK);
        assert_int_equal(rt_rfm_row_count(moved[0]), rt_rfm_row_count(whole));
        assert_int_equal(rt_rfm_customer_count(moved[0]), records);
        sorted_rows(moved[0], rows_a);
        sorted_rows(whole, rows_b);
        assert_memory_equal(rows_a, rows_b, 32 * rt_rfm_row_count(whole));
        rt_rfm_free(copy);
        rt_rfm_free(moved[0]);
        rt_rfm_free(moved[1]);
        rt_rfm_free(whole);
        rt_rfm_free(part[0]);
        rt_rfm_free(part[1]);
    }
}

/* --- Golden bytes: Python's struct.pack('<IHHQ', ...) and zlib.crc32. ---- */

static const uint8_t golden_rfm[60] = {
    0x52, 0x54, 0x53, 0x5a, 0x01, 0x00, 0x03, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x24, 0x40, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xda, 0xa7, 0x1f, 0x68,
};

static void rfm_bytes_match_an_independent_encoder(void **state)
{
    (void)state;
    assert_int_equal(sealed_crc32((const uint8_t *)"123456789", 9), 0xCBF43926u);
    rt_rfm *r, *back;
    assert_int_equal(rt_rfm_new(NULL, &r), RT_OK);
    assert_int_equal(rt_rfm_add(r, 2, 3.5, 10.0, 4), RT_OK);
    size_t n;
    uint8_t *b = serialize(ser_rfm, r, &n);
    assert_int_equal(n, sizeof golden_rfm);
    assert_memory_equal(b, golden_rfm, n);
    assert_int_equal(rt_rfm_deserialize(golden_rfm, sizeof golden_rfm, NULL, &back), RT_OK);
    uint64_t x, count;
    double t_x, T;
    assert_int_equal(rt_rfm_row(back, 0, &x, &t_x, &T, &count), RT_OK);
    assert_int_equal(x, 2);
    assert_true(t_x == 3.5 && T == 10.0);
    assert_int_equal(count, 4);
    assert_int_equal(rt_rfm_customer_count(back), 4);
    free(b);
    rt_rfm_free(r);
    rt_rfm_free(back);
}

/* --- Refusals. ----------------------------------------------------------- */

typedef rt_status (*deserialize_fn)(const uint8_t *, size_t);

static rt_status read_metrics(const uint8_t *b, size_t n)
{
    rt_metrics *m = (rt_metrics *)&m;  /* must stay as it is on failure */
    rt_metrics *was = m;
    rt_status st = rt_metrics_deserialize(b, n, NULL, &m);
    if (st == RT_OK)
        rt_metrics_free(m);
    else
        assert_ptr_equal(m, was);
    return st;
}

static rt_status read_frequency(const uint8_t *b, size_t n)
{
    rt_frequency *f = NULL;
    rt_status st = rt_frequency_deserialize(b, n, NULL, &f);
    if (st == RT_OK)
        rt_frequency_free(f);
    else
        assert_null(f);
    return st;
}

static rt_status read_rfm(const uint8_t *b, size_t n)
{
    rt_rfm *r = NULL;
    rt_status st = rt_rfm_deserialize(b, n, NULL, &r);
    if (st == RT_OK)
        rt_rfm_free(r);
    else
        assert_null(r);
    return st;
}

static void expect_refusal(deserialize_fn read, const uint8_t *b, size_t n, rt_status want,
                           const char *message)
{
    assert_int_equal(read(b, n), want);
    if (strstr(rt_last_error_message(), message) == NULL)
        fail_msg("message \"%s\" does not contain \"%s\"", rt_last_error_message(), message);
}

/* The refusals every kind shares: the envelope's. */
static void envelope_refusals(deserialize_fn read, const uint8_t *good, size_t n,
                              const char *fn)
{
    uint8_t *b = malloc(n + 1);
    assert_non_null(b);
    memcpy(b, good, n);
    assert_int_equal(read(b, n), RT_OK);
    expect_refusal(read, b, 0, RT_EFORMAT, "truncated");
    expect_refusal(read, b, 19, RT_EFORMAT, "truncated");
    expect_refusal(read, b, n - 1, RT_EFORMAT, "truncated");
    assert_true(strstr(rt_last_error_message(), fn) == rt_last_error_message());
    b[n] = 0;
    expect_refusal(read, b, n + 1, RT_EFORMAT, "1 bytes after the end");
    for (size_t i = 0; i < 4; i++)  /* the magic as a big-endian writer puts it */
        b[i] = good[3 - i];
    expect_refusal(read, b, n, RT_EFORMAT, "foreign endianness");
    b[0] = 'X';
    expect_refusal(read, b, n, RT_EFORMAT, "bad magic");
    memcpy(b, good, n);
    b[4] = 2;  /* format version 2: refused before its checksum is looked at */
    expect_refusal(read, b, n, RT_EVERSION, "format version 2 is newer");
    b[4] = 0;
    expect_refusal(read, b, n, RT_EFORMAT, "format version 0");
    memcpy(b, good, n);
    b[6] = 9;
    expect_refusal(read, b, n, RT_EFORMAT, "kind 9");
    memcpy(b, good, n);
    b[n / 2] ^= 0x10;  /* one flipped bit inside */
    expect_refusal(read, b, n, RT_EFORMAT, "checksum mismatch");
    memcpy(b, good, n);
    b[n - 1] ^= 0x80;  /* or in the checksum itself */
    expect_refusal(read, b, n, RT_EFORMAT, "checksum mismatch");
    put_le(b + 8, (uint64_t)n + 8, 8);  /* a declared size beyond the buffer */
    expect_refusal(read, b, n, RT_EFORMAT, "truncated");
    expect_refusal(read, NULL, n, RT_EINVAL, "buffer is NULL");
    free(b);
}

/* A small object of each kind. */
static rt_metrics *small_metrics(uint32_t brackets)
{
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    for (int d = 0; d < 20; d++)
        assert_int_equal(rt_cohort_add_event(c, (uint64_t)d % 7, (int64_t)(DAY0 + d) * 86400),
                         RT_OK);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    uint32_t bounds[] = {1, 2, 8};
    o.bracket_count = brackets;
    o.bracket_bounds = bounds;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    rt_cohort_free(c);
    return m;
}

static rt_frequency *small_frequency(void)
{
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    for (int d = 0; d < 20; d++)
        assert_int_equal(rt_cohort_add_event(c, (uint64_t)d % 3, (int64_t)(DAY0 + d) * 86400),
                         RT_OK);
    assert_int_equal(rt_cohort_set_segment(c, 1, 7), RT_OK);
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = DAY0 + 30;
    o.use_earlier = 1;
    o.earlier_day = DAY0 + 10;
    rt_frequency *f;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_OK);
    rt_cohort_free(c);
    return f;
}

/* Bytes edited at offset (little-endian, width bytes) and resealed. */
static void expect_edit_refused(deserialize_fn read, const uint8_t *good, size_t n,
                                size_t offset, int width, uint64_t value, rt_status want,
                                const char *message)
{
    uint8_t *b = malloc(n);
    assert_non_null(b);
    memcpy(b, good, n);
    put_le(b + offset, value, width);
    reseal(b, n);
    expect_refusal(read, b, n, want, message);
    free(b);
}

/* Payload offsets (docs/serialization.md); the payload starts at 16. */
enum {
    M_FIRST_DAY = 16, M_LAST_DAY = 20, M_PERIOD = 24, M_WEEKDAY = 28, M_WAU = 32,
    M_USE_SEGMENT = 44, M_SEGMENT = 48, M_TRAILING = 52, M_TABLES = 56, M_USE_STARTS = 60,
    M_OFFSETS = 64, M_BRACKETS = 68, M_BOUNDS = 72,
};

static void metrics_refusals(void **state)
{
    (void)state;
    rt_metrics *m = small_metrics(2);
    size_t n;
    uint8_t *b = serialize(ser_metrics, m, &n);
    envelope_refusals(read_metrics, b, n, "rt_metrics_deserialize");
    expect_edit_refused(read_metrics, b, n, M_PERIOD, 4, 3, RT_EFORMAT, "period = 3");
    expect_edit_refused(read_metrics, b, n, M_WEEKDAY, 4, 0, RT_EFORMAT, "first_weekday = 0");
    expect_edit_refused(read_metrics, b, n, M_WAU, 4, 0, RT_EFORMAT, "wau_window_days = 0");
    expect_edit_refused(read_metrics, b, n, M_USE_SEGMENT, 4, 2, RT_EFORMAT, "use_segment = 2");
    expect_edit_refused(read_metrics, b, n, M_SEGMENT, 4, 5, RT_EFORMAT, "segment (without");
    expect_edit_refused(read_metrics, b, n, M_TRAILING, 4, 0, RT_EFORMAT, "trailing_days = 0");
    expect_edit_refused(read_metrics, b, n, M_TABLES, 4, 4, RT_EFORMAT, "tables = 4");
    expect_edit_refused(read_metrics, b, n, M_USE_STARTS, 4, 2, RT_EFORMAT, "use_starts = 2");
    expect_edit_refused(read_metrics, b, n, M_OFFSETS, 4, 0, RT_EFORMAT, "offset_count 0");
    expect_edit_refused(read_metrics, b, n, M_OFFSETS, 4, 21, RT_EFORMAT, "offset_count 21");
    expect_edit_refused(read_metrics, b, n, M_FIRST_DAY, 4, (uint32_t)-40000, RT_EFORMAT,
                        "first_day = -40000");
    expect_edit_refused(read_metrics, b, n, M_LAST_DAY, 4, DAY0 - 1, RT_EFORMAT, "last_day");
    expect_edit_refused(read_metrics, b, n, M_BOUNDS + 4, 4, 1, RT_EFORMAT,
                        "bracket_bounds 1, 1 are not increasing");
    /* Fields that change the lengths: the payload no longer matches them. */
    expect_edit_refused(read_metrics, b, n, M_LAST_DAY, 4, DAY0 + 20, RT_EFORMAT,
                        "the payload holds");
    expect_edit_refused(read_metrics, b, n, M_LAST_DAY, 4, 36525, RT_EFORMAT,
                        "the payload holds");  /* 200 years asked, 2 KB given: no allocation */
    expect_edit_refused(read_metrics, b, n, M_BRACKETS, 4, 73051, RT_EFORMAT,
                        "the payload holds");
    expect_edit_refused(read_metrics, b, n, M_BRACKETS, 4, 73052, RT_EFORMAT,
                        "bracket_count = 73052");
    uint8_t tiny[96];
    expect_refusal(read_metrics, tiny, short_envelope(tiny, 1, 10), RT_EFORMAT,
                   "ends inside its fields");
    expect_refusal(read_metrics, tiny, short_envelope(tiny, 1, 0), RT_EFORMAT,
                   "ends inside its fields");
    expect_edit_refused(read_metrics, b, n, M_TABLES, 4, 1, RT_EFORMAT, "the payload holds");
    /* A cohort size 0 drops its table rows: the bytes are then too many. */
    size_t day_count = 20, trailing = 29;
    size_t sizes = M_BOUNDS + 12 + 8 * (4 * day_count + 1 + trailing);
    expect_edit_refused(read_metrics, b, n, sizes, 8, 0, RT_EFORMAT, "the payload holds");
    /* Lifetime counts that overflow the at-risk total. */
    expect_edit_refused(read_metrics, b, n, n - 4 - 8, 8, UINT64_MAX, RT_EFORMAT,
                        "lifetime counts overflow");
    /* Another kind's bytes. */
    rt_frequency *f = small_frequency();
    size_t fn_size;
    uint8_t *fb = serialize(ser_frequency, f, &fn_size);
    expect_refusal(read_metrics, fb, fn_size, RT_EFORMAT, "holds an rt_frequency");
    free(fb);
    rt_frequency_free(f);
    free(b);
    rt_metrics_free(m);
}

enum {
    F_AS_OF = 16, F_EARLIER = 20, F_USE_EARLIER = 24, F_LOOKBACK = 28, F_DAILY = 40,
    F_SHARE = 64, F_CUSTOMERS = 72, F_IDS = 80,
};

static void frequency_refusals(void **state)
{
    (void)state;
    rt_frequency *f = small_frequency();
    size_t n;
    uint8_t *b = serialize(ser_frequency, f, &n);
    envelope_refusals(read_frequency, b, n, "rt_frequency_deserialize");
    assert_int_equal(get_le(b + F_CUSTOMERS, 8), 3);
    size_t now = F_IDS + 3 * 8, earlier = now + 3, segments = earlier + 3;
    expect_edit_refused(read_frequency, b, n, F_LOOKBACK, 4, 0, RT_EFORMAT, "lookback_days");
    expect_edit_refused(read_frequency, b, n, F_USE_EARLIER, 4, 2, RT_EFORMAT, "use_earlier");
    expect_edit_refused(read_frequency, b, n, F_EARLIER, 4, DAY0 + 30, RT_EFORMAT,
                        "earlier_day");
    expect_edit_refused(read_frequency, b, n, F_DAILY, 8, 0x7FF8000000000000u, RT_EFORMAT,
                        "daily_max_interval");  /* NaN */
    expect_edit_refused(read_frequency, b, n, F_SHARE, 8, 0x3FF0000000000000u, RT_EFORMAT,
                        "forgettable_share");  /* 1.0 */
    expect_edit_refused(read_frequency, b, n, F_AS_OF, 4, 40000, RT_EFORMAT, "as_of_day");
    expect_edit_refused(read_frequency, b, n, F_USE_EARLIER, 4, 0, RT_EFORMAT,
                        "earlier_day 19010 without use_earlier");
    uint8_t tiny[96];
    expect_refusal(read_frequency, tiny, short_envelope(tiny, 2, 55), RT_EFORMAT,
                   "ends inside its options");
    expect_edit_refused(read_frequency, b, n, F_CUSTOMERS, 8, UINT64_MAX, RT_EFORMAT,
                        "more than the payload holds");
    expect_edit_refused(read_frequency, b, n, F_CUSTOMERS, 8, 2, RT_EFORMAT,
                        "count of segments disagrees");
    expect_edit_refused(read_frequency, b, n, F_IDS + 8, 8, get_le(b + F_IDS, 8), RT_EFORMAT,
                        "appears twice");
    expect_edit_refused(read_frequency, b, n, now, 1, 7, RT_EFORMAT, "bucket now = 7");
    expect_edit_refused(read_frequency, b, n, earlier, 1, 9, RT_EFORMAT, "bucket earlier = 9");
    expect_edit_refused(read_frequency, b, n, segments, 8, 1000, RT_EFORMAT,
                        "count of segments disagrees");
    /* Segment rows: segment (4 bytes) then 6 counts. */
    size_t row = segments + 8;
    uint64_t segment_rows = get_le(b + segments, 8);
    assert_int_equal(segment_rows, 2);  /* 0 and 7 */
    for (size_t k = 0; k < 6; k++)  /* one more customer in each bucket in turn */
        expect_edit_refused(read_frequency, b, n, row + 4 + 8 * k, 8,
                            get_le(b + row + 4 + 8 * k, 8) + 1, RT_EFORMAT, "exceed");
    expect_edit_refused(read_frequency, b, n, row + 52, 4, get_le(b + row, 4), RT_EFORMAT,
                        "appears twice");
    /* A row without customers; one customer fewer (in its busiest bucket). */
    uint8_t *z = malloc(n);
    assert_non_null(z);
    memcpy(z, b, n);
    size_t busiest = 0;
    for (size_t k = 0; k < 6; k++) {
        if (get_le(b + row + 4 + 8 * k, 8) > get_le(b + row + 4 + 8 * busiest, 8))
            busiest = k;
        put_le(z + row + 4 + 8 * k, 0, 8);
    }
    reseal(z, n);
    expect_refusal(read_frequency, z, n, RT_EFORMAT, "has no customer");
    assert_true(get_le(b + row + 4 + 8 * busiest, 8) > 1);
    expect_edit_refused(read_frequency, b, n, row + 4 + 8 * busiest, 8,
                        get_le(b + row + 4 + 8 * busiest, 8) - 1, RT_EFORMAT,
                        "do not add up");
    free(z);
    free(b);
    rt_frequency_free(f);
}

static void rfm_refusals(void **state)
{
    (void)state;
    envelope_refusals(read_rfm, golden_rfm, sizeof golden_rfm, "rt_rfm_deserialize");
    size_t n = sizeof golden_rfm;
    expect_edit_refused(read_rfm, golden_rfm, n, 16, 8, 2, RT_EFORMAT, "count of rows");
    expect_edit_refused(read_rfm, golden_rfm, n, 16, 8, UINT64_MAX / 16, RT_EFORMAT,
                        "count of rows");
    expect_edit_refused(read_rfm, golden_rfm, n, 32, 8, 0x8000000000000000u, RT_EFORMAT,
                        "t_x is -0.0");
    expect_edit_refused(read_rfm, golden_rfm, n, 40, 8, 0x7FF0000000000000u, RT_EFORMAT,
                        "T = inf");
    expect_edit_refused(read_rfm, golden_rfm, n, 32, 8, 0x4028000000000000u, RT_EFORMAT,
                        "is after T");  /* t_x 12 > T 10 */
    expect_edit_refused(read_rfm, golden_rfm, n, 48, 8, 0, RT_EFORMAT, "count is 0");
    uint8_t tiny[96];
    expect_refusal(read_rfm, tiny, short_envelope(tiny, 3, 7), RT_EFORMAT, "count of rows");
    /* Two rows: the same key twice, and counts that overflow the total. */
    uint8_t two[92];
    memcpy(two, golden_rfm, 48 + 8);
    memcpy(two + 56, golden_rfm + 24, 32);
    put_le(two + 8, sizeof two, 8);
    put_le(two + 16, 2, 8);
    reseal(two, sizeof two);
    expect_refusal(read_rfm, two, sizeof two, RT_EFORMAT, "row 1 repeats");
    put_le(two + 56, 3, 8);  /* x = 3: another key */
    reseal(two, sizeof two);
    assert_int_equal(read_rfm(two, sizeof two), RT_OK);
    put_le(two + 80, UINT64_MAX - 3, 8);
    reseal(two, sizeof two);
    expect_refusal(read_rfm, two, sizeof two, RT_EFORMAT, "overflows");
}

/* --- The API's contract: arguments, options. ----------------------------- */

static void arguments_and_options(void **state)
{
    (void)state;
    rt_metrics *m = small_metrics(0);
    size_t n = 0;
    uint8_t byte;
    assert_int_equal(rt_metrics_serialize(NULL, NULL, 0, &n), RT_EINVAL);
    assert_int_equal(rt_metrics_serialize(m, NULL, 0, NULL), RT_EINVAL);
    assert_int_equal(rt_metrics_serialize(m, NULL, 10, &n), RT_EINVAL);
    assert_int_equal(rt_frequency_serialize(NULL, &byte, 1, &n), RT_EINVAL);
    assert_int_equal(rt_rfm_serialize(NULL, &byte, 1, &n), RT_EINVAL);
    uint8_t *b = serialize(ser_metrics, m, &n);
    rt_metrics *copy;
    assert_int_equal(rt_metrics_deserialize(b, n, NULL, NULL), RT_EINVAL);
    rt_deserialize_options o;
    assert_int_equal(rt_deserialize_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_deserialize_options_init(&o, 2), RT_EINVAL);
    assert_int_equal(rt_deserialize_options_init(&o, sizeof o), RT_OK);
    assert_null(o.allocator);
    assert_int_equal(rt_metrics_deserialize(b, n, &o, &copy), RT_OK);
    rt_metrics_free(copy);
    /* A newer caller's struct with a field this library does not know. */
    struct { rt_deserialize_options o; uint64_t newer; } big;
    memset(&big, 0, sizeof big);
    big.o.size = sizeof big;
    big.newer = 1;
    assert_int_equal(rt_metrics_deserialize(b, n, &big.o, &copy), RT_EVERSION);
    assert_int_equal(rt_frequency_deserialize(b, n, &big.o, NULL), RT_EINVAL);
    big.newer = 0;
    assert_int_equal(rt_metrics_deserialize(b, n, &big.o, &copy), RT_OK);
    rt_metrics_free(copy);
    rt_allocator half;
    rt_allocator_init(&half, sizeof half);
    half.alloc_fn = NULL;
    half.free_fn = (rt_free_fn)(void (*)(void))abort;  /* only one hook set */
    o.allocator = &half;
    assert_int_equal(rt_metrics_deserialize(b, n, &o, &copy), RT_EINVAL);
    rt_rfm_options ro;
    rt_rfm_options_init(&ro, sizeof ro);
    ro.allocator = &half;
    rt_rfm *r = NULL;
    expect_refusal(read_rfm, golden_rfm, sizeof golden_rfm, RT_OK, "");
    assert_int_equal(rt_rfm_deserialize(golden_rfm, sizeof golden_rfm, &ro, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_rfm_deserialize"));
    assert_null(r);
    assert_string_equal(rt_strerror(RT_EFORMAT), "malformed data");
    free(b);
    rt_metrics_free(m);
}

/* --- Allocation failures. ------------------------------------------------ */

static void deserializers_survive_allocation_failures(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_deserialize_options o;
    rt_deserialize_options_init(&o, sizeof o);
    o.allocator = &hooks;
    size_t failures = 0, n;

    rt_metrics *m = small_metrics(2), *mc = NULL;
    uint8_t *b = serialize(ser_metrics, m, &n);
    FAILALLOC_SWEEP(&fa, failures, rt_metrics_deserialize(b, n, &o, &mc), {
        assert_null(mc);
        assert_int_equal(fa.live, 0);
    });
    assert_true(metrics_equal(m, mc));
    rt_metrics_free(mc);
    assert_int_equal(fa.live, 0);
    free(b);
    rt_metrics_free(m);

    rt_frequency *f = small_frequency(), *fc = NULL;
    b = serialize(ser_frequency, f, &n);
    FAILALLOC_SWEEP(&fa, failures, rt_frequency_deserialize(b, n, &o, &fc), {
        assert_null(fc);
        assert_int_equal(fa.live, 0);
    });
    uint64_t ids[] = {0, 1, 2, 3};
    assert_true(frequency_equal(f, fc, ids, 4, 8));
    rt_frequency_free(fc);
    assert_int_equal(fa.live, 0);
    free(b);
    rt_frequency_free(f);

    rt_rfm_options ro;
    rt_rfm_options_init(&ro, sizeof ro);
    ro.allocator = &hooks;
    rt_rfm *r = NULL;
    FAILALLOC_SWEEP(&fa, failures, rt_rfm_deserialize(golden_rfm, sizeof golden_rfm, &ro, &r), {
        assert_null(r);
        assert_int_equal(fa.live, 0);
    });
    assert_int_equal(rt_rfm_customer_count(r), 4);
    rt_rfm_free(r);
    assert_int_equal(fa.live, 0);
    assert_true(failures >= 3 + 3 + 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metrics_round_trip_and_parts_merge_to_the_whole),
        cmocka_unit_test(frequency_round_trip_and_parts_merge_to_the_whole),
        cmocka_unit_test(rfm_round_trip_and_parts_merge_to_the_whole),
        cmocka_unit_test(rfm_bytes_match_an_independent_encoder),
        cmocka_unit_test(metrics_refusals),
        cmocka_unit_test(frequency_refusals),
        cmocka_unit_test(rfm_refusals),
        cmocka_unit_test(arguments_and_options),
        cmocka_unit_test(deserializers_survive_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
