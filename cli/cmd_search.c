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
    "Usage: agendex search [OPTIONS] QUERY...\n"
    "\n"
    "Search the index.  Words are matched in every Danish inflection\n"
    "(takstaftale finds takstaftalen, Takstaftalen, takstaftaler), in any\n"
    "case, and æ ø å may be typed ae oe aa.  A word also finds the\n"
    "compounds the archive makes of it (psykiatri finds psykiatriforum and\n"
    "socialpsykiatrien), weighted less than the word itself, and an\n"
    "abbreviation finds its long form and back (KKR, Kommunekontaktråd;\n"
    "see agendex synonyms).  Pages where all the words occur match; each\n"
    "document is one hit, at its best page, best first.  Under the hits:\n"
    "how many matching pages each udvalg, meeting, year, month and\n"
    "document type has, counted over all matches.\n"
    "\n"
    "Query language:\n"
    "  \"det nære sundhedsvæsen\"   a phrase: these words in this order\n"
    "  a AND b, a OR b, a NOT b   operators, in capitals; ( ) group them\n"
    "  +word, -word               must have, must not have\n"
    "  takst*                     words that begin with takst (one that\n"
    "                             stands for too much, s*, is refused)\n"
    "  udvalg:kd-net  type:bilag  år:2023                     filters\n"
    "  dato:2023-01  dato:2022-01-01..2023-06-30   meetings in that time\n"
    "  titel:takstaftale          words in an agenda item's title\n"
    "  møde:\"KD-Net 2023-01-27\"  one meeting (a facet value, as shown)\n"
    "  SAG-2023-01438, sag:2023-01438   a case number: exact match\n"
    "                             (quote values with spaces: "
    "udvalg:\"KKR Midtjylland\")\n"
    "  æ ø å may be typed ae oe aa everywhere: aeldre, \"det naere\", "
    "aar:2023\n"
    "\n"
    "Options:\n"
    "  --db DIR      the index folder (default: $AGENDEX_DB, else\n"
    "                $XDG_DATA_HOME/agendex/db)\n"
    "  --udvalg NAME only this committee (repeat for several)\n"
    "  --type TYPE   only dagsorden, referat or bilag (repeat for several)\n"
    "  --from DATE, --to DATE\n"
    "                only meetings from/to DATE (2023-01-27, 2023-01, 2023)\n"
    "  --sort ORDER  relevance (default), date (oldest first), -date\n"
    "  --pages       a hit per matching page, not per document\n"
    "  --exact       search misspelt words as typed only (by default a word\n"
    "                the archive lacks, or has far less often than a word a\n"
    "                letter or two away, is searched as that word too)\n"
    "  --no-compounds  match whole words only, not inside compounds\n"
    "  --synonyms FILE  abbreviations of your own: ABBR, a tab, the long\n"
    "                form, a line each (also read: DB/synonyms.txt)\n"
    "  --allow-partial  with shards on other machines, answer without those\n"
    "                that cannot be reached (the answer says which)\n"
    "  --json        print one JSON object (see docs/json.md)\n"
    "  --csv         print the hits as CSV, for a spreadsheet\n"
    "  --limit N     show at most N hits (default 10)\n"
    "  --facets N    list each facet's N most frequent values (default 50;\n"
    "                0: every one); the counts are over all matches\n"
    "  --offset N    skip the first N hits (for paging)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Options may come before or after the query's words.  A word of one\n"
    "dash is the query's (-psykiatri); after -- every word is.\n"
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
        {"allow-partial", no_argument, NULL, 'P'},
        {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},
        {"limit", required_argument, NULL, 'l'},
        {"facets", required_argument, NULL, 'f'},
        {"offset", required_argument, NULL, 'o'},
        {"udvalg", required_argument, NULL, 'u'},
        {"type", required_argument, NULL, 't'},
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},
        {"sort", required_argument, NULL, 's'},
        {"pages", no_argument, NULL, 'p'},
        {"no-compounds", no_argument, NULL, 'C'},
        {"exact", no_argument, NULL, 'E'},
        {"synonyms", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum { MAX_FILTERS = 64 };
    const char *udvalg[MAX_FILTERS], *types[MAX_FILTERS];
    agx_request req = {.limit = 10,
                       .udvalg = udvalg,
                       .types = types,
                       .facets = AGX_FACETS_DEFAULT};
    agx_searcher *s = NULL;
    agx_answer *ans = NULL;
    agx_printer *p;
    const char *db_opt = NULL, *list = NULL;
    char *db = NULL, *query = NULL, *err = NULL, **words;
    int json = 0, c, n_words = 0, ret = AGX_EXIT_ERROR;
    unsigned flags = 0;
    agx_status st;

    words = calloc((size_t)argc + 1, sizeof *words);
    if (!words) {
        agx_cli_error("out of memory");
        return AGX_EXIT_ERROR;
    }
    optind = 1;
    while (optind < argc) {
        const char *a = argv[optind];

        /* Options may stand before, between or after the words.  A
         * word of one dash ("-psykiatri", "-") is the query's, not an
         * option, save -h; after "--" every word is the query's. */
        if (strcmp(a, "--") == 0) {
            while (++optind < argc)
                words[n_words++] = argv[optind];
            break;
        }
        if (a[0] != '-' || (a[1] != '-' && strcmp(a, "-h") != 0)) {
            words[n_words++] = argv[optind++];
            continue;
        }
        /* "+": getopt must not reorder argv behind our back. */
        c = getopt_long(argc, argv, "+h", opts, NULL);
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
        case 'c':
            json = 2;
            break;
        case 'l':
            if (agx_cli_number("--limit", optarg, 10000, &req.limit) != 0)
                goto out;
            break;
        case 'f':
            if (agx_cli_number("--facets", optarg, 1000000, &req.facets) != 0)
                goto out;
            break;
        case 'o':
            if (agx_cli_number("--offset", optarg, 1000000, &req.offset) != 0)
                goto out;
            break;
        case 'u':
        case 't':
            if ((c == 'u' ? req.n_udvalg : req.n_types) == MAX_FILTERS) {
                agx_cli_error("at most %d --udvalg or --type", MAX_FILTERS);
                goto out;
            }
            if (c == 'u')
                udvalg[req.n_udvalg++] = optarg;
            else
                types[req.n_types++] = optarg;
            break;
        case 'F':
            req.from = optarg;
            break;
        case 'T':
            req.to = optarg;
            break;
        case 's':
            if (strcmp(optarg, "relevance") == 0)
                req.sort = AGX_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                req.sort = AGX_SORT_DATE;
            else if (strcmp(optarg, "-date") == 0)
                req.sort = AGX_SORT_DATE_DESC;
            else {
                agx_cli_error("--sort wants relevance, date or -date, not "
                              "'%s'",
                              optarg);
                goto out;
            }
            break;
        case 'p':
            req.pages = 1;
            break;
        case 'C':
            req.no_compounds = 1;
            break;
        case 'S':
            list = optarg;
            break;
        case 'E':
            req.exact = 1;
            break;
        case 'h':
            agx_cli_usage("search");
            ret = AGX_EXIT_HITS;
            goto out;
        default:
            fputs("Try 'agendex search --help'.\n", stderr);
            goto out;
        }
    }
    if (n_words == 0) {
        agx_cli_error("search: give a QUERY");
        fputs("Try 'agendex search --help'.\n", stderr);
        goto out;
    }
    query = join(n_words, words);
    db = agx_cli_db_path(db_opt);
    if (!query || !db)
        goto out;
    st = agx_query_open(db, flags, &s, &err);
    if (st == AGX_OK && list)
        st = agx_query_add_synonyms(s, list, &err);
    if (st == AGX_OK) {
        req.text = query;
        st = agx_query_run(s, &req, &ans, &err);
    }
    if (st != AGX_OK) {
        agx_cli_error("%s", err);
        goto out;
    }
    p = json == 1   ? agx_print_json_new(stdout)
        : json == 2 ? agx_print_csv_new(stdout)
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
    free(words);
    return ret;
}
