/* prepare.c: what the user typed, made ready for Xapian's query parser.
 *
 * The query is checked (UTF-8, no control characters, a length limit) and
 * rewritten word by word:
 * - lower case, but for the operators (AND OR NOT XOR NEAR ADJ): Xapian
 *   1.4 leaves a capitalised word unstemmed, and people paste
 *   "Takstaftalen" from titles;
 * - a case number, however written (SAG-2023-01438, sag 2023-01438,
 *   sag:SAG-2023-01438, 2023-01438), becomes the exact filter
 *   sag:2023-01438, where Xapian would make a phrase of its parts;
 * - æ ø å are spelt ae oe aa: the index maps each such spelling to its
 *   real words through Xapian's synonyms, so "boern", "børn", "Aarhus" and
 *   "Århus" find each other; not inside quotes, nor in a query with NEAR or
 *   ADJ, which match the words as written and know no synonyms;
 * - "a AND NEAR/3 b" (a boolean operator right before NEAR/n or ADJ/n) is
 *   refused: it means nothing, and Xapian 1.4.22's parser leaks memory on
 *   it (found by tests/unit/test_fuzz.c);
 * - a compound typed with hyphens, "klima-strategi", is searched as
 *   itself (Xapian's phrase of its parts) OR the joined word, as Danish
 *   writes it either way; not inside quotes, in a field, or after + or -;
 * - dato:A..B, dato:A.., dato:..B and dato:A are taken out of the text:
 *   they become a span of dates (agx_date.h) that the search turns into
 *   the index's own date terms.
 */
#include "query-private.h"

#include "agx_casenum.h"
#include "agx_compound.h"
#include "agx_number.h"
#include "agx_date.h"
#include "agx_stem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Narrows P's date span by the value of a dato: word, V (N bytes):
 * "A", "A..B", "A.." or "..B".  Returns 0, or -1 if V is no date or range. */
static int
date_span(agx_prepared *p, const char *v, size_t n)
{
    const char *dots = NULL;
    char lo[11], hi[11], ignore[11];

    for (size_t i = 0; i + 1 < n; i++)
        if (v[i] == '.' && v[i + 1] == '.')
            dots = v + i;
    if (!dots) {
        if (!agx_date_valid(v, n))
            return -1;
        agx_date_span(v, n, lo, hi);
    } else {
        size_t a = (size_t)(dots - v), b = n - a - 2;
        lo[0] = hi[0] = '\0';
        if ((a && !agx_date_valid(v, a)) ||
            (b && !agx_date_valid(dots + 2, b)) || (!a && !b))
            return -1;
        if (a)
            agx_date_span(v, a, lo, ignore);
        if (b)
            agx_date_span(dots + 2, b, ignore, hi);
    }
    /* Several dato: words: all must hold. */
    if (*lo && (!*p->lo || strcmp(lo, p->lo) > 0))
        memcpy(p->lo, lo, sizeof lo);
    if (*hi && (!*p->hi || strcmp(hi, p->hi) < 0))
        memcpy(p->hi, hi, sizeof hi);
    return 0;
}

void
agx_prepared_clear(agx_prepared *p)
{
    free(p->text);
    memset(p, 0, sizeof *p);
}

typedef struct joined {
    const char *text;
    char *out;   /* the text so far, numbers joined */
    size_t n;    /* its length */
    size_t from; /* where the text not yet copied begins */
} joined;

static int
on_number(void *ctx, size_t start, size_t len, const char *digits)
{
    joined *j = ctx;
    int quotes = 0;

    for (size_t i = 0; i < start; i++)
        quotes += j->text[i] == '"';
    if (quotes % 2)
        return 0; /* in a phrase: as written */
    memcpy(j->out + j->n, j->text + j->from, start - j->from);
    j->n += start - j->from;
    memcpy(j->out + j->n, digits, strlen(digits));
    j->n += strlen(digits);
    j->from = start + len;
    return 0;
}

/* TEXT with each number written with its digits apart ("2.500", "70 12 34
 * 56") written joined, as the index also has it (stemmer/agx_number.h), in
 * a malloc'd string; NULL if memory ran out.  Joining never lengthens. */
static char *
join_numbers(const char *text)
{
    size_t len = strlen(text);
    joined j = {text, malloc(len + 1), 0, 0};

    if (!j.out)
        return NULL;
    agx_number_scan(text, len, on_number, &j);
    memcpy(j.out + j.n, text + j.from, len - j.from + 1);
    return j.out;
}

/* Does WORD join words by a hyphen, slash, dot...: "5-årig",
 * "it-løsninger"?  Xapian searches such a word as a phrase, where the
 * index's ASCII synonyms do not apply, so it must keep its æ ø å. */
static int
joins_words(const char *word)
{
    size_t len = strlen(word);
    for (size_t i = 1; i + 1 < len; i++)
        if (strchr("-/._'@&", word[i]))
            return 1;
    return 0;
}

/* Whether the hyphenated word found is the whole of WORD (CTX). */
static int
on_whole(void *ctx, const char *word, size_t len)
{
    const char **whole = ctx;
    if (word == *whole && word[len] == '\0')
        *whole = NULL;
    return 1;
}

/* WORD (lower case) without its hyphens, in a malloc'd string, if it is
 * words of letters joined by single hyphens ("klima-strategi",
 * "erhvervs-fremme", "e-mail"), as agx_compound_hyphenated() finds them
 * in a page (the index has the joined word where the text has such a
 * word); else NULL.  Danish writes a compound either way (not 5-årig,
 * 2022-2026 or covid-19: a part with a digit). */
static char *
hyphen_joined(const char *word)
{
    size_t len = strlen(word), k = 0;
    const char *whole = word;
    char *out;

    agx_compound_hyphenated(word, len, on_whole, &whole);
    if (whole || !(out = malloc(len + 1)))
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (word[i] != '-')
            out[k++] = word[i];
    out[k] = '\0';
    return out;
}

agx_status
agx_query_prepare(const char *raw, agx_prepared *out, char **errmsg)
{
    size_t len = strlen(raw), bad = 0, o = 0;
    char *nfc = NULL, *buf = NULL;
    agx_status st = AGX_ERR_QUERY;
    int quoted = 0, after_boolean = 0, positional;

    memset(out, 0, sizeof *out);
    *errmsg = NULL;
    if (len > AGX_QUERY_MAX) {
        *errmsg = agx_strdupf("query too long: %zu bytes, at most %d", len,
                              AGX_QUERY_MAX);
        return st;
    }
    if (!agx_text_valid(raw, len, &bad)) {
        *errmsg = agx_strdupf("query is not valid UTF-8 (byte %zu)", bad + 1);
        return st;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            *errmsg =
                agx_strdupf("query has a control character (byte %zu)", i + 1);
            return st;
        }
    }
    /* NEAR and ADJ match words as written, like a phrase. */
    positional = strstr(raw, "NEAR") != NULL || strstr(raw, "ADJ") != NULL;
    nfc = agx_text_normalize(raw, len, 0);
    if (nfc) {
        char *j = join_numbers(nfc);
        free(nfc);
        nfc = j;
    }
    /* Lower-casing can lengthen a word (a few letters grow by a byte), so
     * leave room for each word to double; "sag:" makes a case number at
     * most four bytes longer, and it has at least eleven; a hyphenated
     * word of N bytes, doubled, is written twice with six more (at most
     * eight times N, as N is at least three). */
    buf = nfc ? malloc(strlen(nfc) * 8 + 1) : NULL;
    if (!buf)
        goto nomem;
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
        if (!quoted && n > 5 && strncasecmp(p, "dato:", 5) == 0) {
            if (date_span(out, p + 5, n - 5) != 0) {
                *errmsg = agx_strdupf(
                    "dato: wants a date (2023-01-27, 2023-01 or 2023) or a "
                    "range (2022-01-01..2023-06-30), not '%.*s'",
                    (int)(n - 5), p + 5);
                goto out;
            }
            p += n;
            continue;
        }
        skip = quoted ? 0 : case_number(p, n, norm);
        if (!is_operator(p, n))
            after_boolean = 0;
        if (skip) {
            /* An exact filter, whatever way it was written. */
            o += (size_t)sprintf(buf + o, "sag:%s", norm);
            p += skip;
            continue;
        }
        for (size_t i = 0; i < n; i++)
            quoted ^= p[i] == '"';
        if (is_operator(p, n)) {
            int distance = memchr(p, '/', n) != NULL; /* NEAR/3, ADJ/2 */
            if (after_boolean && distance && !quoted) {
                *errmsg = agx_strdupf(
                    "%.*s needs a word on each side, not an operator before "
                    "it",
                    (int)n, p);
                goto out;
            }
            after_boolean = !distance && strncmp(p, "NEAR", 4) != 0 &&
                            strncmp(p, "ADJ", 3) != 0;
            memcpy(buf + o, p, n);
            o += n;
            p += n;
            continue;
        } else {
            char *low = agx_text_normalize(p, n, 1), *word = low;
            size_t k;
            /* Outside quotes, and not a field (år:2023, udvalg:børn...),
             * whose name and exact value stay as typed. */
            if (low && !quoted && !positional && !memchr(p, '"', n) &&
                !memchr(p, ':', n) && !joins_words(low) &&
                agx_text_has_danish(low, strlen(low)))
                word = agx_text_fold_ascii(low, strlen(low));
            k = word ? strlen(word) : 0;
            if (!word || k > 2 * n) {
                if (word != low)
                    free(word);
                free(low);
                goto nomem;
            }
            /* "klima-strategi": also the joined word, outside quotes and
             * fields, and not after + or - (which take no brackets). */
            char *join = NULL;
            if (!quoted && !positional && !memchr(p, '"', n) &&
                !memchr(p, ':', n) && !memchr(p, '(', n) &&
                !memchr(p, ')', n) && *p != '+' && *p != '-' &&
                (join = hyphen_joined(word)) != NULL &&
                agx_text_has_danish(join, strlen(join))) {
                char *folded = agx_text_fold_ascii(join, strlen(join));
                free(join);
                join = folded;
                if (!join) {
                    if (word != low)
                        free(word);
                    free(low);
                    goto nomem;
                }
            }
            if (join)
                buf[o++] = '(';
            memcpy(buf + o, word, k);
            o += k;
            if (join) {
                o += (size_t)sprintf(buf + o, " OR %s)", join);
                free(join);
                out->joined = 1;
            }
            if (word != low)
                free(word);
            free(low);
        }
        p += n;
    }
    buf[o] = '\0';
    out->text = buf;
    buf = NULL;
    st = AGX_OK;
    goto out;
nomem:
    *errmsg = agx_strdupf("out of memory");
    st = AGX_ERR_NOMEM;
out:
    if (st != AGX_OK)
        agx_prepared_clear(out);
    free(buf);
    free(nfc);
    return st;
}
