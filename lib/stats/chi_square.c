/* The chi-square upper tail is the regularized upper incomplete gamma
 * Q(df/2, x/2). For whole df its shape parameter a = df/2 is a whole or a
 * half-whole number, where Q is a finite sum of positive terms (Abramowitz &
 * Stegun 6.5.13 and 26.4.4/26.4.5):
 *   Q(m, y)       = e^-y sum_{i=0}^{m-1} y^i / i!
 *   Q(m + 1/2, y) = erfc(sqrt y) + e^-y sum_{i=1}^{m} y^(i-1/2) / Gamma(i+1/2)
 * Summing positive terms loses no precision, and each term is built in log
 * space so that e^-y underflowing for large y does not zero the tail. */
#include "stats/chi_square.h"

#include <math.h>

/* ln Gamma(3/2) = ln(sqrt(pi) / 2) (mpmath, 30 digits). */
#define LOG_GAMMA_THREE_HALVES (-0.120782237635245222345518445782)

/* sum_{i=1}^{count} exp(log_term_i), log_term_i = log_first + sum_{j=2}^{i} log(y / (j + shift)). */
static double sum_terms(double log_first, double y, uint32_t count, double shift)
{
    double log_y = log(y), log_term = log_first, sum = 0.0;
    for (uint32_t i = 1; i <= count; i++) {
        if (i > 1)
            log_term += log_y - log((double)i + shift);
        sum += exp(log_term);
    }
    return sum;
}

double rti_chi_square_upper(double x, uint32_t df)
{
    double y = 0.5 * x;
    uint32_t m = df / 2;
    if (y <= 0.0)
        return 1.0;
    double q;
    if (df % 2 == 0)  /* terms y^i / i!, i = 0 .. m - 1 */
        q = sum_terms(-y, y, m, -1.0);
    else  /* terms y^(i-1/2) / Gamma(i + 1/2), i = 1 .. m; Gamma(3/2) = sqrt(pi)/2 */
        q = erfc(sqrt(y)) +
            sum_terms(-y + 0.5 * log(y) - LOG_GAMMA_THREE_HALVES, y, m, -0.5);
    return q < 1.0 ? q : 1.0;
}
