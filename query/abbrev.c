/* abbrev.c: a query's abbreviations and their long forms, either way.
 *
 * The table joins three sources: the built-in list (stemmer/
 * abbreviations.txt), the lists a user adds (DB/synonyms.txt beside the
 * index, --synonyms FILE), and the definitions the indexer found in the
 * archive (XA terms, agx_schema.h).  A prepared query (prepare.c: lower
 * case, æ ø å spelt ae oe aa outside quotes) is rewritten before Xapian
 * parses it: a word that is an abbreviation becomes (kkr OR
 * "kommunekontaktrådet" OR ...), and words that are a long form become
 * ((kommunernes landsforening) OR kl).  Long forms are compared by the
 * stems of their words, so "Kommunekontaktrådet" in the text and
 * "Kommunekontaktråd" in the list are one.  Xapian's synonym table holds
 * single terms, not phrases, so this is done on the query's text.
 */
#include "query-private.h"

#include "agx_abbrev.h"
#include "agx_buf.h"
#include "agx_schema.h"
#include "agx_stem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is byte C part of a word?  Bytes of UTF-8 sequences count as letters:
 * Danish text is letters beyond ASCII. */
static int
word_byte(unsigned char c)
{
    return c >= 0x80 || isalnum(c);
}

/* The words of S (LEN bytes), lower-cased, æ ø å folded, stemmed, joined
 * by single spaces, in a malloc'd string; NULL if memory ran out. */
static char *
stem_key(agx_stem *stem, const char *s, size_t len)
{
    char *low = agx_text_normalize(s, len, 1);
    char *fold = low ? agx_text_fold_ascii(low, strlen(low)) : NULL;
    char *key = fold ? malloc(strlen(fold) + 1) : NULL;
    size_t n = 0;

    if (key) {
        for (const char *p = fold; *p;) {
            const char *w = p, *st;
            size_t sl;
            while (*w && !word_byte((unsigned char)*w))
                w++;
            p = w;
            while (*p && word_byte((unsigned char)*p))
                p++;
            if (p == w)
                break;
            st = agx_stem_word(stem, w, (size_t)(p - w), &sl);
            if (!st) {
                st = w; /* not UTF-8 after all: the word as it is */
                sl = (size_t)(p - w);
            }
            if (n)
                key[n++] = ' ';
            memcpy(key + n, st, sl); /* a stem is never longer */
            n += sl;
        }
        key[n] = '\0';
    }
    free(low);
    free(fold);
    return key;
}

/* Adds SHORT = LONG from SOURCE (a string that outlives the table).
 * Returns 0, or -1 if memory ran out. */
static int
add(agx_abbrevs *t, agx_stem *stem, const char *s, size_t slen, const char *l,
    size_t llen, const char *source)
{
    agx_abbrev_entry e = {0};

    agx_abbrev_entry *v = agx_grow(t->v, t->n, &t->cap, sizeof *v, 64);
    if (!v)
        return -1;
    t->v = v;
    e.shown = agx_text_normalize(s, slen, 1);
    e.shrt = e.shown ? agx_text_fold_ascii(e.shown, strlen(e.shown)) : NULL;
    e.lng = agx_text_normalize(l, llen, 1);
    e.key = stem_key(stem, l, llen);
    e.source = source;
    if (!e.shrt || !e.lng || !e.key) {
        free(e.shown);
        free(e.shrt);
        free(e.lng);
        free(e.key);
        return -1;
    }
    t->v[t->n++] = e;
    return 0;
}

int
agx_abbrevs_parse(agx_abbrevs *t, agx_stem *stem, const char *text,
                  const char *source)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *tab = memchr(p, '\t', len);
        if (*p != '#' && tab && tab > p && tab + 1 < p + len &&
            agx_text_valid(p, len, NULL) &&
            add(t, stem, p, (size_t)(tab - p), tab + 1,
                (size_t)(p + len - tab - 1), source) != 0)
            return -1;
        p += len + (nl != NULL);
    }
    return 0;
}

typedef struct from_index {
    agx_abbrevs *t;
    agx_stem *stem;
    int failed;
} from_index;

static int
on_abbrev_term(void *ctx, const char *term, unsigned long freq)
{
    from_index *fi = ctx;
    const char *s = term + strlen(AGX_PREFIX_ABBREV);
    const char *colon = strchr(s, ':');

    (void)freq;
    if (colon && colon > s && colon[1] &&
        add(fi->t, fi->stem, s, (size_t)(colon - s), colon + 1,
            strlen(colon + 1), "archive") != 0)
        fi->failed = 1;
    return fi->failed;
}

agx_status
agx_abbrevs_load(agx_abbrevs *t, agx_db *db, agx_stem *stem)
{
    from_index fi = {t, stem, 0};
    agx_status st;

    if (agx_abbrevs_parse(t, stem, agx_abbrev_builtin(), "built-in") != 0)
        return AGX_ERR_NOMEM;
    st = agx_db_terms(db, AGX_PREFIX_ABBREV, on_abbrev_term, &fi);
    return st == AGX_OK && fi.failed ? AGX_ERR_NOMEM : st;
}

int
agx_abbrev_about(const agx_abbrev_entry *e, agx_stem *stem, const char *word)
{
    char *key = stem_key(stem, word, strlen(word));
    char *low = agx_text_normalize(word, strlen(word), 1);
    char *fold = low ? agx_text_fold_ascii(low, strlen(low)) : NULL;
    int about = -1;

    if (key && fold) {
        size_t n = strlen(key);
        about = *key && strcmp(e->shrt, fold) == 0;
        for (const char *k = e->key; *key && !about && (k = strstr(k, key));
             k += n)
            about = (k == e->key || k[-1] == ' ') && (k[n] == ' ' || !k[n]);
    }
    free(key);
    free(low);
    free(fold);
    return about;
}

void
agx_abbrevs_clear(agx_abbrevs *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].shown);
        free(t->v[i].shrt);
        free(t->v[i].lng);
        free(t->v[i].key);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* A word of the query that may be rewritten: [start, end) of the text. */
typedef struct token {
    size_t start, end;
    int plain; /* a bare word: no quotes, field, +/-, operator */
} token;

/* Splits Q into tokens at white space and parentheses; a quoted phrase is
 * one token that is not plain.  Returns the count, or -1 if memory ran
 * out; *OUT is malloc'd. */
static long
tokenize(const char *q, token **out)
{
    size_t n = 0, cap = 16, len = strlen(q);
    token *v = malloc(cap * sizeof *v);

    for (size_t i = 0; v && i < len;) {
        token t;
        if (isspace((unsigned char)q[i]) || q[i] == '(' || q[i] == ')') {
            i++;
            continue;
        }
        t.start = i;
        if (q[i] == '"') {
            const char *close = strchr(q + i + 1, '"');
            i = close ? (size_t)(close - q) + 1 : len;
            t.plain = 0;
        } else {
            while (i < len && !isspace((unsigned char)q[i]) && q[i] != '(' &&
                   q[i] != ')' && q[i] != '"')
                i++;
            t.plain = 1;
            for (size_t k = t.start; k < i; k++)
                if (q[k] == ':' || q[k] == '*' || isupper((unsigned char)q[k]))
                    t.plain = 0; /* a field, a wildcard, an operator */
            if (q[t.start] == '+' || q[t.start] == '-')
                t.plain = 0;
        }
        t.end = i;
        if (n == cap) {
            token *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) {
                free(v);
                return -1;
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = t;
    }
    *out = v;
    return v ? (long)n : -1;
}

/* Has B's text from FROM on already got " OR <ALT>"? */
static int
has_alt(const agx_buf *b, size_t from, const char *alt)
{
    size_t len = strlen(alt);
    for (const char *p = b->s + from; (p = strstr(p, " OR ")); p += 4)
        if (strncmp(p + 4, alt, len) == 0 &&
            (p[4 + len] == ' ' || p[4 + len] == ')'))
            return 1;
    return 0;
}

/* A long form as a query: a word, or a phrase in quotes. */
static void
put_long(agx_buf *b, const char *lng)
{
    int phrase = strpbrk(lng, " -") != NULL;
    agx_buf_puts(b, phrase ? "\"" : "");
    agx_buf_puts(b, lng);
    agx_buf_puts(b, phrase ? "\"" : "");
}

char *
agx_abbrevs_expand(const agx_abbrevs *t, agx_stem *stem, const char *q)
{
    token *tok = NULL;
    long n = tokenize(q, &tok);
    agx_buf b = {0};
    size_t done = 0;

    if (n < 0)
        return NULL;
    agx_buf_puts(&b, "");
    for (long i = 0; i < n; i++) {
        size_t from, j_end = 0;
        long j_best = -1;
        char *key = NULL;

        if (!tok[i].plain)
            continue;
        /* The longest run of plain words from I that is a long form. */
        for (long j = i; j < n && tok[j].plain && j < i + 12; j++) {
            char *k =
                stem_key(stem, q + tok[i].start, tok[j].end - tok[i].start);
            if (!k) {
                b.failed = 1;
                break;
            }
            for (size_t e = 0; e < t->n; e++)
                if (strcmp(t->v[e].key, k) == 0)
                    j_best = j;
            free(k);
        }
        agx_buf_put(&b, q + done, tok[i].start - done);
        done = tok[i].start;
        from = b.len;
        if (j_best >= 0) {
            j_end = tok[j_best].end;
            key = stem_key(stem, q + tok[i].start, j_end - tok[i].start);
            agx_buf_puts(&b, "((");
            agx_buf_put(&b, q + tok[i].start, j_end - tok[i].start);
            agx_buf_puts(&b, ")");
            for (size_t e = 0; key && e < t->n; e++)
                if (strcmp(t->v[e].key, key) == 0 &&
                    !has_alt(&b, from, t->v[e].shrt)) {
                    agx_buf_puts(&b, " OR ");
                    agx_buf_puts(&b, t->v[e].shrt);
                }
            agx_buf_puts(&b, ")");
            done = j_end;
            i = j_best;
        } else {
            /* The word as an abbreviation, its trailing punctuation off. */
            size_t end = tok[i].end;
            int any = 0;
            while (end > tok[i].start && !word_byte((unsigned char)q[end - 1]))
                end--;
            for (size_t e = 0; e < t->n; e++) {
                if (strlen(t->v[e].shrt) != end - tok[i].start ||
                    memcmp(t->v[e].shrt, q + tok[i].start,
                           end - tok[i].start) != 0)
                    continue;
                if (!any) {
                    agx_buf_puts(&b, "(");
                    agx_buf_put(&b, q + tok[i].start, end - tok[i].start);
                    any = 1;
                }
                /* One alternative per long form, however many sources
                 * give it. */
                int seen = 0;
                for (size_t f = 0; f < e; f++)
                    seen |= strcmp(t->v[f].shrt, t->v[e].shrt) == 0 &&
                            strcmp(t->v[f].key, t->v[e].key) == 0;
                if (!seen) {
                    agx_buf_puts(&b, " OR ");
                    put_long(&b, t->v[e].lng);
                }
            }
            if (any) {
                agx_buf_puts(&b, ")");
                done = end;
            }
        }
        free(key);
    }
    agx_buf_puts(&b, q + done);
    free(tok);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
