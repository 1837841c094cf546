/* The lifetime-value section: what the figures assume (horizon, margin,
 * discount, currency; buyers only), and the distribution of the values in
 * bins chosen from the data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"

enum { MAX_BINS = 7 };

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Edges on the 1-2-5 ladder from about the 5th to the 95th percentile,
 * thinned to at most MAX_BINS bins: skewed values (most customers worth
 * little, a few worth much) still spread over the bins. */
static size_t choose_edges(const double *sorted, size_t n, double edges[MAX_BINS + 1])
{
    double low = sorted[n / 20], high = sorted[n - 1 - n / 20];
    if (!(high > 0))
        return 0;
    double ladder[64];
    size_t count = 0;
    double e = nice_step(fmax(low, high / 1e4));
    while (count < 64) {
        ladder[count++] = e;
        if (e >= high)
            break;
        e = nice_step(e * 1.0001);
        if (e == ladder[count - 1])
            e = nice_step(e * 1.5);
    }
    size_t every = (count + MAX_BINS - 2) / (MAX_BINS - 1);
    size_t kept = 0;
    for (size_t k = 0; k < count && kept < MAX_BINS; k += every ? every : 1)
        edges[kept++] = ladder[k];
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

void values_assumptions(FILE *out, const cli *c, size_t buyers, uint64_t customers,
                        double total)
{
    char who[NUMBER_TEXT], all[NUMBER_TEXT], sum[NUMBER_TEXT], margin[NUMBER_TEXT],
        discount[NUMBER_TEXT];
    format_count((double)buyers, who);
    format_count((double)customers, all);
    format_amount(total, 2, sum);
    format_percent(c->margin, 0, margin);
    format_percent(c->discount, 2, discount);
    fprintf(out, "<p>Predicted for the next <strong>%g weeks</strong> at a <strong>%s "
                 "margin</strong>, discounted at <strong>%s a week</strong>; amounts in the "
                 "log's own unit (no currency given). They cover the <strong>%s buyers</strong> "
                 "(customers with a purchase before the last day), not all %s customers: "
                 "together <strong>%s</strong>. BG/NBD predicts each buyer's purchases and "
                 "P(alive), Gamma-Gamma the spend per purchase.</p>\n",
            c->horizon, margin, discount, who, all, sum);
}
