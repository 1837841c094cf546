/* core/bytes.h: the little-endian writer and reader and the CRC-32 against
 * values fixed by their standards, not by this code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/bytes.h"

static void crc32_check_values(void **state)
{
    (void)state;
    /* The check value of CRC-32/ISO-HDLC (the catalogue of parametrised CRC
     * algorithms), and zlib.crc32 of "The quick brown fox jumps over the
     * lazy dog". */
    assert_int_equal(rti_crc32((const uint8_t *)"123456789", 9), 0xCBF43926u);
    const char *fox = "The quick brown fox jumps over the lazy dog";
    assert_int_equal(rti_crc32((const uint8_t *)fox, strlen(fox)), 0x414FA339u);
    assert_int_equal(rti_crc32((const uint8_t *)"", 0), 0);
}

static void values_go_out_least_significant_byte_first(void **state)
{
    (void)state;
    uint8_t b[40];
    memset(b, 0xEE, sizeof b);
    rti_writer w = {b, sizeof b, 0};
    rti_put_u16(&w, 0x0102);
    rti_put_u32(&w, 0x03040506u);
    rti_put_u64(&w, UINT64_C(0x0708090A0B0C0D0E));
    rti_put_i32(&w, -2);
    rti_put_f64(&w, -0.0);
    rti_put_u8(&w, 0xAB);
    static const uint8_t want[] = {
        0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08, 0x07,
        0xFE, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0x80, 0xAB,
    };
    assert_int_equal(w.size, sizeof want);
    assert_memory_equal(b, want, sizeof want);
    assert_int_equal(b[sizeof want], 0xEE);

    rti_reader r = {b, sizeof want, 0, 0};
    assert_int_equal(rti_get_u16(&r), 0x0102);
    assert_int_equal(rti_get_u32(&r), 0x03040506u);
    assert_true(rti_get_u64(&r) == UINT64_C(0x0708090A0B0C0D0E));
    assert_int_equal(rti_get_i32(&r), -2);
    double z = rti_get_f64(&r);
    assert_true(z == 0.0 && signbit(z));
    assert_int_equal(rti_get_u8(&r), 0xAB);
    assert_int_equal(rti_remaining(&r), 0);
    assert_false(r.failed);
}

static void the_extremes_of_i32_read_back(void **state)
{
    (void)state;
    uint8_t b[8];
    rti_writer w = {b, sizeof b, 0};
    rti_put_i32(&w, INT32_MIN);
    rti_put_i32(&w, INT32_MAX);
    rti_reader r = {b, sizeof b, 0, 0};
    assert_int_equal(rti_get_i32(&r), INT32_MIN);
    assert_int_equal(rti_get_i32(&r), INT32_MAX);
}

static void counting_writes_nothing_and_short_buffers_are_not_overrun(void **state)
{
    (void)state;
    rti_writer count = {NULL, 0, 0};
    uint64_t v[3] = {1, 2, 3};
    rti_put_u64_array(&count, v, 3);
    rti_put_u32(&count, 7);
    assert_int_equal(count.size, 28);
    uint8_t b[6];
    memset(b, 0xEE, sizeof b);
    rti_writer w = {b, 4, 0};
    rti_put_u32(&w, 0x01020304u);
    rti_put_u16(&w, 0xFFFF);  /* no room: counted, not written */
    assert_int_equal(w.size, 6);
    assert_int_equal(b[4], 0xEE);
    assert_int_equal(b[5], 0xEE);
}

static void reading_past_the_end_fails_and_stays_failed(void **state)
{
    (void)state;
    const uint8_t b[5] = {1, 2, 3, 4, 5};
    rti_reader r = {b, sizeof b, 0, 0};
    assert_int_equal(rti_get_u32(&r), 0x04030201u);
    assert_int_equal(rti_get_u16(&r), 0);  /* one byte left: refused whole */
    assert_true(r.failed);
    assert_int_equal(rti_get_u8(&r), 0);  /* and nothing after */
    assert_int_equal(rti_remaining(&r), 0);
    uint64_t v[2] = {9, 9};
    rti_get_u64_array(&r, v, 2);
    assert_true(v[0] == 0 && v[1] == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc32_check_values),
        cmocka_unit_test(values_go_out_least_significant_byte_first),
        cmocka_unit_test(the_extremes_of_i32_read_back),
        cmocka_unit_test(counting_writes_nothing_and_short_buffers_are_not_overrun),
        cmocka_unit_test(reading_past_the_end_fails_and_stays_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
