#include "event_log.h"

#include <math.h>
#include <stdlib.h>

struct event_log {
    size_t customers;
    uint32_t days;
    uint64_t rng;
    uint32_t *join, *leave;     /* active from join to leave - 1 */
    float *p_active, *per_day;  /* chance of a visit per day, mean events a visit */
    uint32_t day;               /* cursor: day, customer step, events left */
    size_t step;
    size_t stride;
};

static uint64_t next_u64(uint64_t *s)  /* splitmix64 */
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
    return (double)(next_u64(s) >> 11) * 0x1.0p-53;
}

static size_t gcd(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

event_log *event_log_new(size_t customers, uint64_t target_events, uint32_t days,
                         uint64_t seed)
{
    event_log *el = calloc(1, sizeof *el);
    el->customers = customers;
    el->days = days;
    el->rng = seed;
    el->join = malloc(customers * sizeof *el->join);
    el->leave = malloc(customers * sizeof *el->leave);
    el->p_active = malloc(customers * sizeof *el->p_active);
    el->per_day = malloc(customers * sizeof *el->per_day);
    double expected = 0.0, visits = 0.0;
    for (size_t i = 0; i < customers; i++) {
        uint32_t join = uniform(&el->rng) < 0.33 ? 0 : (uint32_t)(uniform(&el->rng) * days);
        /* Lifetime: Pareto, shape 1.2, 20 days minimum: most churn soon, some stay. */
        double life = 20.0 / pow(1.0 - uniform(&el->rng), 1.0 / 1.2);
        uint32_t leave = join + (uint32_t)fmin(life, (double)days);
        el->join[i] = join;
        el->leave[i] = leave > days ? days : leave;
        /* Visit chance: from daily users to rare ones (log-uniform 1/60 .. 0.9). */
        el->p_active[i] = (float)exp(log(1.0 / 60) + uniform(&el->rng) * log(0.9 * 60));
        /* Events per visit: heavy-tailed (Pareto, shape 1.5), before scaling. */
        el->per_day[i] = (float)(1.0 / pow(1.0 - uniform(&el->rng), 1.0 / 1.5));
        visits += (double)(el->leave[i] - join) * el->p_active[i];
        expected += (double)(el->leave[i] - join) * el->p_active[i] * el->per_day[i];
    }
    /* A visit makes 1 + per_day * Exp(1) events: scale per_day to the target. */
    double scale = fmax((double)target_events - visits, 0.0) / expected;
    for (size_t i = 0; i < customers; i++)
        el->per_day[i] = (float)(el->per_day[i] * scale);
    /* Visit customers in a scrambled order each day: a stride coprime to N. */
    el->stride = (size_t)(customers * 0.6180339887) | 1;
    while (gcd(el->stride, customers) != 1)
        el->stride += 2;
    return el;
}

void event_log_free(event_log *el)
{
    free(el->join);
    free(el->leave);
    free(el->p_active);
    free(el->per_day);
    free(el);
}

size_t event_log_next(event_log *el, uint64_t *ids, int64_t *times, size_t max)
{
    const int64_t day0 = 20089;  /* 2025-01-01 */
    size_t n = 0;
    enum { MAX_PER_VISIT = 256 };
    while (el->day < el->days && n + MAX_PER_VISIT <= max) {
        size_t i = (el->step * el->stride + el->day) % el->customers;
        if (el->join[i] <= el->day && el->day < el->leave[i] &&
            uniform(&el->rng) < el->p_active[i]) {
            /* Poisson-ish count with the customer's mean, at least one, capped per batch. */
            double mean = el->per_day[i];
            size_t k = 1 + (size_t)(mean * -log(1.0 - uniform(&el->rng)) + 0.5);
            if (k > MAX_PER_VISIT)
                k = MAX_PER_VISIT;
            uint64_t id = next_u64(&(uint64_t){i ^ 0x5DEECE66Du});
            for (size_t e = 0; e < k; e++) {
                ids[n] = id;
                times[n] = (day0 + el->day) * 86400 + (int64_t)(uniform(&el->rng) * 86400);
                n++;
            }
        }
        if (++el->step == el->customers) {
            el->step = 0;
            el->day++;
        }
    }
    /* Interleave the batch (a few days of traffic): logs arrive nearly, not
     * exactly, in time order, and one visit's events are not adjacent. */
    for (size_t i = n; i > 1; i--) {
        size_t j = next_u64(&el->rng) % i;
        uint64_t id = ids[i - 1];
        int64_t t = times[i - 1];
        ids[i - 1] = ids[j];
        times[i - 1] = times[j];
        ids[j] = id;
        times[j] = t;
    }
    return n;
}
