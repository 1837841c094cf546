/* An output file written in full or not at all: the bytes go to a
 * temporary file in the target's directory, renamed over the target once
 * complete, so that a failed run leaves the previous file as it was (a
 * rename within a directory replaces the target at once). */
#ifndef REPLACE_FILE_H
#define REPLACE_FILE_H

#include <stdio.h>

typedef struct replace_file {
    FILE *out;          /* where to write */
    const char *path;   /* the target (kept, not copied) */
    char *temp;         /* path.XXXXXX, the temporary file */
} replace_file;

/* Creates the temporary file beside path; 0 after a message if it cannot. */
int replace_file_open(replace_file *f, const char *path);
/* Closes the temporary file and, when complete is set and every write and
 * the close succeeded, renames it over the target: 1. Otherwise removes it
 * and leaves the target alone: 0 (after a message when complete was set). */
int replace_file_close(replace_file *f, int complete);

#endif
