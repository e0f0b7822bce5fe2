/* walk.c: list the files of an archive, sorted, without following loops.
 *
 * The root is made absolute (realpath) so that every stored path names its
 * file from anywhere.  Folders are opened relative to their parent's
 * descriptor and entries are stat'ed relative to their folder's (openat,
 * fstatat), so the kernel never resolves a full path again: over 100,000
 * files that was most of a run with no change.  Entries are classified
 * without following links, so that a symbolic link to a folder is never
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

/* Adds the files below DIR (open as FD, which this closes) to W.  Returns
 * -1 only if memory ran out. */
static int
walk_dir(walk_state *w, const char *dir, int fd)
{
    DIR *d = fdopendir(fd);
    struct dirent *e;
    int rc = 0;

    if (!d) {
        w->on_error(w->ctx, dir, strerror(errno));
        close(fd);
        return 0;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        struct stat st;
        char *path;

        if (e->d_name[0] == '.') /* ., .. and hidden files such as .git */
            continue;
        path = agx_strdupf("%s/%s", dir, e->d_name);
        if (!path) {
            rc = -1;
            break;
        }
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            w->on_error(w->ctx, path, strerror(errno));
            free(path);
        } else if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0)
                w->on_error(w->ctx, path, strerror(errno));
            else
                rc = walk_dir(w, path, sub);
            free(path);
        } else if (S_ISLNK(st.st_mode)) {
            /* A link to a file is the file; one to a folder is not
             * followed; a dangling one is listed with its error, so that
             * the run names it. */
            int err = fstatat(dirfd(d), e->d_name, &st, 0) != 0 ? errno : 0;
            if (err || S_ISREG(st.st_mode)) {
                if (push(w, path, &st, err) != 0) {
                    free(path);
                    rc = -1;
                }
            } else {
                free(path);
            }
        } else if (S_ISREG(st.st_mode)) {
            if (push(w, path, &st, 0) != 0) {
                free(path);
                rc = -1;
            }
        } else {
            free(path); /* sockets, fifos, devices */
        }
    }
    closedir(d);
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
