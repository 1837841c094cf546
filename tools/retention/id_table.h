/* The log's customer ids, of any kind (numbers, emails, UUIDs, "007"), as
 * the library's 64-bit ids, and every output prints the text back. A plain
 * number (digits, no leading zero, below 2^63: most logs' ids) is its own
 * id, with no lookup at all; any other text is numbered ID_TEXT_BASE + 0,
 * 1, 2, ... in order of first sight. So "7" and "007" are two customers.
 *
 * Two ids are the same customer only if their bytes are equal ("007" and
 * "7" are two customers); the hash only narrows the search. The ids sit
 * one after the other in one arena, each as its number (4 bytes), its
 * text and a NUL, with no allocation per id: a lookup reads its hash slot
 * and then the one place in the arena that holds both the text to compare
 * and the number to return. Memory per id: its text, 5 bytes, 8-16 bytes
 * of slot, and half a byte of checkpoint (every 16th id's place, from
 * which printing finds an id's text by stepping over at most 15 others). */
#ifndef ID_TABLE_H
#define ID_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define ID_TEXT_BASE ((uint64_t)1 << 63)  /* the ids of texts that are no plain number */
enum { ID_NUMBER_TEXT = 21 };              /* a plain number's digits and a NUL */

typedef struct id_table {
    char *arena;         /* per id: its number, its text, a NUL; from byte 1 on */
    size_t arena_size, arena_room;
    uint64_t *checkpoints;  /* id 16 j is at arena + checkpoints[j] */
    size_t checkpoints_room;
    uint32_t count;
    uint64_t *slots;     /* 0: empty; else a tag of the hash (24 bits) and the id's
                            place in the arena (40 bits) */
    size_t slot_count;   /* a power of two, at most 3/4 full; 0 before the first id */
} id_table;

/* Ids waiting to be numbered together: numbering a batch at once lets the
 * memory reads of later ids' lookups overlap earlier ones (a lookup in a
 * table larger than the caches is two reads from memory). */
typedef struct id_batch {
    char *text;          /* the ids' texts, one after the other */
    size_t size, room;
    size_t *ends;        /* id i is text + ends[i - 1] (0 for i = 0) .. text + ends[i] */
    uint64_t *hashes;
    size_t count, capacity;
} id_batch;

/* Adds an id (length bytes at text, no NUL among them) to the batch; it
 * gets the batch's next place, count - 1. Out of memory ends the process. */
void id_batch_add(id_batch *b, const char *text, size_t length);
/* As id_batch_add for the text of a plain number (digits, no leading
 * zero, below 2^63), given as its value. */
void id_batch_add_number(id_batch *b, uint64_t value);

/* The library ids of the batch's ids into numbers[0 .. count - 1], new
 * texts added in batch order (as one by one), and the batch emptied. More
 * than 2^32 - 1 distinct texts, or out of memory, ends the process
 * (alloc.h). */
void id_table_number(id_table *t, id_batch *b, uint64_t *numbers);

void id_batch_free(id_batch *b);

/* The text of a library id id_table_number gave, NUL-terminated: a plain
 * number is written into `number`, a text is the table's own. */
const char *id_table_text(const id_table *t, uint64_t id, char number[ID_NUMBER_TEXT]);

/* Frees everything, leaving the table empty. */
void id_table_free(id_table *t);

#endif
