/* cmd_search.c: `agendex search`: ranked pages with facet counts.
 *
 * The words of the command line make one query.  The answer is walked
 * once for the chosen printer, text or JSON.  Exit status as grep's.
 */
#include "agendex.h"

#include "agx_query.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_search_usage[] =
    "Usage: agendex search [--db DIR] [--json] [--limit N] [--offset N] "
    "QUERY...\n"
    "\n"
    "Search the index.  Words are matched in every Danish inflection\n"
    "(takstaftale finds takstaftalen, Takstaftalen, takstaftaler), in any\n"
    "case.  Every page where all the words occur is a hit, best first.\n"
    "Under the hits: how many matching pages each udvalg, meeting and year\n"
    "has, counted over all matches.\n"
    "\n"
    "Query language:\n"
    "  \"det nære sundhedsvæsen\"   a phrase: these words in this order\n"
    "  a AND b, a OR b, a NOT b   operators, in capitals; ( ) group them\n"
    "  +word, -word               must have, must not have\n"
    "  takst*                     words that begin with takst\n"
    "  udvalg:kd-net  type:bilag  år:2023  dato:2023-01-27   filters\n"
    "  SAG-2023-01438, sag:2023-01438   a case number: exact match\n"
    "                             (quote values with spaces: "
    "udvalg:\"KKR Midtjylland\")\n"
    "\n"
    "Options:\n"
    "  --db DIR      the index folder (default: $AGENDEX_DB, else\n"
    "                $XDG_DATA_HOME/agendex/db)\n"
    "  --json        print one JSON object (see docs/json.md)\n"
    "  --limit N     show at most N hits (default 10)\n"
    "  --offset N    skip the first N hits (for paging)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 if something matched, 1 if nothing did, 2 on a\n"
    "malformed query or an error.\n";

/* Joins ARGV[0..ARGC) with spaces into a malloc'd string. */
static char *
join(int argc, char **argv)
{
    size_t len = 1;
    char *s;

    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

int
cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'l'},
        {"offset", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    agx_request req = {NULL, 0, 10};
    agx_searcher *s = NULL;
    agx_answer *ans = NULL;
    agx_printer *p;
    const char *db_opt = NULL;
    char *db = NULL, *query = NULL, *err = NULL;
    int json = 0, c, ret = AGX_EXIT_ERROR;
    agx_status st;

    optind = 1;
    /* "+" stops at the first word: "-word" in a query is not an option. */
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'l':
            if (agx_cli_number("--limit", optarg, 10000, &req.limit) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'o':
            if (agx_cli_number("--offset", optarg, 1000000, &req.offset) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'h':
            agx_cli_usage("search");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex search --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    if (optind >= argc) {
        agx_cli_error("search: give a QUERY");
        fputs("Try 'agendex search --help'.\n", stderr);
        return AGX_EXIT_ERROR;
    }
    query = join(argc - optind, argv + optind);
    db = agx_cli_db_path(db_opt);
    if (!query || !db)
        goto out;
    st = agx_query_open(db, &s, &err);
    if (st == AGX_OK) {
        req.text = query;
        st = agx_query_run(s, &req, &ans, &err);
    }
    if (st != AGX_OK) {
        agx_cli_error("%s", err);
        goto out;
    }
    p = json ? agx_print_json_new(stdout)
             : agx_print_text_new(stdout, agx_cli_use_color(),
                                  agx_cli_term_width());
    if (!p) {
        agx_cli_error("out of memory");
        goto out;
    }
    agx_answer_print(ans, p);
    p->free(p);
    ret = agx_answer_total(ans) > 0 ? AGX_EXIT_HITS : AGX_EXIT_NONE;
out:
    agx_answer_free(ans);
    agx_query_close(s);
    free(err);
    free(query);
    free(db);
    return ret;
}
