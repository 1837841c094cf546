/* The parts every chart shares: the figure with its caption and legend,
 * the <svg> frame with its accessible title, and the axes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "report_format.h"
#include "svg.h"
#include "svg_frame.h"
#include "table.h"
#include "timestamp.h"

void figure_start(FILE *out, const char *id, const char *title, const char *explain)
{
    fprintf(out, "<figure class=\"chart\" id=\"%s\"><figcaption><strong>", id);
    html_text(out, title);
    fputs("</strong>", out);
    if (explain) {
        fputs("<span class=\"explain\">", out);
        html_text(out, explain);
        fputs("</span>", out);
    }
    fputs("</figcaption>\n", out);
}

void legend_entry(FILE *out, const char *swatch_class, const char *text)
{
    fprintf(out, "<li><span class=\"swatch %s\"></span>", swatch_class);
    html_text(out, text);
    fputs("</li>", out);
}

void svg_open(FILE *out, const char *id, const char *title, const char *explain, int width,
              int height)
{
    fprintf(out, "<svg class=\"plot\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                 "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">", width, height, id, id, id);
    html_text(out, title);
    fprintf(out, "</title><desc id=\"%s-d\">", id);
    html_text(out, explain ? explain : title);
    fputs("</desc>\n", out);
}

void svg_text(FILE *out, const char *class_name, double x, double y, const char *anchor,
              const char *text)
{
    fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", class_name, x, y,
            anchor);
    html_text(out, text);
    fputs("</text>", out);
}

void axis_labels(FILE *out, const plot_area *p, const char *x_label, const char *y_label)
{
    svg_text(out, "axis-label", p->left + p->width / 2, p->height_total - 6.0, "middle", x_label);
    fprintf(out, "<text class=\"axis-label\" transform=\"translate(14 %.1f) rotate(-90)\" "
                 "text-anchor=\"middle\">", p->top + p->height / 2);
    html_text(out, y_label);
    fputs("</text>\n", out);
}

/* A tick value as its label: a count, or a percentage precise enough to
 * tell the steps apart. */
static void tick_text(double value, double step, int share, char out[NUMBER_TEXT])
{
    double shown = share ? 100 * step : step;
    int decimals = shown == floor(shown) ? 0 : 10 * shown == floor(10 * shown) ? 1 : 2;
    if (share)
        format_percent(value, decimals, out);
    else
        format_amount(value, decimals, out);
}

void value_axis(FILE *out, const plot_area *p, int share, int vertical)
{
    char text[NUMBER_TEXT];
    int ticks = (int)floor(p->top_value / p->step + 0.5);
    for (int k = 0; k <= ticks; k++) {
        double v = p->step * k, at;
        tick_text(v, p->step, share, text);
        if (vertical) {
            at = plot_y(p, v);
            fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    p->left, at, p->left + p->width, at);
            svg_text(out, "tick", p->left - 6, at + 4, "end", text);
        } else {
            at = p->left + p->width * v / p->top_value;
            fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    at, p->top, at, p->top + p->height);
            svg_text(out, "tick", at, p->top + p->height + 20, "middle", text);
        }
    }
    fputs("\n", out);
}

double plot_y(const plot_area *p, double v)
{
    return p->top + p->height - p->height * v / p->top_value;
}

double plot_x(const plot_area *p, size_t i, size_t n)
{
    return p->left + (n > 1 ? p->width * (double)i / (double)(n - 1) : p->width / 2);
}

/* A tick on the x axis at point i, its label kept inside the frame. */
static void x_tick(FILE *out, const plot_area *p, size_t i, size_t n, const char *text,
                   double half_width)
{
    double x = plot_x(p, i, n), bottom = p->top + p->height;
    const char *anchor = x + half_width > p->width_total ? "end"
                         : x - half_width < 0            ? "start"
                                                         : "middle";
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x,
            bottom, x, bottom + 4);
    svg_text(out, "tick", x, bottom + 21, anchor, text);
}

void day_axis(FILE *out, const plot_area *p, int32_t first, size_t n)
{
    int32_t last = first + (int32_t)n - 1;
    int days, months;
    char text[32];
    day_tick_step(first, last, 5, &days, &months);
    if (days > 0) {
        for (int64_t d = first; d <= last; d += days) {
            format_day((int32_t)d, text);
            x_tick(out, p, (size_t)(d - first), n, text, 34);
        }
    } else {
        for (int32_t d = month_start_on_or_after(first); d <= last && d != INT32_MAX;
             d = add_months(d, months)) {
            format_day(d, text);
            text[7] = '\0';  /* YYYY-MM: the tick is on the 1st */
            x_tick(out, p, (size_t)(d - first), n, text, 24);
        }
    }
    fputs("\n", out);
}

void index_axis(FILE *out, const plot_area *p, size_t n)
{
    double step = n > 1 ? nice_step((double)(n - 1) / 6.0) : 1;
    size_t every = step < 1 ? 1 : (size_t)step;
    char text[32];
    for (size_t i = 0; i < n; i += every) {
        snprintf(text, sizeof text, "%zu", i);
        x_tick(out, p, i, n, text, 10);
    }
    fputs("\n", out);
}
