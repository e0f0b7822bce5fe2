/* cmd_sag.c: `agendex sag`: a case number's history across meetings.
 *
 * Every page that names the case, oldest meeting first, with the agenda
 * item it stands in.  Exit status as search's: 0 found, 1 not in the
 * index, 2 not a case number or an error.
 */
#include "agendex.h"

#include "agx_query.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

const char cmd_sag_usage[] =
    "Usage: agendex sag [--db DIR] [--json] CASENUMBER\n"
    "\n"
    "Show where a case number (sagsnummer) is referred to: every meeting,\n"
    "document, agenda item and page, oldest meeting first.  CASENUMBER may\n"
    "be written SAG-2023-01438, sag-2023-01438 or 2023-01438.\n"
    "\n"
    "Options:\n"
    "  --db DIR    the index folder (default: $AGENDEX_DB, else\n"
    "              $XDG_DATA_HOME/agendex/db)\n"
    "  --json      print one JSON object (see docs/json.md)\n"
    "  --allow-partial  with shards on other machines, answer without those\n"
    "              that cannot be reached (the answer says which)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 if the case is in the index, 1 if it is not, 2 if\n"
    "CASENUMBER is not a case number or on an error.\n";

int
cmd_sag(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"allow-partial", no_argument, NULL, 'P'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    agx_searcher *s = NULL;
    agx_answer *ans = NULL;
    agx_printer *p;
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL;
    int json = 0, c, ret = AGX_EXIT_ERROR;
    unsigned flags = 0;
    agx_status st;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'P':
            flags |= AGX_QUERY_PARTIAL;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            agx_cli_usage("sag");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex sag --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    if (optind != argc - 1) {
        agx_cli_error("sag: give one CASENUMBER");
        fputs("Try 'agendex sag --help'.\n", stderr);
        return AGX_EXIT_ERROR;
    }
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    st = agx_query_open(db, flags, &s, &err);
    if (st == AGX_OK)
        st = agx_query_case(s, argv[optind], &ans, &err);
    if (st != AGX_OK) {
        agx_cli_error("%s", err);
        goto out;
    }
    p = json ? agx_print_json_new(stdout)
             : agx_print_text_new(stdout, 0, agx_cli_term_width());
    if (!p) {
        agx_cli_error("out of memory");
        goto out;
    }
    agx_case_print(ans, p);
    p->free(p);
    ret = agx_answer_total(ans) > 0 ? AGX_EXIT_HITS : AGX_EXIT_NONE;
out:
    agx_answer_free(ans);
    agx_query_close(s);
    free(err);
    free(db);
    return ret;
}
