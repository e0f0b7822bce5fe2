/* cmd_status.c: `agendex status`: the index's size, last run and the
 * files that fail, for the operations person and for monitoring. */
#include "agendex.h"

#include "agx_index.h"
#include "agx_query.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cmd_status_usage[] =
    "Usage: agendex status [--db DIR] [--json]\n"
    "\n"
    "Show the index: its size on disk, pages and files (and how many of\n"
    "them an older agendex indexed, for the next run to update), the last\n"
    "run's summary, whether its tally table (facets counted by document\n"
    "id, fast) is current, whether an indexer is running now (and who),\n"
    "segments a stopped run left and the pages in them (not searched until\n"
    "the next agendex index or compact merges them), and every file that\n"
    "cannot be indexed, with the reason.\n"
    "\n"
    "Options:\n"
    "  --db DIR    the index folder (default: $AGENDEX_DB, else\n"
    "              $XDG_DATA_HOME/agendex/db)\n"
    "  --json      print one JSON object\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0, or 2 if the index cannot be read.  (Files that fail do\n"
    "not change it: agendex index's own exit status says so every night.)\n";

int
cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    agx_index_status st;
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL, line[256];
    const char *tab;
    int json = 0, c;
    agx_printer *p;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            agx_cli_usage("status");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex status --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    if (agx_index_status_read(db, &st, &err) != AGX_OK) {
        agx_cli_error("%s", err);
        free(err);
        free(db);
        return AGX_EXIT_ERROR;
    }
    p = json ? agx_print_json_new(stdout) : agx_print_text_new(stdout, 0, 0);
    tab = strchr(st.last_run, '\t');
    p->begin_map(p);
    p->map_key(p, "index", "index %s");
    p->string(p, db);
    p->map_key(p, "bytes", "+(%s bytes)");
    p->integer(p, (long)agx_cli_folder_bytes(db));
    p->separator(p);
    p->map_key(p, "files", "%s files");
    p->integer(p, (long)st.files);
    p->map_key(p, "pages", "+(%s pages) indexed;");
    p->integer(p, (long)st.pages);
    p->map_key(p, "failing", "+%s failing");
    p->integer(p, (long)st.n_failures);
    p->separator(p);
    if (json || st.outdated) {
        p->map_key(p, "outdated", "%s files indexed by an older agendex");
        p->integer(p, (long)st.outdated);
        p->separator(p);
    }
    if (st.outdated)
        p->heading(p, "  (the next agendex index updates them: from the "
                      "page text the index keeps, where only the analysis "
                      "changed)");
    p->map_key(p, "last_run", "");
    p->begin_map(p);
    p->map_key(p, "time", "last run %s:");
    snprintf(line, sizeof line, "%.*s", tab ? (int)(tab - st.last_run) : 0,
             st.last_run);
    p->string(p, *line ? line : NULL);
    p->map_key(p, "summary", NULL);
    p->string(p, tab ? tab + 1 : NULL);
    p->end(p);
    p->separator(p);
    /* Whether searches count by document id (docs/design.md). */
    p->map_key(p, "tally", "tally table: %s");
    p->string(p, st.tally == AGX_TALLY_CURRENT ? "current"
                 : st.tally == AGX_TALLY_STALE ? "stale"
                                               : "none");
    p->separator(p);
    if (st.tally == AGX_TALLY_STALE)
        p->heading(p, "  (searches count facets by value, slower, until the "
                      "next agendex index or compact writes it again)");
    /* A running indexer: who, and its segments so far (the text says
     * either only when there is one). */
    if (json || st.writer) {
        p->map_key(p, "writer", "an indexer is running: %s");
        p->string(p, st.writer && *st.writer ? st.writer
                     : st.writer            ? "(it did not say who)"
                                            : NULL);
        p->separator(p);
    }
    if (json || st.segments) {
        p->map_key(p, "segments", st.writer
                                      ? "segments it has written so far: %s"
                                      : "segments a stopped run left: %s");
        p->integer(p, (long)st.segments);
        p->separator(p);
        p->map_key(p, "segment_pages", "pages in them: %s");
        p->integer(p, (long)st.segment_pages);
        p->separator(p);
    }
    if (st.segments)
        p->heading(p, st.writer
                          ? "  (their pages are searched once the run merges "
                            "them, at its end)"
                          : "  (their pages are not searched until the next "
                            "agendex index or compact merges them)");
    if (st.n_failures)
        p->heading(p, "Files that fail (tried again once they change):");
    p->map_key(p, "failures", "");
    p->begin_list(p);
    for (size_t i = 0; i < st.n_failures; i++) {
        p->begin_map(p);
        p->map_key(p, "file", "  %s:");
        p->string(p, st.failures[i].path);
        p->map_key(p, "reason", "+%s");
        p->string(p, st.failures[i].reason);
        p->end(p);
        p->separator(p);
    }
    p->end(p);
    p->end(p);
    p->free(p);
    agx_index_status_clear(&st);
    free(db);
    return AGX_EXIT_HITS;
}
