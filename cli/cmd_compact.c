/* cmd_compact.c: `agendex compact`: shrink the index after large changes.
 *
 * The index is opened for writing, so its lock keeps any indexer out while
 * Xapian's compactor writes a compact copy beside it; then the copy takes
 * the index's place by two renames.  Searches that had the old index open
 * go on reading it (its files are only unlinked) and the next search opens
 * the new one.  If the machine stops between the renames, the old index is
 * DIR.old-PID and the new one DIR.compact-PID: either can be renamed back.
 */
#include "agendex.h"

#include "agx_index.h"
#include "agx_xapian.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char cmd_compact_usage[] =
    "Usage: agendex compact [--db DIR]\n"
    "\n"
    "Shrink the index after large changes (many files removed or updated),\n"
    "with Xapian's compactor.  No indexer may run meanwhile (the lock keeps\n"
    "it out); searches go on.\n"
    "\n"
    "Options:\n"
    "  --db DIR    the index folder (default: $AGENDEX_DB, else\n"
    "              $XDG_DATA_HOME/agendex/db)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0, or 2 on an error (the index is then left as it was).\n";

/* Removes the flat folder DIR and its files. */
static void
remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    /* By name inside the open folder; a folder inside (a sharded index's
     * part) by its path, once. */
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno == EISDIR) {
            char path[4096];
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) <
                (int)sizeof path)
                remove_folder(path);
        }
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int
cmd_compact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL, tmp[4096], old[4096];
    agx_db *w = NULL;
    long long before, after;
    int c, ret = AGX_EXIT_ERROR;
    agx_status st;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'h':
            agx_cli_usage("compact");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex compact --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    snprintf(tmp, sizeof tmp, "%s.compact-%ld", db, (long)getpid());
    snprintf(old, sizeof old, "%s.old-%ld", db, (long)getpid());
    if (access(db, F_OK) != 0) {
        agx_cli_error("no index in '%s'", db);
        goto out;
    }
    st = agx_db_open(db, AGX_DB_WRITE, &w, &err);
    if (st == AGX_ERR_LOCKED) {
        agx_cli_locked(db);
        goto out;
    } else if (st != AGX_OK) {
        agx_cli_error("cannot open index '%s': %s", db, err);
        goto out;
    }
    before = agx_cli_folder_bytes(db);
    st = agx_db_compact(w, tmp);
    if (st != AGX_OK) {
        agx_cli_error("cannot compact '%s' into '%s': %s", db, tmp,
                      agx_db_last_error(w));
        remove_folder(tmp);
        goto out;
    }
    /* Swap while the lock is held, then let it go. */
    if (rename(db, old) != 0) {
        agx_cli_error("cannot move '%s' aside: %s", db, strerror(errno));
        remove_folder(tmp);
        goto out;
    }
    if (rename(tmp, db) != 0) {
        agx_cli_error("cannot put the compacted index in place: %s "
                      "(the index is now '%s')",
                      strerror(errno), old);
        goto out;
    }
    agx_db_close(w);
    w = NULL;
    remove_folder(old);
    after = agx_cli_folder_bytes(db);
    printf("agendex compact: %lld bytes before, %lld after\n", before, after);
    ret = AGX_EXIT_HITS;
out:
    agx_db_close(w);
    free(err);
    free(db);
    return ret;
}
