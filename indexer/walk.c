/* walk.c: list the files of an archive, sorted, without following loops.
 *
 * The root is made absolute (realpath) so that every stored path names its
 * file from anywhere.  Directories are read with readdir; entries are
 * classified with lstat so that a symbolic link to a folder is never
 * followed (the archive cannot loop), while a link to a file is indexed as
 * the file.  The result is sorted so that runs are repeatable.
 */
#include "indexer-private.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char **paths;
    size_t n, cap;
    agx_walk_error_fn on_error;
    void *ctx;
} walk_state;

static int
push(walk_state *w, char *path)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        char **p = realloc(w->paths, cap * sizeof *p);
        if (!p)
            return -1;
        w->paths = p;
        w->cap = cap;
    }
    w->paths[w->n++] = path;
    return 0;
}

static int
cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the files below DIR to W.  Returns -1 only if memory ran out. */
static int
walk_dir(walk_state *w, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if (!d) {
        w->on_error(w->ctx, dir, strerror(errno));
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
        if (lstat(path, &st) != 0) {
            w->on_error(w->ctx, path, strerror(errno));
            free(path);
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(w, path);
            free(path);
        } else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
            /* A link is checked again (it may point at a folder) by the
             * caller's stat() when the file is opened. */
            if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
                S_ISDIR(st.st_mode)) {
                free(path);
                continue;
            }
            if (push(w, path) != 0) {
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
agx_walk(const char *root, char ***out, size_t **rel_off, size_t *n,
         agx_walk_error_fn on_error, void *ctx, char **errmsg)
{
    walk_state w = {NULL, 0, 0, on_error, ctx};
    char *abs = realpath(root, NULL);
    struct stat st;
    size_t base;
    int rc = -1;

    *out = NULL;
    *rel_off = NULL;
    *n = 0;
    if (!abs || stat(abs, &st) != 0) {
        *errmsg = agx_strdupf("%s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        if (walk_dir(&w, abs) != 0)
            goto nomem;
        base = strlen(abs) + 1;
    } else {
        /* One file: its metadata comes from its name alone. */
        char *copy = strdup(abs);
        if (!copy || push(&w, copy) != 0) {
            free(copy);
            goto nomem;
        }
        base = (size_t)(strrchr(abs, '/') - abs) + 1;
    }
    qsort(w.paths, w.n, sizeof *w.paths, cmp_paths);
    *rel_off = malloc((w.n ? w.n : 1) * sizeof **rel_off);
    if (!*rel_off)
        goto nomem;
    for (size_t i = 0; i < w.n; i++)
        (*rel_off)[i] = base;
    *out = w.paths;
    *n = w.n;
    w.paths = NULL;
    rc = 0;
    goto out;
nomem:
    *errmsg = agx_strdupf("out of memory");
out:
    for (size_t i = 0; w.paths && i < w.n; i++)
        free(w.paths[i]);
    free(w.paths);
    free(abs);
    return rc;
}
