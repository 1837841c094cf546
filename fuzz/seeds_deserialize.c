/* Writes the seed corpus of the deserialize target (fuzz/corpus/deserialize):
 * serialized objects of each kind, each in both modes of the target (first
 * byte 1: as is; 0: resealed), plus corrupted copies. Not part of the build:
 *
 *   cc -Iinclude -Ibuild/include fuzz/seeds_deserialize.c -Lbuild -lretention \
 *      -o /tmp/seeds && LD_LIBRARY_PATH=build /tmp/seeds fuzz/corpus/deserialize
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

static const char *dir;

static void write_seed(const char *name, uint8_t mode, const uint8_t *b, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fputc(mode, f) == EOF || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* The object as is, resealed, and corrupted three ways. */
static void seeds(const char *name, const uint8_t *b, size_t n)
{
    char file[256];
    snprintf(file, sizeof file, "%s", name);
    write_seed(file, 1, b, n);
    snprintf(file, sizeof file, "%s-reseal", name);
    write_seed(file, 0, b, n);
    uint8_t *c = malloc(n);
    memcpy(c, b, n);
    c[n / 2] ^= 0x01;
    snprintf(file, sizeof file, "%s-flipped-bit", name);
    write_seed(file, 1, c, n);
    snprintf(file, sizeof file, "%s-truncated", name);
    write_seed(file, 1, b, n - 5);
    memcpy(c, b, n);
    for (int i = 0; i < 4; i++)
        c[i] = b[3 - i];
    snprintf(file, sizeof file, "%s-swapped-magic", name);
    write_seed(file, 1, c, n);
    free(c);
}

static rt_cohort *sample_cohort(int customers, int span)
{
    rt_cohort *c;
    if (rt_cohort_new(NULL, &c) != RT_OK)
        exit(1);
    for (int i = 0; i < customers * 4; i++) {
        uint64_t id = (uint64_t)(i * 7919 % customers);
        int64_t day = 19000 + (i * 37) % span;
        rt_cohort_add_event(c, id, day * 86400);
        rt_cohort_set_segment(c, id, (uint32_t)(id % 3));
    }
    return c;
}

#define SERIALIZE(fn, object, name)                                                   \
    do {                                                                              \
        size_t n = 0;                                                                 \
        fn(object, NULL, 0, &n);                                                      \
        uint8_t *b = malloc(n);                                                       \
        if (fn(object, b, n, &n) != RT_OK)                                            \
            exit(1);                                                                  \
        seeds(name, b, n);                                                            \
        free(b);                                                                      \
    } while (0)

static void metrics_seeds(void)
{
    static const rt_period periods[] = {RT_PERIOD_DAY, RT_PERIOD_WEEK, RT_PERIOD_MONTH};
    uint32_t bounds[] = {1, 2, 8, 31};
    for (int p = 0; p < 3; p++) {
        rt_cohort *c = sample_cohort(9, p == 0 ? 12 : 70);
        rt_metrics_options o;
        rt_metrics_options_init(&o, sizeof o);
        o.period = periods[p];
        o.bracket_count = (uint32_t)p;
        o.bracket_bounds = bounds;
        o.tables = (uint32_t)(3 - p);
        o.max_offset = p == 1 ? 3 : UINT32_MAX;
        o.trailing_days = (uint32_t)(5 + p);
        o.use_segment = p == 2;
        o.segment = 1;
        rt_metrics *m;
        if (rt_cohort_metrics(c, &o, &m) != RT_OK)
            exit(1);
        char name[32];
        snprintf(name, sizeof name, "metrics-%d", p);
        SERIALIZE(rt_metrics_serialize, m, name);
        rt_metrics_free(m);
        rt_cohort_free(c);
    }
}

static void frequency_seeds(void)
{
    for (int e = 0; e < 2; e++) {
        rt_cohort *c = sample_cohort(12, 100);
        rt_frequency_options o;
        rt_frequency_options_init(&o, sizeof o);
        o.as_of_day = 19000 + 60;
        o.use_earlier = (uint32_t)e;
        o.earlier_day = 19000 + 20;
        rt_frequency *f;
        if (rt_cohort_frequency(c, &o, &f) != RT_OK)
            exit(1);
        SERIALIZE(rt_frequency_serialize, f, e ? "frequency-earlier" : "frequency");
        rt_frequency_free(f);
        rt_cohort_free(c);
    }
}

static void rfm_seeds(void)
{
    rt_rfm *r;
    if (rt_rfm_new(NULL, &r) != RT_OK)
        exit(1);
    SERIALIZE(rt_rfm_serialize, r, "rfm-empty");
    rt_rfm_add(r, 0, 0.0, 5.0, 3);
    rt_rfm_add(r, 2, 3.5, 10.0, 1);
    rt_rfm_add(r, 7, 30.25, 38.0, 2);
    SERIALIZE(rt_rfm_serialize, r, "rfm");
    rt_rfm_free(r);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIRECTORY\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    metrics_seeds();
    frequency_seeds();
    rfm_seeds();
    return 0;
}
