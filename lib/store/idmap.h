/* Customer id -> dense index: an open-addressing hash table with linear
 * probing and a strong 64-bit mixer, so sequential or clustered ids spread
 * evenly. Keys are any uint64_t; indices are assigned by the caller. Each
 * slot also keeps the customer's recent days for the cohort (in what would
 * be the slot's padding), so that dropping repeats costs no cache miss
 * beyond the lookup's. */
#ifndef RTI_IDMAP_H
#define RTI_IDMAP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/assert.h"
#include "core/memory.h"
#include "store/recent_days.h"

#define RTI_IDMAP_EMPTY UINT32_MAX

typedef struct rti_idmap_slot {
    uint64_t key;
    uint32_t index;  /* RTI_IDMAP_EMPTY marks a free slot */
    /* The cohort's: days stored for the customer, RTI_RECENT_DAYS_NONE when
     * inserted. Threads adding events at once read and write it, hence
     * atomic; relaxed, as nothing else is published through it (a lost
     * update only forgets days). Unused by other maps. */
    _Atomic rti_recent_days recent_days;
} rti_idmap_slot;

typedef struct rti_idmap {
    rti_idmap_slot *slots;
    size_t mask;     /* capacity - 1; capacity is a power of two, or 0 */
    size_t count;
} rti_idmap;

/* splitmix64's finalizer: every input bit affects every output bit. */
static inline uint64_t rti_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

void rti_idmap_free(rti_idmap *map, const rti_allocator *a);

/* The slot of key, or NULL. */
static inline rti_idmap_slot *rti_idmap_slot_of(const rti_idmap *map, uint64_t key)
{
    if (map->count == 0)
        return NULL;
    for (size_t i = (size_t)rti_mix64(key) & map->mask;; i = (i + 1) & map->mask) {
        rti_idmap_slot *s = &map->slots[i];
        if (s->index == RTI_IDMAP_EMPTY)
            return NULL;
        if (s->key == key)
            return s;
    }
}

/* Index of key, or RTI_IDMAP_EMPTY. */
static inline uint32_t rti_idmap_find(const rti_idmap *map, uint64_t key)
{
    const rti_idmap_slot *s = rti_idmap_slot_of(map, key);
    return s != NULL ? s->index : RTI_IDMAP_EMPTY;
}

static inline rti_recent_days rti_idmap_recent_days(const rti_idmap_slot *s)
{
    return atomic_load_explicit(&s->recent_days, memory_order_relaxed);
}

static inline void rti_idmap_set_recent_days(rti_idmap_slot *s, rti_recent_days days)
{
    atomic_store_explicit(&s->recent_days, days, memory_order_relaxed);
}

/* Makes room for `extra` more keys without growing (load <= 1/2);
 * RT_ENOMEM leaves the map unchanged. */
rt_status rti_idmap_reserve(rti_idmap *map, const rti_allocator *a, size_t extra);

/* Returns the slot of key, inserting it with new_index (and no recent
 * days) if absent; room must have been reserved. */
static inline rti_idmap_slot *rti_idmap_slot_for(rti_idmap *map, uint64_t key,
                                                 uint32_t new_index)
{
    RTI_ASSERT(map->slots != NULL);  /* rti_idmap_reserve() first */
    for (size_t i = (size_t)rti_mix64(key) & map->mask;; i = (i + 1) & map->mask) {
        rti_idmap_slot *s = &map->slots[i];
        if (s->index == RTI_IDMAP_EMPTY) {
            /* Reserved room keeps the load at most 1/2, so probes end. */
            RTI_ASSERT(map->count < (map->mask + 1) / 2);
            RTI_ASSERT(new_index != RTI_IDMAP_EMPTY);
            s->key = key;
            s->index = new_index;
            rti_idmap_set_recent_days(s, RTI_RECENT_DAYS_NONE);
            map->count++;
            return s;
        }
        if (s->key == key)
            return s;
    }
}

/* Returns the index of key, inserting it with new_index if absent (room must
 * have been reserved). */
static inline uint32_t rti_idmap_get_or_insert(rti_idmap *map, uint64_t key,
                                               uint32_t new_index)
{
    return rti_idmap_slot_for(map, key, new_index)->index;
}

/* Refills the map with ids[i] -> i for i < count, dropping everything else
 * (the recent days too): undoes the insertions of a failed bulk call (its
 * new customers got the indices from count on) without allocating. */
void rti_idmap_rebuild(rti_idmap *map, const uint64_t *ids, uint32_t count);



#endif /* RTI_IDMAP_H */
