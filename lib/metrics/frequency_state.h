/* The inside of rt_frequency, shared by its computation and its
 * serialization. */
#ifndef RTI_FREQUENCY_STATE_H
#define RTI_FREQUENCY_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "retention/frequency.h"
#include "store/idmap.h"

enum { STATES = RT_FREQUENCY_NONE + 1 };

typedef struct segment_row {
    uint32_t segment;
    uint64_t counts[RT_FREQUENCY_BUCKETS];
} segment_row;

struct rt_frequency {
    rti_allocator alloc;
    rt_frequency_options options;  /* merging needs equal ones */
    uint32_t use_earlier;
    size_t customer_count;
    uint64_t *ids;              /* dense index -> id, as in the cohort */
    uint8_t *now, *earlier;     /* dense index -> bucket */
    rti_idmap id_map;
    uint64_t spectrum[RT_FREQUENCY_BUCKETS];
    uint64_t transitions[STATES][STATES];
    rti_idmap segment_map;      /* segment -> row */
    segment_row *segments;      /* in order of first sight */
    size_t segment_count, segment_capacity;
    uint32_t *forgettable;      /* mostly-forgettable segments, increasing */
    size_t forgettable_count;
};

/* The options' documented ranges (frequency.h); fn starts the message. */
rt_status rti_frequency_check_options(const rt_frequency_options *o, const char *fn);
/* Room for `extra` more segment rows; RT_ENOMEM. */
rt_status rti_frequency_reserve_segments(rt_frequency *f, size_t extra);
/* The row of a segment, added on first sight (room must be reserved). */
segment_row *rti_frequency_segment_row(rt_frequency *f, uint32_t segment);
/* Allocates and fills the mostly-forgettable segments from the rows. */
rt_status rti_frequency_find_forgettable(rt_frequency *f);

#endif /* RTI_FREQUENCY_STATE_H */
