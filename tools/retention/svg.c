#include "svg.h"

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c"};
enum { WIDTH = 720, HEIGHT = 260, LEFT = 50, TOP = 30, BOTTOM = 30 };

static void frame(FILE *out, const char *title, int height)
{
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "role=\"img\"><title>%s</title><rect width=\"100%%\" height=\"100%%\" "
                 "fill=\"#fff\"/><text x=\"%d\" y=\"18\" font-family=\"sans-serif\" "
                 "font-size=\"14\">%s</text>\n", WIDTH, height, title, LEFT, title);
}

void svg_lines(FILE *out, const char *title, const char *const labels[], const double *series[],
               int count, size_t n, double y_max)
{
    frame(out, title, HEIGHT);
    double w = WIDTH - LEFT - 20, h = HEIGHT - TOP - BOTTOM;
    fprintf(out, "<line x1=\"%d\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#999\"/>\n", LEFT,
            TOP + h, LEFT + w, TOP + h);
    fprintf(out, "<text x=\"5\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">%.2g</text>"
                 "\n", TOP + 4, y_max);
    for (int s = 0; s < count; s++) {
        fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                colours[s]);
        for (size_t i = 0; i < n; i++) {
            double v = series[s][i] < 0 ? 0 : series[s][i];
            fprintf(out, "%.1f,%.1f ", LEFT + (n > 1 ? w * (double)i / (double)(n - 1) : 0),
                    TOP + h - (y_max > 0 ? h * v / y_max : 0));
        }
        fprintf(out, "\"/><text x=\"%g\" y=\"%d\" fill=\"%s\" font-size=\"12\" "
                     "font-family=\"sans-serif\">%s</text>\n", LEFT + 160.0 * s, HEIGHT - 8,
                colours[s], labels[s]);
    }
    fprintf(out, "</svg>\n");
}

void svg_bars(FILE *out, const char *title, const char *const labels[], const double *values,
              const int *flags, size_t n)
{
    frame(out, title, HEIGHT);
    double max = 0, w = WIDTH - LEFT - 20, h = HEIGHT - TOP - BOTTOM - 10;
    for (size_t i = 0; i < n; i++)
        max = values[i] > max ? values[i] : max;
    double bw = n ? w / (double)n : w;
    for (size_t i = 0; i < n; i++) {
        double bh = max > 0 ? h * values[i] / max : 0;
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">%s"
                     "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                     "font-family=\"sans-serif\">%.0f</text>\n",
                LEFT + bw * (double)i + 2, TOP + h - bh, bw - 4, bh,
                flags && flags[i] ? "#d62728" : "#1f77b4", LEFT + bw * (double)i + 2,
                HEIGHT - 12, labels[i], LEFT + bw * (double)i + 2, TOP + h - bh - 3, values[i]);
    }
    fprintf(out, "</svg>\n");
}

void svg_heatmap(FILE *out, const char *title, const char *const row_labels[],
                 const double *cells, size_t rows, size_t cols)
{
    int height = TOP + 14 * (int)(rows > 40 ? 40 : rows) + 20;
    frame(out, title, height);
    double cw = cols ? (WIDTH - 110.0) / (double)cols : 0;
    for (size_t r = 0; r < rows && r < 40; r++) {
        fprintf(out, "<text x=\"2\" y=\"%zu\" font-size=\"10\" font-family=\"sans-serif\">%s"
                     "</text>", (size_t)TOP + 14 * r + 11, row_labels[r]);
        for (size_t c = 0; c < cols; c++) {
            double v = cells[r * cols + c];
            if (v < 0)
                fprintf(out, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"13\" "
                             "fill=\"#eee\"/>", 100 + cw * (double)c, (size_t)TOP + 14 * r, cw);
            else
                fprintf(out, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"13\" "
                             "fill=\"rgb(%d,%d,255)\"><title>%.1f%%</title></rect>",
                        100 + cw * (double)c, (size_t)TOP + 14 * r, cw,
                        (int)(255 * (1 - v)), (int)(255 * (1 - v)), 100 * v);
        }
        fprintf(out, "\n");
    }
    fprintf(out, "</svg>\n");
}
