/* agx_xapian.h: the only door from C into Xapian.  No exception crosses it.
 *
 * agendex keeps its index in a Xapian database.  Everything the C code needs
 * of Xapian (opening and committing databases, building documents with the
 * term generator, running a query with facets and snippets) is reached
 * through the functions below, implemented in agx_xapian.cc (with
 * tally.cc, its helper): the project's only C++.  Every function catches every
 * exception and turns it into an agx_status; the text of the last error waits
 * on the database handle.
 *
 * Stemming is not Xapian's: the caller hands in a C function (normally the
 * stemmer module's libstemmer wrapper) that both the term generator and the
 * query parser use, so index and query always stem alike.
 */
#ifndef AGX_XAPIAN_H
#define AGX_XAPIAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define AGX_NOEXCEPT noexcept /* an escaped exception terminates, never UB */
#else
#define AGX_NOEXCEPT
#endif

typedef struct agx_db agx_db;           /* an open index, reader or writer */
typedef struct agx_doc agx_doc;         /* a document being built */
typedef struct agx_analyser agx_analyser; /* builds documents, one thread's */
typedef struct agx_results agx_results; /* hits and facet counts of a search */

typedef enum {
    AGX_DB_READ,
    AGX_DB_WRITE,
    AGX_DB_READ_PARTIAL /* a reader that leaves out shards it cannot open */
} agx_db_mode;

typedef enum {
    AGX_OK = 0,
    AGX_ERR_NOMEM,     /* std::bad_alloc */
    AGX_ERR_NOT_FOUND, /* DatabaseNotFoundError, DatabaseOpeningError */
    AGX_ERR_LOCKED,    /* DatabaseLockError: another indexer is running */
    AGX_ERR_CORRUPT,   /* DatabaseCorruptError */
    AGX_ERR_MODIFIED,  /* DatabaseModifiedError: reopen and retry */
    AGX_ERR_QUERY,     /* the user's query: malformed, or too broad */
    AGX_ERR_XAPIAN,    /* any other Xapian::Error */
    AGX_ERR_IO,        /* the file system, outside Xapian (a rename) */
    AGX_ERR_INTERNAL   /* anything else: a bug in agendex */
} agx_status;

/* A stemmer supplied by C.  It is called with one lower-case UTF-8 word of
 * LEN bytes and returns its stem, *OUT_LEN bytes long, in a buffer that CTX
 * owns and that stays valid until the next call; or NULL, and the word is
 * used unstemmed.  It must not call back into this header. */
typedef const char *(*agx_stem_fn)(void *ctx, const char *word, size_t len,
                                   size_t *out_len);

/* Opens the index at PATH; AGX_DB_WRITE creates it (and its directory) if it
 * is missing.  PATH is a Xapian database, or a sharded index: a Xapian stub
 * database (a file, or a folder holding one named XAPIANDB) whose first
 * line is the index as a whole (metadata, synonyms, spelling) and the
 * others its shards, local ("auto PATH") or, for reading, on another
 * machine ("remote HOST:PORT", served by xapian-tcpsrv).  A reader opens
 * them as one; a part that cannot be opened is named in the error, or,
 * with AGX_DB_READ_PARTIAL, left out (agx_db_missing()) unless it is the
 * first.  A writer adds each document to the shard agx_db_route() chose.
 * Return value:
 * AGX_OK: *out is the open index; close it with agx_db_close().
 * AGX_ERR_NOT_FOUND: AGX_DB_READ and there is no index at PATH.
 * AGX_ERR_LOCKED: AGX_DB_WRITE and another writer holds the index.
 * AGX_ERR_CORRUPT, AGX_ERR_XAPIAN, AGX_ERR_NOMEM: as their names say.
 * On failure *out is NULL, and *errmsg (if ERRMSG is not NULL) is a message
 * from malloc() that the caller frees with free(). */
agx_status agx_db_open(const char *path, agx_db_mode mode, agx_db **out,
                       char **errmsg) AGX_NOEXCEPT;

/* Makes PATH (a folder) a sharded index of N shards, if it is not one
 * already: writes its stub.  An index of another shard count, or one not
 * sharded, is an error (AGX_ERR_XAPIAN, with *errmsg malloc'd). */
agx_status agx_db_create_shards(const char *path, unsigned n,
                                char **errmsg) AGX_NOEXCEPT;

/* The number of shards of DB: 0 if it is not sharded. */
unsigned agx_db_shard_count(const agx_db *db) AGX_NOEXCEPT;

/* The parts of DB left out (AGX_DB_READ_PARTIAL), comma-separated; ""
 * if none.  Valid while DB is open. */
const char *agx_db_missing(const agx_db *db) AGX_NOEXCEPT;

/* Where a writer's next documents and metadata go: the shard of KEY (a
 * file's path; a stable hash of it), or with KEY NULL the index as a
 * whole (the schema, the last run).  Synonyms and spelling always go to
 * the index as a whole.  An index without shards has one place for all. */
void agx_db_route(agx_db *db, const char *key) AGX_NOEXCEPT;

/* Closes DB.  A writer is NOT committed here: call agx_db_commit() first,
 * or the changes since the last commit are discarded.  NULL is a no-op. */
void agx_db_close(agx_db *db) AGX_NOEXCEPT;

/* The message of the last failed call on DB, or "" if none failed.  The
 * string belongs to DB and is valid until the next call on DB. */
const char *agx_db_last_error(const agx_db *db) AGX_NOEXCEPT;

/* Makes FN (with CTX) the stemmer of DB's term generator, query parser and
 * snippets.  Without it, no stemmed terms are made or searched.  CTX stays
 * owned by the caller and must outlive DB. */
void agx_db_set_stemmer(agx_db *db, agx_stem_fn fn, void *ctx) AGX_NOEXCEPT;

/* Makes every change since the last commit durable, atomically.
 * Return value: AGX_OK, or an error whose text is agx_db_last_error(). */
agx_status agx_db_commit(agx_db *db) AGX_NOEXCEPT;

/* Brings a reader up to the latest commit (after AGX_ERR_MODIFIED). */
agx_status agx_db_reopen(agx_db *db) AGX_NOEXCEPT;

/* Does the reader DB still read what its path holds now?  *CURRENT is 1 if
 * so; 0 if a commit, a compaction or a new index has replaced it since it
 * was opened (for a local index, found with a stat() of its version file
 * and stub: cheap enough for every request of a long-lived reader).  A
 * reader that is not current is closed and opened again.
 * Return value: AGX_OK, or an error (a remote part unreachable), with
 * *CURRENT 0. */
agx_status agx_db_current(agx_db *db, int *current) AGX_NOEXCEPT;

/* Writes a compacted copy of DB (a writer, whose lock keeps indexers out
 * meanwhile, committed), with its segments merged in, to the new folder
 * DEST: Xapian's compactor. */
agx_status agx_db_compact(agx_db *db, const char *dest) AGX_NOEXCEPT;

/* Makes PATH (a folder; new, or a segment a killed run left) a segment
 * of the writer DB, an index without shards: from now on the pages and
 * records of files (agx_db_route() with a path) go to it, while deletions
 * go to the index as before, as do the schema, the last run, synonyms and
 * spelling.  DB's searches see its segments; agx_db_commit() commits the
 * index first, then each segment; agx_db_compact() merges them all into
 * one index, a file's record from the newest that has it.  A writer
 * adds to one Xapian database at a time, and a database's commits grow
 * costlier as it grows: segments keep each one small. */
agx_status agx_db_add_segment(agx_db *db, const char *path) AGX_NOEXCEPT;

/* Makes the writer DB keep a tally table (one in each database: a sharded
 * index's shards and whole have one each) of its packed SLOT of N fields (agx_doc_pack_values(),
 * the last naming the document's file), called before any document is
 * added (again: a no-op): read from the index, brought up to date with
 * the documents added since it was written (all of them, the first
 * time), then kept with every document added and stored with every
 * commit, and written afresh by agx_db_compact().  A search (agx_search_spec.packed_slot)
 * on an index with a current table counts its matches by document id,
 * several times faster than by value; on any other it reads values.
 * The documents of one file must be added one after another, in one
 * writer's session. */
agx_status agx_db_keep_tally(agx_db *db, unsigned slot, size_t n) AGX_NOEXCEPT;

/* The state of the reader DB's tally table for SLOT packed of N fields. */
typedef enum {
    AGX_TALLY_NONE,    /* none: a remote part, or never written */
    AGX_TALLY_STALE,   /* one that is not this database's as it is now, or
                          is damaged: searches count by value */
    AGX_TALLY_CURRENT, /* searches count by document id */
} agx_tally_state;
agx_tally_state agx_db_tally_state(agx_db *db, unsigned slot,
                                   size_t n) AGX_NOEXCEPT;

/* The number of segments of DB. */
size_t agx_db_segment_count(const agx_db *db) AGX_NOEXCEPT;

/* Stores *out = the number of documents in DB. */
agx_status agx_db_doc_count(agx_db *db, unsigned long *out) AGX_NOEXCEPT;

/* Deletes every document that carries the boolean TERM (a writer only),
 * and takes their words off the spelling data. */
agx_status agx_db_delete_term(agx_db *db, const char *term) AGX_NOEXCEPT;

/* Adds DOC to DB (a writer only), and its words to the spelling data.
 * DOC stays the caller's to free. */
agx_status agx_db_add(agx_db *db, agx_doc *doc) AGX_NOEXCEPT;

/* Adds SYNONYM as a synonym of TERM (a writer only): a search for TERM
 * also finds SYNONYM when the spec asks for synonyms. */
agx_status agx_db_add_synonym(agx_db *db, const char *term,
                              const char *synonym) AGX_NOEXCEPT;

/* Calls FN with each term of DB that starts with PREFIX (the whole term,
 * NUL-terminated, valid during the call) and the number of documents that
 * hold it, in order; FN returns non-zero to stop. */
agx_status agx_db_terms(agx_db *db, const char *prefix,
                        int (*fn)(void *ctx, const char *term,
                                  unsigned long freq),
                        void *ctx) AGX_NOEXCEPT;

/* Calls FN with each document that holds TERM: its value in SLOT and its
 * data (LEN bytes), valid during the call; FN returns non-zero to stop.
 * A writer sees what it has not committed yet. */
agx_status agx_db_docs_each(agx_db *db, const char *term, unsigned slot,
                            int (*fn)(void *ctx, const char *value,
                                      const char *data, size_t len),
                            void *ctx) AGX_NOEXCEPT;

/* *OUT gets the number of documents that hold TERM (0 if none). */
agx_status agx_db_termfreq(agx_db *db, const char *term,
                           unsigned long *out) AGX_NOEXCEPT;

/* The word of DB's spelling data closest to WORD, at most MAX_EDITS edits
 * away (Unicode characters, so æ is one), the most frequent of the
 * nearest; Xapian may offer it even for a word that is there, when a
 * neighbour is more frequent.  *OUT is a malloc'd string, "" if none; the
 * caller frees it. */
agx_status agx_db_spelling(agx_db *db, const char *word, unsigned max_edits,
                           char **out) AGX_NOEXCEPT;

/* Calls FN with each synonym key of DB that starts with PREFIX and each of
 * its synonyms (both valid during the call), in key order; FN returns
 * non-zero to stop. */
agx_status agx_db_synonyms_each(agx_db *db, const char *prefix,
                                int (*fn)(void *ctx, const char *key,
                                          const char *synonym),
                                void *ctx) AGX_NOEXCEPT;

/* Removes SYNONYM from TERM's synonyms (a writer only). */
agx_status agx_db_remove_synonym(agx_db *db, const char *term,
                                 const char *synonym) AGX_NOEXCEPT;

/* Calls FN with each user metadata key of DB that starts with PREFIX and
 * its value (both valid during the call), in key order; FN returns
 * non-zero to stop. */
agx_status agx_db_metadata_each(agx_db *db, const char *prefix,
                                int (*fn)(void *ctx, const char *key,
                                          const char *value),
                                void *ctx) AGX_NOEXCEPT;

/* Reads and writes DB's user metadata (Xapian's key/value store); setting
 * "" deletes KEY.  *out is a string from malloc() ("" when KEY is unset)
 * that the caller frees. */
agx_status agx_db_get_metadata(agx_db *db, const char *key,
                               char **out) AGX_NOEXCEPT;
agx_status agx_db_set_metadata(agx_db *db, const char *key,
                               const char *value) AGX_NOEXCEPT;

/* A term generator with Danish stemming by FN (called with CTX), for
 * building documents apart from any index, in any thread: one analyser
 * per thread, which alone uses it, its CTX and the documents it is
 * building.  A built document may go to another thread (the writer's,
 * agx_db_add()).  FN NULL: no stemming.  NULL if memory ran out.  Free
 * with agx_analyser_free()
 * (NULL is a no-op) after its documents. */
agx_analyser *agx_analyser_new(agx_stem_fn fn, void *ctx) AGX_NOEXCEPT;
void agx_analyser_free(agx_analyser *an) AGX_NOEXCEPT;

/* What the last failed call on AN's documents said ("" if none). */
const char *agx_analyser_last_error(const agx_analyser *an) AGX_NOEXCEPT;

/* Starts a new, empty document built with AN.  *out is freed with
 * agx_doc_free().  Errors of the agx_doc_ calls are reported through
 * agx_analyser_last_error(AN). */
agx_status agx_doc_new(agx_analyser *an, agx_doc **out) AGX_NOEXCEPT;

/* Frees DOC.  NULL is a no-op. */
void agx_doc_free(agx_doc *doc) AGX_NOEXCEPT;

/* Runs the term generator over TEXT (LEN bytes of UTF-8): unstemmed terms
 * with positions and "Z"-prefixed stemmed terms, each under PREFIX ("" for
 * body text), every occurrence adding WDF_INC to the term's weight.  Later
 * calls continue the positions of earlier ones, with a gap between them. */
agx_status agx_doc_index_text(agx_doc *doc, const char *text, size_t len,
                              unsigned wdf_inc,
                              const char *prefix) AGX_NOEXCEPT;

/* The term position DOC's text has reached: words indexed after this
 * call get greater positions. */
unsigned agx_doc_position(const agx_doc *doc) AGX_NOEXCEPT;

/* Adds TERM to DOC as a word seen WDF times, without positions: another
 * spelling of words the text has ("2500" for "2.500").  An unprefixed
 * TERM is spelling data too (agx_db_add()). */
agx_status agx_doc_add_term(agx_doc *doc, const char *term,
                            unsigned wdf) AGX_NOEXCEPT;

/* Adds WORD (lower case) to DOC as a word of its text seen WDF times, and
 * its stem as the term generator adds it (if the analyser stems), without
 * positions: a word the text writes otherwise ("klimastrategi" for
 * "klima-strategi").  Spelling data too. */
agx_status agx_doc_add_word(agx_doc *doc, const char *word,
                            unsigned wdf) AGX_NOEXCEPT;

/* Adds TERM to DOC as a boolean (filter) term: no positions, no weight. */
agx_status agx_doc_add_boolean(agx_doc *doc, const char *term) AGX_NOEXCEPT;

/* Sets value SLOT of DOC to the NUL-terminated VALUE. */
agx_status agx_doc_set_value(agx_doc *doc, unsigned slot,
                             const char *value) AGX_NOEXCEPT;

/* Sets value slot DEST to the values DOC holds in SLOTS[0..N), in that
 * order, each as "<length>:<bytes>" (so any byte may occur in them): for
 * agx_search_spec.packed_slot. */
agx_status agx_doc_pack_values(agx_doc *doc, unsigned dest,
                               const unsigned *slots, size_t n) AGX_NOEXCEPT;

/* Sets the document data of DOC to LEN bytes at DATA. */
agx_status agx_doc_set_data(agx_doc *doc, const char *data,
                            size_t len) AGX_NOEXCEPT;

/* A field of the query language: "NAME:value" searches PREFIX.  A boolean
 * field is an exact filter term (value used as typed); otherwise the value
 * is free text, stemmed, searched among terms indexed under PREFIX. */
typedef struct {
    const char *name;
    const char *prefix;
    int boolean;
} agx_field;

/* A filter term: a hit must have, for each GROUP used, one of that
 * group's terms (OR within a group, AND across groups). */
typedef struct {
    const char *term;
    unsigned group;
} agx_filter;

/* A hit's value in SLOT must lie within [MIN, MAX], as strings; NULL is
 * open on that side. */
typedef struct {
    unsigned slot;
    const char *min, *max;
} agx_range;

/* A stemmed word W of a query (a Z term) also finds the synonyms that the
 * table lists under KEY_PREFIX + W's stem, as one term whose weight counts
 * SCALE times: the compounds it makes (agx_schema.h).  Whatever the spec
 * says, W also finds the stems the table gives W itself as synonyms (the
 * real stem "Zbørn" of the "Zboern" a query spells), as the same term. */
typedef struct {
    const char *key_prefix;
    double scale;
} agx_widen;

/* What agx_db_search() is to do. */
typedef struct {
    const char *query;         /* NFC UTF-8, in Xapian's query syntax; "" with
                                  filters or ranges: every such document */
    const agx_filter *filters; /* N_FILTERS of them */
    size_t n_filters;
    const agx_range *ranges; /* N_RANGES, all must hold */
    size_t n_ranges;
    unsigned offset, limit;  /* which hits to return, by rank */
    const agx_field *fields; /* the query language's fields */
    size_t n_fields;
    const unsigned *facets; /* value slots to count over all matches */
    size_t n_facets;
    size_t facet_limit; /* the most values a facet returns (its most
                           frequent); 0: every one */
    /* PACKED_SLOT holds the values of PACKED_SLOTS[0..N_PACKED) together
     * (agx_doc_pack_values()).  If they include every facet's slot and
     * COLLAPSE_SLOT, and every document has it, it is counted instead of
     * them: one value read a match, not one a slot. */
    unsigned packed_slot;
    const unsigned *packed_slots;
    size_t n_packed;
    const unsigned *values; /* value slots to return for each hit */
    size_t n_values;
    int by_value;             /* sort by SORT_SLOT (as strings), not by */
    unsigned sort_slot;       /* relevance */
    int sort_reverse;         /* descending */
    int regions;              /* pick each hit's region: REGIONS_SLOT holds */
    unsigned regions_slot;    /* "<position>\t<label>" lines; the label of the
                                 one with most matched words (by position)
                                 is agx_results_region() */
    int tiebreak;             /* order hits of equal score by TIEBREAK_SLOT */
    unsigned tiebreak_slot;   /* (else by document id, which differs
                                 between one index and its shards).  One
                                 slot each: Xapian's remote backend sorts
                                 by one value only. */
    int collapse_slot;        /* one hit per value of this slot; -1: off */
    int synonyms;             /* expand words by the synonym table */
    int spelling;             /* make a spelling suggestion */
    const char *boost_prefix; /* a field whose matches add weight, or NULL */
    double boost_scale;       /* how much its weight counts */
    double exact_scale;       /* the words as typed, unstemmed, add their weight
                                 times this (0: off) */
    double bm25_k1, bm25_b;   /* BM25 parameters; 0 and 0: Xapian's */
    const agx_widen *widen;   /* N_WIDEN ways to widen each stemmed word */
    size_t n_widen;
    unsigned snippet_bytes; /* 0: no snippets */
    const char *hi_start;   /* snippet markers around matched words */
    const char *hi_end;
    /* A boolean term of the query or of its filters with MARK_PREFIX (a
     * case number's, "XS2023-01438") is shown where the text has it: its
     * value's words ("2023 01438"), and first the same after MARK_LEAD
     * ("sag 2023 01438") if set, as phrases that snippets mark and a hit's
     * region counts, adding no weight.  NULL: none. */
    const char *mark_prefix;
    const char *mark_lead;
    /* The words the index also holds joined, without positions: JOINED
     * (TEXT, LEN, FN, CTX) calls FN for each in TEXT (WORD, LEN bytes).
     * A snippet reads such a word of a hit's page as its joined word
     * where the query has that word or its stem, and marks it whole:
     * "klima-strategien" for klimastrategien.  NULL: none. */
    void (*joined)(const char *text, size_t len,
                   int (*fn)(void *ctx, const char *word, size_t len),
                   void *ctx);
    /* The same for numbers written with their digits apart ("2.500", "70
     * 12 34 56"; the index holds "2500", "70123456"): asked only when the
     * query has a word of digits.  NULL: none. */
    void (*numbers)(const char *text, size_t len,
                    int (*fn)(void *ctx, const char *word, size_t len),
                    void *ctx);
    /* Matches counted by the tally table are counted on a thread of
     * their own, while the hits are ranked, if the query's words'
     * frequencies say it matches about this many documents or more; 0:
     * never.  (Worth it on a machine of two cores or more, for a count
     * that costs more than starting a thread: tens of thousands of
     * matches.) */
    unsigned long count_apart_from;
} agx_search_spec;

/* Runs SPEC over DB: ranked by BM25, with exact facet counts over every
 * match.  If BOOST_PREFIX is set, the query is also read as if every word
 * were in that field (titles, say), and a hit's match there adds its weight
 * times BOOST_SCALE; it changes the order of hits, never which they are.
 * Snippets come from each hit's document data, HTML-escaped by Xapian (& < >),
 * with HI_START and HI_END around the matched words. Return value: AGX_OK: *out
 * holds the results; free them with agx_results_free(). AGX_ERR_QUERY: the
 * query cannot be parsed; agx_db_last_error() says why. AGX_ERR_MODIFIED: the
 * index changed under the reader: agx_db_reopen() and search again. On failure
 * *out is NULL. */
agx_status agx_db_search(agx_db *db, const agx_search_spec *spec,
                         agx_results **out) AGX_NOEXCEPT;

/* The number of documents that match, all of them, not just those returned
 * (exact: a second match counts every one).  With COLLAPSE_SLOT, the
 * number of groups (distinct values). */
unsigned long agx_results_total(const agx_results *res) AGX_NOEXCEPT;

/* Were RES's matches counted by document id, with the index's tally table
 * (agx_db_keep_tally()), rather than by value?  0: by value; 1: by the
 * table, as Xapian's matcher met them; 2: by the table, from a bitmap of
 * the matches built from the query's postings (a broad query of whole
 * words).  The counts are the same every way. */
int agx_results_by_table(const agx_results *res) AGX_NOEXCEPT;

/* Were RES's matches counted on a thread of their own, while the hits
 * were ranked (COUNT_APART_FROM)?  1 or 0. */
int agx_results_apart(const agx_results *res) AGX_NOEXCEPT;

/* The number of documents the facets counted: every match, before any
 * collapsing. */
unsigned long agx_results_counted(const agx_results *res) AGX_NOEXCEPT;

/* With COLLAPSE_SLOT: how many other matching documents share hit I's
 * value (exact, as every match is counted).  0 otherwise. */
unsigned long agx_results_collapsed(const agx_results *res,
                                    size_t i) AGX_NOEXCEPT;

/* With SPELLING: the query with misspelt words replaced by the index's
 * own, or "" if none looked misspelt.  Belongs to RES. */
const char *agx_results_suggestion(const agx_results *res) AGX_NOEXCEPT;

/* The number of hits returned (at most SPEC's limit). */
size_t agx_results_size(const agx_results *res) AGX_NOEXCEPT;

/* Hit I's BM25 score. */
double agx_results_score(const agx_results *res, size_t i) AGX_NOEXCEPT;

/* Hit I's value number J of SPEC's VALUES, or its snippet ("" if none).
 * The strings belong to RES and are valid until agx_results_free(). */
const char *agx_results_value(const agx_results *res, size_t i,
                              size_t j) AGX_NOEXCEPT;
const char *agx_results_snippet(const agx_results *res, size_t i) AGX_NOEXCEPT;
/* The label of hit I's region where most of the query's words are (see
 * agx_search_spec.regions); "" if the spec asked for none or the page has
 * no regions. */
const char *agx_results_region(const agx_results *res, size_t i) AGX_NOEXCEPT;

/* Facet F (an index into SPEC's FACETS): the number of its values
 * returned (at most SPEC's facet_limit), and value K with its count, most
 * frequent first (ties by value).  The string belongs to RES and is valid
 * until agx_results_free(). */
size_t agx_results_facet_size(const agx_results *res, size_t f) AGX_NOEXCEPT;
/* The number of distinct values facet F has over all matches: more than
 * agx_results_facet_size() when FACET_LIMIT left some out. */
size_t agx_results_facet_values(const agx_results *res, size_t f) AGX_NOEXCEPT;
const char *agx_results_facet_value(const agx_results *res, size_t f, size_t k,
                                    unsigned long *count) AGX_NOEXCEPT;

/* Frees RES with all its strings.  NULL is a no-op. */
void agx_results_free(agx_results *res) AGX_NOEXCEPT;

/* A static English name of STATUS, for messages ("index is locked"). */
const char *agx_status_str(agx_status status) AGX_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* AGX_XAPIAN_H */
