/* Writes bench_activity's generated log (bench/event_log.c) to files, for
 * readers that take a file (bench/bench_all.py): exactly the stream
 * event_log_next produces, in its order.
 * usage: gen_log EVENTS CUSTOMERS DAYS SEED BINARY CSV
 *   BINARY: one 16-byte record per event, the customer id (uint64) then the
 *           time in Unix seconds (int64), both in the host's byte order
 *           (little-endian on x86-64 and arm64); no header. `-` skips it.
 *   CSV:    `customer_id,timestamp` (a header line, then Unix seconds).
 *           `-` skips it.
 * Prints the number of events written on stdout. The generator makes
 * about EVENTS events (it aims at the count; it does not cut the stream). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_log.h"

enum { BATCH = 1 << 20 };

/* Writes v in decimal at p; returns the end. */
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

static FILE *open_or_null(const char *path)
{
    if (strcmp(path, "-") == 0)
        return NULL;
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    return f;
}

static void must_write(const void *p, size_t size, FILE *f)
{
    if (fwrite(p, 1, size, f) != size) {
        perror("gen_log: write");
        exit(1);
    }
}

static void write_binary(FILE *f, const uint64_t *ids, const int64_t *times, size_t n,
                         unsigned char *buffer)
{
    for (size_t i = 0; i < n; i++) {
        memcpy(buffer + 16 * i, &ids[i], 8);
        memcpy(buffer + 16 * i + 8, &times[i], 8);
    }
    must_write(buffer, 16 * n, f);
}

/* A line is at most 20 + 1 + 20 + 1 bytes: 64 per event is room enough. */
static void write_csv(FILE *f, const uint64_t *ids, const int64_t *times, size_t n,
                      char *buffer)
{
    char *p = buffer;
    for (size_t i = 0; i < n; i++) {
        p = put_uint(p, ids[i]);
        *p++ = ',';
        p = put_int(p, times[i]);
        *p++ = '\n';
    }
    must_write(buffer, (size_t)(p - buffer), f);
}

static void close_checked(FILE *f)
{
    if (f != NULL && fclose(f) != 0) {
        perror("gen_log: close");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: gen_log EVENTS CUSTOMERS DAYS SEED BINARY|- CSV|-\n");
        return 2;
    }
    uint64_t events = strtoull(argv[1], NULL, 10);
    size_t customers = strtoull(argv[2], NULL, 10);
    uint32_t days = (uint32_t)strtoul(argv[3], NULL, 10);
    uint64_t seed = strtoull(argv[4], NULL, 10);
    FILE *bin = open_or_null(argv[5]), *csv = open_or_null(argv[6]);
    uint64_t *ids = malloc(BATCH * sizeof *ids);
    int64_t *times = malloc(BATCH * sizeof *times);
    void *buffer = malloc(BATCH * (size_t)64);
    event_log *log = event_log_new(customers, events, days, seed);
    if (ids == NULL || times == NULL || buffer == NULL || log == NULL) {
        fprintf(stderr, "gen_log: out of memory\n");
        return 1;
    }
    if (csv != NULL)
        must_write("customer_id,timestamp\n", 22, csv);
    uint64_t written = 0;
    size_t n;
    while ((n = event_log_next(log, ids, times, BATCH)) > 0) {
        if (bin != NULL)
            write_binary(bin, ids, times, n, buffer);
        if (csv != NULL)
            write_csv(csv, ids, times, n, buffer);
        written += n;
    }
    close_checked(bin);
    close_checked(csv);
    printf("%" PRIu64 "\n", written);
    event_log_free(log);
    free(buffer);
    free(ids);
    free(times);
    return 0;
}
