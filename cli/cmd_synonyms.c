/* cmd_synonyms.c: `agendex synonyms`: how the index widens a word of a
 * query, and why. */
#include "agendex.h"

#include "agx_query.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char cmd_synonyms_usage[] =
    "Usage: agendex synonyms [--db DIR] [--synonyms FILE] [WORD]\n"
    "\n"
    "List what a search for WORD also finds besides its own inflections, or\n"
    "with no WORD everything of the kind, one relation a line, tab-separated:\n"
    "kind, word, what it also finds, and where that comes from:\n"
    "  spelling      boern      børn              vocabulary\n"
    "  head          psykiatri  socialpsykiatri   vocabulary\n"
    "  modifier      psykiatri  psykiatriforum    vocabulary\n"
    "  abbreviation  kkr        kommunekontaktråd built-in\n"
    "A spelling is the word typed with ae oe aa; head and modifier are\n"
    "compounds that end or begin with the word (shown by their stems), which\n"
    "the indexer derives from the archive's vocabulary after every run that\n"
    "changes it.  An abbreviation finds its long form and back; it comes\n"
    "from the built-in list, a list of your own (DB/synonyms.txt beside the\n"
    "index, or --synonyms), or the archive (\"Kommunekontaktrådet (KKR)\").\n"
    "\n"
    "Options:\n"
    "  --db DIR    the index folder (default: $AGENDEX_DB, else\n"
    "              $XDG_DATA_HOME/agendex/db)\n"
    "  --synonyms FILE  a list of abbreviations of your own, as\n"
    "              stemmer/abbreviations.txt: ABBR, a tab, the long form\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 if something was listed, 1 if nothing was, 2 on an\n"
    "error.\n";

typedef struct listing {
    unsigned long n;
} listing;

static int
print_relation(void *ctx, agx_relation rel, const char *key,
               const char *related, const char *source)
{
    static const char *const kinds[] = {"spelling", "head", "modifier",
                                        "abbreviation", "coordinated"};
    listing *l = ctx;

    l->n++;
    printf("%s\t%s\t%s\t%s\n", kinds[rel], key, related, source);
    return 0;
}

int
cmd_synonyms(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"synonyms", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL, *list = NULL;
    char *db = NULL, *err = NULL;
    agx_searcher *s = NULL;
    listing l = {0};
    int c, ret = AGX_EXIT_ERROR;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 's':
            list = optarg;
            break;
        case 'h':
            agx_cli_usage("synonyms");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex synonyms --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    if (argc - optind > 1) {
        agx_cli_error("synonyms: give one WORD, or none");
        return AGX_EXIT_ERROR;
    }
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    if (agx_query_open(db, 0, &s, &err) == AGX_OK &&
        (!list || agx_query_add_synonyms(s, list, &err) == AGX_OK) &&
        agx_query_relations(s, optind < argc ? argv[optind] : NULL,
                            print_relation, &l, &err) == AGX_OK)
        ret = l.n ? AGX_EXIT_HITS : AGX_EXIT_NONE;
    else
        agx_cli_error("%s", err);
    free(err);
    agx_query_close(s);
    free(db);
    return ret;
}
