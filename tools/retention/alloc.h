/* Allocation for the command: out of memory is reported and ends the
 * process with status 1, so callers need no failure paths of their own. */
#ifndef CLI_ALLOC_H
#define CLI_ALLOC_H

#include <stddef.h>

/* count * size bytes, zeroed; at least one byte, so that empty tables
 * still get a pointer. */
void *cli_calloc(size_t count, size_t size);
void *cli_realloc(void *p, size_t count, size_t size);
char *cli_strdup(const char *s);

#endif
