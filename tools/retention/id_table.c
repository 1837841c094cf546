#include "id_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Eight bytes at a time (ids are mostly short: a number is one step, a
 * UUID five), the length folded in so that "a" and "a\0" could not meet,
 * then the splitmix64 finaliser so that the low bits, which pick the slot,
 * and the high bits, kept as a tag, depend on every byte. */
static uint64_t hash_id(const char *text, size_t length)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ length;
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word;
        memcpy(&word, text + i, 8);
        h = (h ^ word) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    if (i < length) {
        uint64_t word = 0;
        memcpy(&word, text + i, length - i);
        h = (h ^ word) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 31);
}

static uint64_t tag_of(uint64_t hash)
{
    return hash & 0xffffffff00000000u;
}

static int same_id(const id_table *t, uint32_t k, const char *text, size_t length)
{
    return t->starts[k + 1] - t->starts[k] == length + 1 &&
           memcmp(t->text + t->starts[k], text, length) == 0;
}

/* The slot holding the id, or the empty slot where it belongs. */
static size_t slot_of(const id_table *t, uint64_t hash, const char *text, size_t length)
{
    size_t mask = t->slot_count - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint64_t slot = t->slots[i];
        if (slot == 0 || (tag_of(slot) == tag_of(hash) &&
                          same_id(t, (uint32_t)slot - 1, text, length)))
            return i;
    }
}

/* Twice the slots (at least 1024), every id placed again by its tag's
 * hash: the ids' texts are hashed again, once per doubling. */
static void grow_slots(id_table *t)
{
    size_t old_count = t->slot_count;
    uint64_t *old = t->slots;
    t->slot_count = old_count ? 2 * old_count : 1024;
    t->slots = cli_calloc(t->slot_count, sizeof *t->slots);
    size_t mask = t->slot_count - 1;
    for (size_t i = 0; i < old_count; i++) {
        if (old[i] == 0)
            continue;
        uint32_t k = (uint32_t)old[i] - 1;
        uint64_t hash = hash_id(t->text + t->starts[k], t->starts[k + 1] - t->starts[k] - 1);
        size_t s = (size_t)hash & mask;
        while (t->slots[s] != 0)
            s = (s + 1) & mask;
        t->slots[s] = old[i];
    }
    free(old);
}

/* Room for one more id of length bytes. The arrays grow by doubling with
 * realloc, which for large blocks moves pages rather than bytes (mremap on
 * glibc), and only the pages written count in the process's memory. */
static void make_room(id_table *t, size_t length)
{
    if (t->count == UINT32_MAX - 1) {  /* slots keep the number + 1 in 32 bits */
        fputs("retention: more than 4,294,967,294 distinct customer ids\n", stderr);
        exit(1);
    }
    if ((size_t)t->count + 2 > t->starts_room) {
        t->starts_room = t->starts_room ? 2 * t->starts_room : 1024;
        t->starts = cli_realloc(t->starts, t->starts_room, sizeof *t->starts);
    }
    if (t->text_size + length + 1 > t->text_room) {
        size_t room = t->text_room ? 2 * t->text_room : 65536;
        while (room < t->text_size + length + 1)
            room *= 2;
        t->text = cli_realloc(t->text, room, 1);
        t->text_room = room;
    }
}

uint32_t id_table_intern(id_table *t, const char *text, size_t length)
{
    if (4 * ((size_t)t->count + 1) > 3 * t->slot_count)
        grow_slots(t);
    uint64_t hash = hash_id(text, length);
    size_t slot = slot_of(t, hash, text, length);
    if (t->slots[slot] != 0)
        return (uint32_t)t->slots[slot] - 1;
    make_room(t, length);
    memcpy(t->text + t->text_size, text, length);
    t->text[t->text_size + length] = '\0';
    t->starts[t->count] = t->text_size;
    t->text_size += length + 1;
    t->starts[t->count + 1] = t->text_size;
    t->slots[slot] = tag_of(hash) | ((uint64_t)t->count + 1);
    return t->count++;
}

const char *id_table_text(const id_table *t, uint64_t k)
{
    return t->text + t->starts[k];
}

void id_table_free(id_table *t)
{
    free(t->text);
    free(t->starts);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
