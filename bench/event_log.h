/* A realistic generated activity log, streamed in time order in batches:
 * customers join every day (a third of them before the first day), stay for
 * a heavy-tailed lifetime, are active on a share of their days and make a
 * heavy-tailed number of events on an active day. Each day's events arrive
 * in time order, except 1 % that arrive one to three days late (offline
 * devices syncing). Deterministic per seed. */
#ifndef BENCH_EVENT_LOG_H
#define BENCH_EVENT_LOG_H

#include <stddef.h>
#include <stdint.h>

typedef struct event_log event_log;

/* A log of about target_events over `days` days from 2025-01-01. */
event_log *event_log_new(size_t customers, uint64_t target_events, uint32_t days,
                         uint64_t seed);
void event_log_free(event_log *log);
/* Fills up to max events; returns how many (0 at the end). */
size_t event_log_next(event_log *log, uint64_t *ids, int64_t *times, size_t max);

#endif
