/* Inline-SVG charts for the HTML report: no scripts, no assets. Each chart
 * is a <figure>: an HTML caption (title and a one-line explanation) and
 * legend, which wrap at any width, then an <svg> with a viewBox that
 * scales to the width of the page, with axes, ticks, axis labels (class
 * axis-label) and a hover <title> on every point and bar. Colours come
 * from the page's style sheet (classes s0 .. s3): one palette for light,
 * dark and print. */
#ifndef SVG_H
#define SVG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line: y[i] for x = 0 .. n - 1 (NaN: no value there), with an
 * optional band [lower, upper] (NULL: none). colour: 0 .. 3. */
typedef struct chart_series {
    const char *name;
    const double *y, *lower, *upper;
    int colour;
    int dashed;
} chart_series;

typedef struct line_chart {
    const char *id;            /* unique in the page (aria ids) */
    const char *title, *explain;
    const char *x_label, *y_label;
    int x_is_day;              /* 1: x = first_day + i, a date axis; 0: x = i */
    int32_t first_day;
    const char *x_unit;        /* x = i: the hover's name of i ("week") */
    int y_is_share;            /* 1: values in [0, 1], a percentage axis */
    double y_floor_top;        /* the axis reaches at least this (0: data only) */
    size_t n, warmup;          /* the first warmup points: a window not yet full */
    const char *warmup_label;  /* its legend entry */
    const chart_series *series;
    int count;
} line_chart;

void svg_line_chart(FILE *out, const line_chart *chart);

/* Horizontal bars, one per category, the flagged ones in the alert colour. */
typedef struct bar_chart {
    const char *id, *title, *explain;
    const char *category_label, *value_label;
    const char *const *labels;
    const double *values;
    const int *flags;          /* NULL: none flagged */
    const char *bar_name, *flag_name;  /* legend entries (flag_name NULL: no flags) */
    size_t n;
} bar_chart;

void svg_bar_chart(FILE *out, const bar_chart *chart);

/* Figure parts shared by the charts and the cohort table. */
void figure_start(FILE *out, const char *id, const char *title, const char *explain);
/* A legend entry: a swatch of class swatch_class, then the text. */
void legend_entry(FILE *out, const char *swatch_class, const char *text);

#endif
