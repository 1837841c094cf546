/* rt_rfm to bytes and back (docs/serialization.md, kind 3): the rows in
 * their order, each (x, t_x, T, count); the customer total is their sum. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clv/rfm.h"
#include "core/check.h"
#include "core/envelope.h"
#include "core/error.h"

enum { ROW_BYTES = 32 };

static void write_payload(rti_writer *w, const void *object)
{
    const rt_rfm *rfm = object;
    rti_put_u64(w, rfm->n_rows);
    for (size_t i = 0; i < rfm->n_rows; i++) {
        rti_put_u64(w, rfm->rows[i].x);
        rti_put_f64(w, rfm->rows[i].t_x);
        rti_put_f64(w, rfm->rows[i].T);
        rti_put_u64(w, rfm->rows[i].count);
    }
}

rt_status rt_rfm_serialize(const rt_rfm *rfm, void *buffer, size_t capacity, size_t *size)
{
    static const char fn[] = "rt_rfm_serialize";
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    return rti_serialize(RTI_SERIAL_RFM, write_payload, rfm, buffer, capacity, size, fn);
}

static const char fn_read[] = "rt_rfm_deserialize";

/* One row as rt_rfm_add() would have stored it: a valid record (t_x never
 * -0.0, which the histogram stores as +0.0), a count, a total that fits. */
static rt_status check_row(const rt_rfm *rfm, const rti_rfm_row *row, size_t i)
{
    if (rti_rfm_check_record(row->x, row->t_x, row->T, fn_read, "") != RT_OK) {
        char what[48];  /* formatted only on failure: a row costs no snprintf */
        snprintf(what, sizeof what, "invalid row %zu: ", i);
        (void)rti_rfm_check_record(row->x, row->t_x, row->T, fn_read, what);
        return RT_EFORMAT;  /* its message names the row and the field */
    }
    if (signbit(row->t_x))
        return rti_fail(RT_EFORMAT, "%s: invalid row %zu: t_x is -0.0 (stored as +0.0)",
                        fn_read, i);
    if (row->count == 0)
        return rti_fail(RT_EFORMAT, "%s: invalid row %zu: count is 0", fn_read, i);
    if (row->count > UINT64_MAX - rfm->customers)
        return rti_fail(RT_EFORMAT, "%s: invalid row %zu: the customer total overflows",
                        fn_read, i);
    return RT_OK;
}

static rt_status read_rows(rti_reader *r, rt_rfm *rfm)
{
    uint64_t n = rti_get_u64(r);
    if (r->failed || n > rti_remaining(r) / ROW_BYTES || n * ROW_BYTES != rti_remaining(r))
        return rti_fail(RT_EFORMAT, "%s: the count of rows disagrees with the payload's "
                        "%zu remaining bytes", fn_read, rti_remaining(r));
    if (n > 0 && rti_rfm_reserve(rfm, (size_t)n, fn_read) != RT_OK)
        return RT_ENOMEM;
    for (size_t i = 0; i < (size_t)n; i++) {
        rti_rfm_row row;
        row.x = rti_get_u64(r);
        row.t_x = rti_get_f64(r);
        row.T = rti_get_f64(r);
        row.count = rti_get_u64(r);
        RTI_TRY(check_row(rfm, &row, i));
        rti_rfm_insert(rfm, row.x, row.t_x, row.T, row.count);
        if (rfm->n_rows != i + 1)  /* the key was there: added to its row */
            return rti_fail(RT_EFORMAT, "%s: row %zu repeats an earlier row's (x, t_x, T)",
                            fn_read, i);
    }
    return RT_OK;
}

rt_status rt_rfm_deserialize(const void *buffer, size_t size, const rt_rfm_options *options,
                             rt_rfm **out)
{
    RTI_TRY(rti_check_out(out, fn_read, "out"));
    rti_reader r;
    RTI_TRY(rti_envelope_open(&r, buffer, size, RTI_SERIAL_RFM, fn_read));
    rt_rfm *rfm = NULL;
    rt_status st = rt_rfm_new(options, &rfm);
    if (st != RT_OK) {  /* its message names rt_rfm_new: say whose call it was */
        char detail[200];
        snprintf(detail, sizeof detail, "%s", rt_last_error_message());
        return rti_fail(st, "%s: %s", fn_read, detail);
    }
    st = read_rows(&r, rfm);
    if (st != RT_OK) {
        rt_rfm_free(rfm);
        return st == RT_ENOMEM ? rti_fail(st, "%s: out of memory", fn_read) : st;
    }
    *out = rfm;
    return RT_OK;
}
