/* Random draws for the tests and benchmarks that simulate customers: one
 * seeded generator (splitmix64, so a failure is reproducible) and the
 * distributions of the lifetime-value models' stories. */
#ifndef SAMPLER_H
#define SAMPLER_H

#include <stdint.h>

typedef struct sampler {
    uint64_t state;
} sampler;

sampler sampler_seeded(uint64_t seed);
/* Uniform in (0, 1): never 0, so its logarithm is finite. */
double sampler_uniform(sampler *s);
/* exp(uniform(ln lo, ln hi)): every order of magnitude alike. */
double sampler_log_uniform(sampler *s, double lo, double hi);
/* Standard normal (Box-Muller). */
double sampler_normal(sampler *s);
/* Gamma with a shape and a rate (Marsaglia & Tsang 2000; shape < 1 by
 * their boost). */
double sampler_gamma(sampler *s, double shape, double rate);

#endif /* SAMPLER_H */
