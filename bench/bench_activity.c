/* Ingest and compute on a realistic generated log, next to a naive baseline
 * (a hash set of (customer, day)) run in the same invocation.
 * usage: bench_activity [events (100000000)] [customers (1000000)] [days (365)]
 *                       [--no-baseline] [--threads=N (1)]
 * (--threads=N: the cohort's `threads` option; with N > 1 the library also
 * runs with one thread, and the ratio of the two is printed.)
 * Each side runs in its own child process so peak RSS is its own. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <retention.h>

#include "event_log.h"

enum { BATCH = 1 << 20 };

static unsigned lib_threads = 1;  /* the cohort's threads option of this run */

typedef struct result {
    uint64_t events;
    double ingest_seconds, compute_seconds;
    double peak_bytes;       /* peak RSS growth over the run */
    uint64_t check;          /* a number both sides must agree on: sum of DAU */
} result;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double rss_bytes(void)  /* current resident set */
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL || fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    if (f)
        fclose(f);
    return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

static double peak_rss_bytes(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss * 1024.0;
}

static void must(rt_status st, const char *what)
{
    if (st != RT_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, rt_strerror(st), rt_last_error_message());
        exit(1);
    }
}

static result run_library(event_log *log, uint64_t *ids, int64_t *times)
{
    result r = {0};
    double base = rss_bytes();
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.threads = lib_threads;
    rt_cohort *c;
    must(rt_cohort_new(&o, &c), "rt_cohort_new");
    size_t n;
    while ((n = event_log_next(log, ids, times, BATCH)) > 0) {
        double t = now();
        must(rt_cohort_add_events(c, ids, times, n, NULL), "rt_cohort_add_events");
        r.ingest_seconds += now() - t;
        r.events += n;
    }
    double t = now();
    rt_metrics *m;
    must(rt_cohort_metrics(c, NULL, &m), "rt_cohort_metrics");  /* daily table */
    r.compute_seconds = now() - t;
    int32_t first, last;
    must(rt_metrics_day_range(m, &first, &last), "range");
    for (int32_t d = first; d <= last; d++) {
        uint64_t dau;
        must(rt_metrics_active(m, d, &dau, NULL, NULL), "active");
        r.check += dau;
    }
    r.peak_bytes = peak_rss_bytes() - base;
    rt_metrics_free(m);
    rt_cohort_free(c);
    return r;
}

/* The naive way: a hash set of (customer id, day) pairs. */
typedef struct pair_slot {
    uint64_t id;
    int32_t day;     /* INT32_MIN: empty */
} pair_slot;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return x;
}

typedef struct pair_set {
    pair_slot *slots;
    size_t mask, count;
} pair_set;

static void set_init(pair_set *s, size_t capacity)
{
    s->slots = malloc(capacity * sizeof *s->slots);
    for (size_t i = 0; i < capacity; i++)
        s->slots[i].day = INT32_MIN;
    s->mask = capacity - 1;
    s->count = 0;
}

static void set_insert(pair_set *s, uint64_t id, int32_t day);

static void set_grow(pair_set *s)
{
    pair_set bigger;
    set_init(&bigger, 2 * (s->mask + 1));
    for (size_t i = 0; i <= s->mask; i++)
        if (s->slots[i].day != INT32_MIN)
            set_insert(&bigger, s->slots[i].id, s->slots[i].day);
    free(s->slots);
    *s = bigger;
}

static void set_insert(pair_set *s, uint64_t id, int32_t day)
{
    if (2 * (s->count + 1) > s->mask + 1)
        set_grow(s);
    for (size_t i = mix(id ^ ((uint64_t)(uint32_t)day << 40)) & s->mask;; i = (i + 1) & s->mask) {
        if (s->slots[i].day == INT32_MIN) {
            s->slots[i] = (pair_slot){id, day};
            s->count++;
            return;
        }
        if (s->slots[i].id == id && s->slots[i].day == day)
            return;
    }
}

static result run_baseline(event_log *log, uint64_t *ids, int64_t *times)
{
    result r = {0};
    double base = rss_bytes();
    pair_set pairs;
    set_init(&pairs, 1 << 20);
    size_t n;
    while ((n = event_log_next(log, ids, times, BATCH)) > 0) {
        double t = now();
        for (size_t i = 0; i < n; i++)
            set_insert(&pairs, ids[i], (int32_t)(times[i] / 86400));
        r.ingest_seconds += now() - t;
        r.events += n;
    }
    /* DAU, and the exact daily cohort table from each customer's first day
     * (a second set keyed by id alone holds the first day). */
    double t = now();
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i <= pairs.mask; i++)
        if (pairs.slots[i].day != INT32_MIN) {
            lo = pairs.slots[i].day < lo ? pairs.slots[i].day : lo;
            hi = pairs.slots[i].day > hi ? pairs.slots[i].day : hi;
        }
    size_t span = (size_t)(hi - lo) + 1;
    uint64_t *dau = calloc(span, sizeof *dau);
    uint64_t *table = calloc(span * span, sizeof *table);
    size_t cap = 1;
    while (cap < 4 * pairs.count / 8 + 16)
        cap *= 2;
    pair_set first;  /* id -> first day, stored as (id, day) with day minimised */
    set_init(&first, cap);
    for (size_t i = 0; i <= pairs.mask; i++) {
        pair_slot p = pairs.slots[i];
        if (p.day == INT32_MIN)
            continue;
        dau[p.day - lo]++;
        if (2 * (first.count + 1) > first.mask + 1)
            set_grow(&first);
        for (size_t j = mix(p.id) & first.mask;; j = (j + 1) & first.mask) {
            if (first.slots[j].day == INT32_MIN) {
                first.slots[j] = p;
                first.count++;
                break;
            }
            if (first.slots[j].id == p.id) {
                if (p.day < first.slots[j].day)
                    first.slots[j].day = p.day;
                break;
            }
        }
    }
    for (size_t i = 0; i <= pairs.mask; i++) {
        pair_slot p = pairs.slots[i];
        if (p.day == INT32_MIN)
            continue;
        for (size_t j = mix(p.id) & first.mask;; j = (j + 1) & first.mask)
            if (first.slots[j].id == p.id && first.slots[j].day != INT32_MIN) {
                int32_t f = first.slots[j].day;
                table[(size_t)(f - lo) * span + (size_t)(p.day - f)]++;
                break;
            }
    }
    r.compute_seconds = now() - t;
    for (size_t d = 0; d < span; d++)
        r.check += dau[d];
    r.peak_bytes = peak_rss_bytes() - base;
    free(dau);
    free(table);
    free(first.slots);
    free(pairs.slots);
    return r;
}

/* Runs one side in a child; the result comes back through a pipe. */
static result in_child(result (*run)(event_log *, uint64_t *, int64_t *), size_t customers,
                       uint64_t events, uint32_t days)
{
    int fd[2];
    if (pipe(fd) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        event_log *log = event_log_new(customers, events, days, 42);
        uint64_t *ids = malloc(BATCH * sizeof *ids);
        int64_t *times = malloc(BATCH * sizeof *times);
        result r = run(log, ids, times);
        if (write(fd[1], &r, sizeof r) != (ssize_t)sizeof r)
            _exit(1);
        _exit(0);
    }
    result r;
    if (read(fd[0], &r, sizeof r) != (ssize_t)sizeof r)
        exit(1);
    waitpid(pid, NULL, 0);
    close(fd[0]);
    close(fd[1]);
    return r;
}

static void report(const char *name, result r)
{
    printf("%-28s %12.1f M events/s ingest  %8.3f s compute  %6.2f bytes/event peak"
           "  %8.1f MiB peak RSS\n", name, (double)r.events / r.ingest_seconds / 1e6,
           r.compute_seconds, r.peak_bytes / (double)r.events, r.peak_bytes / 1048576.0);
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000000u;
    size_t customers = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000u;
    uint32_t days = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 365u;
    int baseline = 1;
    unsigned threads = 1;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--no-baseline") == 0)
            baseline = 0;
        else if (strncmp(argv[i], "--threads=", 10) == 0)
            threads = (unsigned)strtoul(argv[i] + 10, NULL, 10);
    }
    result lib = in_child(run_library, customers, events, days);
    printf("libretention %s: %llu events, %zu customers, %u days\n", rt_version(),
           (unsigned long long)lib.events, customers, days);
    report("libretention", lib);
    if (threads > 1) {
        lib_threads = threads;
        result par = in_child(run_library, customers, events, days);
        char name[64];
        snprintf(name, sizeof name, "libretention, %u threads", threads);
        report(name, par);
        printf("ratios (1 thread / %u): ingest time %.2fx, compute time %.2fx, total %.2fx\n",
               threads, lib.ingest_seconds / par.ingest_seconds,
               lib.compute_seconds / par.compute_seconds,
               (lib.ingest_seconds + lib.compute_seconds) /
                   (par.ingest_seconds + par.compute_seconds));
        if (par.check != lib.check) {
            printf("MISMATCH: sum of DAU %llu vs %llu\n", (unsigned long long)par.check,
                   (unsigned long long)lib.check);
            return 1;
        }
    }
    if (!baseline)
        return 0;
    result naive = in_child(run_baseline, customers, events, days);
    report("hash set of (customer, day)", naive);
    printf("ratios (baseline / libretention): ingest time %.2fx, compute time %.2fx, "
           "peak memory %.2fx\n", naive.ingest_seconds / lib.ingest_seconds,
           naive.compute_seconds / lib.compute_seconds, naive.peak_bytes / lib.peak_bytes);
    printf("compute: libretention = DAU, WAU, MAU, daily cohort tables (exact and "
           "on-or-after), Kaplan-Meier counts, L28 and range histograms;\n"
           "         baseline = DAU and the exact daily table only\n");
    if (lib.check != naive.check) {
        printf("MISMATCH: sum of DAU %llu vs %llu\n", (unsigned long long)lib.check,
               (unsigned long long)naive.check);
        return 1;
    }
    printf("sum of DAU agrees: %llu\n", (unsigned long long)lib.check);
    return 0;
}
