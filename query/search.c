/* search.c: from a request to ranked, faceted pages.
 *
 * The query is prepared (prepare.c) and handed to the shim with the fields,
 * filters, facets and values agendex uses.  Xapian's parser leaves a
 * capitalised word unstemmed (its proper-noun rule); lower-casing first
 * makes "Takstaftalen" find what "takstaftalen" finds, while quoted phrases
 * still match the exact words, because the parser searches phrases among
 * the unstemmed, positional terms.  Hits are grouped per document (Xapian
 * collapses on the file), unless the request asks for every page.
 */
#include "query-private.h"

#include "agx_buf.h"
#include "agx_casenum.h"
#include "agx_compound.h"
#include "agx_date.h"
#include "agx_number.h"
#include "agx_schema.h"
#include "agx_stem.h"

#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

enum { SNIPPET_BYTES = 240, MAX_RETRIES = 3 };

/* Ranking, chosen by measurement on tests/relevance (tools/tune-ranking.sh,
 * figures in docs/ranking.md):
 * - a word matched in an agenda item's title adds its title weight on top
 *   of the body's, times TITLE: the item is about it;
 * - the words as typed (unstemmed) add their weight times EXACT;
 * - BM25's k1 and b. */
typedef struct {
    double title, exact, k1, b;
    double head, mod; /* a word inside a compound: as its head, modifier */
} ranking;

/* Title 1, no exact-form weight, Xapian's BM25 defaults: docs/ranking.md
 * says why. */
static const ranking RANKING = {1.0, 0.0, 1.0, 0.5, 0.5, 0.5};

/* The ranking in force: RANKING, or for tuning only, AGENDEX_TUNE
 * ("title=1,exact=0.2,k1=1.2,b=0.75", any of them). */
static ranking
ranking_in_force(void)
{
    ranking r = RANKING;
    const char *tune = getenv("AGENDEX_TUNE");

    for (const char *p = tune; p && *p;) {
        double v = 0;
        char name[16];
        int n = 0;
        if (sscanf(p, "%15[a-z0-9]=%lf%n", name, &v, &n) != 2)
            break;
        if (strcmp(name, "title") == 0)
            r.title = v;
        else if (strcmp(name, "exact") == 0)
            r.exact = v;
        else if (strcmp(name, "k1") == 0)
            r.k1 = v;
        else if (strcmp(name, "b") == 0)
            r.b = v;
        else if (strcmp(name, "head") == 0)
            r.head = v;
        else if (strcmp(name, "mod") == 0)
            r.mod = v;
        p += n;
        if (*p == ',')
            p++;
    }
    return r;
}

/* From how many matches (as the query's words' frequencies estimate
 * them) a search counts them on a thread of its own while it ranks the
 * hits: where counting costs more than starting a thread and checking a
 * second handle on the index (measured at a million pages: docs/
 * performance.md, session 15). */
enum { COUNT_APART_FROM = 20000 };

typedef struct {
    const char *text;
    int (*fn)(void *ctx, const char *word, size_t len);
    void *ctx;
} written_number;

static int
on_number_apart(void *ctx, size_t start, size_t len, const char *digits)
{
    written_number *w = ctx;

    (void)digits;
    return w->fn(w->ctx, w->text + start, len);
}

/* The spec's numbers(): each number of TEXT (LEN bytes) written with its
 * digits apart, as written ("2.500"), for FN. */
static void
numbers_apart(const char *text, size_t len,
              int (*fn)(void *ctx, const char *word, size_t len), void *ctx)
{
    written_number w = {text, fn, ctx};

    agx_number_scan(text, len, on_number_apart, &w);
}

/* COUNT_APART_FROM, or for tests and benchmarks AGENDEX_COUNT_APART (0:
 * never); never on a machine of one core. */
static unsigned long
count_apart_from(void)
{
    const char *env = getenv("AGENDEX_COUNT_APART");
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return 0;
    if (env && *env)
        return strtoul(env, NULL, 10);
    return COUNT_APART_FROM;
}

/* What stat() said of a file: changed if any of it differs. */
typedef struct {
    int there;
    dev_t dev;
    ino_t ino;
    struct timespec mtime;
    off_t size;
} file_state;

static file_state
file_state_of(const char *path)
{
    struct stat sb;
    file_state f = {0};
    if (stat(path, &sb) == 0)
        f = (file_state){1, sb.st_dev, sb.st_ino, sb.st_mtim, sb.st_size};
    return f;
}

struct agx_searcher {
    agx_db *db;
    agx_stem *stem;
    agx_abbrevs abbrevs; /* abbreviations and long forms */
    char **lists;        /* names of the users' lists loaded, for sources */
    size_t n_lists;
    char *own;           /* the users' list beside the index, if any */
    file_state own_seen; /* and its state when the searcher was opened */
};

const agx_facet agx_facets[] = {
    {AGX_SLOT_UDVALG, "udvalg", "By udvalg:", 0},
    {AGX_SLOT_MEETING, "meeting", "By meeting:", 0},
    {AGX_SLOT_YEAR, "year", "#By year:", 1},
    {AGX_SLOT_MONTH, "month", "By month:", 1},
    {AGX_SLOT_TYPE, "type", "By type:", 0},
};
const size_t agx_n_facets = sizeof agx_facets / sizeof *agx_facets;

/* The values each hit carries: the order of V_FILE... */
static const unsigned hit_values[N_VALUES] = {
    AGX_SLOT_FILE, AGX_SLOT_PAGE, AGX_SLOT_UDVALG,  AGX_SLOT_DATE,
    AGX_SLOT_TYPE, AGX_SLOT_ITEM, AGX_SLOT_RECORDS, AGX_SLOT_CONTENT,
};

static const unsigned tally_slots[] = AGX_TALLY_SLOTS;

static const unsigned copy_values[N_COPY_VALUES] = {
    AGX_SLOT_FILE, AGX_SLOT_UDVALG, AGX_SLOT_DATE};

/* What a case's history shows of each page: the order of C_FILE... */
static const unsigned case_values[N_CASE_VALUES] = {
    AGX_SLOT_FILE, AGX_SLOT_PAGE, AGX_SLOT_UDVALG,
    AGX_SLOT_DATE, AGX_SLOT_TYPE, AGX_SLOT_CASES};

/* The query language's fields (dato: is read by prepare.c); år and møde
 * also as typed without æ ø å, as every word may be. */
static const agx_field fields[] = {
    {"udvalg", AGX_PREFIX_UDVALG, 1}, {"år", AGX_PREFIX_YEAR, 1},
    {"aar", AGX_PREFIX_YEAR, 1},      {"type", AGX_PREFIX_TYPE, 1},
    {"sag", AGX_PREFIX_CASE, 1},      {"møde", AGX_PREFIX_MEETING, 1},
    {"moede", AGX_PREFIX_MEETING, 1}, {"titel", AGX_PREFIX_TITLE, 0},
};

agx_status
agx_query_open(const char *dbpath, unsigned flags, agx_searcher **out,
               char **errmsg)
{
    agx_searcher *s = calloc(1, sizeof *s);
    char *dberr = NULL;
    agx_status st;

    *out = NULL;
    *errmsg = NULL;
    if (!s || !(s->stem = agx_stem_new())) {
        free(s);
        *errmsg = agx_strdupf("out of memory, or no Danish stemmer");
        return AGX_ERR_NOMEM;
    }
    st = agx_db_open(
        dbpath, flags & AGX_QUERY_PARTIAL ? AGX_DB_READ_PARTIAL : AGX_DB_READ,
        &s->db, &dberr);
    if (st != AGX_OK) {
        if (st == AGX_ERR_NOT_FOUND)
            *errmsg =
                agx_strdupf("no index in '%s': run 'agendex index' first, "
                            "or name another with --db",
                            dbpath);
        else
            *errmsg = agx_strdupf("cannot open index '%s': %s", dbpath,
                                  dberr ? dberr : agx_status_str(st));
        free(dberr);
        agx_query_close(s);
        return st;
    }
    agx_db_set_stemmer(s->db, agx_stem_callback, s->stem);
    if (agx_abbrevs_builtin(&s->abbrevs) != 0) {
        *errmsg = agx_strdupf("out of memory");
        agx_query_close(s);
        return AGX_ERR_NOMEM;
    }
    /* The users' own list beside the index, if there is one. */
    s->own = agx_strdupf("%s/synonyms.txt", dbpath);
    if (!s->own) {
        agx_query_close(s);
        return AGX_ERR_NOMEM;
    }
    s->own_seen = file_state_of(s->own);
    if (s->own_seen.there &&
        (st = agx_query_add_synonyms(s, s->own, errmsg)) != AGX_OK) {
        agx_query_close(s);
        return st;
    }
    *out = s;
    return AGX_OK;
}

int
agx_query_current(agx_searcher *s)
{
    int current = 0;
    file_state now = file_state_of(s->own);
    if (now.there != s->own_seen.there || now.dev != s->own_seen.dev ||
        now.ino != s->own_seen.ino || now.size != s->own_seen.size ||
        now.mtime.tv_sec != s->own_seen.mtime.tv_sec ||
        now.mtime.tv_nsec != s->own_seen.mtime.tv_nsec)
        return 0;
    return agx_db_current(s->db, &current) == AGX_OK && current;
}

int
agx_query_has_file(agx_searcher *s, const char *path)
{
    unsigned long freq = 0;
    char *term;

    /* Longer paths are stored by their hash (agx_schema.h): not served. */
    if (strlen(AGX_PREFIX_PATH) + strlen(path) > AGX_MAX_TERM)
        return 0;
    term = agx_strdupf("%s%s", AGX_PREFIX_PATH, path);
    if (!term || agx_db_termfreq(s->db, term, &freq) != AGX_OK)
        freq = 0;
    free(term);
    return freq > 0;
}

agx_status
agx_query_add_synonyms(agx_searcher *s, const char *path, char **errmsg)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL, *name = NULL, **lists;
    size_t len = 0, cap = 0, got;
    agx_status st = AGX_ERR_NOMEM;

    *errmsg = NULL;
    if (!f) {
        *errmsg = agx_strdupf("cannot read '%s': %s", path, strerror(errno));
        return AGX_ERR_NOT_FOUND;
    }
    do {
        if (len + 4096 + 1 > cap) {
            char *nt = realloc(text, cap = 2 * (len + 4096 + 1));
            if (!nt)
                goto out;
            text = nt;
        }
        got = fread(text + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    text[len] = '\0';
    if (ferror(f)) {
        *errmsg = agx_strdupf("cannot read '%s': %s", path, strerror(errno));
        st = AGX_ERR_NOT_FOUND;
        goto out;
    }
    lists = realloc(s->lists, (s->n_lists + 1) * sizeof *lists);
    if (!lists || !(name = strdup(path)))
        goto out;
    s->lists = lists;
    s->lists[s->n_lists++] = name;
    if (agx_abbrevs_parse(&s->abbrevs, text, name) == 0)
        st = AGX_OK;
out:
    if (st == AGX_ERR_NOMEM && !*errmsg)
        *errmsg = agx_strdupf("out of memory");
    fclose(f);
    free(text);
    return st;
}

/* The synonym keys of one word: itself, its stem, its compounds'. */
enum { N_KEYS = 5 };

typedef struct relations {
    int (*fn)(void *ctx, agx_relation rel, const char *key, const char *related,
              const char *source);
    void *ctx;
    const char *only[N_KEYS]; /* the keys of one word, or none: all */
} relations;

static int
on_relation(void *ctx, const char *key, const char *synonym)
{
    relations *r = ctx;
    size_t plen = strlen(AGX_PREFIX_COMPOUND_HEAD);
    agx_relation rel = AGX_REL_SPELLING;
    int wanted = !r->only[0];

    for (size_t i = 0; i < N_KEYS && r->only[i]; i++)
        wanted |= strcmp(key, r->only[i]) == 0;
    if (!wanted)
        return 0;
    if (strncmp(key, AGX_PREFIX_COMPOUND_HEAD, plen) == 0)
        rel = AGX_REL_HEAD;
    else if (strncmp(key, AGX_PREFIX_COMPOUND_COORD, plen) == 0)
        rel = AGX_REL_COORDINATED;
    else if (strncmp(key, AGX_PREFIX_COMPOUND_MOD, plen) == 0)
        rel = AGX_REL_MODIFIER;
    else if (key[0] == 'Z')
        return 0; /* the same spelling for the stems: shown once, as words */
    else
        plen = 0;
    /* Compounds are Z terms, stems: show them bare; a coordination as the
     * text has it. */
    if (rel == AGX_REL_COORDINATED) {
        const char *mod = synonym + strlen(AGX_PREFIX_COORDINATION);
        const char *colon = strchr(mod, ':');
        char *shown = colon ? agx_strdupf("%.*s- og %s", (int)(colon - mod),
                                          mod, colon + 1)
                            : NULL;
        int stop =
            shown ? r->fn(r->ctx, rel, key + plen, shown, "vocabulary") : 0;
        free(shown);
        return stop;
    }
    return r->fn(r->ctx, rel, key + plen, synonym + (synonym[0] == 'Z'),
                 "vocabulary");
}

/* The abbreviations a listing of relations shows: those about WORD, or
 * all if WORD is NULL. */
typedef struct about_ctx {
    relations *r;
    agx_stem *stem;
    const char *word;
    agx_status st;
} about_ctx;

static int
on_abbrev(void *ctx, agx_abbrev_entry *e)
{
    about_ctx *ac = ctx;
    int about = ac->word ? agx_abbrev_about(e, ac->stem, ac->word) : 1;

    if (about < 0)
        ac->st = AGX_ERR_NOMEM;
    if (about <= 0)
        return about < 0;
    return ac->r->fn(ac->r->ctx, AGX_REL_ABBREVIATION, e->shown, e->lng,
                     e->source)
               ? 1
               : 0;
}

agx_status
agx_query_relations(agx_searcher *s, const char *word,
                    int (*fn)(void *ctx, agx_relation rel, const char *key,
                              const char *related, const char *source),
                    void *ctx, char **errmsg)
{
    relations r = {fn, ctx, {NULL}};
    agx_abbrevs archive = {0};
    char *low = NULL, *keys[N_KEYS] = {NULL};
    agx_status st = AGX_OK;

    *errmsg = NULL;
    if (word) {
        const char *stem;
        size_t n;
        low = agx_text_normalize(word, strlen(word), 1);
        stem = low ? agx_stem_word(s->stem, low, strlen(low), &n) : NULL;
        if (!stem) {
            free(low);
            *errmsg = agx_strdupf("'%s' is not a word", word);
            return AGX_ERR_QUERY;
        }
        keys[0] = agx_strdupf("%s", low);
        keys[1] = agx_strdupf("Z%.*s", (int)n, stem);
        keys[2] = agx_strdupf("%s%.*s", AGX_PREFIX_COMPOUND_HEAD, (int)n, stem);
        keys[3] = agx_strdupf("%s%.*s", AGX_PREFIX_COMPOUND_MOD, (int)n, stem);
        keys[4] =
            agx_strdupf("%s%.*s", AGX_PREFIX_COMPOUND_COORD, (int)n, stem);
        for (size_t i = 0; i < N_KEYS; i++) {
            r.only[i] = keys[i];
            if (!keys[i])
                st = AGX_ERR_NOMEM;
        }
    }
    if (st == AGX_OK)
        st = agx_db_synonyms_each(s->db, "", on_relation, &r);
    /* Abbreviations: those whose short form is WORD, or whose long form
     * holds it; the archive's read whole. */
    if (st == AGX_OK)
        st = agx_abbrevs_archive(&archive, s->db, "");
    if (st == AGX_OK) {
        about_ctx ac = {&r, s->stem, keys[0], AGX_OK};
        if (agx_abbrevs_each(&s->abbrevs, &archive, on_abbrev, &ac) < 0)
            st = AGX_ERR_NOMEM;
        else
            st = ac.st;
    }
    agx_abbrevs_clear(&archive);
    if (st != AGX_OK)
        *errmsg = agx_strdupf("cannot read the synonyms: %s",
                              st == AGX_ERR_NOMEM ? "out of memory"
                                                  : agx_db_last_error(s->db));
    for (size_t i = 0; i < N_KEYS; i++)
        free(keys[i]);
    free(low);
    return st;
}

void
agx_query_close(agx_searcher *s)
{
    if (!s)
        return;
    agx_db_close(s->db);
    agx_stem_free(s->stem);
    agx_abbrevs_clear(&s->abbrevs);
    for (size_t i = 0; i < s->n_lists; i++)
        free(s->lists[i]);
    free(s->lists);
    free(s->own);
    free(s);
}

/* Runs SPEC into A->res; a search that meets a commit reopens the index
 * and retries. */
static agx_status
run(agx_searcher *s, const agx_search_spec *spec, agx_answer *a, char **errmsg)
{
    agx_status st;

    if (*agx_db_missing(s->db) &&
        !(a->missing = agx_strdupf("%s", agx_db_missing(s->db))))
        return AGX_ERR_NOMEM;
    for (int tries = 0;; tries++) {
        st = agx_db_search(s->db, spec, &a->res);
        if (st != AGX_ERR_MODIFIED || tries == MAX_RETRIES)
            break;
        /* The indexer committed under us: look at its new commit. */
        if (agx_db_reopen(s->db) != AGX_OK)
            break;
    }
    if (st == AGX_ERR_QUERY) /* the text says what to change */
        *errmsg = agx_strdupf("%s", agx_db_last_error(s->db));
    else if (st != AGX_OK)
        *errmsg = agx_strdupf("search failed: %s", agx_db_last_error(s->db));
    return st;
}

agx_status
agx_query_case(agx_searcher *s, const char *raw, agx_answer **out,
               char **errmsg)
{
    char norm[AGX_CASENUM_MAX], *filter = NULL;
    unsigned long docs = 0;
    agx_answer *a = NULL;
    agx_status st = AGX_ERR_NOMEM;

    *out = NULL;
    *errmsg = NULL;
    if (!agx_casenum_parse(raw, strlen(raw), norm)) {
        *errmsg = agx_strdupf("'%s' is not a case number: write it as "
                              "SAG-2023-01438 or 2023-01438",
                              raw);
        return AGX_ERR_QUERY;
    }
    if (agx_db_doc_count(s->db, &docs) != AGX_OK)
        docs = 0;
    filter = agx_strdupf("%s%s", AGX_PREFIX_CASE, norm);
    a = calloc(1, sizeof *a);
    if (!filter || !a || !(a->query = strdup(norm))) {
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    agx_filter f = {filter, 0};
    agx_search_spec spec = {
        .query = "",
        .filters = &f,
        .n_filters = 1,
        .collapse_slot = -1,
        .limit = docs ? (unsigned)docs : 1,
        .values = case_values,
        .n_values = N_CASE_VALUES,
        .by_value = 1, /* oldest meeting first, then file and page */
        .sort_slot = AGX_SLOT_ORDER,
    };
    st = run(s, &spec, a, errmsg);
    if (st == AGX_OK) {
        *out = a;
        a = NULL;
    }
out:
    agx_answer_free(a);
    free(filter);
    return st;
}

/* A growing list of filter terms, each malloc'd. */
typedef struct {
    agx_filter *list;
    size_t n, cap;
    int failed;
} filters;

static void
add_filter(filters *f, unsigned group, const char *prefix, const char *value)
{
    char *low = agx_text_normalize(value, strlen(value), 1);
    char *term = low ? agx_strdupf("%s%s", prefix, low) : NULL;

    free(low);
    if (term) {
        agx_filter *l = agx_grow(f->list, f->n, &f->cap, sizeof *l, 16);
        if (l)
            f->list = l;
    }
    if (!term || f->n == f->cap) {
        free(term);
        f->failed = 1;
        return;
    }
    f->list[f->n++] = (agx_filter){term, group};
}

static void
filters_clear(filters *f)
{
    for (size_t i = 0; i < f->n; i++)
        free((char *)f->list[i].term);
    free(f->list);
}

typedef struct {
    filters *f;
    unsigned group;
    const char *prefix; /* of the terms scanned: XD or XR */
    const char *lo, *hi;
    /* The years the span covers in part (on_year_term()): at most the
     * first and the last. */
    char part[2][5];
    size_t n_part;
} date_scan;

/* Keeps a date term of the index whose whole span lies in [LO, HI]. */
static int
on_date_term(void *ctx, const char *term, unsigned long freq)
{
    date_scan *ds = ctx;
    const char *date = term + strlen(ds->prefix);
    char lo[11], hi[11];

    (void)freq;
    if (!agx_date_valid(date, strlen(date)))
        return 0;
    agx_date_span(date, strlen(date), lo, hi);
    if ((!*ds->lo || strcmp(lo, ds->lo) >= 0) &&
        (!*ds->hi || strcmp(hi, ds->hi) <= 0))
        add_filter(ds->f, ds->group, ds->prefix, date);
    return ds->f->failed;
}

/* Keeps a year term of the index (XY) whose whole year lies in [LO, HI];
 * a year the span covers only in part goes to PART, for its date terms
 * (XD<year>...) to be looked at one by one.  A page has XY<year> exactly
 * when its date term begins with that year (agx_schema.h), so a span of
 * years is a filter of a few terms, not of every meeting day in it:
 * "dato:2010..2015" is 6 terms, where it was some 1,500 at 100,000
 * pages, each a posting list for the match to open. */
static int
on_year_term(void *ctx, const char *term, unsigned long freq)
{
    date_scan *ds = ctx;
    const char *year = term + strlen(AGX_PREFIX_YEAR);
    char lo[11], hi[11];

    (void)freq;
    if (strlen(year) != 4 || !agx_date_valid(year, 4))
        return 0;
    agx_date_span(year, 4, lo, hi);
    if ((*ds->lo && strcmp(hi, ds->lo) < 0) ||
        (*ds->hi && strcmp(lo, ds->hi) > 0))
        return 0; /* (wholly outside) */
    if ((!*ds->lo || strcmp(lo, ds->lo) >= 0) &&
        (!*ds->hi || strcmp(hi, ds->hi) <= 0)) {
        add_filter(ds->f, ds->group, AGX_PREFIX_YEAR, year);
        return ds->f->failed;
    }
    if (ds->n_part < 2)
        memcpy(ds->part[ds->n_part++], year, 5);
    return 0;
}

/* Narrows the prepared span by --from/--to.  Returns 0, or -1 (with
 * *errmsg) if one is no date. */
static int
option_span(agx_prepared *prep, const char *from, const char *to, char **errmsg)
{
    char lo[11], hi[11];

    if (from && *from) {
        if (!agx_date_valid(from, strlen(from)))
            goto bad;
        agx_date_span(from, strlen(from), lo, hi);
        if (!*prep->lo || strcmp(lo, prep->lo) > 0)
            memcpy(prep->lo, lo, sizeof lo);
    }
    if (to && *to) {
        if (!agx_date_valid(to, strlen(to)))
            goto bad;
        agx_date_span(to, strlen(to), lo, hi);
        if (!*prep->hi || strcmp(hi, prep->hi) < 0)
            memcpy(prep->hi, hi, sizeof hi);
    }
    return 0;
bad:
    *errmsg = agx_strdupf("--from and --to want a date: 2023-01-27, "
                          "2023-01 or 2023");
    return -1;
}

/* For each hit of A, the other files with the same content (one bilag
 * filed under several meetings), oldest meeting first: only where the
 * content has more pages than the hit's own file. */
static agx_status
find_copies(agx_searcher *s, agx_answer *a, char **errmsg)
{
    size_t n = agx_results_size(a->res);
    agx_status st = AGX_OK;

    if (!n)
        return AGX_OK;
    a->copies = calloc(n, sizeof *a->copies);
    if (!a->copies) {
        *errmsg = agx_strdupf("out of memory");
        return AGX_ERR_NOMEM;
    }
    a->n_copies = n;
    for (size_t i = 0; i < n && st == AGX_OK; i++) {
        const char *hash = agx_results_value(a->res, i, V_CONTENT);
        const char *file = agx_results_value(a->res, i, V_FILE);
        unsigned long same = 0, own = 0;
        char *term, *pterm;
        if (!*hash)
            continue;
        term = agx_strdupf("%s%s", AGX_PREFIX_CONTENT, hash);
        pterm = agx_strdupf("%s%s", AGX_PREFIX_PATH, file);
        if (!term || !pterm) {
            free(term);
            free(pterm);
            *errmsg = agx_strdupf("out of memory");
            return AGX_ERR_NOMEM;
        }
        /* Cheap first: its content's pages against its own. */
        if (agx_db_termfreq(s->db, term, &same) == AGX_OK &&
            (agx_db_termfreq(s->db, pterm, &own) != AGX_OK || own == 0 ||
             same > own)) {
            agx_filter f = {term, 0};
            agx_search_spec spec = {
                .query = "",
                .filters = &f,
                .n_filters = 1,
                .collapse_slot = AGX_SLOT_FILE,
                .limit = 100,
                .values = copy_values,
                .n_values = N_COPY_VALUES,
                .by_value = 1,
                .sort_slot = AGX_SLOT_ORDER,
            };
            st = agx_db_search(s->db, &spec, &a->copies[i]);
            if (st != AGX_OK)
                *errmsg =
                    agx_strdupf("search failed: %s", agx_db_last_error(s->db));
        }
        free(term);
        free(pterm);
    }
    return st;
}

/* agx_query_run(); CHECK: a suggestion made when nothing matches is
 * searched too, and offered only if it finds pages. */
static agx_status
query_run(agx_searcher *s, const agx_request *req, int check, agx_answer **out,
          char **errmsg)
{
    unsigned slots[sizeof agx_facets / sizeof *agx_facets];
    agx_prepared prep;
    filters f = {0};
    agx_answer *a = NULL;
    char *widened = NULL, *corrected = NULL;
    agx_status st;

    *out = NULL;
    *errmsg = NULL;
    st = agx_query_prepare(req->text, &prep, errmsg);
    if (st != AGX_OK)
        return st;
    /* Misspelt words searched as the archive spells them too (the query
     * is valid: prepare said so), unless the words are to be exact. */
    if (!req->exact)
        st = agx_correct(s->db, s->stem, req->text, &widened, &corrected);
    if (st == AGX_OK && widened) {
        agx_prepared_clear(&prep);
        st = agx_query_prepare(widened, &prep, errmsg);
        if (st != AGX_OK)
            return st; /* not reached: a word OR a word is valid */
    }
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("search failed: %s",
                              st == AGX_ERR_NOMEM ? "out of memory"
                                                  : agx_db_last_error(s->db));
        goto out;
    }
    /* Abbreviations and long forms, each finding the other. */
    char *wide = NULL;
    st = agx_abbrevs_expand(&s->abbrevs, s->db, s->stem, prep.text, &wide);
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("search failed: %s",
                              st == AGX_ERR_NOMEM ? "out of memory"
                                                  : agx_db_last_error(s->db));
        goto out;
    }
    /* A suggestion would spell out the expansion (or a hyphenated word's
     * joined form): made only without. */
    int suggest = !widened && !prep.joined && strcmp(wide, prep.text) == 0;
    free(prep.text);
    prep.text = wide;
    if (option_span(&prep, req->from, req->to, errmsg) != 0) {
        st = AGX_ERR_QUERY;
        goto out;
    }
    for (size_t i = 0; i < agx_n_facets; i++)
        slots[i] = agx_facets[i].slot;
    for (size_t i = 0; i < req->n_udvalg; i++)
        add_filter(&f, 0, AGX_PREFIX_UDVALG, req->udvalg[i]);
    for (size_t i = 0; i < req->n_types; i++)
        add_filter(&f, 1, AGX_PREFIX_TYPE, req->types[i]);
    if (*prep.lo || *prep.hi) {
        /* The meetings' own dates, by year where a whole year is in the
         * span, and those of minutes inside them. */
        date_scan ds = {&f, 2, AGX_PREFIX_DATE, prep.lo, prep.hi, {""}, 0};
        date_scan dr = {&f, 2, AGX_PREFIX_RECORDS, prep.lo, prep.hi, {""}, 0};
        size_t before = f.n;
        st = agx_db_terms(s->db, AGX_PREFIX_YEAR, on_year_term, &ds);
        for (size_t i = 0; st == AGX_OK && i < ds.n_part; i++) {
            char days[16];
            snprintf(days, sizeof days, "%s%s", AGX_PREFIX_DATE, ds.part[i]);
            st = agx_db_terms(s->db, days, on_date_term, &ds);
        }
        if (st == AGX_OK)
            st = agx_db_terms(s->db, AGX_PREFIX_RECORDS, on_date_term, &dr);
        if (st != AGX_OK) {
            *errmsg =
                agx_strdupf("search failed: %s", agx_db_last_error(s->db));
            goto out;
        }
        /* No meeting in the span: a term no page has, so nothing matches. */
        if (f.n == before)
            add_filter(&f, 2, AGX_PREFIX_DATE, "none");
    }
    if (f.failed) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }

    ranking rk = ranking_in_force();
    /* A word also finds the compounds it is part of (agx_schema.h). */
    agx_widen widen[] = {{AGX_PREFIX_COMPOUND_HEAD, rk.head},
                         {AGX_PREFIX_COMPOUND_MOD, rk.mod},
                         /* "sundheds- og ældreområdet" is the word itself */
                         {AGX_PREFIX_COMPOUND_COORD, 1.0}};
    agx_search_spec spec = {
        .query = prep.text,
        .filters = f.list,
        .n_filters = f.n,
        .offset = req->offset,
        .limit = req->limit,
        .fields = fields,
        .n_fields = sizeof fields / sizeof *fields,
        .facets = slots,
        .n_facets = agx_n_facets,
        .facet_limit = req->facets,
        .packed_slot = AGX_SLOT_TALLY,
        .packed_slots = tally_slots,
        .n_packed = sizeof tally_slots / sizeof *tally_slots,
        .values = hit_values,
        .n_values = N_VALUES,
        /* By date, then file and page; hits of equal score in that order
         * too, the same in one index and in its shards. */
        .by_value = req->sort != AGX_SORT_RELEVANCE,
        .sort_slot = AGX_SLOT_ORDER,
        .sort_reverse = req->sort == AGX_SORT_DATE_DESC,
        .tiebreak = 1,
        .tiebreak_slot = AGX_SLOT_ORDER,
        /* A hit's item: the one on the page its matches are in. */
        .regions = 1,
        .regions_slot = AGX_SLOT_REGIONS,
        .collapse_slot = req->pages ? -1 : (int)AGX_SLOT_FILE,
        .synonyms = 1,
        .spelling = suggest,
        .boost_prefix = AGX_PREFIX_TITLE,
        .boost_scale = rk.title,
        .exact_scale = rk.exact,
        .bm25_k1 = rk.k1,
        .bm25_b = rk.b,
        .widen = widen,
        .n_widen = req->no_compounds ? 0 : sizeof widen / sizeof *widen,
        /* (without them, a word typed ae oe aa still finds every
         * inflection of the word with æ ø å: the shim does that always) */
        .snippet_bytes = SNIPPET_BYTES,
        .hi_start = AGX_MARK_START,
        .hi_end = AGX_MARK_END,
        /* A case number searched for: where its page names it. */
        .mark_prefix = AGX_PREFIX_CASE,
        .mark_lead = "sag",
        /* "klima-strategien", indexed as klimastrategien too */
        .joined = agx_compound_hyphenated,
        .numbers = numbers_apart,
        .count_apart_from = count_apart_from(),
    };
    a = calloc(1, sizeof *a);
    if (!a || !(a->query = strdup(req->text))) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    a->offset = req->offset;
    a->grouped = !req->pages;
    a->corrected = corrected;
    corrected = NULL;
    st = run(s, &spec, a, errmsg);
    if (st == AGX_OK)
        st = find_copies(s, a, errmsg);
    if (st == AGX_OK && check && agx_results_counted(a->res) == 0 &&
        *agx_results_suggestion(a->res)) {
        /* Xapian's corrector spells a word as its spelling data has it:
         * ASCII-folded ("omsorgsomraadet"), or a part of a hyphenated
         * word alone ("erhverv-fremme"), which can find nothing either.
         * The suggestion is searched as typed words (--exact), counted
         * only. */
        agx_request again = *req;
        agx_answer *b = NULL;
        char *ignore = NULL;
        again.text = agx_results_suggestion(a->res);
        again.offset = 0;
        again.limit = 0;
        again.exact = 1;
        st = query_run(s, &again, 0, &b, &ignore);
        a->suggestion_empty = st != AGX_OK || agx_results_counted(b->res) == 0;
        if (st == AGX_ERR_NOMEM) {
            *errmsg = ignore;
            ignore = NULL;
        } else {
            st = AGX_OK; /* (a suggestion that fails is no suggestion) */
        }
        free(ignore);
        agx_answer_free(b);
    }
    if (st == AGX_OK) {
        *out = a;
        a = NULL;
    }
out:
    agx_answer_free(a);
    filters_clear(&f);
    agx_prepared_clear(&prep);
    free(widened);
    free(corrected);
    return st;
}

agx_status
agx_query_run(agx_searcher *s, const agx_request *req, agx_answer **out,
              char **errmsg)
{
    return query_run(s, req, 1, out, errmsg);
}
