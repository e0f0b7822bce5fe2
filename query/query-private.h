/* query-private.h: what the query module's files share. */
#ifndef AGX_QUERY_PRIVATE_H
#define AGX_QUERY_PRIVATE_H

#include "agx_query.h"

/* An answer: the results of one search, with what printing them needs. */
struct agx_answer {
    char *query;     /* as typed; for a case, its normal form */
    char *corrected; /* the query as searched, misspellings corrected;
                        NULL if none was */
    char *missing;   /* shards left out of the search (AGX_QUERY_PARTIAL),
                        comma-separated; NULL if none was */
    /* COPIES[i]: the files with hit i's content, its own included (NULL:
     * none other); N_COPIES entries, one per hit, or none. */
    agx_results **copies;
    size_t n_copies;
    unsigned offset;
    int grouped; /* hits are documents (collapsed on the file) */
    /* Xapian's suggestion (agx_results_suggestion()) was searched and
     * finds nothing either: not offered. */
    int suggestion_empty;
    agx_results *res;
};

/* The values each hit of a search carries, in this order (agx_query_run
 * asks for them; answer.c prints them). */
enum {
    V_FILE,
    V_PAGE,
    V_UDVALG,
    V_DATE,
    V_TYPE,
    V_ITEM,
    V_RECORDS,
    V_CONTENT,
    N_VALUES
};

/* The values of each copy of a hit's file (the same content elsewhere). */
enum { K_FILE, K_UDVALG, K_DATE, N_COPY_VALUES };

/* The values of each page of a case's history, in this order. */
enum { C_FILE, C_PAGE, C_UDVALG, C_DATE, C_TYPE, C_CASES, N_CASE_VALUES };

/* The facets every search counts, in the order they are printed. */
typedef struct {
    unsigned slot;
    const char *key, *label;
    int in_time; /* listed in time order (the most frequent, if in part) */
} agx_facet;
extern const agx_facet agx_facets[];
extern const size_t agx_n_facets;

/* Abbreviations and their long forms (abbrev.c).  A table holds the
 * built-in list and the users' lists; the archive's own definitions (XA
 * terms) are looked up in the index by each query, for the letters its
 * words begin with, so that a search's cost does not grow with how many
 * definitions the archive makes. */
typedef struct {
    char *shrt;         /* lower case, æ ø å spelt ae oe aa, as a prepared
                           query has its words */
    char *shown;        /* lower case, spelt as written */
    char *lng;          /* lower case, spelt as the text has it */
    char *key;          /* the long form's word stems, folded: compared;
                           NULL until a query needs it (abbrev_key) */
    size_t words;       /* the long form's words: how many stems KEY has */
    char first;         /* KEY's first byte, known without stemming */
    const char *source; /* "built-in", "archive" or a file's name */
} agx_abbrev_entry;
typedef struct {
    agx_abbrev_entry *v;
    size_t n, cap;
    size_t archive_at; /* the archive's definitions rank after the first
                          ARCHIVE_AT entries (the built-in list) */
} agx_abbrevs;

typedef struct agx_stem agx_stem;

/* Adds the built-in list to T, and marks where the archive's
 * definitions rank.  Returns 0, or -1 if memory ran out. */
int agx_abbrevs_builtin(agx_abbrevs *t);
/* Adds the list TEXT ("ABBR<TAB>long form" lines, "#" comments) from
 * SOURCE (which must outlive T).  Returns 0, or -1 if memory ran out. */
int agx_abbrevs_parse(agx_abbrevs *t, const char *text, const char *source);
/* Adds the archive's definitions (DB's XA terms) whose short form begins
 * with PREFIX ("" for every one). */
agx_status agx_abbrevs_archive(agx_abbrevs *t, agx_db *db,
                               const char *prefix);
/* The prepared query Q with each abbreviation or long form in it widened
 * to both, by T and by the archive's definitions in DB, in *OUT
 * (malloc'd).  Fills the keys of the entries of T it compares. */
agx_status agx_abbrevs_expand(agx_abbrevs *t, agx_db *db, agx_stem *stem,
                              const char *q, char **out);
/* Calls FN with each entry of T and of ARCHIVE (another table, of the
 * archive's definitions), in the order a query ranks them; FN returns
 * non-zero to stop, and then so does this, with FN's value. */
int agx_abbrevs_each(agx_abbrevs *t, agx_abbrevs *archive,
                     int (*fn)(void *ctx, agx_abbrev_entry *e), void *ctx);
void agx_abbrevs_clear(agx_abbrevs *t);
/* Is E about WORD (one word, as typed): its short form, or a word of its
 * long form?  1 or 0; -1 if memory ran out. */
int agx_abbrev_about(agx_abbrev_entry *e, agx_stem *stem, const char *word);

/* Misspellings (correct.c): if words of the query RAW (valid) are
 * misspelt, *WIDENED is RAW with each as (word OR correction) and *SHOWN
 * RAW with the corrections, both malloc'd; else both NULL. */
agx_status agx_correct(agx_db *db, agx_stem *stem, const char *raw,
                       char **widened, char **shown);

/* agx_strdupf(), a printf() into a malloc'd string, is stemmer's. */
char *agx_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* AGX_QUERY_PRIVATE_H */
