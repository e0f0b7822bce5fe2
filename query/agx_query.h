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

/* What the user asks. */
typedef struct {
    const char *text; /* the query as typed */
    unsigned offset;  /* hits to skip */
    unsigned limit;   /* hits to return */
} agx_request;

/* Opens the index in DBPATH for searching.
 * Return value:
 * AGX_OK: *out is the searcher; agx_query_close() frees it.
 * AGX_ERR_NOT_FOUND: there is no index in DBPATH (run agendex index).
 * Any other status: the index cannot be opened.
 * On failure *out is NULL and *errmsg is a message from malloc() for the
 * caller to free(). */
agx_status agx_query_open(const char *dbpath, agx_searcher **out,
                          char **errmsg);

/* Frees S.  NULL is a no-op. */
void agx_query_close(agx_searcher *s);

/* Checks and normalises the query RAW for Xapian's parser: valid UTF-8, no
 * control characters, at most AGX_QUERY_MAX bytes; NFC; every word lower
 * case except the operators AND, OR, NOT, XOR, NEAR and ADJ (so a word typed
 * with a capital is stemmed like any other).
 * Return value: AGX_OK with *out a malloc'd string for the caller to free();
 * AGX_ERR_QUERY with *errmsg (malloc'd) saying what is wrong. */
agx_status agx_query_prepare(const char *raw, char **out, char **errmsg);

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

/* Walks A for printer P: query, total, hits, facets. */
void agx_answer_print(const agx_answer *a, agx_printer *p);

/* Frees A.  NULL is a no-op. */
void agx_answer_free(agx_answer *a);

#endif /* AGX_QUERY_H */
