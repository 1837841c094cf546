#include "fuzz_api_values.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* The documented time range: 100 years either side of 1970 (36,525 days). */
#define EDGE_SECONDS ((int64_t)36525 * 86400)

int64_t fuzz_time(fuzz_input *in)
{
    uint8_t pick = fuzz_u8(in);
    if (pick < 224) {
        int64_t day = BASE_DAY + (int64_t)fuzz_below(in, SPAN_DAYS);
        return day * 86400 + (int64_t)fuzz_u8(in) * 339;  /* 255 * 339 < 86400 */
    }
    int64_t near = (int64_t)fuzz_u8(in) * 3600 - 128 * 3600;
    switch (pick) {
    case 252: return INT64_MIN;
    case 253: return INT64_MAX;
    case 254: return -1;
    case 255: return EDGE_SECONDS + 86400 * 2 + near;
    default: break;
    }
    if (pick < 232)
        return pick & 1 ? EDGE_SECONDS + near : -EDGE_SECONDS + near;
    return (int64_t)fuzz_u64(in);
}

double fuzz_amount(fuzz_input *in)
{
    static const double special[8] = {0.0, -0.0, -1.0, (double)NAN, (double)INFINITY, -(double)INFINITY,
                                      DBL_TRUE_MIN, MAX_AMOUNT};
    uint8_t pick = fuzz_u8(in);
    if (pick < 200)
        return fuzz_u8(in) * 0.25 + fuzz_u8(in);
    if (pick < 232)
        return special[pick % 8];
    double raw = fuzz_raw_double(in);
    return isfinite(raw) && fabs(raw) > MAX_AMOUNT ? fmod(raw, MAX_AMOUNT) : raw;
}

int32_t fuzz_day_near(fuzz_input *in, int32_t first, int32_t last)
{
    int64_t span = (int64_t)last - first + 1;
    int64_t day = first + (int64_t)fuzz_below(in, (uint32_t)(span < 1 ? 1 : span > 65536 ? 65536 : span));
    uint8_t pick = fuzz_u8(in);
    if (pick >= 240)
        day += (int64_t)(pick - 248);  /* a few days off, either way */
    return (int32_t)(day < INT32_MIN ? INT32_MIN : day > INT32_MAX ? INT32_MAX : day);
}

double fuzz_positive(fuzz_input *in)
{
    static const double special[8] = {0.0, -1.0, (double)NAN, (double)INFINITY, DBL_TRUE_MIN, 1e-300,
                                      1e300, DBL_MAX};
    uint8_t pick = fuzz_u8(in);
    if (pick < 208)
        return (1 + fuzz_u8(in)) * exp2((double)(pick % 16) - 10.0);
    if (pick < 240)
        return special[pick % 8];
    return fuzz_raw_double(in);
}

uint32_t fuzz_segment(fuzz_input *in)
{
    uint8_t pick = fuzz_u8(in);
    return pick == 255 ? UINT32_MAX : pick % 5;
}

/* The failing allocator's state: allocations left before the failure, or
 * -1 when disarmed. */
static long countdown = -1;
static int delivered;

static int should_fail(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- > 0)
        return 0;
    delivered = 1;
    return 1;  /* countdown is now -1: only this allocation fails */
}

static void *fuzz_malloc(void *user, size_t size)
{
    (void)user;
    return should_fail() ? NULL : malloc(size);
}

static void *fuzz_realloc(void *user, void *p, size_t size)
{
    (void)user;
    return should_fail() ? NULL : realloc(p, size);
}

static void fuzz_free(void *user, void *p)
{
    (void)user;
    free(p);
}

const rt_allocator *fuzz_allocator(void)
{
    static rt_allocator a;
    if (a.size == 0) {
        rt_allocator_init(&a, sizeof a);
        a.alloc_fn = fuzz_malloc;
        a.realloc_fn = fuzz_realloc;
        a.free_fn = fuzz_free;
    }
    return &a;
}

void fuzz_alloc_fail_at(uint32_t k)
{
    countdown = (long)k;
    delivered = 0;
}

void fuzz_alloc_disarm(void)
{
    countdown = -1;
}

int fuzz_alloc_failed(void)
{
    return delivered;
}
