/* Ingest and compute on a realistic generated log, next to a naive baseline
 * (a hash set of (customer, day)) run in the same invocation.
 * usage: bench_activity [events (100000000)] [customers (1000000)] [days (365)]
 *                       [--no-baseline] [--threads=N (1)] [--log FILE]
 *                       [--only=library|baseline] [--json]
 * (--threads=N: the cohort's `threads` option; with N > 1 the library also
 * runs with one thread, and the ratio of the two is printed.
 * --log FILE: read the events from FILE, 16-byte records of a uint64 id and
 * an int64 Unix time in host byte order, as bench/gen_log writes them, in
 * batches of 1 Mi events, instead of generating them; events, customers and
 * days are then ignored.
 * --only=library: the library with --threads=N only; --only=baseline: the
 * hash set only.
 * --json: one JSON object per side run instead of the report lines.)
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

enum { BATCH = 1 << 20, PREFETCH = 8 };

static unsigned lib_threads = 1;  /* the cohort's threads option of this run */
static const char *log_path;      /* --log FILE, or NULL: generate */

/* Where the events come from: the generator, or a file of 16-byte records. */
typedef struct source {
    event_log *gen;
    FILE *file;
    unsigned char *records;  /* BATCH records read at a time */
} source;

typedef struct result {
    uint64_t events;
    double ingest_seconds, compute_seconds;
    double cpu_seconds;      /* the process's CPU time (all threads) in those */
    double peak_bytes;       /* peak RSS growth over the run */
    uint64_t check;          /* a number both sides must agree on: sum of DAU */
} result;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_now(void)  /* CPU time of the process, all threads */
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

static void source_open(source *s, size_t customers, uint64_t events, uint32_t days)
{
    *s = (source){0};
    if (log_path == NULL) {
        s->gen = event_log_new(customers, events, days, 42);
        return;
    }
    s->file = fopen(log_path, "rb");
    s->records = malloc((size_t)BATCH * 16);
    if (s->file == NULL || s->records == NULL) {
        perror(log_path);
        exit(1);
    }
    /* Resident before the run takes its base (a zero memset may become calloc). */
    memset(s->records, 0xff, (size_t)BATCH * 16);
}

/* Fills up to BATCH events; returns how many (0 at the end). */
static size_t source_next(source *s, uint64_t *ids, int64_t *times)
{
    if (s->gen != NULL)
        return event_log_next(s->gen, ids, times, BATCH);
    size_t bytes = fread(s->records, 1, (size_t)BATCH * 16, s->file);
    if (bytes % 16 != 0 || (bytes < (size_t)BATCH * 16 && ferror(s->file))) {
        fprintf(stderr, "%s: read error or a partial record\n", log_path);
        exit(1);
    }
    size_t n = bytes / 16;
    for (size_t i = 0; i < n; i++) {
        memcpy(&ids[i], s->records + 16 * i, 8);
        memcpy(&times[i], s->records + 16 * i + 8, 8);
    }
    return n;
}

static result run_library(source *log, uint64_t *ids, int64_t *times)
{
    result r = {0};
    double base = rss_bytes();
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.threads = lib_threads;
    rt_cohort *c;
    must(rt_cohort_new(&o, &c), "rt_cohort_new");
    size_t n;
    while ((n = source_next(log, ids, times)) > 0) {
        double t = now(), cpu = cpu_now();
        must(rt_cohort_add_events(c, ids, times, n, NULL), "rt_cohort_add_events");
        r.ingest_seconds += now() - t;
        r.cpu_seconds += cpu_now() - cpu;
        r.events += n;
    }
    double t = now(), cpu = cpu_now();
    rt_metrics *m;
    must(rt_cohort_metrics(c, NULL, &m), "rt_cohort_metrics");  /* daily table */
    r.compute_seconds = now() - t;
    r.cpu_seconds += cpu_now() - cpu;
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

static size_t pair_hash(uint64_t id, int32_t day)
{
    return (size_t)mix(id ^ ((uint64_t)(uint32_t)day << 40));
}

static void set_insert(pair_set *s, uint64_t id, int32_t day)
{
    if (2 * (s->count + 1) > s->mask + 1)
        set_grow(s);
    for (size_t i = pair_hash(id, day) & s->mask;; i = (i + 1) & s->mask) {
        if (s->slots[i].day == INT32_MIN) {
            s->slots[i] = (pair_slot){id, day};
            s->count++;
            return;
        }
        if (s->slots[i].id == id && s->slots[i].day == day)
            return;
    }
}

static result run_baseline(source *log, uint64_t *ids, int64_t *times)
{
    result r = {0};
    double base = rss_bytes();
    pair_set pairs;
    set_init(&pairs, 1 << 20);
    size_t n;
    while ((n = source_next(log, ids, times)) > 0) {
        double t = now(), cpu = cpu_now();
        for (size_t i = 0; i < n; i++) {
            /* The slot of the pair PREFETCH inserts ahead: its cache miss
             * overlaps this one's (a hint only; a grow meanwhile is harmless). */
            if (i + PREFETCH < n) {
                size_t j = i + PREFETCH;
                __builtin_prefetch(&pairs.slots[pair_hash(ids[j], (int32_t)(times[j] / 86400)) &
                                                pairs.mask]);
            }
            set_insert(&pairs, ids[i], (int32_t)(times[i] / 86400));
        }
        r.ingest_seconds += now() - t;
        r.cpu_seconds += cpu_now() - cpu;
        r.events += n;
    }
    /* DAU, and the exact daily cohort table from each customer's first day
     * (a second set keyed by id alone holds the first day). */
    double t = now(), cpu = cpu_now();
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
    r.cpu_seconds += cpu_now() - cpu;
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
static result in_child(result (*run)(source *, uint64_t *, int64_t *), size_t customers,
                       uint64_t events, uint32_t days)
{
    int fd[2];
    if (pipe(fd) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        source log;
        source_open(&log, customers, events, days);
        uint64_t *ids = malloc(BATCH * sizeof *ids);
        int64_t *times = malloc(BATCH * sizeof *times);
        result r = run(&log, ids, times);
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

static int json_output;  /* --json */

/* One side's result: a report line, or with --json one JSON object. */
static void report(const char *name, const char *side, unsigned threads, result r)
{
    if (json_output) {
        printf("{\"side\": \"%s\", \"threads\": %u, \"events\": %llu, "
               "\"ingest_seconds\": %.6f, \"compute_seconds\": %.6f, \"cpu_seconds\": %.6f, "
               "\"peak_bytes\": %.0f, \"sum_dau\": %llu}\n", side, threads,
               (unsigned long long)r.events, r.ingest_seconds, r.compute_seconds,
               r.cpu_seconds, r.peak_bytes, (unsigned long long)r.check);
        return;
    }
    printf("%-28s %12.1f M events/s ingest  %8.3f s compute  %6.2f bytes/event peak"
           "  %8.1f MiB peak RSS\n", name, (double)r.events / r.ingest_seconds / 1e6,
           r.compute_seconds, r.peak_bytes / (double)r.events, r.peak_bytes / 1048576.0);
}

static int mismatch(result a, result b)
{
    if (a.check == b.check)
        return 0;
    fprintf(json_output ? stderr : stdout, "MISMATCH: sum of DAU %llu vs %llu\n",
            (unsigned long long)a.check, (unsigned long long)b.check);
    return 1;
}

typedef struct options {
    uint64_t events;
    size_t customers;
    uint32_t days;
    unsigned threads;
    int baseline;
    const char *only;  /* "library", "baseline" or NULL: both */
} options;

static void usage(void)
{
    fprintf(stderr, "usage: bench_activity [events] [customers] [days] [--no-baseline] "
            "[--threads=N] [--log FILE] [--only=library|baseline] [--json]\n");
    exit(2);
}

/* Numbers in order (events, customers, days), options anywhere. */
static options parse(int argc, char **argv)
{
    options o = {100000000u, 1000000u, 365u, 1, 1, NULL};
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--no-baseline") == 0)
            o.baseline = 0;
        else if (strncmp(a, "--threads=", 10) == 0)
            o.threads = (unsigned)strtoul(a + 10, NULL, 10);
        else if (strcmp(a, "--log") == 0 && i + 1 < argc)
            log_path = argv[++i];
        else if (strncmp(a, "--log=", 6) == 0)
            log_path = a + 6;
        else if (strcmp(a, "--only=library") == 0 || strcmp(a, "--only=baseline") == 0)
            o.only = a + 7;
        else if (strcmp(a, "--json") == 0)
            json_output = 1;
        else if (a[0] == '-' || positional == 3)
            usage();
        else if (positional++ == 0)
            o.events = strtoull(a, NULL, 10);
        else if (positional == 2)
            o.customers = strtoull(a, NULL, 10);
        else
            o.days = (uint32_t)strtoul(a, NULL, 10);
    }
    return o;
}

/* --only: one side, run once. */
static int run_only(const options *o)
{
    if (strcmp(o->only, "baseline") == 0) {
        report("hash set of (customer, day)", "baseline", 1,
               in_child(run_baseline, o->customers, o->events, o->days));
        return 0;
    }
    lib_threads = o->threads ? o->threads : 1;
    char name[64];
    snprintf(name, sizeof name, "libretention, %u threads", lib_threads);
    report(lib_threads > 1 ? name : "libretention", "library", lib_threads,
           in_child(run_library, o->customers, o->events, o->days));
    return 0;
}

int main(int argc, char **argv)
{
    options opt = parse(argc, argv);
    if (opt.only != NULL)
        return run_only(&opt);
    uint64_t events = opt.events;
    size_t customers = opt.customers;
    uint32_t days = opt.days;
    unsigned threads = opt.threads;
    result lib = in_child(run_library, customers, events, days);
    if (!json_output && log_path != NULL)
        printf("libretention %s: %llu events from %s\n", rt_version(),
               (unsigned long long)lib.events, log_path);
    else if (!json_output)
        printf("libretention %s: %llu events, %zu customers, %u days\n", rt_version(),
               (unsigned long long)lib.events, customers, days);
    report("libretention", "library", 1, lib);
    if (threads > 1) {
        lib_threads = threads;
        result par = in_child(run_library, customers, events, days);
        char name[64];
        snprintf(name, sizeof name, "libretention, %u threads", threads);
        report(name, "library", threads, par);
        if (!json_output)
            printf("ratios (1 thread / %u): ingest time %.2fx, compute time %.2fx, "
                   "total %.2fx\n", threads, lib.ingest_seconds / par.ingest_seconds,
                   lib.compute_seconds / par.compute_seconds,
                   (lib.ingest_seconds + lib.compute_seconds) /
                       (par.ingest_seconds + par.compute_seconds));
        if (mismatch(par, lib))
            return 1;
    }
    if (!opt.baseline)
        return 0;
    result naive = in_child(run_baseline, customers, events, days);
    report("hash set of (customer, day)", "baseline", 1, naive);
    if (!json_output) {
        printf("ratios (baseline / libretention): ingest time %.2fx, compute time %.2fx, "
               "peak memory %.2fx\n", naive.ingest_seconds / lib.ingest_seconds,
               naive.compute_seconds / lib.compute_seconds, naive.peak_bytes / lib.peak_bytes);
        printf("compute: libretention = DAU, WAU, MAU, daily cohort tables (exact and "
               "on-or-after), Kaplan-Meier counts, L28 and range histograms;\n"
               "         baseline = DAU and the exact daily table only\n");
    }
    if (mismatch(lib, naive))
        return 1;
    if (!json_output)
        printf("sum of DAU agrees: %llu\n", (unsigned long long)lib.check);
    return 0;
}
