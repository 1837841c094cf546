/* Small inline-SVG charts for the HTML report: no scripts, no assets. */
#ifndef SVG_H
#define SVG_H

#include <stddef.h>
#include <stdio.h>

/* Lines over x = 0 .. n - 1, values in [0, y_max]; up to 3 series. */
void svg_lines(FILE *out, const char *title, const char *const labels[], const double *series[],
               int count, size_t n, double y_max);

/* Bars with labels; bars whose flag is set are drawn in the alert colour. */
void svg_bars(FILE *out, const char *title, const char *const labels[], const double *values,
              const int *flags, size_t n);

/* A heat map of rates in [0, 1]; negative cells are censored (hatched grey). */
void svg_heatmap(FILE *out, const char *title, const char *const row_labels[],
                 const double *cells, size_t rows, size_t cols);

#endif
