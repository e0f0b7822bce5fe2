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
 *
 * A search reads only the archive's definitions its words could be: those
 * of the letters the words begin with (archive_for), not the whole list,
 * which grows with the archive; and a long form is stemmed only when a
 * query has a run of as many words that begins with the same letter
 * (abbrev_key).  With 2,917 definitions, a case-number search went from
 * 37 M to 3.5 M instructions (docs/performance.md, session 12).
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

/* The number of words in S (LEN bytes). */
static size_t
count_words_in(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += word_byte((unsigned char)s[i]) &&
             (i == 0 || !word_byte((unsigned char)s[i - 1]));
    return n;
}

/* Sets *FIRST to the first byte of LNG's (lower case) first word as a key
 * has it, æ ø å folded; '\0' if there is no word.  The stem of a word
 * begins with the word's first letter (Danish Snowball changes nothing in
 * a word's first three letters), so this is the key's first byte, known
 * without stemming.  Returns 0, or -1 if memory ran out. */
static int
key_first(const char *lng, char *first)
{
    const char *p = lng;
    char *f;

    while (*p && !word_byte((unsigned char)*p))
        p++;
    if (!(f = agx_text_fold_ascii(p, strnlen(p, 2))))
        return -1;
    *first = f[0];
    free(f);
    return 0;
}

/* E's key, stemmed at its first use; NULL if memory ran out. */
static const char *
abbrev_key(agx_abbrev_entry *e, agx_stem *stem)
{
    if (!e->key)
        e->key = stem_key(stem, e->lng, strlen(e->lng));
    return e->key;
}

/* Is E's long form the key K of WORDS words?  The words and K's first
 * byte are compared before E is stemmed.  1 or 0; -1 if memory ran out. */
static int
long_is(agx_abbrev_entry *e, agx_stem *stem, const char *k, size_t words)
{
    const char *ek;

    if (e->words != words || e->first != k[0])
        return 0;
    if (!(ek = abbrev_key(e, stem)))
        return -1;
    return strcmp(ek, k) == 0;
}

/* Adds SHORT = LONG from SOURCE (a string that outlives the table).
 * Returns 0, or -1 if memory ran out. */
static int
add(agx_abbrevs *t, const char *s, size_t slen, const char *l, size_t llen,
    const char *source)
{
    agx_abbrev_entry e = {0};

    agx_abbrev_entry *v = agx_grow(t->v, t->n, &t->cap, sizeof *v, 64);
    if (!v)
        return -1;
    t->v = v;
    e.shown = agx_text_normalize(s, slen, 1);
    e.shrt = e.shown ? agx_text_fold_ascii(e.shown, strlen(e.shown)) : NULL;
    e.lng = agx_text_normalize(l, llen, 1);
    e.words = e.lng ? count_words_in(e.lng, strlen(e.lng)) : 0;
    e.source = source;
    if (!e.shrt || !e.lng || key_first(e.lng, &e.first) != 0) {
        free(e.shown);
        free(e.shrt);
        free(e.lng);
        return -1;
    }
    t->v[t->n++] = e;
    return 0;
}

int
agx_abbrevs_parse(agx_abbrevs *t, const char *text, const char *source)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *tab = memchr(p, '\t', len);
        if (*p != '#' && tab && tab > p && tab + 1 < p + len &&
            agx_text_valid(p, len, NULL) &&
            add(t, p, (size_t)(tab - p), tab + 1, (size_t)(p + len - tab - 1),
                source) != 0)
            return -1;
        p += len + (nl != NULL);
    }
    return 0;
}

int
agx_abbrevs_builtin(agx_abbrevs *t)
{
    if (agx_abbrevs_parse(t, agx_abbrev_builtin(), "built-in") != 0)
        return -1;
    t->archive_at = t->n;
    return 0;
}

typedef struct from_index {
    agx_abbrevs *t;
    const unsigned char *firsts; /* keep only these first bytes, or all */
    int failed;
} from_index;

static int
on_abbrev_term(void *ctx, const char *term, unsigned long freq)
{
    from_index *fi = ctx;
    const char *s = term + strlen(AGX_PREFIX_ABBREV);
    const char *colon = strchr(s, ':');

    (void)freq;
    if (!colon || colon == s || !colon[1])
        return 0;
    if (fi->firsts) {
        /* (the term is lower case already: folded, its first bytes) */
        char fs, fl;
        if (key_first(s, &fs) != 0 || key_first(colon + 1, &fl) != 0)
            return fi->failed = 1;
        if (!fi->firsts[(unsigned char)fs] && !fi->firsts[(unsigned char)fl])
            return 0; /* of another letter */
    }
    if (add(fi->t, s, (size_t)(colon - s), colon + 1, strlen(colon + 1),
            "archive") != 0)
        fi->failed = 1;
    return fi->failed;
}

/* Adds the XA terms that begin with PREFIX (after XA) to T, keeping only
 * those whose short form or key begins with a byte FIRSTS marks (all if
 * FIRSTS is NULL). */
static agx_status
archive_terms(agx_abbrevs *t, agx_db *db, const char *prefix,
              const unsigned char *firsts)
{
    from_index fi = {t, firsts, 0};
    char *term = agx_strdupf("%s%s", AGX_PREFIX_ABBREV, prefix);
    agx_status st =
        term ? agx_db_terms(db, term, on_abbrev_term, &fi) : AGX_ERR_NOMEM;

    free(term);
    return st == AGX_OK && fi.failed ? AGX_ERR_NOMEM : st;
}

agx_status
agx_abbrevs_archive(agx_abbrevs *t, agx_db *db, const char *prefix)
{
    return archive_terms(t, db, prefix, NULL);
}

int
agx_abbrev_about(agx_abbrev_entry *e, agx_stem *stem, const char *word)
{
    char *key = stem_key(stem, word, strlen(word));
    char *low = agx_text_normalize(word, strlen(word), 1);
    char *fold = low ? agx_text_fold_ascii(low, strlen(low)) : NULL;
    const char *ekey = abbrev_key(e, stem);
    int about = -1;

    if (key && fold && ekey) {
        size_t n = strlen(key);
        about = *key && strcmp(e->shrt, fold) == 0;
        for (const char *k = ekey; *key && !about && (k = strstr(k, key));
             k += n)
            about = (k == ekey || k[-1] == ' ') && (k[n] == ' ' || !k[n]);
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

/* T's entries and ARCHIVE's in the order a query ranks them: the built-in
 * list, the archive's definitions, the users' lists.  Returns a malloc'd
 * array of *N pointers, or NULL if memory ran out (or there are none). */
static agx_abbrev_entry **
ranked(agx_abbrevs *t, agx_abbrevs *archive, size_t *n)
{
    size_t at = t->archive_at < t->n ? t->archive_at : t->n, k = 0;
    agx_abbrev_entry **v;

    *n = t->n + archive->n;
    v = malloc((*n ? *n : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < at; i++)
        v[k++] = &t->v[i];
    for (size_t i = 0; i < archive->n; i++)
        v[k++] = &archive->v[i];
    for (size_t i = at; i < t->n; i++)
        v[k++] = &t->v[i];
    return v;
}

int
agx_abbrevs_each(agx_abbrevs *t, agx_abbrevs *archive,
                 int (*fn)(void *ctx, agx_abbrev_entry *e), void *ctx)
{
    size_t n;
    agx_abbrev_entry **v = ranked(t, archive, &n);
    int stop = 0;

    if (!v)
        return -1;
    for (size_t i = 0; i < n && !stop; i++)
        stop = fn(ctx, v[i]);
    free(v);
    return stop;
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

/* The archive's definitions the tokens of Q could be, or begin: those
 * whose short form or long form begins with a letter a plain token, or
 * its first word, begins with.  XA terms are sorted by short form, and a
 * definition's long form begins with its short form's first letter
 * (agx_abbrev_scan), so each letter is one range of terms; æ ø å are
 * looked for among the terms that begin with a Latin-1 letter, as the
 * query spells them ae oe aa. */
static agx_status
archive_for(agx_abbrevs *arch, agx_db *db, const char *q, const token *tok,
            long n)
{
    unsigned char firsts[256] = {0};
    char prefix[2] = {0};
    agx_status st = AGX_OK;
    int any = 0;

    for (long i = 0; i < n; i++) {
        const char *p = q + tok[i].start, *end = q + tok[i].end;
        if (!tok[i].plain)
            continue;
        firsts[(unsigned char)*p] = 1;
        while (p < end && !word_byte((unsigned char)*p))
            p++;
        if (p < end)
            firsts[(unsigned char)*p] = 1;
        any = 1;
    }
    if (!any)
        return AGX_OK;
    /* In the terms' order, as the whole list was read: the Latin-1
     * letters (UTF-8 0xC3 ...) as the filter FIRSTS says. */
    for (unsigned b = 1; st == AGX_OK && b < 256; b++)
        if (firsts[b] || b == 0xC3) {
            prefix[0] = (char)b;
            st = archive_terms(arch, db, prefix, b == 0xC3 ? firsts : NULL);
        }
    return st;
}

agx_status
agx_abbrevs_expand(agx_abbrevs *t, agx_db *db, agx_stem *stem, const char *q,
                   char **out)
{
    token *tok = NULL;
    long n = tokenize(q, &tok);
    agx_abbrevs arch = {0};
    agx_abbrev_entry **v = NULL;
    size_t nv = 0;
    agx_buf b = {0};
    size_t done = 0;
    agx_status st;

    *out = NULL;
    if (n < 0)
        return AGX_ERR_NOMEM;
    st = archive_for(&arch, db, q, tok, n);
    if (st == AGX_OK && !(v = ranked(t, &arch, &nv)))
        st = AGX_ERR_NOMEM;
    if (st != AGX_OK) {
        free(tok);
        agx_abbrevs_clear(&arch);
        return st;
    }
    agx_buf_puts(&b, "");
    for (long i = 0; i < n && !b.failed; i++) {
        size_t from, j_end = 0, words = 0, best_words = 0;
        long j_best = -1;
        char *key = NULL;

        if (!tok[i].plain)
            continue;
        /* The longest run of plain words from I that is a long form.  A
         * run is stemmed only if an entry has as many words. */
        for (long j = i; j < n && tok[j].plain && j < i + 12; j++) {
            char *k = NULL;
            int maybe = 0;
            words +=
                count_words_in(q + tok[j].start, tok[j].end - tok[j].start);
            for (size_t e = 0; e < nv && !maybe; e++)
                maybe = v[e]->words == words;
            if (!maybe)
                continue;
            k = stem_key(stem, q + tok[i].start, tok[j].end - tok[i].start);
            if (!k) {
                b.failed = 1;
                break;
            }
            for (size_t e = 0; e < nv; e++) {
                int is = long_is(v[e], stem, k, words);
                if (is < 0)
                    b.failed = 1;
                else if (is)
                    j_best = j, best_words = words;
            }
            free(k);
        }
        agx_buf_put(&b, q + done, tok[i].start - done);
        done = tok[i].start;
        from = b.len;
        if (j_best >= 0) {
            j_end = tok[j_best].end;
            key = stem_key(stem, q + tok[i].start, j_end - tok[i].start);
            if (!key)
                b.failed = 1;
            agx_buf_puts(&b, "((");
            agx_buf_put(&b, q + tok[i].start, j_end - tok[i].start);
            agx_buf_puts(&b, ")");
            for (size_t e = 0; key && e < nv; e++)
                if (long_is(v[e], stem, key, best_words) == 1 &&
                    !has_alt(&b, from, v[e]->shrt)) {
                    agx_buf_puts(&b, " OR ");
                    agx_buf_puts(&b, v[e]->shrt);
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
            for (size_t e = 0; e < nv; e++) {
                if (strlen(v[e]->shrt) != end - tok[i].start ||
                    memcmp(v[e]->shrt, q + tok[i].start, end - tok[i].start) !=
                        0)
                    continue;
                if (!any) {
                    agx_buf_puts(&b, "(");
                    agx_buf_put(&b, q + tok[i].start, end - tok[i].start);
                    any = 1;
                }
                /* One alternative per long form, however many sources
                 * give it. */
                int seen = 0;
                for (size_t f = 0; f < e && !seen; f++) {
                    const char *ek;
                    if (strcmp(v[f]->shrt, v[e]->shrt) != 0)
                        continue;
                    ek = abbrev_key(v[e], stem);
                    seen = ek ? long_is(v[f], stem, ek, v[e]->words) : -1;
                    if (seen < 0)
                        b.failed = 1, seen = 0;
                }
                if (!seen) {
                    agx_buf_puts(&b, " OR ");
                    put_long(&b, v[e]->lng);
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
    free(v);
    agx_abbrevs_clear(&arch);
    if (b.failed) {
        free(b.s);
        return AGX_ERR_NOMEM;
    }
    *out = b.s;
    return AGX_OK;
}
