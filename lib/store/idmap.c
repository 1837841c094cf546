/* Growth and rollback of the customer id map. */
#include "store/idmap.h"

#include <string.h>

void rti_idmap_free(rti_idmap *map, const rti_allocator *a)
{
    rti_free(a, map->slots);
    *map = (rti_idmap){0};
}

static void insert_slot(rti_idmap_slot *slots, size_t mask, uint64_t key, uint32_t index,
                        rti_recent_days recent_days)
{
    RTI_ASSERT(index != RTI_IDMAP_EMPTY);
    size_t i = (size_t)rti_mix64(key) & mask;
    while (slots[i].index != RTI_IDMAP_EMPTY)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].index = index;
    rti_idmap_set_recent_days(&slots[i], recent_days);
}

rt_status rti_idmap_reserve(rti_idmap *map, const rti_allocator *a, size_t extra)
{
    size_t capacity = map->slots ? map->mask + 1 : 0;
    if (map->count + extra <= capacity / 2)
        return RT_OK;
    if (extra > SIZE_MAX / 4 - map->count)
        return RT_ENOMEM;
    size_t want = 16;
    while (want < 2 * (map->count + extra))
        want *= 2;
    rti_idmap_slot *slots = rti_alloc_array(a, want, sizeof *slots);
    if (slots == NULL)
        return RT_ENOMEM;
    memset(slots, 0xff, want * sizeof *slots);  /* index = RTI_IDMAP_EMPTY */
    for (size_t i = 0; i < capacity; i++)
        if (map->slots[i].index != RTI_IDMAP_EMPTY)
            insert_slot(slots, want - 1, map->slots[i].key, map->slots[i].index,
                        rti_idmap_recent_days(&map->slots[i]));
    rti_free(a, map->slots);
    map->slots = slots;
    map->mask = want - 1;
    return RT_OK;
}

void rti_idmap_rebuild(rti_idmap *map, const uint64_t *ids, uint32_t count)
{
    size_t capacity = map->slots ? map->mask + 1 : 0;
    RTI_ASSERT(count <= capacity / 2);  /* a subset of what was reserved */
    for (size_t i = 0; i < capacity; i++)
        map->slots[i].index = RTI_IDMAP_EMPTY;
    for (uint32_t i = 0; i < count; i++)
        insert_slot(map->slots, map->mask, ids[i], i, RTI_RECENT_DAYS_NONE);
    map->count = count;
}
