/* cmd_compact.c: `agendex compact`: shrink the index after large changes.
 *
 * The index is opened as an indexer opens it, so its lock keeps any
 * indexer out and segments a stopped run left are merged in (which
 * compacts it: nothing more to do then); otherwise agx_index_compact()
 * (indexer/compact.c) puts a compacted copy in its place, as `agendex
 * index` does after a large run.
 */
#include "agendex.h"

#include "agx_index.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_compact_usage[] =
    "Usage: agendex compact [--db DIR]\n"
    "\n"
    "Shrink the index after large changes (many files removed or updated),\n"
    "with Xapian's compactor.  Pages that a stopped `agendex index` left in\n"
    "segments (DB/segments/) are merged in.  No indexer may run meanwhile\n"
    "(the lock keeps it out); searches go on.\n"
    "\n"
    "Options:\n"
    "  --db DIR    the index folder (default: $AGENDEX_DB, else\n"
    "              $XDG_DATA_HOME/agendex/db)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0, or 2 on an error (the index is then left as it was).\n";

static void
on_warning(void *ctx, const char *path, const char *message)
{
    (void)ctx;
    agx_cli_error("%s: %s", path, message);
}

int
cmd_compact(int argc, char **argv)
{
    agx_index_report report = {0};
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL;
    agx_indexer *ix = NULL;
    long long before, after;
    int c, ret = AGX_EXIT_ERROR;
    agx_status st;

    report.warning = on_warning;
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
    if (access(db, F_OK) != 0) {
        agx_cli_error("no index in '%s'", db);
        goto out;
    }
    before = agx_cli_folder_bytes(db);
    st = agx_index_open(db, &report, &ix, &err);
    if (st == AGX_ERR_LOCKED) {
        agx_cli_locked(db);
        goto out;
    } else if (st != AGX_OK) {
        agx_cli_error("%s", err);
        goto out;
    }
    if (!agx_index_merged(ix)) {
        st = agx_index_compact(ix, &err);
        if (st != AGX_OK) {
            agx_cli_error("%s", err);
            goto out;
        }
    }
    after = agx_cli_folder_bytes(db);
    printf("agendex compact: %lld bytes before, %lld after\n", before, after);
    ret = AGX_EXIT_HITS;
out:
    agx_index_close(ix);
    free(err);
    free(db);
    return ret;
}
