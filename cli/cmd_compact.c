/* cmd_compact.c: `agendex compact`: shrink the index after large changes.
 *
 * The index is opened for writing, so its lock keeps any indexer out, and
 * agx_index_compact_db() (indexer/compact.c) puts a compacted copy in its
 * place, as `agendex index` does after a large run.
 */
#include "agendex.h"

#include "agx_index.h"
#include "agx_xapian.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
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

int
cmd_compact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL;
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
    st = agx_index_compact_db(&w, db, &err);
    if (st != AGX_OK) {
        agx_cli_error("%s", err);
        goto out;
    }
    after = agx_cli_folder_bytes(db);
    printf("agendex compact: %lld bytes before, %lld after\n", before, after);
    ret = AGX_EXIT_HITS;
out:
    agx_db_close(w);
    free(err);
    free(db);
    return ret;
}
