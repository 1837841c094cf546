/* Reading a subscription log for `retention revenue`: a CSV with a header
 * naming customer_id (or --id-column), start, end and mrr; one row per
 * paid interval, end empty while it runs, mrr in currency units with at
 * most two decimals (49.99). The times are in --time-format, or in the
 * form of the first start (auto, as the event log's time column); end
 * has the form of start. */
#ifndef SUBSCRIPTION_LOG_H
#define SUBSCRIPTION_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "id_table.h"
#include "load.h"

typedef struct subscription_log {
    size_t count, room;
    uint64_t *customers;       /* numbers into ids */
    int64_t *starts, *ends;    /* Unix seconds; ends RT_SUBSCRIPTION_OPEN while running */
    int64_t *mrr_cents;
    id_table ids;
} subscription_log;

/* Reads the log at o->path (NULL or "-": standard input) with o's id
 * column, delimiter, time format and UTC offset. Returns 0, or 1 after a
 * message naming the line and why (the first bad row stops the read). */
int subscription_log_read(const load_options *o, subscription_log *log);
void subscription_log_free(subscription_log *log);

#endif
