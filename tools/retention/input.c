#include "input.h"

#include <stdlib.h>
#include <zlib.h>

#include "alloc.h"

static const char *const READ_FAILED = "reading the input failed";

/* Up to `size` bytes of the file: the magic bytes read by input_open
 * first, then the rest. */
static size_t read_file(input *in, unsigned char *buffer, size_t size)
{
    size_t n = 0;
    while (n < size && in->magic_at < in->magic_count)
        buffer[n++] = in->magic[in->magic_at++];
    if (n < size)
        n += fread(buffer + n, 1, size - n, in->file);
    if (n == 0 && ferror(in->file))
        in->error = READ_FAILED;
    in->file_bytes += n;
    return n;
}

void input_open(input *in, FILE *file)
{
    *in = (input){.file = file};
    in->magic_count = fread(in->magic, 1, sizeof in->magic, file);
    if (in->magic_count < 2 || in->magic[0] != 0x1f || in->magic[1] != 0x8b)
        return;
    in->gzip = cli_calloc(1, sizeof *in->gzip);
    in->compressed = cli_calloc(INPUT_BLOCK, 1);
    /* 16 + MAX_WBITS: a gzip header and trailer, checked (CRC and size). */
    if (inflateInit2(in->gzip, 16 + MAX_WBITS) != Z_OK) {
        in->error = "cannot set up gzip decompression";
        free(in->gzip);
        in->gzip = NULL;
    }
}

/* Inflates into `out` until it is full or the file ends. */
static size_t read_gzip(input *in, unsigned char *out, size_t size)
{
    z_stream *z = in->gzip;
    z->next_out = out;
    z->avail_out = (uInt)size;
    while (z->avail_out > 0 && in->error == NULL) {
        if (z->avail_in == 0) {
            z->next_in = in->compressed;
            z->avail_in = (uInt)read_file(in, in->compressed, INPUT_BLOCK);
            if (z->avail_in == 0) {
                if (in->error == NULL && in->in_member)
                    in->error = "the gzip data ends early";
                break;
            }
        }
        int status = inflate(z, Z_NO_FLUSH);
        in->in_member = status != Z_STREAM_END;
        if (status == Z_STREAM_END)
            status = inflateReset(z);  /* another member may follow */
        if (status != Z_OK)
            in->error = status == Z_MEM_ERROR ? "out of memory" : "the gzip data is corrupt";
    }
    return size - z->avail_out;
}

size_t input_read(input *in, void *buffer, size_t size)
{
    if (in->error != NULL)
        return 0;
    if (size > INPUT_BLOCK)
        size = INPUT_BLOCK;  /* what zlib's uInt counts surely hold */
    return in->gzip ? read_gzip(in, buffer, size) : read_file(in, buffer, size);
}

uint64_t input_file_bytes(const input *in)
{
    return in->file_bytes;
}

void input_close(input *in)
{
    if (in->gzip != NULL) {
        inflateEnd(in->gzip);
        free(in->gzip);
    }
    free(in->compressed);
    in->gzip = NULL;
    in->compressed = NULL;
}
