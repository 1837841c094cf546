/* Fuzz target: the `retention` command's CSV reader and event-log loader
 * (tools/retention/csv_reader.c, load.c, and timestamp.c through them).
 * The input is a byte of loader options and the bytes of a CSV file.
 *
 * Invariants of the reader: every record has 1 to CSV_MAX_FIELDS fields,
 * each of the length the reader says it has; a record without quotes is
 * its line split at the delimiter (joining the fields gives the line
 * back); any record, written out again with every field quoted, reads back
 * as the same fields; every byte is counted.
 * An input starting with the gzip magic bytes is decompressed: its records
 * are not its bytes, and it may fail to read (a corrupt stream); only the
 * record invariants that need no raw line hold then.
 * Invariants of the loader: it either fails and leaves nothing, or every
 * record after the header became a row or (with skip_bad_rows) a bad row,
 * and the cohort holds no more customers, events, purchases or segments
 * than there were rows. */
#define _GNU_SOURCE  /* memfd_create */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <retention.h>

#include "csv_reader.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_target.h"
#include "load.h"

static csv_reader reader, again;  /* static: 64 KiB each */

/* The record's line in the raw text: the end of what the reader consumed,
 * without its line end (and the CRs before an LF) and any blank lines
 * before it; a byte order mark at the start of the text is no part of it. */
static void raw_line(const char *text, long from, long to, const char **line, size_t *length)
{
    const char end = reader.line_end;
    if (from == 0 && to >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        from = 3;
    if (to > from && text[to - 1] == end)
        to--;
    while (to > from && text[to - 1] == '\r')
        to--;
    long start = to;
    while (start > from && text[start - 1] != end)
        start--;
    *line = text + start;
    *length = (size_t)(to - start);
}

static void check_joined(const csv_reader *r, const char *line, size_t length)
{
    size_t at = 0;
    for (int i = 0; i < r->count; i++) {
        size_t n = strlen(r->fields[i]);
        FUZZ_CHECK(at + n <= length && memcmp(line + at, r->fields[i], n) == 0);
        at += n;
        if (i + 1 < r->count) {
            FUZZ_CHECK(at < length && line[at] == r->delimiter);
            at++;
        }
    }
    FUZZ_CHECK(at == length);
}

/* Writes the record with every field quoted, reads it back, compares. */
static void check_requoted(const csv_reader *r)
{
    static char line[2 * CSV_MAX_LINE + 3 * CSV_MAX_FIELDS];
    size_t n = 0;
    for (int i = 0; i < r->count; i++) {
        line[n++] = '"';
        for (const char *c = r->fields[i]; *c; c++) {
            if (*c == '"')
                line[n++] = '"';
            line[n++] = *c;
        }
        line[n++] = '"';
        line[n++] = i + 1 < r->count ? r->delimiter : r->line_end;
    }
    if (n >= CSV_MAX_LINE - 1)
        return;  /* quoting made it longer than a line may be */
    FILE *in = fmemopen(line, n, "r");
    FUZZ_CHECK(in != NULL);
    csv_open(&again, in, r->delimiter);
    again.line_end = r->line_end;  /* a field may hold the other line end */
    const char *why = NULL;
    int status = csv_next(&again, &why);
    /* A record of one empty field becomes "" on a line: not blank, kept. */
    FUZZ_CHECK(status == CSV_RECORD && again.count == r->count);
    for (int i = 0; i < r->count; i++)
        FUZZ_CHECK(strcmp(again.fields[i], r->fields[i]) == 0);
    csv_close(&again);
    fclose(in);
}

static void check_record(const char *text, long from, long to)
{
    FUZZ_CHECK(reader.count >= 1 && reader.count <= CSV_MAX_FIELDS);
    for (int i = 0; i < reader.count; i++)  /* the lengths the split gives the loader */
        FUZZ_CHECK(reader.lengths[i] == strlen(reader.fields[i]));
    const char *line;
    size_t length;
    if (reader.source.gzip == NULL) {
        raw_line(text, from, to, &line, &length);
        if (memchr(line, '"', length) == NULL)
            check_joined(&reader, line, length);
    }
    check_requoted(&reader);
}

/* Reads the text record by record as the loader does (going on after a
 * bad one); returns the number of records, bad ones included. */
static long read_all(char *text, size_t size)
{
    FILE *in = fmemopen(text, size, "r");
    FUZZ_CHECK(in != NULL);
    csv_open(&reader, in, 0);
    long records = 0, previous_line = 0;
    for (;;) {
        /* bytes counts what the reader consumed (it reads ahead in blocks). */
        long from = (long)reader.bytes;
        const char *why = NULL;
        int status = csv_next(&reader, &why);
        if (status == CSV_END)
            break;
        if (status == CSV_READ_ERROR) {  /* memory cannot fail to read: a corrupt gzip */
            FUZZ_CHECK(reader.source.gzip != NULL && why != NULL);
            break;
        }
        records++;
        FUZZ_CHECK(reader.line > previous_line);
        previous_line = reader.line;
        if (status == CSV_BAD_RECORD)
            FUZZ_CHECK(why != NULL && why[0] != '\0');
        else
            check_record(text, from, (long)reader.bytes);
    }
    FUZZ_CHECK(reader.source.gzip != NULL || reader.bytes == size);
    csv_close(&reader);
    fclose(in);
    return records;
}

/* A file descriptor for the input: in memory where Linux allows, as a
 * temporary file rewritten for every input would cost disk writes. */
static int scratch_file(void)
{
#if defined(__linux__)
    int fd = memfd_create("fuzz_csv", 0);
    if (fd >= 0)
        return fd;
#endif
    FILE *file = tmpfile();
    FUZZ_CHECK(file != NULL);
    return fileno(file);
}

/* The input as a file the loader can open by name. */
static const char *as_file(const char *text, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = scratch_file();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    FUZZ_CHECK(pwrite(fd, text, size, 0) == (ssize_t)size);
    return path;
}

static void check_load(const char *text, size_t size, uint8_t flags, long records)
{
    static const char *const names[2][4] = {
        {"customer_id", "timestamp", "amount", "segment"},
        {"i", "t", "a", "s"},
    };
    static const int32_t offsets[4] = {0, 3600, -18 * 3600, 18 * 3600 + 1};
    const char *const *name = names[flags & 1];
    load_options o = {
        .path = as_file(text, size),
        .id_column = name[0],
        .time_column = name[1],
        .amount_column = flags & 2 ? name[2] : NULL,
        .segment_column = flags & 4 ? name[3] : NULL,
        .utc_offset = offsets[(flags >> 3) & 3],
        .skip_bad_rows = (flags >> 5) & 1,
        .delimiter = "\0;\t|"[(flags >> 6) & 3],
        /* All bad rows skipped: the row count invariant below holds. */
        .max_bad_rows = {.given = 1, .percent = 1, .value = 100.0},
    };
    loaded l;
    if (!load_events(&o, &l)) {
        FUZZ_CHECK(l.cohort == NULL && l.rows == 0 && l.segments.names == NULL);
        return;
    }
    FUZZ_CHECK(l.rows + l.bad_rows == records - 1);
    FUZZ_CHECK(o.skip_bad_rows || l.bad_rows == 0);
    uint64_t rows = (uint64_t)l.rows;
    FUZZ_CHECK(rt_cohort_customer_count(l.cohort) <= rows);
    FUZZ_CHECK(rt_cohort_event_count(l.cohort) <= rows);
    FUZZ_CHECK(rt_cohort_purchase_count(l.cohort) <= rows);
    FUZZ_CHECK(l.segments.count <= rows);
    int32_t first, last;
    if (rt_cohort_customer_count(l.cohort) > 0) {
        FUZZ_CHECK(rt_cohort_day_range(l.cohort, &first, &last) == RT_OK);
        FUZZ_CHECK(first <= last);
    }
    loaded_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    uint8_t flags = fuzz_u8(&in);
    if (in.size == 0)
        return 0;  /* fmemopen wants at least a byte */
    char *text = malloc(in.size);
    FUZZ_CHECK(text != NULL);
    memcpy(text, in.data, in.size);
    long records = read_all(text, in.size);
    check_load(text, in.size, flags, records);
    free(text);
    return 0;
}
