/* agx_stem.c: NFC and case folding with GLib, stemming with libstemmer.
 *
 * libstemmer wants NFC, lower-case UTF-8 and returns a buffer it owns that
 * the next call overwrites, so each stem is copied into ST's own buffer.
 * Words of plain lower-case ASCII skip GLib: they are already folded.
 */
#include "agx_stem.h"

#include <glib.h>
#include <libstemmer.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct agx_stem {
    struct sb_stemmer *sb;
    char *buf; /* the last stem, NUL-terminated */
    size_t cap;
};

agx_stem *
agx_stem_new(void)
{
    agx_stem *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->sb = sb_stemmer_new("danish", "UTF_8");
    if (!st->sb) {
        free(st);
        return NULL;
    }
    return st;
}

void
agx_stem_free(agx_stem *st)
{
    if (!st)
        return;
    sb_stemmer_delete(st->sb);
    free(st->buf);
    free(st);
}

static int
is_folded_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= 'A' && c <= 'Z'))
            return 0;
    }
    return 1;
}

/* Copies the N-byte stem S into ST->buf. */
static const char *
keep(agx_stem *st, const char *s, size_t n, size_t *out_len)
{
    if (n + 1 > st->cap) {
        size_t cap = n + 1 > 64 ? n + 1 : 64;
        char *p = realloc(st->buf, cap);
        if (!p)
            return NULL;
        st->buf = p;
        st->cap = cap;
    }
    memcpy(st->buf, s, n);
    st->buf[n] = '\0';
    *out_len = n;
    return st->buf;
}

const char *
agx_stem_word(agx_stem *st, const char *word, size_t len, size_t *out_len)
{
    const sb_symbol *stem;
    const char *ret = NULL;
    char *nfc = NULL, *folded = NULL;

    if (is_folded_ascii(word, len)) {
        stem = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
        if (stem)
            ret = keep(st, (const char *)stem, sb_stemmer_length(st->sb),
                       out_len);
        return ret;
    }
    if (!g_utf8_validate_len(word, len, NULL))
        return NULL;
    nfc = g_utf8_normalize(word, (gssize)len, G_NORMALIZE_NFC);
    if (!nfc)
        goto out;
    folded = g_utf8_casefold(nfc, -1);
    if (!folded)
        goto out;
    stem =
        sb_stemmer_stem(st->sb, (const sb_symbol *)folded, (int)strlen(folded));
    if (stem)
        ret = keep(st, (const char *)stem, sb_stemmer_length(st->sb), out_len);
out:
    g_free(folded);
    g_free(nfc);
    return ret;
}

const char *
agx_stem_callback(void *st, const char *word, size_t len, size_t *out_len)
{
    return agx_stem_word(st, word, len, out_len);
}

int
agx_text_valid(const char *s, size_t len, size_t *bad_offset)
{
    const gchar *end = NULL;
    if (g_utf8_validate_len(s, len, &end))
        return 1;
    if (bad_offset)
        *bad_offset = (size_t)(end - s);
    return 0;
}

/* Is every character of S (LEN bytes of valid UTF-8) below U+0300, and
 * with LOWER, below U+0100?  Text below U+0300 is in NFC as it is: the
 * combining marks begin there, and no character below decomposes to
 * anything that composes differently.  Below U+0100, lower case is
 * A-Z and U+00C0-U+00DE but U+00D7 (×), each 0x20 on.  Most of what is
 * normalized (Danish text, words of a query) is so, and skips GLib's
 * normalization, which costs about 20 ns a byte. */
static int
normal_fast(const char *s, size_t len, int lower)
{
    const unsigned char limit = lower ? 0xC3 : 0xCB; /* U+00FF, U+02FF */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 && (c > limit || ++i >= len))
            return 0;
    }
    return 1;
}

char *
agx_text_normalize(const char *s, size_t len, int lower)
{
    char *nfc, *low = NULL, *ret;

    if (!g_utf8_validate_len(s, len, NULL))
        return NULL;
    if (normal_fast(s, len, lower)) {
        unsigned char *o = malloc(len + 1);
        if (!o)
            return NULL;
        memcpy(o, s, len);
        o[len] = '\0';
        for (size_t i = 0; lower && i < len; i++) {
            if (o[i] >= 'A' && o[i] <= 'Z')
                o[i] += 0x20;
            else if (o[i] == 0xC3 && o[i + 1] >= 0x80 && o[i + 1] <= 0x9E &&
                     o[i + 1] != 0x97)
                o[++i] += 0x20;
            else if (o[i] >= 0x80)
                i++;
        }
        return (char *)o;
    }
    nfc = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFC);
    if (!nfc)
        return NULL;
    if (lower)
        low = g_utf8_strdown(nfc, -1);
    /* Hand back malloc() memory, so that callers outside this module need
     * not know GLib. */
    ret = strdup(low ? low : nfc);
    g_free(low);
    g_free(nfc);
    return ret;
}

/* æ ø å Æ Ø Å: C3 A6, C3 B8, C3 A5, C3 86, C3 98, C3 85. */
static const char *
danish_ascii(const unsigned char *p)
{
    if (p[0] != 0xC3)
        return NULL;
    switch (p[1]) {
    case 0xA6:
    case 0x86:
        return "ae";
    case 0xB8:
    case 0x98:
        return "oe";
    case 0xA5:
    case 0x85:
        return "aa";
    }
    return NULL;
}

int
agx_text_has_danish(const char *word, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (danish_ascii((const unsigned char *)word + i))
            return 1;
    return 0;
}

char *
agx_text_fold_ascii(const char *word, size_t len)
{
    char *out = malloc(len + 1), *o = out; /* 2 bytes become 2 */
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        const char *a =
            i + 1 < len ? danish_ascii((const unsigned char *)word + i) : NULL;
        if (a) {
            *o++ = a[0];
            *o++ = a[1];
            i += 2;
        } else {
            *o++ = word[i++];
        }
    }
    *o = '\0';
    return out;
}

char *
agx_strdupf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}
