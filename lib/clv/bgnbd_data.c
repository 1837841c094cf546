/* The distinct-times table of a histogram, built with an open-addressing
 * hash on the times' bit patterns. */
#include "clv/bgnbd_data.h"

#include <string.h>

#include "clv/rfm.h"
#include "core/error.h"

/* A hash table of indices into d->times (index + 1; 0 = empty). */
typedef struct time_index {
    uint32_t *slots;
    size_t mask;
} time_index;

static size_t slot_of(double t, size_t mask)
{
    uint64_t bits;
    memcpy(&bits, &t, sizeof bits);
    return (size_t)((bits * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
}

/* The index of t in d->times, adding it if new. */
static uint32_t index_of(rti_bgnbd_data *d, time_index *h, double t)
{
    if (t == 0.0)
        t = 0.0;  /* -0.0 and 0.0: one time */
    size_t s = slot_of(t, h->mask);
    while (h->slots[s] != 0) {
        uint32_t k = h->slots[s] - 1;
        if (d->times[k] == t)
            return k;
        s = (s + 1) & h->mask;
    }
    d->times[d->n_times] = t;
    h->slots[s] = (uint32_t)++d->n_times;
    return (uint32_t)(d->n_times - 1);
}

rt_status rti_bgnbd_data_init(rti_bgnbd_data *d, const rt_rfm *rfm, const char *fn)
{
    size_t rows = rfm->n_rows, most = 2 * rows, n_slots = 16;
    memset(d, 0, sizeof *d);
    if (rows > UINT32_MAX / 4)
        return rti_fail(RT_ENOMEM, "%s: %zu histogram rows are too many", fn, rows);
    while (n_slots < 2 * most)
        n_slots *= 2;
    /* One block: three tables of up to 2 rows doubles, then the two index
     * arrays; the hash slots apart, freed once the table is built. */
    double *block = rti_alloc_array(&rfm->alloc, 3 * most + rows, sizeof *block);
    time_index h = {NULL, n_slots - 1};
    h.slots = block == NULL ? NULL : rti_alloc_array(&rfm->alloc, n_slots, sizeof *h.slots);
    if (h.slots == NULL) {
        rti_free(&rfm->alloc, block);
        return rti_fail(RT_ENOMEM, "%s: out of memory for the table of %zu rows", fn, rows);
    }
    memset(h.slots, 0, n_slots * sizeof *h.slots);
    d->rfm = rfm;
    d->times = block;
    d->log_times = block + most;
    d->inverse_times = block + 2 * most;
    d->T_at = (uint32_t *)(block + 3 * most);
    d->t_x_at = d->T_at + rows;
    for (size_t i = 0; i < rows; i++) {
        d->T_at[i] = index_of(d, &h, rfm->rows[i].T);
        d->t_x_at[i] = index_of(d, &h, rfm->rows[i].t_x);
    }
    rti_free(&rfm->alloc, h.slots);
    return RT_OK;
}

void rti_bgnbd_data_free(rti_bgnbd_data *d)
{
    if (d->rfm != NULL)
        rti_free(&d->rfm->alloc, d->times);
    memset(d, 0, sizeof *d);
}
