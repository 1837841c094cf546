/* Shared plumbing of the maximum-likelihood fits: options in, report out. */
#ifndef RTI_FIT_H
#define RTI_FIT_H

#include <stddef.h>

#include "clv/optimize.h"
#include "retention/clv.h"

/* Reads the caller's options (NULL: defaults) into opts and checks that the
 * report can be written; fn names the public function. */
rt_status rti_fit_begin(const rt_fit_options *options, size_t n_params,
                        const rt_fit_report *report, rt_fit_options *opts, const char *fn);

/* Runs the minimiser on -LL over log-parameters (negative_ll, with its
 * gradient or not) from start (the caller's when opts->use_start) and
 * writes the report: RT_OK or RT_ECONVERGE. */
rt_status rti_fit_run(const rti_problem *negative_ll, const rt_fit_options *opts,
                      const double *default_start, rt_fit_report *report, const char *fn);

/* The entry of a model on the RFM histogram (BG/NBD, Pareto/NBD), in the
 * name of fn. Log-likelihood: the parameters (named), the histogram (not
 * NULL, not empty) and the output. Fit: the histogram (not NULL, fit-ready,
 * its mean T for the default start), the options into opts and the report. */
rt_status rti_rfm_ll_begin(const double *params, size_t n_params, const char *const *names,
                           const rt_rfm *rfm, const double *ll, const char *fn);
rt_status rti_rfm_fit_begin(const rt_rfm *rfm, const rt_fit_options *options, size_t n_params,
                            const rt_fit_report *report, rt_fit_options *opts, double *mean_T,
                            const char *fn);

#endif /* RTI_FIT_H */
