/* search.c: from what the user typed to ranked, faceted pages.
 *
 * The query is prepared (checked, NFC, lower-cased but for operators) and
 * handed to the shim with the fields, facets and values agendex uses.
 * Xapian's parser leaves a capitalised word unstemmed (its proper-noun
 * rule); lower-casing first makes "Takstaftalen" find what "takstaftalen"
 * finds, while quoted phrases still match the exact words, because the
 * parser searches phrases among the unstemmed, positional terms.
 */
#include "agx_query.h"

#include "agx_casenum.h"
#include "agx_schema.h"
#include "agx_stem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { SNIPPET_BYTES = 240, MAX_RETRIES = 3 };

/* A word matched in an agenda item's title adds its title weight on top of
 * the body's: the item is about it.  1.0 counts the title as much as the
 * body, as a separate field in BM25F would. */
static const double TITLE_SCALE = 1.0;

struct agx_searcher {
    agx_db *db;
    agx_stem *stem;
};

struct agx_answer {
    char *query; /* as typed; for a case, its normal form */
    unsigned offset;
    agx_results *res;
};

/* What a case's history shows of each page, in this order. */
static const unsigned case_values[] = {AGX_SLOT_FILE,   AGX_SLOT_PAGE,
                                       AGX_SLOT_UDVALG, AGX_SLOT_DATE,
                                       AGX_SLOT_TYPE,   AGX_SLOT_CASES};
enum { C_FILE, C_PAGE, C_UDVALG, C_DATE, C_TYPE, C_CASES, N_CASE_VALUES };

/* Oldest meeting first; within it, by file and page. */
static const unsigned case_sort[] = {AGX_SLOT_DATE, AGX_SLOT_FILE,
                                     AGX_SLOT_PAGE};

/* The facets every search counts, in the order they are printed. */
static const struct {
    unsigned slot;
    const char *key, *label;
} facets[] = {
    {AGX_SLOT_UDVALG, "udvalg", "By udvalg:"},
    {AGX_SLOT_MEETING, "meeting", "By meeting:"},
    {AGX_SLOT_YEAR, "year", "By year:"},
};
enum { N_FACETS = sizeof facets / sizeof *facets };

/* The values each hit carries, in this order. */
static const unsigned hit_values[] = {
    AGX_SLOT_FILE, AGX_SLOT_PAGE, AGX_SLOT_UDVALG,  AGX_SLOT_DATE,
    AGX_SLOT_TYPE, AGX_SLOT_ITEM, AGX_SLOT_RECORDS,
};
enum { V_FILE, V_PAGE, V_UDVALG, V_DATE, V_TYPE, V_ITEM, V_RECORDS, N_VALUES };

/* The query language's fields. */
static const agx_field fields[] = {
    {"udvalg", AGX_PREFIX_UDVALG, 1}, {"dato", AGX_PREFIX_DATE, 1},
    {"år", AGX_PREFIX_YEAR, 1},       {"type", AGX_PREFIX_TYPE, 1},
    {"sag", AGX_PREFIX_CASE, 1},
};

static char *strdupf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
strdupf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

agx_status
agx_query_open(const char *dbpath, agx_searcher **out, char **errmsg)
{
    agx_searcher *s = calloc(1, sizeof *s);
    char *dberr = NULL;
    agx_status st;

    *out = NULL;
    *errmsg = NULL;
    if (!s || !(s->stem = agx_stem_new())) {
        free(s);
        *errmsg = strdupf("out of memory, or no Danish stemmer");
        return AGX_ERR_NOMEM;
    }
    st = agx_db_open(dbpath, AGX_DB_READ, &s->db, &dberr);
    if (st != AGX_OK) {
        if (st == AGX_ERR_NOT_FOUND)
            *errmsg = strdupf("no index in '%s': run 'agendex index' first, "
                              "or name another with --db",
                              dbpath);
        else
            *errmsg = strdupf("cannot open index '%s': %s", dbpath,
                              dberr ? dberr : agx_status_str(st));
        free(dberr);
        agx_query_close(s);
        return st;
    }
    agx_db_set_stemmer(s->db, agx_stem_callback, s->stem);
    *out = s;
    return AGX_OK;
}

void
agx_query_close(agx_searcher *s)
{
    if (!s)
        return;
    agx_db_close(s->db);
    agx_stem_free(s->stem);
    free(s);
}

static int
is_operator(const char *w, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        size_t k = strlen(ops[i]);
        /* NEAR/3 and ADJ/3 carry a distance. */
        if (n >= k && memcmp(w, ops[i], k) == 0 && (n == k || w[k] == '/'))
            return 1;
    }
    return 0;
}

/* If the word at P (N bytes) is a case number (SAG-2023-01438,
 * sag:2023-01438, or "SAG" and the number as two words), writes its normal
 * form to NORM and returns how many bytes it takes; else 0. */
static size_t
case_number(const char *p, size_t n, char norm[AGX_CASENUM_MAX])
{
    const char *q = p;
    size_t m = 0;

    if (agx_casenum_parse(p, n, norm))
        return n;
    if (n == 3 && strncasecmp(p, "sag", 3) == 0) {
        for (q = p + 3; *q == ' '; q++)
            ;
        while (q[m] && q[m] != ' ' && q[m] != '\t' && q[m] != '\n')
            m++;
        if (m && agx_casenum_parse(q, m, norm))
            return (size_t)(q + m - p);
    }
    return 0;
}

agx_status
agx_query_prepare(const char *raw, char **out, char **errmsg)
{
    size_t len = strlen(raw), bad = 0, o = 0;
    char *nfc = NULL, *buf = NULL;
    agx_status st = AGX_ERR_QUERY;

    *out = NULL;
    *errmsg = NULL;
    if (len > AGX_QUERY_MAX) {
        *errmsg = strdupf("query too long: %zu bytes, at most %d", len,
                          AGX_QUERY_MAX);
        return st;
    }
    if (!agx_text_valid(raw, len, &bad)) {
        *errmsg = strdupf("query is not valid UTF-8 (byte %zu)", bad + 1);
        return st;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            *errmsg =
                strdupf("query has a control character (byte %zu)", i + 1);
            return st;
        }
    }
    nfc = agx_text_normalize(raw, len, 0);
    /* Lower-casing can lengthen a word (a few letters grow by a byte), so
     * leave room for each word to double; "sag:" makes a case number at
     * most four bytes longer, and it has at least eleven. */
    buf = nfc ? malloc(strlen(nfc) * 2 + 1) : NULL;
    if (!buf) {
        *errmsg = strdupf("out of memory");
        st = AGX_ERR_NOMEM;
        goto out;
    }
    for (const char *p = nfc; *p;) {
        char norm[AGX_CASENUM_MAX];
        size_t n = 0, skip;
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            buf[o++] = ' ';
            p++;
            continue;
        }
        while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n')
            n++;
        skip = case_number(p, n, norm);
        if (skip) {
            /* An exact filter, whatever way it was written. */
            o += (size_t)sprintf(buf + o, "sag:%s", norm);
            p += skip;
            continue;
        }
        if (is_operator(p, n)) {
            memcpy(buf + o, p, n);
            o += n;
        } else {
            char *low = agx_text_normalize(p, n, 1);
            size_t k = low ? strlen(low) : 0;
            if (!low || k > 2 * n) {
                free(low);
                *errmsg = strdupf("out of memory");
                st = AGX_ERR_NOMEM;
                goto out;
            }
            memcpy(buf + o, low, k);
            o += k;
            free(low);
        }
        p += n;
    }
    buf[o] = '\0';
    *out = buf;
    buf = NULL;
    st = AGX_OK;
out:
    free(buf);
    free(nfc);
    return st;
}

/* Runs SPEC into A->res; a search that meets a commit reopens the index
 * and retries. */
static agx_status
run(agx_searcher *s, const agx_search_spec *spec, agx_answer *a, char **errmsg)
{
    agx_status st;

    for (int tries = 0;; tries++) {
        st = agx_db_search(s->db, spec, &a->res);
        if (st != AGX_ERR_MODIFIED || tries == MAX_RETRIES)
            break;
        /* The indexer committed under us: look at its new commit. */
        if (agx_db_reopen(s->db) != AGX_OK)
            break;
    }
    if (st == AGX_ERR_QUERY)
        *errmsg =
            strdupf("cannot parse the query: %s", agx_db_last_error(s->db));
    else if (st != AGX_OK)
        *errmsg = strdupf("search failed: %s", agx_db_last_error(s->db));
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
        *errmsg = strdupf("'%s' is not a case number: write it as "
                          "SAG-2023-01438 or 2023-01438",
                          raw);
        return AGX_ERR_QUERY;
    }
    if (agx_db_doc_count(s->db, &docs) != AGX_OK)
        docs = 0;
    filter = strdupf("%s%s", AGX_PREFIX_CASE, norm);
    a = calloc(1, sizeof *a);
    if (!filter || !a || !(a->query = strdup(norm))) {
        *errmsg = strdupf("out of memory");
        goto out;
    }
    agx_search_spec spec = {
        .query = "",
        .filter = filter,
        .limit = docs ? (unsigned)docs : 1,
        .values = case_values,
        .n_values = N_CASE_VALUES,
        .sort = case_sort,
        .n_sort = sizeof case_sort / sizeof *case_sort,
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

agx_status
agx_query_run(agx_searcher *s, const agx_request *req, agx_answer **out,
              char **errmsg)
{
    unsigned slots[N_FACETS];
    agx_answer *a = NULL;
    char *prepared = NULL;
    agx_status st;

    *out = NULL;
    *errmsg = NULL;
    st = agx_query_prepare(req->text, &prepared, errmsg);
    if (st != AGX_OK)
        return st;
    for (size_t i = 0; i < N_FACETS; i++)
        slots[i] = facets[i].slot;

    agx_search_spec spec = {
        .query = prepared,
        .offset = req->offset,
        .limit = req->limit,
        .fields = fields,
        .n_fields = sizeof fields / sizeof *fields,
        .facets = slots,
        .n_facets = N_FACETS,
        .values = hit_values,
        .n_values = N_VALUES,
        .boost_prefix = AGX_PREFIX_TITLE,
        .boost_scale = TITLE_SCALE,
        .snippet_bytes = SNIPPET_BYTES,
        .hi_start = AGX_MARK_START,
        .hi_end = AGX_MARK_END,
    };
    a = calloc(1, sizeof *a);
    if (!a || !(a->query = strdup(req->text))) {
        st = AGX_ERR_NOMEM;
        *errmsg = strdupf("out of memory");
        goto out;
    }
    a->offset = req->offset;
    for (int tries = 0;; tries++) {
        st = agx_db_search(s->db, &spec, &a->res);
        if (st != AGX_ERR_MODIFIED || tries == MAX_RETRIES)
            break;
        /* The indexer committed under us: look at its new commit. */
        if (agx_db_reopen(s->db) != AGX_OK)
            break;
    }
    if (st == AGX_ERR_QUERY)
        *errmsg =
            strdupf("cannot parse the query: %s", agx_db_last_error(s->db));
    else if (st != AGX_OK)
        *errmsg = strdupf("search failed: %s", agx_db_last_error(s->db));
    else {
        *out = a;
        a = NULL;
    }
out:
    agx_answer_free(a);
    free(prepared);
    return st;
}

unsigned long
agx_answer_total(const agx_answer *a)
{
    return agx_results_total(a->res);
}

/* An empty value is unknown: null in JSON, "-" in text. */
static void
print_value(agx_printer *p, const char *key, const char *label, const char *v)
{
    p->map_key(p, key, label);
    p->string(p, *v ? v : NULL);
}

/* ITEM is "<number>\t<title>", or "" when the page is in no known item. */
static void
print_item(agx_printer *p, const char *item)
{
    const char *tab = strchr(item, '\t');
    char number[32];

    p->map_key(p, "item", NULL);
    if (!tab) {
        p->string(p, NULL);
        return;
    }
    snprintf(number, sizeof number, "%.*s", (int)(tab - item), item);
    p->begin_map(p);
    p->map_key(p, "number", "   punkt %s:");
    p->string(p, number);
    p->map_key(p, "title", "+%s");
    p->string(p, tab + 1);
    p->end(p);
    p->separator(p);
}

/* RECORDS is "<udvalg>\t<date>" of the meeting whose minutes the page is
 * part of, or "". */
static void
print_records(agx_printer *p, const char *records)
{
    const char *tab = strchr(records, '\t');
    char udvalg[256];

    p->map_key(p, "records", NULL);
    if (!tab) {
        p->string(p, NULL);
        return;
    }
    snprintf(udvalg, sizeof udvalg, "%.*s", (int)(tab - records), records);
    p->begin_map(p);
    p->map_key(p, "udvalg", "   minutes of the meeting %s");
    p->string(p, *udvalg ? udvalg : NULL);
    p->map_key(p, "date", "+%s");
    p->string(p, tab + 1);
    p->end(p);
    p->separator(p);
}

void
agx_answer_print(const agx_answer *a, agx_printer *p)
{
    const agx_results *r = a->res;
    size_t n = agx_results_size(r);
    unsigned long total = agx_results_total(r);
    char line[160];

    p->begin_map(p);
    p->map_key(p, "query", "");
    p->string(p, a->query);
    p->map_key(p, "total", "");
    p->integer(p, (long)total);
    if (total == 0)
        snprintf(line, sizeof line, "No pages match.");
    else if (n == 0)
        snprintf(line, sizeof line, "%lu page%s match%s; none from hit %u.",
                 total, total == 1 ? "" : "s", total == 1 ? "es" : "",
                 a->offset + 1);
    else
        snprintf(line, sizeof line, "%lu page%s match%s; showing %u-%zu.",
                 total, total == 1 ? "" : "s", total == 1 ? "es" : "",
                 a->offset + 1, a->offset + n);
    p->heading(p, line);

    p->map_key(p, "hits", "");
    p->begin_list(p);
    for (size_t i = 0; i < n; i++) {
        p->begin_map(p);
        p->map_key(p, "rank", "%s.");
        p->integer(p, (long)(a->offset + i + 1));
        p->map_key(p, "score", "");
        p->number(p, agx_results_score(r, i));
        print_value(p, "udvalg", NULL, agx_results_value(r, i, V_UDVALG));
        print_value(p, "date", NULL, agx_results_value(r, i, V_DATE));
        print_value(p, "type", NULL, agx_results_value(r, i, V_TYPE));
        p->map_key(p, "page", "page %s");
        p->integer(p, strtol(agx_results_value(r, i, V_PAGE), NULL, 10));
        p->separator(p);
        print_item(p, agx_results_value(r, i, V_ITEM));
        print_records(p, agx_results_value(r, i, V_RECORDS));
        print_value(p, "file", "   %s", agx_results_value(r, i, V_FILE));
        p->separator(p);
        p->map_key(p, "snippet", NULL);
        p->snippet(p, agx_results_snippet(r, i));
        p->end(p);
    }
    p->end(p);

    p->map_key(p, "facets", "");
    p->begin_map(p);
    for (size_t f = 0; f < N_FACETS; f++) {
        p->map_key(p, facets[f].key, facets[f].label);
        p->begin_list(p);
        for (size_t k = 0; k < agx_results_facet_size(r, f); k++) {
            unsigned long count = 0;
            const char *v = agx_results_facet_value(r, f, k, &count);
            p->begin_map(p);
            p->map_key(p, "value", NULL);
            p->string(p, v);
            p->map_key(p, "count", "+(%s)");
            p->integer(p, (long)count);
            p->end(p);
        }
        p->end(p);
    }
    p->end(p);
    p->end(p);
}

/* How many distinct values value J takes over A's hits (they are few). */
static size_t
distinct(const agx_results *r, size_t j)
{
    size_t n = 0, size = agx_results_size(r);
    for (size_t i = 0; i < size; i++) {
        size_t k;
        for (k = 0; k < i; k++)
            if (strcmp(agx_results_value(r, k, j),
                       agx_results_value(r, i, j)) == 0)
                break;
        n += k == i;
    }
    return n;
}

void
agx_case_print(const agx_answer *a, agx_printer *p)
{
    const agx_results *r = a->res;
    size_t n = agx_results_size(r), docs = distinct(r, C_FILE);
    char line[200], shown[AGX_CASENUM_MAX + 4];

    snprintf(shown, sizeof shown, "SAG-%s", a->query);
    p->begin_map(p);
    p->map_key(p, "sag", "");
    p->string(p, shown);
    p->map_key(p, "pages", "");
    p->integer(p, (long)n);
    p->map_key(p, "documents", "");
    p->integer(p, (long)docs);
    if (n == 0)
        snprintf(line, sizeof line, "%s is not in the index.", shown);
    else
        snprintf(line, sizeof line, "%s: %zu page%s in %zu document%s.", shown,
                 n, n == 1 ? "" : "s", docs, docs == 1 ? "" : "s");
    p->heading(p, line);
    p->map_key(p, "references", "");
    p->begin_list(p);
    for (size_t i = 0; i < n; i++) {
        const char *cases = agx_results_value(r, i, C_CASES);
        size_t qn = strlen(a->query);
        /* One reference per item of the page that names the case. */
        for (const char *c = cases; c && *c;) {
            const char *nl = strchr(c, '\n');
            size_t len = nl ? (size_t)(nl - c) : strlen(c);
            if (len > qn && strncmp(c, a->query, qn) == 0 && c[qn] == '\t') {
                char item[256];
                snprintf(item, sizeof item, "%.*s", (int)(len - qn - 1),
                         c + qn + 1);
                p->begin_map(p);
                print_value(p, "date", NULL, agx_results_value(r, i, C_DATE));
                print_value(p, "udvalg", NULL,
                            agx_results_value(r, i, C_UDVALG));
                print_value(p, "type", NULL, agx_results_value(r, i, C_TYPE));
                p->map_key(p, "page", "page %s");
                p->integer(p,
                           strtol(agx_results_value(r, i, C_PAGE), NULL, 10));
                p->separator(p);
                print_item(p, strcmp(item, "\t") == 0 ? "" : item);
                print_value(p, "file", "   %s",
                            agx_results_value(r, i, C_FILE));
                p->separator(p);
                p->end(p);
            }
            c = nl ? nl + 1 : NULL;
        }
    }
    p->end(p);
    p->end(p);
}

void
agx_answer_free(agx_answer *a)
{
    if (!a)
        return;
    agx_results_free(a->res);
    free(a->query);
    free(a);
}
