#include "event_log.h"

#include <math.h>
#include <stdlib.h>

enum { MAX_PER_VISIT = 256 };

enum { LATE_DAYS = 4 };

typedef struct event_list {
    struct event *items;
    size_t count, capacity, next;
} event_list;

struct event_log {
    size_t customers;
    uint32_t days;
    uint64_t rng;
    uint32_t *join, *leave;     /* active from join to leave - 1 */
    float *p_active, *per_day;  /* chance of a visit per day, mean events a visit */
    uint32_t day;               /* next day to generate */
    size_t stride;
    event_list today;           /* the day being handed out */
    event_list late[LATE_DAYS]; /* late events by the day they arrive */
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
    }
    /* A visit makes min(1 + round(m Exp(1)), MAX_PER_VISIT) events, about
     * 1 + m (1 - exp(-(MAX - 1) / m)): bisect the scale of m to the target. */
    double lo = 0.0, hi = 1e6;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi), total = 0.0;
        for (size_t i = 0; i < customers; i++) {
            double m = el->per_day[i] * mid;
            double visits_i = (double)(el->leave[i] - el->join[i]) * el->p_active[i];
            total += visits_i * (1.0 + (m > 0 ? m * -expm1(-(MAX_PER_VISIT - 1) / m) : 0.0));
        }
        if (total < (double)target_events)
            lo = mid;
        else
            hi = mid;
    }
    for (size_t i = 0; i < customers; i++)
        el->per_day[i] = (float)(el->per_day[i] * lo);
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
    free(el->today.items);
    for (int i = 0; i < LATE_DAYS; i++)
        free(el->late[i].items);
    free(el);
}

typedef struct event {
    int64_t time;
    uint64_t id;
} event;

static void push(event_list *list, event e)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? 2 * list->capacity : 4096;
        list->items = realloc(list->items, list->capacity * sizeof *list->items);
    }
    list->items[list->count++] = e;
}

static int by_time(const void *a, const void *b)
{
    int64_t x = ((const event *)a)->time, y = ((const event *)b)->time;
    return (x > y) - (x < y);
}

/* One day of traffic in arrival order: the day's events sorted by time,
 * then the late ones (phones syncing after being offline) that arrive today. */
static void generate_day(event_log *el)
{
    const int64_t day0 = 20089;  /* 2025-01-01 */
    event_list *today = &el->today;
    today->count = 0;
    today->next = 0;
    for (size_t step = 0; step < el->customers; step++) {
        size_t i = (step * el->stride + el->day) % el->customers;
        if (el->join[i] > el->day || el->day >= el->leave[i] ||
            uniform(&el->rng) >= el->p_active[i])
            continue;
        /* Poisson-ish count with the customer's mean, at least one. */
        double mean = el->per_day[i];
        size_t k = 1 + (size_t)(mean * -log(1.0 - uniform(&el->rng)) + 0.5);
        if (k > MAX_PER_VISIT)
            k = MAX_PER_VISIT;
        uint64_t id = next_u64(&(uint64_t){i ^ 0x5DEECE66Du});
        for (size_t e = 0; e < k; e++) {
            event ev = {(day0 + el->day) * 86400 + (int64_t)(uniform(&el->rng) * 86400), id};
            if (uniform(&el->rng) < 0.01)  /* 1 % arrive one to three days late */
                push(&el->late[(el->day + 1 + next_u64(&el->rng) % 3) % LATE_DAYS], ev);
            else
                push(today, ev);
        }
    }
    qsort(today->items, today->count, sizeof *today->items, by_time);
    event_list *late = &el->late[el->day % LATE_DAYS];
    for (size_t i = 0; i < late->count; i++)
        push(today, late->items[i]);
    late->count = 0;
    el->day++;
}

size_t event_log_next(event_log *el, uint64_t *ids, int64_t *times, size_t max)
{
    size_t n = 0;
    while (n < max) {
        event_list *today = &el->today;
        if (today->next == today->count) {
            if (el->day == el->days)
                break;
            generate_day(el);
            continue;
        }
        ids[n] = today->items[today->next].id;
        times[n] = today->items[today->next].time;
        today->next++;
        n++;
    }
    return n;
}
