/* correct.c: misspelt words of a query searched as the archive spells them.
 *
 * A word of the query that the archive does not have, in any inflection,
 * or has in far fewer documents than a word a typo away, is searched as
 * both: "erhversfremme" becomes (erhversfremme OR erhvervsfremme), and the
 * answer says "Viser resultater for erhvervsfremme".  The neighbour comes
 * from Xapian's spelling data (every word the indexer saw), at most one
 * edit away for a word of up to seven letters, two for a longer one, with
 * æ ø å one letter each; words shorter than five letters, words in
 * capitals (operators, abbreviations), words with digits, fields, phrases,
 * words beside NEAR or ADJ, and -excluded words are left alone.  Comparing
 * stems keeps an inflection ("takstaftaler") from being "corrected" to another.
 */
#include "query-private.h"

#include "agx_stem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
    MIN_CHARS = 5, /* shorter words are left alone */
    FAR_FEWER = 10 /* a word in 1/10 the documents of its neighbour is one
                      its neighbour's misspelling */
};

/* Documents that hold a word of stem STEM (LEN bytes). */
static agx_status
stem_freq(agx_db *db, const char *stem, size_t len, unsigned long *out)
{
    char *term = agx_strdupf("Z%.*s", (int)len, stem);
    agx_status st = term ? agx_db_termfreq(db, term, out) : AGX_ERR_NOMEM;
    free(term);
    return st;
}

/* Does S (LEN bytes) hold ae, oe or aa, as æ ø å are typed without? */
static int
has_digraph(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if ((s[i] == 'a' || s[i] == 'o') &&
            (s[i + 1] == 'e' || s[i + 1] == 'a') &&
            !(s[i] == 'o' && s[i + 1] == 'a'))
            return 1;
    return 0;
}

typedef struct spelt {
    agx_db *db;
    const char *key;
    unsigned long most;
    agx_status st;
} spelt;

static int
on_spelling(void *ctx, const char *key, const char *synonym)
{
    spelt *sp = ctx;
    unsigned long n = 0;
    if (strcmp(key, sp->key) != 0 || synonym[0] != 'Z')
        return 0;
    sp->st = agx_db_termfreq(sp->db, synonym, &n);
    if (n > sp->most)
        sp->most = n;
    return sp->st != AGX_OK;
}

/* Documents that hold a word of stem STEM (LEN bytes), or of the stem it
 * spells with ae oe aa (the synonym table's: "aeldr" is "ældr"), the
 * most of either.  A word typed without æ ø å is not misspelt: "aeldre"
 * is not "aldre" a letter away. */
static agx_status
word_freq(agx_db *db, const char *stem, size_t len, unsigned long *out)
{
    agx_status st = stem_freq(db, stem, len, out);
    if (st != AGX_OK || !has_digraph(stem, len))
        return st;
    char *term = agx_strdupf("Z%.*s", (int)len, stem);
    spelt sp = {db, term, 0, AGX_OK};
    st =
        term ? agx_db_synonyms_each(db, term, on_spelling, &sp) : AGX_ERR_NOMEM;
    if (st == AGX_OK)
        st = sp.st;
    if (sp.most > *out)
        *out = sp.most;
    free(term);
    return st;
}

/* The archive's spelling of WORD (lower case), in a malloc'd string, or
 * NULL if WORD needs none (*ST says whether that is an error).  DOCS: the
 * documents of the index; a word in more than a tenth of them cannot
 * have a neighbour in ten times as many, and is not looked up (the
 * spelling table's look-up costs a few milliseconds at a million pages). */
static char *
correction(agx_db *db, agx_stem *stem, const char *word, unsigned long docs,
           agx_status *st)
{
    size_t chars = 0, n;
    unsigned long wf = 0, cf = 0;
    char *c = NULL, *wstem = NULL;
    const char *s;

    for (const char *p = word; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    *st = AGX_OK;
    if (chars < MIN_CHARS || !(s = agx_stem_word(stem, word, strlen(word), &n)))
        return NULL;
    if (!(wstem = strndup(s, n))) {
        *st = AGX_ERR_NOMEM;
        return NULL;
    }
    *st = word_freq(db, wstem, n, &wf);
    if (*st == AGX_OK && wf > docs / FAR_FEWER) {
        free(wstem);
        return NULL;
    }
    if (*st == AGX_OK)
        *st = agx_db_spelling(db, word, chars <= 7 ? 1 : 2, &c);
    if (*st == AGX_OK && *c && (s = agx_stem_word(stem, c, strlen(c), &n)) &&
        (n != strlen(wstem) || memcmp(s, wstem, n) != 0))
        *st = stem_freq(db, s, n, &cf);
    free(wstem);
    if (*st != AGX_OK || cf == 0 || (wf && cf < FAR_FEWER * wf)) {
        free(c);
        return NULL;
    }
    return c;
}

/* Is [S, E) a word the corrector may touch: letters only, not all
 * capitals? */
static int
correctable(const char *s, const char *e)
{
    int lower = 0;
    for (const char *p = s; p < e; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80 && !isalpha(c))
            return 0;
        lower |= c >= 0x80 || islower(c);
    }
    return lower;
}

/* Is [S, E) NEAR or ADJ, alone or with its /N? */
static int
positional_op(const char *s, const char *e)
{
    size_t n = (size_t)(e - s), op = n >= 4 && !strncmp(s, "NEAR", 4)  ? 4
                                     : n >= 3 && !strncmp(s, "ADJ", 3) ? 3
                                                                       : 0;
    if (!op || (n > op && s[op] != '/'))
        return 0;
    for (const char *p = s + op + 1; p < e; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return 1;
}

/* Is the word [S, E) of RAW next to NEAR or ADJ?  It is then part of a
 * positional query, where a word may not become (word OR correction)
 * and stays as typed, as in a phrase. */
static int
beside_positional(const char *raw, const char *s, const char *e)
{
    const char *b = s, *a = e, *end;
    while (b > raw && isspace((unsigned char)b[-1]))
        b--;
    end = b;
    while (b > raw && !isspace((unsigned char)b[-1]) && b[-1] != '(' &&
           b[-1] != ')' && b[-1] != '"')
        b--;
    if (end > b && positional_op(b, end))
        return 1;
    while (*a && isspace((unsigned char)*a))
        a++;
    end = a;
    while (*end && !isspace((unsigned char)*end) && *end != '(' &&
           *end != ')' && *end != '"')
        end++;
    return end > a && positional_op(a, end);
}

agx_status
agx_correct(agx_db *db, agx_stem *stem, const char *raw, char **widened,
            char **shown)
{
    size_t cap = 2 * strlen(raw) + 64, wn = 0, sn = 0;
    char *w = malloc(cap), *sh = malloc(cap);
    int any = 0, quoted = 0;
    unsigned long docs = 0;
    agx_status st = agx_db_doc_count(db, &docs);

    *widened = *shown = NULL;
    if (!w || !sh) {
        free(w);
        free(sh);
        return AGX_ERR_NOMEM;
    }
    for (const char *p = raw; *p && st == AGX_OK;) {
        const char *s = p, *e;
        char *low = NULL, *c = NULL;
        size_t need;

        if (*p == '"' || isspace((unsigned char)*p) || *p == '(' || *p == ')') {
            quoted ^= *p == '"';
            w[wn++] = sh[sn++] = *p++;
            continue;
        }
        while (*p && *p != '"' && !isspace((unsigned char)*p) && *p != '(' &&
               *p != ')')
            p++;
        e = p;
        if (!quoted && correctable(s, e) && !beside_positional(raw, s, e)) {
            low = agx_text_normalize(s, (size_t)(e - s), 1);
            c = low ? correction(db, stem, low, docs, &st) : NULL;
            if (!low)
                st = AGX_ERR_NOMEM;
        }
        /* (word OR correction) and the correction, or the token as is */
        need = 2 * (size_t)(e - s) + (c ? strlen(c) + 8 : 0);
        if (wn + need + 1 > cap || sn + need + 1 > cap) {
            size_t ncap = 2 * (cap + need);
            char *nw = realloc(w, ncap), *ns;
            if (nw)
                w = nw;
            ns = nw ? realloc(sh, ncap) : NULL;
            if (ns)
                sh = ns;
            if (!nw || !ns)
                st = AGX_ERR_NOMEM;
            else
                cap = ncap;
        }
        if (st == AGX_OK && c) {
            any = 1;
            w[wn++] = '(';
            memcpy(w + wn, s, (size_t)(e - s));
            wn += (size_t)(e - s);
            memcpy(w + wn, " OR ", 4);
            wn += 4;
            memcpy(w + wn, c, strlen(c));
            wn += strlen(c);
            w[wn++] = ')';
            memcpy(sh + sn, c, strlen(c));
            sn += strlen(c);
        } else if (st == AGX_OK) {
            memcpy(w + wn, s, (size_t)(e - s));
            wn += (size_t)(e - s);
            memcpy(sh + sn, s, (size_t)(e - s));
            sn += (size_t)(e - s);
        }
        free(low);
        free(c);
    }
    if (st != AGX_OK || !any) {
        free(w);
        free(sh);
        return st;
    }
    w[wn] = sh[sn] = '\0';
    *widened = w;
    *shown = sh;
    return AGX_OK;
}
