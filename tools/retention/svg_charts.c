/* The two kinds of chart of the report: lines over time (or over weeks
 * since first activity), and horizontal bars by category. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_format.h"
#include "svg.h"
#include "svg_frame.h"
#include "table.h"
#include "timestamp.h"

enum { LINE_WIDTH = 480, LINE_HEIGHT = 270, BAR_ROW = 26, BAR_WIDTH = 480 };
/* More points than this share a hover column (a century of days would
 * otherwise write 36,500 of them per chart); each names its first point. */
enum { MAX_HOVERS = 1500 };

/* The largest value (band included) after the warm-up, which a window not
 * yet full would distort. */
static double scale_max(const line_chart *c)
{
    size_t from = c->warmup < c->n ? c->warmup : 0;
    double max = c->y_floor_top;
    for (int s = 0; s < c->count; s++)
        for (size_t i = from; i < c->n; i++) {
            const chart_series *e = &c->series[s];
            double v = e->upper && isfinite(e->upper[i]) ? e->upper[i] : e->y[i];
            if (isfinite(v) && v > max)
                max = v;
        }
    return max;
}

static void legend(FILE *out, const line_chart *c)
{
    char swatch[32];
    fputs("<ul class=\"legend\">", out);
    for (int s = 0; s < c->count; s++) {
        snprintf(swatch, sizeof swatch, "line c%d%s", c->series[s].colour,
                 c->series[s].dashed ? " dashed" : "");
        legend_entry(out, swatch, c->series[s].name);
        if (c->series[s].lower) {
            snprintf(swatch, sizeof swatch, "band c%d", c->series[s].colour);
            legend_entry(out, swatch, "95 % confidence band");
        }
    }
    if (c->warmup > 0 && c->warmup_label)
        legend_entry(out, "warmup", c->warmup_label);
    fputs("</ul>\n", out);
}

/* A band between lower and upper, as one closed path. */
static void band(FILE *out, const plot_area *p, const chart_series *e, size_t n)
{
    fprintf(out, "<path class=\"band c%d\" d=\"", e->colour);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%c%.1f %.1f", i ? 'L' : 'M', plot_x(p, i, n), plot_y(p, e->upper[i]));
    for (size_t i = n; i-- > 0;)
        fprintf(out, "L%.1f %.1f", plot_x(p, i, n), plot_y(p, e->lower[i]));
    fputs("Z\"/>\n", out);
}

/* The line through the finite values, broken where there is none. */
static void line(FILE *out, const plot_area *p, const chart_series *e, size_t n)
{
    fprintf(out, "<path class=\"line c%d%s\" d=\"", e->colour, e->dashed ? " dashed" : "");
    int pen_down = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(e->y[i])) {
            pen_down = 0;
            continue;
        }
        fprintf(out, "%c%.1f %.1f", pen_down ? 'L' : 'M', plot_x(p, i, n), plot_y(p, e->y[i]));
        pen_down = 1;
    }
    if (n == 1 && isfinite(e->y[0]))  /* one point: a dot */
        fprintf(out, "h0.1");
    fputs("\"/>\n", out);
}

static void value_text(const line_chart *c, double v, char out[NUMBER_TEXT])
{
    if (!isfinite(v))
        snprintf(out, NUMBER_TEXT, "no value");
    else if (c->y_is_share)
        format_percent(v, 1, out);
    else
        format_amount(v, v == floor(v) ? 0 : 2, out);
}

/* An invisible column over point i whose hover title gives every series'
 * exact value there. */
static void hover(FILE *out, const plot_area *p, const line_chart *c, size_t i, size_t stride)
{
    double step = c->n > 1 ? p->width * (double)stride / (double)(c->n - 1) : p->width;
    char x[32], v[NUMBER_TEXT], lo[NUMBER_TEXT], hi[NUMBER_TEXT];
    if (c->x_is_day)
        format_day(c->first_day + (int32_t)i, x);
    else
        snprintf(x, sizeof x, "%s %zu", c->x_unit, i);
    fprintf(out, "<rect class=\"hover\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\">"
                 "<title>%s", plot_x(p, i, c->n) - step / 2, p->top, step, p->height, x);
    for (int s = 0; s < c->count; s++) {
        const chart_series *e = &c->series[s];
        value_text(c, e->y[i], v);
        fputs(s ? "; " : ": ", out);
        html_text(out, e->name);
        fprintf(out, " %s", v);
        if (e->lower && isfinite(e->y[i])) {
            value_text(c, e->lower[i], lo);
            value_text(c, e->upper[i], hi);
            fprintf(out, " (95 %%: %s to %s)", lo, hi);
        }
    }
    if (i < c->warmup)
        fputs(" (window not yet full)", out);
    fputs("</title></rect>\n", out);
}

void svg_line_chart(FILE *out, const line_chart *c)
{
    plot_area p = {78, 10, LINE_WIDTH - 78 - 16, LINE_HEIGHT - 10 - 50, LINE_WIDTH, LINE_HEIGHT,
                   0, 0};
    p.top_value = nice_axis_top(scale_max(c), 5, &p.step);
    if (!c->y_is_share && p.step < 1) {  /* no half customers on the axis */
        p.step = 1;
        p.top_value = ceil(p.top_value);
    }
    figure_start(out, c->id, c->title, c->explain);
    legend(out, c);
    svg_open(out, c->id, c->title, c->explain, LINE_WIDTH, LINE_HEIGHT);
    fprintf(out, "<defs><clipPath id=\"%s-clip\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                 "height=\"%.1f\"/></clipPath></defs>\n", c->id, p.left, p.top - 1, p.width,
            p.height + 2);
    value_axis(out, &p, c->y_is_share, 1);
    if (c->warmup > 0 && c->n > 0) {
        size_t end = c->warmup < c->n ? c->warmup : c->n - 1;
        fprintf(out, "<rect class=\"warmup\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                     "height=\"%.1f\"/>\n", p.left, p.top, plot_x(&p, end, c->n) - p.left,
                p.height);
    }
    if (c->x_is_day)
        day_axis(out, &p, c->first_day, c->n);
    else
        index_axis(out, &p, c->n);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            p.left, p.top + p.height, p.left + p.width, p.top + p.height);
    axis_labels(out, &p, c->x_label, c->y_label);
    fprintf(out, "<g clip-path=\"url(#%s-clip)\">\n", c->id);
    for (int s = 0; s < c->count; s++)
        if (c->series[s].lower)
            band(out, &p, &c->series[s], c->n);
    for (int s = 0; s < c->count; s++)
        line(out, &p, &c->series[s], c->n);
    fputs("</g>\n", out);
    size_t stride = (c->n + MAX_HOVERS - 1) / MAX_HOVERS;
    for (size_t i = 0; i < c->n; i += stride)
        hover(out, &p, c, i, stride);
    fputs("</svg></figure>\n", out);
}

/* The widest category label, in viewBox units: about 0.6 of the type size
 * a character, for the 14-unit type of a phone's screen (the style
 * sheet's 11 elsewhere). strlen counts the bytes of an en dash or a
 * middle dot, which only leaves more room. */
static double label_width(const bar_chart *c)
{
    double widest = 0;
    for (size_t i = 0; i < c->n; i++) {
        double w = 8.4 * (double)strlen(c->labels[i]);
        widest = w > widest ? w : widest;
    }
    return widest;
}

static void bar(FILE *out, const plot_area *p, const bar_chart *c, size_t i, double total)
{
    double y = p->top + BAR_ROW * (double)i, length = p->width * c->values[i] / p->top_value;
    char count[NUMBER_TEXT], share[NUMBER_TEXT], all[NUMBER_TEXT], shown[2 * NUMBER_TEXT + 8];
    format_count(c->values[i], count);
    format_percent(total > 0 ? c->values[i] / total : 0, total > 0 && c->values[i] / total < 0.1
                                                             ? 1 : 0, share);
    format_count(total, all);
    int flagged = c->flags && c->flags[i];
    fprintf(out, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\">"
                 "<title>", flagged ? " flag" : "", p->left, y + 4, length, BAR_ROW - 8);
    html_text(out, c->labels[i]);
    fprintf(out, ": %s of %s (%s)%s%s</title></rect>", count, all, share, flagged ? " – " : "",
            flagged ? c->flag_name : "");
    svg_text(out, "tick", p->left - 6, y + BAR_ROW / 2.0 + 4, "end", c->labels[i]);
    snprintf(shown, sizeof shown, "%s · %s", count, share);
    svg_text(out, "value", p->left + length + 4, y + BAR_ROW / 2.0 + 4, "start", shown);
    fputs("\n", out);
}

void svg_bar_chart(FILE *out, const bar_chart *c)
{
    double left = 30 + label_width(c), total = 0, max = 0;
    int height = 10 + BAR_ROW * (int)c->n + 46;
    plot_area p = {left, 10, BAR_WIDTH - left - 116, BAR_ROW * (double)c->n, BAR_WIDTH, height,
                   0, 0};
    for (size_t i = 0; i < c->n; i++) {
        total += c->values[i];
        max = c->values[i] > max ? c->values[i] : max;
    }
    p.top_value = nice_axis_top(max, 4, &p.step);
    if (p.step < 1) {
        p.step = 1;
        p.top_value = ceil(p.top_value);
    }
    figure_start(out, c->id, c->title, c->explain);
    fputs("<ul class=\"legend\">", out);
    legend_entry(out, "bar", c->bar_name);
    if (c->flag_name)
        legend_entry(out, "bar flag", c->flag_name);
    fputs("</ul>\n", out);
    svg_open(out, c->id, c->title, c->explain, BAR_WIDTH, height);
    value_axis(out, &p, 0, 0);
    axis_labels(out, &p, c->value_label, c->category_label);
    for (size_t i = 0; i < c->n; i++)
        bar(out, &p, c, i, total);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            p.left, p.top, p.left, p.top + p.height);
    fputs("</svg></figure>\n", out);
}
