/* walk.c: list the files of an archive, sorted, without following loops.
 *
 * The root is made absolute (realpath) so that every stored path names its
 * file from anywhere.  Folders are opened relative to their parent's
 * descriptor and entries are stat'ed relative to their folder's (openat,
 * fstatat), so the kernel never resolves a full path again: over 100,000
 * files that was most of a run with no change.  A folder entry's type
 * comes with it (d_type), so only files are stat'ed.  Entries are
 * classified without following links, so that a symbolic link to a folder is never
 * followed (the archive cannot loop), while a link to a file is listed as
 * the file, with the file's size and time.  The result is sorted so that
 * runs are repeatable.
 */
#include "indexer-private.h"

#include "agx_buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    agx_walk_file *files;
    size_t n, cap;
    agx_walk_error_fn on_error;
    void *ctx;
} walk_state;

static int
push(walk_state *w, char *path, const struct stat *st, int error)
{
    agx_walk_file *p = agx_grow(w->files, w->n, &w->cap, sizeof *p, 64);
    if (!p)
        return -1;
    w->files = p;
    agx_walk_file *f = &w->files[w->n];
    f->path = path;
    f->rel = 0;
    f->error = error;
    f->size = error ? 0 : (long long)st->st_size;
    f->mtime_ns = error ? 0
                        : (long long)st->st_mtim.tv_sec * 1000000000LL +
                              st->st_mtim.tv_nsec;
    w->n++;
    return 0;
}

static int
cmp_files(const void *a, const void *b)
{
    return strcmp(((const agx_walk_file *)a)->path,
                  ((const agx_walk_file *)b)->path);
}

/* Adds the entry NAME of the folder open as FD, its path PATH (taken), to
 * W: a file with its size and time, a folder walked.  TYPE is the entry's
 * d_type; the folder entries of ext4 and most file systems carry it, so a
 * folder is opened without a stat of its own, and only files are stat'ed.
 * Returns -1 only if memory ran out. */
static int walk_dir(walk_state *w, const char *dir, int fd);

static int
walk_entry(walk_state *w, int fd, const char *name, unsigned char type,
           char *path)
{
    struct stat st;
    int rc = 0;

    if (type == DT_UNKNOWN) {
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            w->on_error(w->ctx, path, strerror(errno));
            free(path);
            return 0;
        }
        type = S_ISDIR(st.st_mode)   ? DT_DIR
               : S_ISLNK(st.st_mode) ? DT_LNK
               : S_ISREG(st.st_mode) ? DT_REG
                                     : DT_FIFO; /* any other: skipped */
    }
    if (type == DT_DIR) {
        int sub = openat(fd, name,
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0)
            w->on_error(w->ctx, path, strerror(errno));
        else
            rc = walk_dir(w, path, sub);
        free(path);
    } else if (type == DT_LNK || type == DT_REG) {
        /* A link to a file is the file; one to a folder is not followed; a
         * dangling one is listed with its error, so that the run names it.
         * (A file is stat'ed through a link too: a link cannot loop.) */
        int err = fstatat(fd, name, &st, 0) != 0 ? errno : 0;
        if (err || S_ISREG(st.st_mode)) {
            if (push(w, path, &st, err) != 0) {
                free(path);
                rc = -1;
            }
        } else {
            free(path);
        }
    } else {
        free(path); /* sockets, fifos, devices */
    }
    return rc;
}

/* Adds the files below DIR (open as FD, which this closes) to W.  The
 * entries are read with getdents64 into a buffer of this folder's own:
 * opendir would cost two more system calls a folder (fstat, fcntl), and an
 * archive has a folder a meeting (70,000 for 100,000 files).  Returns -1
 * only if memory ran out. */
static int
walk_dir(walk_state *w, const char *dir, int fd)
{
    enum { BUF = 32768 };
    char *buf = malloc(BUF);
    int rc = 0;

    if (!buf) {
        close(fd);
        return -1;
    }
    while (rc == 0) {
        ssize_t got = getdents64(fd, buf, BUF);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            w->on_error(w->ctx, dir, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        for (ssize_t off = 0; rc == 0 && off < got;) {
            const struct dirent64 *e = (const struct dirent64 *)(buf + off);
            char *path;

            off += e->d_reclen;
            if (e->d_name[0] == '.') /* ., .. and hidden files (.git) */
                continue;
            path = agx_strdupf("%s/%s", dir, e->d_name);
            if (!path)
                rc = -1;
            else
                rc = walk_entry(w, fd, e->d_name, e->d_type, path);
        }
    }
    free(buf);
    close(fd);
    return rc;
}

int
agx_walk(const char *root, agx_walk_file **out, size_t *n,
         agx_walk_error_fn on_error, void *ctx, char **errmsg)
{
    walk_state w = {NULL, 0, 0, on_error, ctx};
    char *abs = realpath(root, NULL);
    struct stat st;
    size_t base;
    int rc = -1;

    *out = NULL;
    *n = 0;
    if (!abs || stat(abs, &st) != 0) {
        *errmsg = agx_strdupf("%s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        int fd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            *errmsg = agx_strdupf("%s", strerror(errno));
            goto out;
        }
        if (walk_dir(&w, abs, fd) != 0)
            goto nomem;
        base = strlen(abs) + 1;
    } else {
        /* One file: its metadata comes from its name alone. */
        char *copy = strdup(abs);
        if (!copy || push(&w, copy, &st, 0) != 0) {
            free(copy);
            goto nomem;
        }
        base = (size_t)(strrchr(abs, '/') - abs) + 1;
    }
    if (w.n > 1) /* none: no array to hand qsort */
        qsort(w.files, w.n, sizeof *w.files, cmp_files);
    for (size_t i = 0; i < w.n; i++)
        w.files[i].rel = base;
    *out = w.files;
    *n = w.n;
    w.files = NULL;
    rc = 0;
    goto out;
nomem:
    *errmsg = agx_strdupf("out of memory");
out:
    agx_walk_free(w.files, w.n);
    free(abs);
    return rc;
}

void
agx_walk_free(agx_walk_file *files, size_t n)
{
    for (size_t i = 0; files && i < n; i++)
        free(files[i].path);
    free(files);
}
