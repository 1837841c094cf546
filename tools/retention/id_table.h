/* The log's customer ids, of any kind (numbers, emails, UUIDs, "007"),
 * numbered 0, 1, 2, ... in order of first sight: the library keys its
 * customers by these numbers, and every output prints the text back.
 *
 * Two ids are the same customer only if their bytes are equal ("007" and
 * "7" are two customers); the hash only narrows the search. The texts sit
 * one after the other in one arena, each ended by a NUL, so memory grows
 * with the ids' text (about 8 bytes of offset and 8-16 of hash slot per
 * id besides), with no allocation per id. */
#ifndef ID_TABLE_H
#define ID_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct id_table {
    char *text;          /* the ids, each followed by a NUL, in order of first sight */
    size_t text_size, text_room;
    uint64_t *starts;    /* id k is text + starts[k]; starts[count] = text_size */
    size_t starts_room;
    uint32_t count;
    uint64_t *slots;     /* 0: empty; else the hash's high 32 bits and the number + 1 */
    size_t slot_count;   /* a power of two, at most 3/4 full; 0 before the first id */
} id_table;

/* The number of the id (length bytes at text, no NUL among them), added if
 * new. Out of memory, or more than 2^32 - 1 distinct ids, ends the process
 * (alloc.h). */
uint32_t id_table_intern(id_table *t, const char *text, size_t length);

/* The text of id number k (k < count), NUL-terminated. */
const char *id_table_text(const id_table *t, uint64_t k);

/* Frees everything, leaving the table empty. */
void id_table_free(id_table *t);

#endif
