/* Loads the copied public data sets of tests/data (see its README.md); the
 * directory comes from RT_TEST_DATA, which tests/meson.build sets. */
#ifndef TESTDATA_H
#define TESTDATA_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CDNOW_CUSTOMERS 2357

typedef struct cdnow_data {
    size_t n;
    uint64_t x[CDNOW_CUSTOMERS];
    double t_x[CDNOW_CUSTOMERS];   /* weeks */
    double T[CDNOW_CUSTOMERS];     /* weeks (T_cal) */
    double m_x[CDNOW_CUSTOMERS];   /* mean US$ of repeat transactions */
} cdnow_data;

static inline FILE *testdata_open(const char *name)
{
    const char *dir = getenv("RT_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "tests/data", name);
    return fopen(path, "r");
}

/* cdnow_cbs.csv: cust,x,t_x_days,T_cal_days,t_x,T_cal,x_star,m_x. 0 on success. */
static inline int cdnow_load(cdnow_data *d)
{
    FILE *f = testdata_open("cdnow_cbs.csv");
    if (f == NULL)
        return -1;
    char line[512];
    d->n = 0;
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        return -1;
    }
    while (d->n < CDNOW_CUSTOMERS && fgets(line, sizeof line, f) != NULL) {
        char *p = line;
        double col[8];
        for (int c = 0; c < 8; c++) {
            col[c] = strtod(p, &p);
            if (*p == ',')
                p++;
        }
        d->x[d->n] = (uint64_t)col[1];
        d->t_x[d->n] = col[4];
        d->T[d->n] = col[5];
        d->m_x[d->n] = col[7];
        d->n++;
    }
    fclose(f);
    return d->n == CDNOW_CUSTOMERS ? 0 : -1;
}

/* sbg_fader_hardie_2007.csv, calibration rows: survivors of a 1000-customer
 * cohort (percent * 10, as the paper does). Returns the number of rows. */
static inline size_t sbg_load(uint64_t regular[16], uint64_t high_end[16])
{
    FILE *f = testdata_open("sbg_fader_hardie_2007.csv");
    if (f == NULL)
        return 0;
    char line[256];
    size_t n = 0;
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        return 0;
    }
    while (n < 16 && fgets(line, sizeof line, f) != NULL) {
        double year, reg, high, cal;
        if (sscanf(line, "%lf,%lf,%lf,%lf", &year, &reg, &high, &cal) != 4)
            break;
        if (cal != 1.0)
            continue;
        regular[n] = (uint64_t)(reg * 10.0 + 0.5);
        high_end[n] = (uint64_t)(high * 10.0 + 0.5);
        n++;
    }
    fclose(f);
    return n;
}

#endif /* TESTDATA_H */
