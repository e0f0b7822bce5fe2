/* compact.c: put a compacted copy of an index in its place.
 *
 * Xapian's B-trees fill about half of each block when terms arrive in no
 * order (a page's words), so an index written from empty is about twice
 * the size of its compacted copy (10,000 PDF pages: 207 MB, 112 MB), and
 * the compactor takes well under a second a 100 MB.  So `agendex index`
 * compacts at the end of a run that wrote a good share of the index, and
 * `agendex compact` does it on demand; both come here.
 *
 * The caller holds the writer, so the lock keeps any indexer out while the
 * compactor writes the copy beside the index (DBPATH's real folder +
 * ".compacting").  Then the copy and the index swap places in one atomic
 * step (renameat2's RENAME_EXCHANGE; two renames on a file system without
 * it), so a search always finds an index there, and a killed run leaves
 * either the old index or the new one in place, never neither.  Searches
 * that had the old one open go on reading it (its files are only
 * unlinked).  A leftover ".compacting" folder (a run killed while
 * compacting) is removed by the next compaction, under the same lock.
 */
#include "indexer-private.h"

#include "agx_schema.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
agx_remove_folder(const char *dir)
{
    DIR *d;
    struct dirent *e;
    struct stat sb;

    if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return;
    d = opendir(dir);
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno == EISDIR) {
            char *path = agx_strdupf("%s/%s", dir, e->d_name);
            if (path)
                agx_remove_folder(path);
            free(path);
        }
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Puts NEW where OLD is and OLD where NEW was, atomically if the file
 * system can. */
static int
exchange(const char *old, const char *new)
{
    char aside[PATH_MAX];

    if (renameat2(AT_FDCWD, new, AT_FDCWD, old, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
    /* Two renames: for a moment there is no index at OLD. */
    if (snprintf(aside, sizeof aside, "%s.old", new) >= (int)sizeof aside) {
        errno = ENAMETOOLONG;
        return -1;
    }
    agx_remove_folder(aside);
    if (rename(old, aside) != 0)
        return -1;
    if (rename(new, old) != 0) {
        int e = errno;
        (void)rename(aside, old);
        errno = e;
        return -1;
    }
    return rename(aside, new);
}

agx_status
agx_index_compact_db(agx_db **w, const char *dbpath, char **errmsg)
{
    char *real = realpath(dbpath, NULL), *tmp = NULL;
    struct stat sb;
    agx_status st = AGX_ERR_IO;

    *errmsg = NULL;
    /* A symbolic link to the index stays one: the folder it names is
     * swapped. */
    if (!real || stat(real, &sb) != 0) {
        *errmsg = agx_strdupf("cannot find index '%s': %s", dbpath,
                              strerror(errno));
        goto out;
    }
    tmp = agx_strdupf("%s.compacting", real);
    if (!tmp) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    agx_remove_folder(tmp);
    /* The copy is a new database: it gets a tally table of its own (from
     * its values), as the indexer keeps one. */
    static const unsigned tally[] = AGX_TALLY_SLOTS;
    st = agx_db_keep_tally(*w, AGX_SLOT_TALLY, sizeof tally / sizeof *tally);
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("cannot read the tally table of '%s': %s",
                              dbpath, agx_db_last_error(*w));
        goto out;
    }
    st = agx_db_compact(*w, tmp);
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("cannot compact '%s' into '%s': %s", dbpath,
                              tmp, agx_db_last_error(*w));
        agx_remove_folder(tmp);
        goto out;
    }
    /* The copy gets the index folder's mode and owner (best effort). */
    (void)chmod(tmp, sb.st_mode & 07777);
    if (geteuid() == 0)
        (void)chown(tmp, sb.st_uid, sb.st_gid);
    if (exchange(real, tmp) != 0) {
        st = AGX_ERR_IO;
        *errmsg = agx_strdupf("cannot put the compacted index in place of "
                              "'%s': %s",
                              dbpath, strerror(errno));
        agx_remove_folder(tmp);
        goto out;
    }
    /* The old index is TMP now: let go of it, then remove it. */
    agx_db_close(*w);
    *w = NULL;
    agx_remove_folder(tmp);
    st = AGX_OK;
out:
    free(tmp);
    free(real);
    return st;
}
