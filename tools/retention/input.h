/* The bytes of an event log: a stream read as it is, or decompressed when
 * it starts with the gzip magic bytes (1f 8b), whatever its name, so that
 * `retention summary log.csv.gz` and `zcat`-less pipes both work. A gzip
 * file of several members (concatenated .gz files) reads as their
 * concatenation, as gzip -d does. */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { INPUT_BLOCK = 1 << 16 };

struct z_stream_s;

typedef struct input {
    FILE *file;
    struct z_stream_s *gzip;      /* NULL: the bytes are read as they are */
    unsigned char *compressed;    /* INPUT_BLOCK bytes read from file, for gzip */
    unsigned char magic[2];       /* read to tell gzip from plain, given back first */
    size_t magic_count, magic_at;
    int in_member;                /* inside a gzip member: the file may not end */
    uint64_t file_bytes;          /* read from file so far */
    const char *error;            /* why reading stopped early, or NULL */
} input;

/* Starts reading `file` (not closed by input_close). A failure to set up
 * decompression shows as in->error on the first read. */
void input_open(input *in, FILE *file);

/* Reads up to `size` bytes into `buffer`; 0 at the end or after an error
 * (in->error says which: NULL at the end). */
size_t input_read(input *in, void *buffer, size_t size);

/* Bytes consumed from the file (compressed ones for gzip): for progress. */
uint64_t input_file_bytes(const input *in);

/* Frees the gzip state, if any. */
void input_close(input *in);

#endif
