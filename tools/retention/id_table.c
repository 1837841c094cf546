#include "id_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

enum { NUMBER_BYTES = 4, PLACE_BITS = 40, CHECKPOINT_EVERY = 16 };
static const uint64_t PLACE_MASK = ((uint64_t)1 << PLACE_BITS) - 1;
/* A batch entry whose end carries this bit is a plain number, its value in
 * hashes[]: no text, no lookup. */
static const size_t PLAIN_NUMBER = (size_t)1 << (sizeof(size_t) * 8 - 1);

/* Whether the text is a plain number, the id its own value: digits with no
 * leading zero ("0" itself is one), below 2^63. Every other text, "007"
 * and "+7" too, is interned, so no two texts share an id. */
static int plain_number(const char *text, size_t length, uint64_t *value)
{
    if (length == 0 || length > 19 || (text[0] == '0' && length > 1))
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned digit = (unsigned)(unsigned char)text[i] - '0';
        if (digit > 9)
            return 0;
        v = 10 * v + digit;  /* 19 digits stay below 2^64 */
    }
    *value = v;
    return v < ID_TEXT_BASE;
}

static size_t start_of(const id_batch *b, size_t i)
{
    return i ? b->ends[i - 1] & ~PLAIN_NUMBER : 0;
}

/* Eight bytes at a time (ids are mostly short: a number is one step, a
 * UUID five), the length folded in, then the splitmix64 finaliser so that
 * the low bits, which pick the slot, and the high bits, kept as a tag,
 * depend on every byte. */
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
    if (i < length) {  /* the last bytes, shifted in: no call to memcpy for them */
        uint64_t word = 0;
        for (size_t k = 0; i + k < length; k++)
            word |= (uint64_t)(unsigned char)text[i + k] << (8 * k);
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
    return hash & ~PLACE_MASK;
}

/* The id at this place of the arena has this text: the bytes are compared
 * only where they lie within the arena, and the stored NUL must follow
 * them (a text holds no NUL: the reader refuses them). */
static int same_id(const id_table *t, size_t place, const char *text, size_t length)
{
    const char *stored = t->arena + place + NUMBER_BYTES;
    return place + NUMBER_BYTES + length < t->arena_size && stored[length] == '\0' &&
           memcmp(stored, text, length) == 0;
}

/* The slot holding the id, or the empty slot where it belongs. */
static size_t slot_of(const id_table *t, uint64_t hash, const char *text, size_t length)
{
    size_t mask = t->slot_count - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint64_t slot = t->slots[i];
        if (slot == 0 || (tag_of(slot) == tag_of(hash) &&
                          same_id(t, (size_t)(slot & PLACE_MASK), text, length)))
            return i;
    }
}

/* Twice the slots (at least 1024), every id placed again: its text is
 * hashed again, once per doubling. */
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
        const char *text = t->arena + (old[i] & PLACE_MASK) + NUMBER_BYTES;
        size_t s = (size_t)hash_id(text, strlen(text)) & mask;
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
    t->arena_size += t->arena_size == 0;  /* place 0 would read as an empty slot */
    size_t need = t->arena_size + NUMBER_BYTES + length + 1;
    if (t->count == UINT32_MAX || need > PLACE_MASK) {
        fputs("retention: more than 4,294,967,295 distinct customer ids, or 1 TB of them\n",
              stderr);
        exit(1);
    }
    if (t->count / CHECKPOINT_EVERY == t->checkpoints_room) {
        t->checkpoints_room = t->checkpoints_room ? 2 * t->checkpoints_room : 64;
        t->checkpoints = cli_realloc(t->checkpoints, t->checkpoints_room,
                                     sizeof *t->checkpoints);
    }
    if (need > t->arena_room) {
        size_t room = t->arena_room ? 2 * t->arena_room : 65536;
        while (room < need)
            room *= 2;
        t->arena = cli_realloc(t->arena, room, 1);
        t->arena_room = room;
    }
}

/* The id at the end of the arena: its number, its text, a NUL. */
static size_t append(id_table *t, const char *text, size_t length)
{
    make_room(t, length);
    size_t place = t->arena_size;
    memcpy(t->arena + place, &t->count, NUMBER_BYTES);
    memcpy(t->arena + place + NUMBER_BYTES, text, length);
    t->arena[place + NUMBER_BYTES + length] = '\0';
    t->arena_size = place + NUMBER_BYTES + length + 1;
    if (t->count % CHECKPOINT_EVERY == 0)
        t->checkpoints[t->count / CHECKPOINT_EVERY] = place;
    t->count++;
    return place;
}

/* The number of the id, added if new. */
static uint32_t intern(id_table *t, uint64_t hash, const char *text, size_t length)
{
    size_t slot = slot_of(t, hash, text, length);
    uint32_t number;
    if (t->slots[slot] != 0) {
        memcpy(&number, t->arena + (t->slots[slot] & PLACE_MASK), NUMBER_BYTES);
        return number;
    }
    number = t->count;
    t->slots[slot] = tag_of(hash) | append(t, text, length);
    return number;
}

static void batch_room(id_batch *b)
{
    if (b->count == b->capacity) {
        b->capacity = b->capacity ? 2 * b->capacity : 1024;
        b->ends = cli_realloc(b->ends, b->capacity, sizeof *b->ends);
        b->hashes = cli_realloc(b->hashes, b->capacity, sizeof *b->hashes);
    }
}

void id_batch_add_number(id_batch *b, uint64_t value)
{
    batch_room(b);
    b->hashes[b->count] = value;
    b->ends[b->count++] = b->size | PLAIN_NUMBER;
}

void id_batch_add(id_batch *b, const char *text, size_t length)
{
    batch_room(b);
    if (plain_number(text, length, &b->hashes[b->count])) {
        b->ends[b->count++] = b->size | PLAIN_NUMBER;
        return;
    }
    if (b->size + length > b->room) {
        b->room = b->room ? 2 * b->room : 65536;
        while (b->room < b->size + length)
            b->room *= 2;
        b->text = cli_realloc(b->text, b->room, 1);
    }
    memcpy(b->text + b->size, text, length);
    b->size += length;
    b->ends[b->count++] = b->size;
}

/* How far ahead the slots, and the arena entries they point to, are
 * fetched: far enough for memory to answer, near enough to stay cached. */
enum { SLOT_AHEAD = 16, ENTRY_AHEAD = 8 };

static void fetch_ahead(const id_table *t, const id_batch *b, size_t i)
{
#if defined(__GNUC__)
    size_t mask = t->slot_count - 1;
    if (i + SLOT_AHEAD < b->count && !(b->ends[i + SLOT_AHEAD] & PLAIN_NUMBER))
        __builtin_prefetch(&t->slots[(size_t)b->hashes[i + SLOT_AHEAD] & mask]);
    if (i + ENTRY_AHEAD < b->count && !(b->ends[i + ENTRY_AHEAD] & PLAIN_NUMBER)) {
        uint64_t slot = t->slots[(size_t)b->hashes[i + ENTRY_AHEAD] & mask];
        if (slot != 0)
            __builtin_prefetch(t->arena + (slot & PLACE_MASK));
    }
#else
    (void)t, (void)b, (void)i;
#endif
}

void id_table_number(id_table *t, id_batch *b, uint64_t *numbers)
{
    for (size_t i = 0; i < b->count; i++)
        if (!(b->ends[i] & PLAIN_NUMBER))
            b->hashes[i] = hash_id(b->text + start_of(b, i), b->ends[i] - start_of(b, i));
    for (size_t i = 0; i < b->count; i++) {
        if (b->ends[i] & PLAIN_NUMBER) {
            numbers[i] = b->hashes[i];
            continue;
        }
        if (4 * ((size_t)t->count + 1) > 3 * t->slot_count)
            grow_slots(t);
        fetch_ahead(t, b, i);
        size_t start = start_of(b, i);
        numbers[i] = ID_TEXT_BASE + intern(t, b->hashes[i], b->text + start, b->ends[i] - start);
    }
    b->count = b->size = 0;
}

void id_batch_free(id_batch *b)
{
    free(b->text);
    free(b->ends);
    free(b->hashes);
    memset(b, 0, sizeof *b);
}

const char *id_table_text(const id_table *t, uint64_t id, char number[ID_NUMBER_TEXT])
{
    if (id < ID_TEXT_BASE) {
        snprintf(number, ID_NUMBER_TEXT, "%llu", (unsigned long long)id);
        return number;
    }
    uint64_t k = id - ID_TEXT_BASE;
    const char *text = t->arena + t->checkpoints[k / CHECKPOINT_EVERY] + NUMBER_BYTES;
    for (uint64_t skip = k % CHECKPOINT_EVERY; skip > 0; skip--)
        text += strlen(text) + 1 + NUMBER_BYTES;
    return text;
}

void id_table_free(id_table *t)
{
    free(t->arena);
    free(t->checkpoints);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
