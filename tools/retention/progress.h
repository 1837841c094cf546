/* A progress line on stderr while the log is read: a bar and a percentage
 * of the bytes when the input is a regular file of known size, else the
 * rows read so far. Redrawn in place (\r) at most five times a second and
 * only when it changed, ended with a newline. */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct progress {
    int enabled;
    uint64_t total_bytes;          /* 0: unknown, rows are counted instead */
    int shown_percent;             /* -1 before the first line */
    uint64_t shown_rows;
    double shown_at;               /* seconds, from timespec_get */
    int drawn;                     /* a line is on the screen, not yet ended */
} progress;

/* Prepares a progress line for reading in; nothing is drawn unless enabled. */
void progress_start(progress *p, FILE *in, int enabled);
/* After each row: bytes and rows read so far. Cheap when nothing changes. */
void progress_update(progress *p, uint64_t bytes, uint64_t rows);
/* Done: a complete read draws its final line (100 %); a failed one just
 * ends the line so that the message that follows starts on its own. */
void progress_finish(progress *p, uint64_t bytes, uint64_t rows, int complete);

/* The computing after the read, which can take as long on a large log:
 * when enabled, a line "retention: computing NAME", and when it is done
 * one with the seconds it took (lines of their own, so that a message in
 * between reads as one). */
double computing_start(int enabled, const char *name);
void computing_done(int enabled, double started);

#endif
