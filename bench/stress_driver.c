/* The data and the library runs of bench/stress.py, the soak-and-scale
 * cases of issue 15. Each case is a deterministic log of `events` events in
 * time order over `span` seconds.
 * usage: stress_driver gen CASE   the case's log as CSV on stdout (for the command)
 *        stress_driver api CASE   the library on it: ingest, segments, metrics (and
 *                                 frequency with segments); prints "seconds peak_rss_bytes"
 *        stress_driver list       the case names */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <retention.h>

#define DAY INT64_C(86400)
#define YEAR_2025 INT64_C(1735689600)
#define MAX_ABS_SECONDS (INT64_C(36525) * DAY)  /* the library's range: 100 years */

typedef struct stress_case {
    const char *name;
    uint64_t events;
    uint64_t customers;           /* 0: every event its own customer */
    uint32_t segments;            /* 0: no segments */
    int64_t first, span;          /* seconds */
} stress_case;

static const stress_case cases[] = {
    {"events-100m", 100000000, 1000000, 0, YEAR_2025, 365 * DAY},
    {"events-10m", 10000000, 1000000, 0, YEAR_2025, 365 * DAY},  /* a quick read_csv.py run */
    {"customers-10m", 10000000, 0, 0, YEAR_2025, 365 * DAY},
    {"one-customer-10m", 10000000, 1, 0, YEAR_2025, 365 * DAY},
    {"segments-100k", 1000000, 100000, 100000, YEAR_2025, 365 * DAY},
    {"widest-range", 2, 2, 0, -MAX_ABS_SECONDS, 2 * MAX_ABS_SECONDS},
};
enum { CASES = sizeof cases / sizeof cases[0], BATCH = 1 << 20 };

static uint64_t mix(uint64_t h)  /* splitmix64's finaliser: a bijection */
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 31);
}

/* Customer of event i: the first `customers` events meet every customer
 * once (segments are set on all of them), the others pick one at random. */
static uint64_t customer_of(const stress_case *c, uint64_t i)
{
    if (c->customers == 0)
        return mix(i);
    return i < c->customers ? i : mix(i) % c->customers;
}

static int64_t time_of(const stress_case *c, uint64_t i)
{
    if (c->events < 2)
        return c->first;
    /* first + span * i / (events - 1), in 64 bits: the remainder's product
     * is below events^2 */
    uint64_t span = (uint64_t)c->span, n = c->events - 1;
    return c->first + (int64_t)(span / n * i + span % n * i / n);
}

static uint32_t segment_of(const stress_case *c, uint64_t customer)
{
    return (uint32_t)(customer % c->segments) + 1;
}

/* Writes v in decimal at p; returns the end (a hand-made printf: the
 * generator must outrun the command it feeds). */
static char *put_uint(char *p, uint64_t v)
{
    char tmp[20], *s = tmp + sizeof tmp;
    do {
        *--s = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = (size_t)(tmp + sizeof tmp - s);
    memcpy(p, s, n);
    return p + n;
}

static char *put_int(char *p, int64_t v)
{
    if (v < 0)
        *p++ = '-';
    return put_uint(p, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

static int gen(const stress_case *c)
{
    static char buffer[1 << 20];
    char *p = buffer;
    p += sprintf(p, "customer_id,timestamp%s\n", c->segments ? ",segment" : "");
    for (uint64_t i = 0; i < c->events; i++) {
        uint64_t id = customer_of(c, i);
        p = put_uint(p, id);
        *p++ = ',';
        p = put_int(p, time_of(c, i));
        if (c->segments) {
            memcpy(p, ",s", 2);
            p = put_uint(p + 2, segment_of(c, id));
        }
        *p++ = '\n';
        if (p - buffer > (long)sizeof buffer - 128) {
            fwrite(buffer, 1, (size_t)(p - buffer), stdout);
            p = buffer;
        }
    }
    fwrite(buffer, 1, (size_t)(p - buffer), stdout);
    return fflush(stdout) != 0;
}

static void must(rt_status st, const char *what)
{
    if (st != RT_OK) {
        fprintf(stderr, "stress_driver: %s: %s (%s)\n", what, rt_strerror(st),
                rt_last_error_message());
        exit(1);
    }
}

static void add_events(rt_cohort *cohort, const stress_case *c)
{
    uint64_t *ids = malloc(BATCH * sizeof *ids);
    int64_t *times = malloc(BATCH * sizeof *times);
    if (ids == NULL || times == NULL)
        must(RT_ENOMEM, "batch");
    for (uint64_t i = 0; i < c->events;) {
        size_t n = 0;
        for (; n < BATCH && i < c->events; n++, i++) {
            ids[n] = customer_of(c, i);
            times[n] = time_of(c, i);
        }
        must(rt_cohort_add_events(cohort, ids, times, n, NULL), "rt_cohort_add_events");
    }
    free(ids);
    free(times);
}

static void set_segments(rt_cohort *cohort, const stress_case *c)
{
    if (c->customers > SIZE_MAX / sizeof(uint64_t))
        must(RT_ENOMEM, "segments");  /* a 32-bit host cannot hold them */
    size_t count = (size_t)c->customers;
    uint64_t *ids = malloc(count * sizeof *ids);
    uint32_t *segments = malloc(count * sizeof *segments);
    if (ids == NULL || segments == NULL)
        must(RT_ENOMEM, "segments");
    for (size_t k = 0; k < count; k++) {
        ids[k] = k;
        segments[k] = segment_of(c, k);
    }
    must(rt_cohort_set_segments(cohort, ids, segments, count, NULL), "rt_cohort_set_segments");
    free(ids);
    free(segments);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int api(const stress_case *c)
{
    double start = now();
    rt_cohort *cohort;
    must(rt_cohort_new(NULL, &cohort), "rt_cohort_new");
    add_events(cohort, c);
    if (c->segments)
        set_segments(cohort, c);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    rt_metrics *m;
    must(rt_cohort_metrics(cohort, &o, &m), "rt_cohort_metrics");
    rt_metrics_free(m);
    if (c->segments) {
        rt_frequency_options fo;
        rt_frequency_options_init(&fo, sizeof fo);
        int32_t first, last;
        must(rt_cohort_day_range(cohort, &first, &last), "rt_cohort_day_range");
        fo.as_of_day = last;
        rt_frequency *f;
        must(rt_cohort_frequency(cohort, &fo, &f), "rt_cohort_frequency");
        rt_frequency_free(f);
    }
    rt_cohort_free(cohort);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.3f %.0f\n", now() - start, (double)ru.ru_maxrss * 1024.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        for (int k = 0; k < CASES; k++)
            printf("%s %" PRIu64 "\n", cases[k].name, cases[k].events);
        return 0;
    }
    for (int k = 0; argc == 3 && k < CASES; k++) {
        if (strcmp(argv[2], cases[k].name) != 0)
            continue;
        if (strcmp(argv[1], "gen") == 0)
            return gen(&cases[k]);
        if (strcmp(argv[1], "api") == 0)
            return api(&cases[k]);
    }
    fprintf(stderr, "usage: stress_driver gen|api CASE, or stress_driver list\n");
    return 2;
}
