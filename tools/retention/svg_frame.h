/* The frame of a chart: the drawing area inside its axes, in viewBox
 * units, and the pieces drawn around it (svg.c). */
#ifndef SVG_FRAME_H
#define SVG_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct plot_area {
    double left, top, width, height;     /* the area inside the axes */
    double width_total, height_total;    /* the viewBox */
    double top_value, step;              /* the value axis: 0 .. top_value by step */
} plot_area;

void svg_open(FILE *out, const char *id, const char *title, const char *explain, int width,
              int height);
/* A <text> of a class, its content escaped. */
void svg_text(FILE *out, const char *class_name, double x, double y, const char *anchor,
              const char *text);
/* The x label under the chart, the y label turned along the left side. */
void axis_labels(FILE *out, const plot_area *p, const char *x_label, const char *y_label);
/* Grid lines and tick labels of the value axis (vertical: on the left;
 * else along the bottom), percentages when share. */
void value_axis(FILE *out, const plot_area *p, int share, int vertical);
/* Date ticks under points 0 .. n - 1, point i being day first + i. */
void day_axis(FILE *out, const plot_area *p, int32_t first, size_t n);
/* Whole-number ticks under points 0 .. n - 1. */
void index_axis(FILE *out, const plot_area *p, size_t n);

double plot_y(const plot_area *p, double v);
double plot_x(const plot_area *p, size_t i, size_t n);

#endif
