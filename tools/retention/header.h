/* The header row of an event log: which field holds each column the
 * loader reads, names matched ignoring ASCII case and surrounding spaces;
 * a missing column named with the closest name found. */
#ifndef HEADER_H
#define HEADER_H

#include "csv_reader.h"
#include "load.h"

/* Reads the header row into cols[COL_*] (-1: absent) and *fields (its
 * field count). Returns 0, or the exit status after a message: 2 when a
 * column the command line named is missing, else 1. */
int read_header(const load_options *o, csv_reader *r, int cols[COLUMNS], int *fields);

#endif
