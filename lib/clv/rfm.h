/* The RFM histogram's layout, shared with the models that read it. */
#ifndef RTI_RFM_H
#define RTI_RFM_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "retention/clv.h"

typedef struct rti_rfm_row {
    uint64_t x;
    double t_x;
    double T;
    uint64_t count;
} rti_rfm_row;

struct rt_rfm {
    rti_allocator alloc;
    rti_rfm_row *rows;     /* first-insertion order */
    size_t n_rows;
    size_t cap;            /* rows allocated */
    size_t *slots;         /* open addressing: row index + 1, 0 = empty */
    size_t n_slots;        /* power of two, >= 2 * cap */
    uint64_t customers;
};

/* What a purchase-count fit needs of a histogram: it is not empty and some
 * customer made a repeat purchase (else the parameters are not
 * identifiable). Writes the mean age T, the time scale of a starting point. */
rt_status rti_rfm_fit_ready(const rt_rfm *rfm, const char *fn, double *mean_T);

/* Makes room for `need` rows without further allocation; all or nothing
 * (RT_ENOMEM, the message naming fn). */
rt_status rti_rfm_reserve(rt_rfm *rfm, size_t need, const char *fn);

/* Adds count to the key's row; room for a new row must be reserved (or the
 * key present). Records and counts are checked by the callers. */
void rti_rfm_insert(rt_rfm *rfm, uint64_t x, double t_x, double T, uint64_t count);

/* Checks one record against the rules of rt_rfm (fn, what: for the message). */
rt_status rti_rfm_check_record(uint64_t x, double t_x, double T, const char *fn,
                               const char *what);

#endif /* RTI_RFM_H */
