/* Cholesky factorisation M = L L' in place, then z' M^-1 z = |L^-1 z|^2 by
 * one forward substitution: no inverse is formed. */
#include "stats/cholesky.h"

#include <math.h>

/* Pivots this far below the largest diagonal entry count as zero: the
 * covariance of the log-rank test is then singular (groups collinear). */
#define SINGULAR_RATIO 1e-10

static double largest_diagonal(const double *matrix, size_t m)
{
    double largest = 0.0;
    for (size_t i = 0; i < m; i++)
        largest = fmax(largest, matrix[i * m + i]);
    return largest;
}

static int factorise(double *matrix, size_t m)
{
    double floor = SINGULAR_RATIO * largest_diagonal(matrix, m);
    for (size_t j = 0; j < m; j++) {
        double *row_j = matrix + j * m;
        for (size_t k = 0; k < j; k++)
            row_j[j] -= row_j[k] * row_j[k];
        if (!(row_j[j] > floor))
            return 0;
        row_j[j] = sqrt(row_j[j]);
        for (size_t i = j + 1; i < m; i++) {
            double *row_i = matrix + i * m;
            for (size_t k = 0; k < j; k++)
                row_i[j] -= row_i[k] * row_j[k];
            row_i[j] /= row_j[j];
        }
    }
    return 1;
}

int rti_cholesky_quadratic_form(double *matrix, double *z, size_t m, double *form)
{
    if (!factorise(matrix, m))
        return 0;
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) {
        const double *row_i = matrix + i * m;
        for (size_t k = 0; k < i; k++)
            z[i] -= row_i[k] * z[k];
        z[i] /= row_i[i];
        sum += z[i] * z[i];
    }
    *form = sum;
    return 1;
}
