/* Distinct names numbered 1, 2, ... in order of first sight, found by an
 * open-addressing hash table: the segments of the log, in O(1) per row
 * (a linear search took 20 s for 100,000 segments). */
#ifndef NAME_TABLE_H
#define NAME_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct name_table {
    char **names;          /* number k + 1 is names[k] */
    uint32_t count, capacity;
    uint32_t *slots;       /* 0: empty, else a number; at most half full */
    size_t slot_count;     /* a power of two, or 0 before the first name */
} name_table;

/* The number of name, added if new (a copy is kept). Out of memory ends
 * the process (alloc.h). */
uint32_t name_table_intern(name_table *t, const char *name);

/* Frees the names and the table, leaving it empty. */
void name_table_free(name_table *t);

#endif
