/* The RFM histogram arranged for fast BG/NBD likelihoods. */
#ifndef RTI_BGNBD_DATA_H
#define RTI_BGNBD_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "retention/clv.h"

/* Every distinct time of the histogram (ages T and recencies t_x together)
 * once in a table, each row pointing into it: an evaluation then takes one
 * logarithm per distinct time instead of two per row. Times come from
 * calendar days, so there are few of them: 350 for the 1,016 rows of
 * CDNOW. */
typedef struct rti_bgnbd_data {
    const rt_rfm *rfm;
    uint32_t *T_at, *t_x_at;  /* per row: where its T and t_x are in times */
    double *times;            /* the distinct times */
    double *log_times;        /* scratch of an evaluation: ln(1 + time / alpha) */
    double *inverse_times;    /* and 1 / (alpha + time) */
    size_t n_times;
} rti_bgnbd_data;

/* Builds the table of rfm through rfm's allocator: RT_OK, or RT_ENOMEM
 * with nothing allocated (fn names the caller). */
rt_status rti_bgnbd_data_init(rti_bgnbd_data *d, const rt_rfm *rfm, const char *fn);

void rti_bgnbd_data_free(rti_bgnbd_data *d);

#endif /* RTI_BGNBD_DATA_H */
