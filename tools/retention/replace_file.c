#define _POSIX_C_SOURCE 200809L  /* mkstemp, fchmod, fdopen, umask */
#include "replace_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* mkstemp makes the file private (0600); give it the mode the target has,
 * or else the one a plain fopen would give a new file. */
static void give_target_mode(int fd, const char *path)
{
    struct stat st;
    mode_t mode;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    (void)fchmod(fd, mode);  /* a private page is still a page */
}

int replace_file_open(replace_file *f, const char *path)
{
    static const char suffix[] = ".XXXXXX";
    size_t n = strlen(path);
    f->path = path;
    f->temp = cli_calloc(n + sizeof suffix, 1);
    memcpy(f->temp, path, n);
    memcpy(f->temp + n, suffix, sizeof suffix);
    int fd = mkstemp(f->temp);
    f->out = fd < 0 ? NULL : fdopen(fd, "w");
    if (f->out == NULL) {
        fprintf(stderr, "retention: %s: %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(f->temp);
        }
        free(f->temp);
        return 0;
    }
    give_target_mode(fd, path);
    return 1;
}

int replace_file_close(replace_file *f, int complete)
{
    int unwritten = ferror(f->out);
    int closed = fclose(f->out) == 0;  /* flushes: a full disk shows here */
    int renamed = complete && closed && !unwritten && rename(f->temp, f->path) == 0;
    if (complete && !renamed)
        fprintf(stderr, "retention: writing %s: %s\n", f->path, strerror(errno));
    if (!renamed)
        remove(f->temp);
    free(f->temp);
    return renamed;
}
