/* answer.c: walking an answer for a printer.
 *
 * One walk per kind of answer (a search, a case's history), calling the
 * printer interface of print.h in order, so that text, JSON and CSV say
 * the same thing.  An empty value is unknown: null in JSON, "-" in text.
 */
#include "query-private.h"

#include "agx_casenum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An empty value is unknown: null in JSON, "-" in text. */
static void
print_value(agx_printer *p, const char *key, const char *label, const char *v)
{
    p->map_key(p, key, label);
    p->string(p, *v ? v : NULL);
}

/* ITEM is "<number>\t<title>", with "\t<attachment>" after it in an
 * attachment (bilag) of the item, or "" when the page is in no known
 * item.  A title only a list of attachments gave is "" (null). */
static void
print_item(agx_printer *p, const char *item)
{
    const char *tab = strchr(item, '\t'), *tab2;
    char number[32], title[256];
    const char *att;

    if (!tab) {
        p->map_key(p, "item", ""); /* text says nothing of no item */
        p->string(p, NULL);
        return;
    }
    tab2 = strchr(tab + 1, '\t');
    att = tab2 ? tab2 + 1 : "";
    p->map_key(p, "item", NULL);
    snprintf(number, sizeof number, "%.*s", (int)(tab - item), item);
    snprintf(title, sizeof title, "%.*s",
             (int)(tab2 ? (size_t)(tab2 - tab - 1) : strlen(tab + 1)),
             tab + 1);
    p->begin_map(p);
    p->map_key(p, "number", *title ? "   punkt %s:" : "   punkt %s,");
    p->string(p, number);
    p->map_key(p, "title", *title ? "+%s" : "");
    p->string(p, *title ? title : NULL);
    /* "punkt 2.1: Siden sidst · Bilag 1: Debatindlæg ..."; "punkt 2,
     * bilag: Referat af møde ..." */
    p->map_key(p, "attachment", !*att                           ? ""
                                : strncmp(att, "Bilag", 5) == 0 ? "+· %s"
                                : *title                        ? "+· bilag: %s"
                                                                : "+bilag: %s");
    p->string(p, *att ? att : NULL);
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

    if (!tab) {
        p->map_key(p, "records", "");
        p->string(p, NULL);
        return;
    }
    p->map_key(p, "records", NULL);
    snprintf(udvalg, sizeof udvalg, "%.*s", (int)(tab - records), records);
    p->begin_map(p);
    p->map_key(p, "udvalg", "   minutes of the meeting %s");
    p->string(p, *udvalg ? udvalg : NULL);
    p->map_key(p, "date", "+%s");
    p->string(p, tab + 1);
    p->end(p);
    p->separator(p);
}

/* The other files with the hit's content (FILE is its own), as a list. */
static void
print_copies(agx_printer *p, const agx_results *copies, const char *file)
{
    size_t n = copies ? agx_results_size(copies) : 0, shown = 0;

    p->map_key(p, "copies", "   also filed under:");
    p->begin_list(p);
    for (size_t k = 0; k < n; k++) {
        if (strcmp(agx_results_value(copies, k, K_FILE), file) == 0)
            continue;
        p->begin_map(p);
        p->map_key(p, "udvalg", NULL);
        p->string(p, agx_results_value(copies, k, K_UDVALG));
        p->map_key(p, "date", "+%s");
        p->string(p, agx_results_value(copies, k, K_DATE));
        p->map_key(p, "file", "");
        p->string(p, agx_results_value(copies, k, K_FILE));
        p->end(p);
        shown++;
    }
    p->end(p);
    if (shown)
        p->separator(p);
}

/* ORDER (N indexes into facet F's values) by value: a year or month
 * (YYYY, YYYY-MM) sorts as text in time order.  By insertion: at most a
 * few hundred months, and qsort() has no context to give. */
static void
sort_by_value(const agx_results *r, size_t f, size_t *order, size_t n)
{
    unsigned long unused;
    for (size_t i = 1; i < n; i++) {
        size_t k = order[i], j = i;
        const char *v = agx_results_facet_value(r, f, k, &unused);
        while (j > 0 &&
               strcmp(agx_results_facet_value(r, f, order[j - 1], &unused),
                      v) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
}

void
agx_answer_print(const agx_answer *a, agx_printer *p)
{
    const agx_results *r = a->res;
    size_t n = agx_results_size(r);
    unsigned long docs = agx_results_total(r);
    unsigned long pages = agx_results_counted(r);
    const char *suggestion = agx_answer_suggestion(a);
    char line[320];

    p->begin_map(p);
    p->map_key(p, "query", "");
    p->string(p, a->query);
    p->map_key(p, "total", "");
    p->integer(p, (long)pages);
    p->map_key(p, "documents", "");
    if (a->grouped)
        p->integer(p, (long)docs);
    else
        p->string(p, NULL); /* not counted when hits are pages */
    p->map_key(p, "corrected",
               a->corrected ? "Viser resultater for: %s  (--exact: kun de "
                              "skrevne ord)"
                            : "");
    p->string(p, a->corrected);
    p->map_key(p, "suggestion", "");
    p->string(p, pages == 0 && *suggestion ? suggestion : NULL);
    p->map_key(p, "partial",
               a->missing ? "PARTIAL: shards not reached, their pages are "
                            "missing: %s"
                          : "");
    p->string(p, a->missing);
    if (pages == 0 && *suggestion) {
        snprintf(line, sizeof line, "No pages match.  Mente du: %s?",
                 suggestion);
    } else if (pages == 0) {
        snprintf(line, sizeof line, "No pages match.");
    } else if (a->grouped) {
        snprintf(line, sizeof line,
                 "%lu page%s in %lu document%s match%s; showing %u-%zu.", pages,
                 pages == 1 ? "" : "s", docs, docs == 1 ? "" : "s",
                 pages == 1 ? "es" : "", a->offset + 1, a->offset + n);
    } else {
        snprintf(line, sizeof line, "%lu page%s match%s; showing %u-%zu.",
                 pages, pages == 1 ? "" : "s", pages == 1 ? "es" : "",
                 a->offset + 1, a->offset + n);
    }
    /* --offset past the last hit. */
    p->heading(p, pages && n == 0 ? "No more hits: --offset is past the last."
                                  : line);

    p->map_key(p, "hits", "");
    p->begin_list(p);
    for (size_t i = 0; i < n; i++) {
        unsigned long more = agx_results_collapsed(r, i);
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
        p->map_key(p, "more_pages",
                   more == 1 ? "+(+%s more page)"
                   : more    ? "+(+%s more pages)"
                             : "");
        p->integer(p, (long)more);
        p->separator(p);
        /* The item of the page's part that holds the matches ("\t": a
         * part before any item); else the page's main item. */
        const char *region = agx_results_region(r, i);
        print_item(p, strcmp(region, "\t") == 0 ? ""
                      : *region                 ? region
                                : agx_results_value(r, i, V_ITEM));
        print_records(p, agx_results_value(r, i, V_RECORDS));
        print_copies(p, i < a->n_copies ? a->copies[i] : NULL,
                     agx_results_value(r, i, V_FILE));
        print_value(p, "file", "   %s", agx_results_value(r, i, V_FILE));
        p->separator(p);
        p->map_key(p, "snippet", NULL);
        p->snippet(p, agx_results_snippet(r, i));
        p->end(p);
    }
    p->end(p);

    p->map_key(p, "facets", "");
    p->begin_map(p);
    for (size_t f = 0; f < agx_n_facets; f++) {
        size_t listed = agx_results_facet_size(r, f);
        size_t *order = malloc((listed ? listed : 1) * sizeof *order);
        for (size_t k = 0; order && k < listed; k++)
            order[k] = k;
        if (order && agx_facets[f].in_time)
            sort_by_value(r, f, order, listed);
        p->map_key(p, agx_facets[f].key, agx_facets[f].label);
        p->begin_list(p);
        for (size_t k = 0; k < listed; k++) {
            unsigned long count = 0;
            const char *v =
                agx_results_facet_value(r, f, order ? order[k] : k, &count);
            p->begin_map(p);
            p->map_key(p, "value", NULL);
            p->string(p, v);
            p->map_key(p, "count", "+(%s)");
            p->integer(p, (long)count);
            p->end(p);
        }
        p->end(p);
        free(order);
    }
    p->end(p);
    /* How many values each facet has, listed or not. */
    p->map_key(p, "facet_values", "");
    p->begin_map(p);
    for (size_t f = 0; f < agx_n_facets; f++) {
        p->map_key(p, agx_facets[f].key, "");
        p->integer(p, (long)agx_results_facet_values(r, f));
    }
    p->end(p);
    /* Text says which lists are in part, on one line. */
    size_t at = 0;
    for (size_t f = 0; f < agx_n_facets && at < sizeof line; f++) {
        size_t all = agx_results_facet_values(r, f);
        size_t shown = agx_results_facet_size(r, f);
        if (all > shown)
            at += (size_t)snprintf(line + at, sizeof line - at,
                                   "%s%zu of %zu %s values", at ? ", " : "(",
                                   shown, all, agx_facets[f].key);
    }
    if (at && at < sizeof line) {
        snprintf(line + at, sizeof line - at,
                 " listed, the most frequent; --facets 0 lists all)");
        p->heading(p, line);
    }
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
    p->map_key(p, "partial",
               a->missing ? "PARTIAL: shards not reached, their pages are "
                            "missing: %s"
                          : "");
    p->string(p, a->missing);
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
    free(a->corrected);
    free(a->missing);
    for (size_t i = 0; i < a->n_copies; i++)
        agx_results_free(a->copies[i]);
    free(a->copies);
    free(a);
}

unsigned long
agx_answer_total(const agx_answer *a)
{
    return agx_results_counted(a->res);
}

const char *
agx_answer_suggestion(const agx_answer *a)
{
    return a->suggestion_empty ? "" : agx_results_suggestion(a->res);
}
