#define _POSIX_C_SOURCE 200809L  /* fstat, fileno */
#include "progress.h"

#include <sys/stat.h>
#include <time.h>

enum { BAR_WIDTH = 30, ROWS_BETWEEN_CLOCK_READS = 4096 };
static const double REDRAW_SECONDS = 0.2;

static double now(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) == 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_start(progress *p, FILE *in, int enabled)
{
    struct stat st;
    *p = (progress){.enabled = enabled, .shown_percent = -1};
    if (enabled && fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        p->total_bytes = (uint64_t)st.st_size;
    p->shown_at = now();
}

static int percent_of(const progress *p, uint64_t bytes)
{
    uint64_t done = bytes < p->total_bytes ? bytes : p->total_bytes;
    return (int)(done * 100 / p->total_bytes);
}

static void draw(progress *p, uint64_t bytes, uint64_t rows)
{
    if (p->total_bytes) {
        int percent = percent_of(p, bytes), filled = percent * BAR_WIDTH / 100;
        fprintf(stderr, "\rretention: reading [%.*s%*s] %3d%% (%llu rows)", filled,
                "##############################", BAR_WIDTH - filled, "", percent,
                (unsigned long long)rows);
        p->shown_percent = percent;
    } else {
        fprintf(stderr, "\rretention: reading, %llu rows", (unsigned long long)rows);
    }
    p->shown_rows = rows;
    p->drawn = 1;
    fflush(stderr);
}

void progress_update(progress *p, uint64_t bytes, uint64_t rows)
{
    if (!p->enabled)
        return;
    if (p->total_bytes ? percent_of(p, bytes) == p->shown_percent
                       : rows - p->shown_rows < ROWS_BETWEEN_CLOCK_READS)
        return;  /* nothing new to show, or too soon to look at the clock */
    double t = now();
    if (t - p->shown_at < REDRAW_SECONDS) {
        if (!p->total_bytes)
            p->shown_rows = rows;  /* look again after as many rows */
        return;
    }
    p->shown_at = t;
    draw(p, bytes, rows);
}

void progress_finish(progress *p, uint64_t bytes, uint64_t rows, int complete)
{
    if (!p->enabled)
        return;
    if (complete) {
        draw(p, p->total_bytes ? p->total_bytes : bytes, rows);
        if (!p->total_bytes)
            fputs(", done", stderr);
    }
    if (p->drawn)
        fputc('\n', stderr);
    p->drawn = 0;
}

double computing_start(int enabled, const char *name)
{
    if (enabled)
        fprintf(stderr, "retention: computing %s\n", name);
    return now();
}

void computing_done(int enabled, double started)
{
    if (enabled)
        fprintf(stderr, "retention: computed in %.1f s\n", now() - started);
}
