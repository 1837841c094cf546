#include "name_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* FNV-1a over the bytes, then a 64-bit finaliser (splitmix64) so that the
 * low bits, which pick the slot, depend on every byte. */
static uint64_t hash_name(const char *name)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 31);
}

/* The slot holding name, or the empty slot where it belongs. */
static size_t slot_of(const name_table *t, const char *name)
{
    size_t mask = t->slot_count - 1;
    for (size_t i = (size_t)hash_name(name) & mask;; i = (i + 1) & mask)
        if (t->slots[i] == 0 || strcmp(t->names[t->slots[i] - 1], name) == 0)
            return i;
}

/* Twice the slots (at least 64), every number placed again. */
static void grow_slots(name_table *t)
{
    size_t old_count = t->slot_count;
    uint32_t *old = t->slots;
    t->slot_count = old_count ? 2 * old_count : 64;
    t->slots = cli_calloc(t->slot_count, sizeof *t->slots);
    for (size_t i = 0; i < old_count; i++)
        if (old[i] != 0)
            t->slots[slot_of(t, t->names[old[i] - 1])] = old[i];
    free(old);
}

uint32_t name_table_intern(name_table *t, const char *name)
{
    if (t->slot_count == 0 || 2 * ((size_t)t->count + 1) > t->slot_count)
        grow_slots(t);
    size_t slot = slot_of(t, name);
    if (t->slots[slot] != 0)
        return t->slots[slot];
    if (t->count == UINT32_MAX - 1) {  /* numbers are uint32_t, 0 meaning none */
        fputs("retention: more than 4,294,967,294 distinct names\n", stderr);
        exit(1);
    }
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? (t->capacity > UINT32_MAX / 2 ? UINT32_MAX : 2 * t->capacity)
                                  : 16;
        t->names = cli_realloc(t->names, t->capacity, sizeof *t->names);
    }
    t->names[t->count++] = cli_strdup(name);
    t->slots[slot] = t->count;
    return t->count;
}

void name_table_free(name_table *t)
{
    for (uint32_t k = 0; k < t->count; k++)
        free(t->names[k]);
    free(t->names);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
