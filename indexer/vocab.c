/* vocab.c: what the index's vocabulary teaches about its words.
 *
 * After a run has changed the index, the whole vocabulary (the unprefixed
 * terms: every word form, with the number of pages that hold it) is read
 * once and two kinds of query-time relations are derived from it, into
 * Xapian's synonym table (agx_schema.h):
 *   - the ASCII spelling of each word with æ ø å, for its word and stem;
 *   - for each compound, the stems of its parts (stemmer/agx_compound.c,
 *     with the vocabulary as the lexicon: a part must occur as a word of
 *     its own somewhere in the archive).
 * The relations are a function of the vocabulary alone, so a run that
 * adds files in any order, or removes them, ends with the same table as a
 * full index of the same archive: the table is compared with what it
 * should be and only the difference is written.
 */
#include "agx_compound.h"
#include "agx_schema.h"
#include "agx_stem.h"
#include "indexer-private.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct vocab {
    agx_stem *stem;
    GHashTable *words; /* word form -> pages (GUINT_TO_POINTER) */
    GHashTable *stems; /* stem -> pages, summed over its forms */
    GHashTable *want;  /* synonym key -> set of synonyms it should have */
    int failed;
} vocab;

/* Is TERM a word form: no prefix (Xapian's prefixes are capitals), no
 * digit, at least one letter?  Numbers and codes make no compounds. */
static int
is_word(const char *term)
{
    const char *p;

    if (!*term || g_ascii_isupper(*term))
        return 0;
    for (p = term; *p; p = g_utf8_next_char(p))
        if (!g_unichar_isalpha(g_utf8_get_char(p)))
            return 0;
    return 1;
}

static int
on_word(void *ctx, const char *term, unsigned long freq)
{
    vocab *v = ctx;
    const char *s;
    size_t n;
    gpointer old;
    char *stem;

    if (!is_word(term))
        return 0;
    g_hash_table_insert(v->words, g_strdup(term), GUINT_TO_POINTER(freq));
    s = agx_stem_word(v->stem, term, strlen(term), &n);
    if (!s)
        return 0;
    stem = g_strndup(s, n);
    old = g_hash_table_lookup(v->stems, stem);
    g_hash_table_insert(v->stems, stem,
                        GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + freq));
    return 0;
}

/* The lexicon of the compound splitter: the archive's own words, and for
 * a head (which may be inflected) their stems. */
static unsigned long
lexicon(void *ctx, const char *form, size_t len, int head)
{
    vocab *v = ctx;
    char buf[AGX_COMPOUND_MAX_BYTES + 2];
    gpointer freq;
    const char *s;
    size_t n;

    if (len > AGX_COMPOUND_MAX_BYTES)
        return 0;
    memcpy(buf, form, len);
    buf[len] = '\0';
    freq = g_hash_table_lookup(v->words, buf);
    if (freq || !head)
        return GPOINTER_TO_UINT(freq);
    s = agx_stem_word(v->stem, buf, len, &n);
    if (!s || n > AGX_COMPOUND_MAX_BYTES)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return GPOINTER_TO_UINT(g_hash_table_lookup(v->stems, buf));
}

static void
want(vocab *v, char *key, char *synonym)
{
    GHashTable *set;

    if (!key || !synonym) {
        v->failed = 1;
        g_free(key);
        g_free(synonym);
        return;
    }
    set = g_hash_table_lookup(v->want, key);
    if (!set) {
        set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(v->want, g_strdup(key), set);
    }
    g_hash_table_add(set, synonym);
    g_free(key);
}

/* The stem of WORD, as a string the caller frees; NULL if none. */
static char *
stem_of(vocab *v, const char *word)
{
    size_t n;
    const char *s = agx_stem_word(v->stem, word, strlen(word), &n);
    return s ? g_strndup(s, n) : NULL;
}

/* The synonyms WORD gives: its ASCII spelling and its compound parts. */
static void
relate(gpointer key, gpointer value, gpointer ctx)
{
    vocab *v = ctx;
    const char *word = key;
    size_t len = strlen(word);
    agx_compound_part parts[AGX_COMPOUND_MAX_PARTS];
    size_t n;
    char *stem;

    (void)value;
    if (!(stem = stem_of(v, word)))
        return;
    if (agx_text_has_danish(word, len)) {
        char *ascii = agx_text_fold_ascii(word, len);
        char *ascii_stem = ascii ? stem_of(v, ascii) : NULL;
        if (ascii)
            want(v, g_strdup(ascii), g_strdup(word));
        if (ascii_stem)
            want(v, g_strdup_printf("Z%s", ascii_stem),
                 g_strdup_printf("Z%s", stem));
        else
            v->failed = 1;
        free(ascii);
        g_free(ascii_stem);
    }
    n = agx_compound_split(word, len, lexicon, v, parts);
    for (size_t i = 0; i < n; i++) {
        char *part = stem_of(v, parts[i].form);
        if (part && strcmp(part, stem) != 0)
            want(v,
                 g_strdup_printf("%s%s",
                                 parts[i].head ? AGX_PREFIX_COMPOUND_HEAD
                                               : AGX_PREFIX_COMPOUND_MOD,
                                 part),
                 g_strdup_printf("Z%s", stem));
        g_free(part);
    }
    g_free(stem);
}

/* A coordination the pages wrote, "XKsundheds:ældreområdet": the
 * compound it implies, modifier + the head of the whole word
 * ("sundhedsområdet"), finds those pages (XCC). */
static int
on_coordination(void *ctx, const char *term, unsigned long freq)
{
    vocab *v = ctx;
    const char *mod = term + strlen(AGX_PREFIX_COORDINATION);
    const char *colon = strchr(mod, ':');
    agx_compound_part parts[AGX_COMPOUND_MAX_PARTS];
    const char *head;
    char *implied, *stem;
    size_t n;

    (void)freq;
    if (!colon)
        return 0;
    n = agx_compound_split(colon + 1, strlen(colon + 1), lexicon, v, parts);
    head = agx_compound_head(parts, n);
    if (!head)
        return 0;
    implied = g_strdup_printf("%.*s%s", (int)(colon - mod), mod, head);
    stem = stem_of(v, implied);
    if (stem)
        want(v, g_strdup_printf("%s%s", AGX_PREFIX_COMPOUND_COORD, stem),
             g_strdup(term));
    g_free(implied);
    g_free(stem);
    return 0;
}

typedef struct table_sync {
    agx_db *db;
    GHashTable *want;
    agx_status st;
} table_sync;

/* A synonym the table has: kept if wanted (and then not added again),
 * else removed. */
static int
on_synonym(void *ctx, const char *key, const char *synonym)
{
    table_sync *s = ctx;
    GHashTable *set = g_hash_table_lookup(s->want, key);

    if (set && g_hash_table_remove(set, synonym))
        return 0;
    s->st = agx_db_remove_synonym(s->db, key, synonym);
    return s->st != AGX_OK;
}

agx_status
agx_vocab_update(agx_db *db, agx_stem *stem)
{
    vocab v = {
        .stem = stem,
        .words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .stems = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_hash_table_destroy),
    };
    table_sync s = {db, v.want, AGX_OK};
    GHashTableIter it;
    gpointer key, set;

    s.st = agx_db_terms(db, "", on_word, &v);
    if (s.st == AGX_OK)
        g_hash_table_foreach(v.words, relate, &v);
    if (s.st == AGX_OK)
        s.st = agx_db_terms(db, AGX_PREFIX_COORDINATION, on_coordination, &v);
    if (s.st == AGX_OK && v.failed)
        s.st = AGX_ERR_NOMEM;
    if (s.st == AGX_OK) {
        agx_status st = agx_db_synonyms_each(db, "", on_synonym, &s);
        if (s.st == AGX_OK)
            s.st = st;
    }
    /* What is left of the wanted sets is new. */
    g_hash_table_iter_init(&it, v.want);
    while (s.st == AGX_OK && g_hash_table_iter_next(&it, &key, &set)) {
        GHashTableIter si;
        gpointer syn;
        g_hash_table_iter_init(&si, set);
        while (s.st == AGX_OK && g_hash_table_iter_next(&si, &syn, NULL)) {
            s.st = agx_db_add_synonym(db, key, syn);
        }
    }
    g_hash_table_destroy(v.words);
    g_hash_table_destroy(v.stems);
    g_hash_table_destroy(v.want);
    return s.st;
}
