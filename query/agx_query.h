/* agx_query.h: searching the index.
 *
 * A searcher is an open index (read-only) with the Danish stemmer plugged
 * into Xapian's query parser.  agx_query_run() takes what the user typed,
 * checks and normalises it (agx_query_prepare()), and returns ranked hits,
 * each a page, with snippets and exact facet counts by udvalg, meeting and
 * year over all matches.  agx_answer_print() walks an answer once for any
 * printer (print.h), so text and JSON always say the same thing.
 */
#ifndef AGX_QUERY_H
#define AGX_QUERY_H

#include "agx_xapian.h"
#include "print.h"

typedef struct agx_searcher agx_searcher;
typedef struct agx_answer agx_answer;

/* The longest query accepted, in bytes. */
#define AGX_QUERY_MAX 2048

typedef enum {
    AGX_SORT_RELEVANCE = 0,
    AGX_SORT_DATE,      /* oldest meeting first */
    AGX_SORT_DATE_DESC, /* newest meeting first */
} agx_sort;

/* What the user asks. */
typedef struct {
    const char *text;          /* the query as typed */
    unsigned offset;           /* hits to skip */
    unsigned limit;            /* hits to return */
    const char *const *udvalg; /* only these committees (any of them) */
    size_t n_udvalg;
    const char *const *types; /* only these document types */
    size_t n_types;
    const char *from, *to; /* only meetings within these dates
                              (YYYY[-MM[-DD]], inclusive), or NULL */
    agx_sort sort;
    int pages;        /* a hit per page, not one per document */
    int no_compounds; /* words match whole words only */
    int exact;        /* no misspelling corrected */
    unsigned facets;  /* the most values each facet lists (its most
                         frequent; the answer says how many it has):
                         AGX_FACETS_DEFAULT, say; 0: every one */
} agx_request;

/* How many values of each facet a person is shown: every udvalg and year
 * of an archive, the busiest meetings and months. */
#define AGX_FACETS_DEFAULT 50

/* A query made ready for Xapian's parser. */
typedef struct {
    char *text;  /* malloc'd */
    char lo[11]; /* the dato: range's span, "" where open */
    char hi[11];
    int joined; /* a hyphenated word was widened with its joined form */
} agx_prepared;

/* Flags of agx_query_open(). */
enum {
    /* A sharded index with a shard that cannot be reached is searched
     * without it, and each answer names it (agx_answer "partial"), instead
     * of failing. */
    AGX_QUERY_PARTIAL = 1,
};

/* Opens the index in DBPATH (a folder, or a Xapian stub file listing
 * shards) for searching, with FLAGS (AGX_QUERY_*, or 0).
 * Return value:
 * AGX_OK: *out is the searcher; agx_query_close() frees it.
 * AGX_ERR_NOT_FOUND: there is no index in DBPATH (run agendex index).
 * Any other status: the index cannot be opened.
 * On failure *out is NULL and *errmsg is a message from malloc() for the
 * caller to free(). */
agx_status agx_query_open(const char *dbpath, unsigned flags,
                          agx_searcher **out, char **errmsg);

/* Frees S.  NULL is a no-op. */
void agx_query_close(agx_searcher *s);

/* Does S still search what its index holds now?  0 once a commit, a
 * compaction, a new index in its place or a changed synonyms.txt beside it
 * has come after agx_query_open() (or a remote part cannot say): then
 * close S and open another.  A long-lived process (agendex serve) keeps a
 * searcher while this is 1, at the cost of a stat() or two. */
int agx_query_current(agx_searcher *s);

/* Is PATH (absolute, as indexed) a file of S's index?  1 or 0 (also on
 * an error of the index). */
int agx_query_has_file(agx_searcher *s, const char *path);

/* Adds the abbreviations listed in the file at PATH ("ABBR<TAB>long
 * form" lines, "#" comments; stemmer/abbreviations.txt is the built-in
 * one) to those S's searches widen.  agx_query_open() adds DBPATH/
 * synonyms.txt itself when there is one.
 * Return value: AGX_OK; AGX_ERR_NOT_FOUND if the file cannot be read, or
 * AGX_ERR_NOMEM, with *errmsg a malloc'd message. */
agx_status agx_query_add_synonyms(agx_searcher *s, const char *path,
                                  char **errmsg);

/* How a word of a query is widened (agx_schema.h): the kinds of
 * relation the index derives from its vocabulary. */
typedef enum {
    AGX_REL_SPELLING,     /* WORD typed with ae oe aa: the word with æ ø å */
    AGX_REL_HEAD,         /* WORD's stem heads the compound RELATED (a stem) */
    AGX_REL_MODIFIER,     /* WORD's stem is a modifier in RELATED */
    AGX_REL_ABBREVIATION, /* WORD is short for RELATED, or RELATED for WORD */
    AGX_REL_COORDINATED   /* WORD is written in RELATED: "sundheds- og
                             ældreområdet" for sundhedsområdet */
} agx_relation;

/* Calls FN with each relation in force for WORD (any case, as typed in a
 * query), or with every relation of the index if WORD is NULL; FN returns
 * non-zero to stop.  KEY is the word or stem as the index looks it up;
 * SOURCE is where the relation comes from: "vocabulary" (derived by the
 * indexer), "archive" (defined in a document), "built-in" or a list's
 * file name.
 * Return value: AGX_OK, or another status with *errmsg a malloc'd
 * message. */
agx_status agx_query_relations(agx_searcher *s, const char *word,
                               int (*fn)(void *ctx, agx_relation rel,
                                         const char *key, const char *related,
                                         const char *source),
                               void *ctx, char **errmsg);

/* Checks and normalises the query RAW for Xapian's parser: valid UTF-8, no
 * control characters, at most AGX_QUERY_MAX bytes; NFC; every word lower
 * case except the operators AND, OR, NOT, XOR, NEAR and ADJ (so a word typed
 * with a capital is stemmed like any other); a case number becomes the
 * sag: filter; æ ø å outside quotes are spelt ae oe aa (the index maps
 * those spellings back to its words); dato:A..B (or dato:A) is taken out
 * into OUT's span.
 * Return value: AGX_OK with OUT filled (agx_prepared_clear() frees it);
 * AGX_ERR_QUERY with *errmsg (malloc'd) saying what is wrong. */
agx_status agx_query_prepare(const char *raw, agx_prepared *out, char **errmsg);
void agx_prepared_clear(agx_prepared *p);

/* Runs REQ.  A search that meets a commit reopens the index and retries.
 * Return value:
 * AGX_OK: *out is the answer; agx_answer_free() frees it.
 * AGX_ERR_QUERY: the query is malformed (the user's error).
 * Any other status: the index failed.
 * On failure *out is NULL and *errmsg is a malloc'd message. */
agx_status agx_query_run(agx_searcher *s, const agx_request *req,
                         agx_answer **out, char **errmsg);

/* Looks up the case number RAW (SAG-2023-01438, 2023-01438, ...): every
 * page that refers to it, oldest meeting first.
 * Return value:
 * AGX_OK: *out is the answer (perhaps with no pages); agx_answer_free().
 * AGX_ERR_QUERY: RAW is not a case number; *errmsg says so.
 * Any other status: the index failed. */
agx_status agx_query_case(agx_searcher *s, const char *raw, agx_answer **out,
                          char **errmsg);

/* Walks A, an answer of agx_query_case(), for printer P: the case, its
 * counts, and each reference with date, udvalg, type, item, file, page. */
void agx_case_print(const agx_answer *a, agx_printer *p);

/* The number of pages that match, all of them. */
unsigned long agx_answer_total(const agx_answer *a);

/* The spelling the index suggests for a query that found nothing ("" if
 * none).  Belongs to A. */
const char *agx_answer_suggestion(const agx_answer *a);

/* Walks A for printer P: query, total, hits, facets. */
void agx_answer_print(const agx_answer *a, agx_printer *p);

/* Frees A.  NULL is a no-op. */
void agx_answer_free(agx_answer *a);

#endif /* AGX_QUERY_H */
