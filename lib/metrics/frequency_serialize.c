/* rt_frequency to bytes and back (docs/serialization.md, kind 2). The bytes
 * hold the options a merge compares, every customer's buckets and every
 * segment's counts; the spectrum, the transitions and the mostly-forgettable
 * segments are rebuilt from them, so that the bytes are canonical. */
#include <string.h>

#include "core/check.h"
#include "core/deserialize_options.h"
#include "core/envelope.h"
#include "core/error.h"
#include "metrics/frequency_state.h"

/* Bytes of one customer (id, bucket now, bucket earlier) and one segment row. */
enum { CUSTOMER_BYTES = 10, SEGMENT_BYTES = 4 + 8 * RT_FREQUENCY_BUCKETS };

static void write_payload(rti_writer *w, const void *object)
{
    const rt_frequency *f = object;
    const rt_frequency_options *o = &f->options;
    rti_put_i32(w, o->as_of_day);
    rti_put_i32(w, f->use_earlier ? o->earlier_day : 0);
    rti_put_u32(w, f->use_earlier);
    rti_put_u32(w, o->lookback_days);
    rti_put_u32(w, o->new_days);
    rti_put_u32(w, o->dormant_days);
    rti_put_f64(w, o->daily_max_interval);
    rti_put_f64(w, o->weekly_max_interval);
    rti_put_f64(w, o->monthly_max_interval);
    rti_put_f64(w, o->forgettable_share);
    rti_put_u64(w, f->customer_count);
    rti_put_u64_array(w, f->ids, f->customer_count);
    for (size_t i = 0; i < f->customer_count; i++)
        rti_put_u8(w, f->now[i]);
    for (size_t i = 0; i < f->customer_count; i++)
        rti_put_u8(w, f->earlier[i]);
    rti_put_u64(w, f->segment_count);
    for (size_t r = 0; r < f->segment_count; r++) {
        rti_put_u32(w, f->segments[r].segment);
        rti_put_u64_array(w, f->segments[r].counts, RT_FREQUENCY_BUCKETS);
    }
}

rt_status rt_frequency_serialize(const rt_frequency *frequency, void *buffer, size_t capacity,
                                 size_t *size)
{
    static const char fn[] = "rt_frequency_serialize";
    if (frequency == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    return rti_serialize(RTI_SERIAL_FREQUENCY, write_payload, frequency, buffer, capacity,
                         size, fn);
}

static const char fn_read[] = "rt_frequency_deserialize";

static rt_status read_options(rti_reader *r, rt_frequency_options *o)
{
    rt_frequency_options_init(o, sizeof *o);
    o->as_of_day = rti_get_i32(r);
    o->earlier_day = rti_get_i32(r);
    o->use_earlier = rti_get_u32(r);
    o->lookback_days = rti_get_u32(r);
    o->new_days = rti_get_u32(r);
    o->dormant_days = rti_get_u32(r);
    o->daily_max_interval = rti_get_f64(r);
    o->weekly_max_interval = rti_get_f64(r);
    o->monthly_max_interval = rti_get_f64(r);
    o->forgettable_share = rti_get_f64(r);
    if (r->failed)
        return rti_fail(RT_EFORMAT, "%s: truncated: the payload ends inside its options",
                        fn_read);
    if (rti_frequency_check_options(o, "rt_frequency_deserialize: invalid options") != RT_OK)
        return RT_EFORMAT;  /* the message names the field */
    if (!o->use_earlier && o->earlier_day != 0)
        return rti_fail(RT_EFORMAT, "%s: invalid options: earlier_day %d without use_earlier "
                        "(it must be 0)", fn_read, (int)o->earlier_day);
    return RT_OK;
}

static rt_status bad_bucket(const char *which, size_t customer, unsigned value)
{
    return rti_fail(RT_EFORMAT, "%s: customer %zu: bucket %s = %u is not a bucket this "
                    "computation gives", fn_read, customer, which, value);
}

/* Checks customer i's buckets and counts them. */
static rt_status count_customer(rt_frequency *f, size_t i)
{
    unsigned now = f->now[i], earlier = f->earlier[i];
    if (now > RT_FREQUENCY_NONE)
        return bad_bucket("now", i, now);
    if (earlier > RT_FREQUENCY_NONE || (earlier != RT_FREQUENCY_NONE && !f->use_earlier) ||
        (earlier != RT_FREQUENCY_NONE && now == RT_FREQUENCY_NONE))
        return bad_bucket("earlier", i, earlier);
    if (now != RT_FREQUENCY_NONE)
        f->spectrum[now]++;
    f->transitions[earlier][now]++;
    return RT_OK;
}

static rt_status read_customers(rti_reader *r, rt_frequency *f)
{
    uint64_t n = rti_get_u64(r);
    if (r->failed || n > rti_remaining(r) / CUSTOMER_BYTES || n >= RTI_IDMAP_EMPTY)
        return rti_fail(RT_EFORMAT, "%s: %s customers: more than the payload holds", fn_read,
                        r->failed ? "truncated before the count of" : "the count of");
    size_t count = (size_t)n, room = count ? count : 1;
    f->ids = rti_alloc_array(&f->alloc, room, sizeof *f->ids);
    f->now = rti_alloc_array(&f->alloc, room, 1);
    f->earlier = rti_alloc_array(&f->alloc, room, 1);
    if (!f->ids || !f->now || !f->earlier ||
        rti_idmap_reserve(&f->id_map, &f->alloc, count) != RT_OK)
        return RT_ENOMEM;
    rti_get_u64_array(r, f->ids, count);
    for (size_t i = 0; i < count; i++)
        f->now[i] = rti_get_u8(r);
    for (size_t i = 0; i < count; i++)
        f->earlier[i] = rti_get_u8(r);
    for (size_t i = 0; i < count; i++) {
        if (rti_idmap_get_or_insert(&f->id_map, f->ids[i], (uint32_t)i) != i)
            return rti_fail(RT_EFORMAT, "%s: customer %llu appears twice", fn_read,
                            (unsigned long long)f->ids[i]);
        f->customer_count = i + 1;
        RTI_TRY(count_customer(f, i));
    }
    return RT_OK;
}

/* A row as a computation leaves it: new, with customers, and adding up,
 * with the rows before it, to no more than the spectrum. */
static rt_status add_segment(rt_frequency *f, const segment_row *row, uint64_t *sums)
{
    if (rti_idmap_find(&f->segment_map, row->segment) != RTI_IDMAP_EMPTY)
        return rti_fail(RT_EFORMAT, "%s: segment %u appears twice", fn_read,
                        (unsigned)row->segment);
    uint64_t customers = 0;
    for (size_t b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        if (row->counts[b] > f->spectrum[b] - sums[b])
            return rti_fail(RT_EFORMAT, "%s: the segments' counts exceed the customers' "
                            "buckets", fn_read);
        sums[b] += row->counts[b];
        customers += row->counts[b];
    }
    if (customers == 0)
        return rti_fail(RT_EFORMAT, "%s: segment %u has no customer", fn_read,
                        (unsigned)row->segment);
    *rti_frequency_segment_row(f, row->segment) = *row;
    return RT_OK;
}

static rt_status read_segments(rti_reader *r, rt_frequency *f)
{
    uint64_t n = rti_get_u64(r);
    if (r->failed || n > rti_remaining(r) / SEGMENT_BYTES ||
        n * SEGMENT_BYTES != rti_remaining(r))
        return rti_fail(RT_EFORMAT, "%s: the count of segments disagrees with the payload's "
                        "%zu remaining bytes", fn_read, rti_remaining(r));
    if (n > 0 && rti_frequency_reserve_segments(f, (size_t)n) != RT_OK)
        return RT_ENOMEM;
    uint64_t sums[RT_FREQUENCY_BUCKETS] = {0};
    for (uint64_t k = 0; k < n; k++) {
        segment_row row = {.segment = rti_get_u32(r)};
        rti_get_u64_array(r, row.counts, RT_FREQUENCY_BUCKETS);
        RTI_TRY(add_segment(f, &row, sums));
    }
    if (memcmp(sums, f->spectrum, sizeof sums) != 0)
        return rti_fail(RT_EFORMAT, "%s: the segments' counts do not add up to the "
                        "customers' buckets", fn_read);
    return RT_OK;
}

static rt_status read_payload(rti_reader *r, rt_frequency *f)
{
    RTI_TRY(read_customers(r, f));
    RTI_TRY(read_segments(r, f));
    return rti_frequency_find_forgettable(f);
}

rt_status rt_frequency_deserialize(const void *buffer, size_t size,
                                   const rt_deserialize_options *options,
                                   rt_frequency **frequency)
{
    RTI_TRY(rti_check_out(frequency, fn_read, "frequency"));
    rti_allocator alloc;
    RTI_TRY(rti_deserialize_allocator(&alloc, options, fn_read));
    rti_reader r;
    RTI_TRY(rti_envelope_open(&r, buffer, size, RTI_SERIAL_FREQUENCY, fn_read));
    rt_frequency_options o;
    RTI_TRY(read_options(&r, &o));
    rt_frequency *f = rti_alloc_array(&alloc, 1, sizeof *f);
    if (f == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn_read);
    *f = (rt_frequency){.alloc = alloc, .options = o, .use_earlier = o.use_earlier};
    rt_status st = read_payload(&r, f);
    if (st != RT_OK) {
        rt_frequency_free(f);
        return st == RT_ENOMEM ? rti_fail(st, "%s: out of memory", fn_read) : st;
    }
    *frequency = f;
    return RT_OK;
}
