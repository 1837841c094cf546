/* The lifetime-value section: what the figures assume (horizon, margin,
 * discount, currency; buyers only), and the distribution of the values in
 * bins chosen from the data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"
#include "table.h"

enum { MAX_BINS = 6 };

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The 1-2-3-5 number nearest to x > 0 (on a log scale): a bin edge a
 * reader takes in at a glance. */
static double round_to_ladder(double x)
{
    double power = pow(10.0, floor(log10(x))), best = power, distance = (double)INFINITY;
    static const double steps[] = {1, 2, 3, 5, 10};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        double d = fabs(log(x / (steps[k] * power)));
        if (d < distance) {
            distance = d;
            best = steps[k] * power;
        }
    }
    return best;
}

/* Edges at about the quartiles and the upper tail, rounded to the 1-2-5
 * ladder (1, 2, 3, 5 times a power of ten): skewed values (most buyers worth little, a few worth much)
 * spread over the bins, and the last bin is the top few percent. */
static size_t choose_edges(const double *sorted, size_t n, double edges[MAX_BINS + 1])
{
    static const double quantiles[] = {0.25, 0.5, 0.75, 0.9, 0.97};
    size_t kept = 0;
    for (size_t k = 0; k < sizeof quantiles / sizeof quantiles[0]; k++) {
        double v = sorted[(size_t)(quantiles[k] * (double)(n - 1))];
        if (!(v > 0))
            continue;
        double e = round_to_ladder(v);
        if (kept == 0 || e > edges[kept - 1])
            edges[kept++] = e;
    }
    return kept;
}

static void edge_text(double v, char out[NUMBER_TEXT])
{
    format_amount(v, v < 1 ? 2 : 0, out);
}

void chart_values(FILE *out, const double *values, size_t n)
{
    double *sorted = cli_calloc(n + 1, sizeof *sorted), edges[MAX_BINS + 1];
    size_t finite = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i]))
            sorted[finite++] = values[i];
    qsort(sorted, finite, sizeof *sorted, ascending);
    size_t k = finite ? choose_edges(sorted, finite, edges) : 0;
    double counts[MAX_BINS + 2] = {0};
    char names[MAX_BINS + 2][2 * NUMBER_TEXT + 8];
    const char *labels[MAX_BINS + 2];
    for (size_t i = 0; i < finite; i++) {
        size_t b = 0;
        while (b < k && sorted[i] >= edges[b])
            b++;
        counts[b]++;
    }
    for (size_t b = 0; b <= k; b++) {
        char lo[NUMBER_TEXT], hi[NUMBER_TEXT];
        if (b < k)
            edge_text(edges[b], hi);
        if (b > 0)
            edge_text(edges[b - 1], lo);
        if (k == 0)
            snprintf(names[b], sizeof names[b], "all");
        else if (b == 0)
            snprintf(names[b], sizeof names[b], "< %s", hi);
        else if (b == k)
            snprintf(names[b], sizeof names[b], "%s or more", lo);
        else
            snprintf(names[b], sizeof names[b], "%s – %s", lo, hi);
        labels[b] = names[b];
    }
    bar_chart c = {.id = "values",
                   .title = "Buyers by expected lifetime value",
                   .explain = "Each buyer's predicted margin over the horizon, in bins chosen "
                              "from the data (hover a bar for the exact count).",
                   .category_label = "Lifetime value",
                   .value_label = "Buyers",
                   .labels = labels,
                   .values = counts,
                   .bar_name = "buyers whose value falls in the bin",
                   .n = k + 1};
    svg_bar_chart(out, &c);
    free(sorted);
}

/* What the money is in: --currency (escaped: checked at parsing, but text
 * all the same), else the log's own unit. */
static void amounts_unit(FILE *out, const cli *c)
{
    if (c->currency == NULL) {
        fputs("amounts in the log's own unit (no currency given)", out);
        return;
    }
    fputs("amounts in <strong>", out);
    html_text(out, c->currency);
    fputs("</strong>", out);
}

void values_assumptions(FILE *out, const cli *c, size_t buyers, uint64_t customers,
                        double total)
{
    char who[NUMBER_TEXT], all[NUMBER_TEXT], sum[NUMBER_TEXT], margin[NUMBER_TEXT],
        discount[2 * NUMBER_TEXT];
    format_count((double)buyers, who);
    format_count((double)customers, all);
    format_amount(total, 2, sum);
    format_percent(c->margin, 0, margin);
    if (c->discount > 0) {
        char rate[NUMBER_TEXT];
        format_percent(c->discount, 2, rate);
        snprintf(discount, sizeof discount, "discounted at %s a week", rate);
    } else {
        snprintf(discount, sizeof discount, "not discounted");
    }
    fprintf(out, "<p>Predicted for the next <strong>%g weeks</strong> at a <strong>%s "
                 "margin</strong>, <strong>%s</strong>; ",
            c->horizon, margin, discount);
    amounts_unit(out, c);
    fprintf(out, ". They cover the <strong>%s buyers</strong> "
                 "(customers with a purchase before the last day), not all %s customers: "
                 "together <strong>%s</strong>. BG/NBD predicts each buyer's purchases and "
                 "P(alive), Gamma-Gamma the spend per purchase.</p>\n",
            who, all, sum);
}
