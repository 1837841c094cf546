#include "sampler.h"

#include <math.h>

sampler sampler_seeded(uint64_t seed)
{
    return (sampler){seed};
}

double sampler_uniform(sampler *s)
{
    uint64_t z = (s->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1.0p-53;
}

double sampler_log_uniform(sampler *s, double lo, double hi)
{
    return exp(log(lo) + sampler_uniform(s) * (log(hi) - log(lo)));
}

double sampler_normal(sampler *s)
{
    double radius = sqrt(-2.0 * log(sampler_uniform(s)));
    return radius * cos(6.283185307179586 * sampler_uniform(s));
}

double sampler_gamma(sampler *s, double shape, double rate)
{
    if (shape < 1.0)
        return sampler_gamma(s, shape + 1.0, rate) * pow(sampler_uniform(s), 1.0 / shape);
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = sampler_normal(s), v = pow(1.0 + c * z, 3);
        if (v > 0 && log(sampler_uniform(s)) < 0.5 * z * z + d - d * v + d * log(v))
            return d * v / rate;
    }
}
