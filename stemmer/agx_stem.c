/* agx_stem.c: NFC and case folding with GLib, stemming with libstemmer.
 *
 * libstemmer wants NFC, lower-case UTF-8 and returns a buffer it owns that
 * the next call overwrites, so each stem is copied into ST's own buffer.
 * Words of plain lower-case ASCII skip GLib: they are already folded.
 */
#include "agx_stem.h"
#include "agx_buf.h"

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

/* Normalization, piece by piece.  Text below U+0300 is in NFC as it is:
 * the combining marks begin there, and no character below decomposes to
 * anything that composes differently.  Below U+0100, lower case is A-Z and
 * U+00C0-U+00DE but U+00D7 (x), each 0x20 on.  Such characters ("plain":
 * below U+0100 when lower-casing, else below U+0300) are copied; the
 * rest go to GLib, whose normalization costs about 20 ns a byte, in
 * pieces.  A piece begins one character before a run of others (a
 * combining mark composes with the character before it) and ends one
 * plain character after it (lower-casing a final sigma looks at the
 * character after it), and only where two plain characters meet: no
 * character below U+0300 composes with the one before it, so NFC and
 * lower case of the whole are those of its pieces put together.  Danish
 * text is nearly all plain, with a dash or a quotation mark here and
 * there. */

static size_t
utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int
is_plain(unsigned char c, int lower)
{
    return c < 0x80 || (c >= 0xC0 && c <= (lower ? 0xC3 : 0xCB));
}

/* Appends S[0..LEN) (plain characters) to B, lower-cased if LOWER. */
static void
put_plain(agx_buf *b, const char *s, size_t len, int lower)
{
    size_t at = b->len;
    agx_buf_put(b, s, len);
    if (!lower || b->failed)
        return;
    unsigned char *o = (unsigned char *)b->s + at;
    for (size_t i = 0; i < len; i++) {
        if (o[i] >= 'A' && o[i] <= 'Z')
            o[i] += 0x20;
        else if (o[i] == 0xC3 && o[i + 1] >= 0x80 && o[i + 1] <= 0x9E &&
                 o[i + 1] != 0x97)
            o[++i] += 0x20;
        else if (o[i] >= 0x80)
            i++;
    }
}

/* Appends GLib's NFC of S[0..LEN), lower-cased if LOWER, to B. */
static void
put_glib(agx_buf *b, const char *s, size_t len, int lower)
{
    char *nfc = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFC);
    char *low = nfc && lower ? g_utf8_strdown(nfc, -1) : NULL;
    if (!nfc || (lower && !low))
        b->failed = 1;
    else
        agx_buf_puts(b, low ? low : nfc);
    g_free(low);
    g_free(nfc);
}

char *
agx_text_normalize(const char *s, size_t len, int lower)
{
    agx_buf b = {0};
    size_t i = 0;

    if (!g_utf8_validate_len(s, len, NULL))
        return NULL;
    while (i < len) {
        size_t j = i, start, end;
        while (j < len && is_plain((unsigned char)s[j], lower))
            j += utf8_len((unsigned char)s[j]);
        if (j >= len) {
            put_plain(&b, s + i, len - i, lower);
            break;
        }
        start = j;
        if (j > i)
            while ((s[--start] & 0xC0) == 0x80)
                ;
        for (end = j;;) {
            while (end < len && !is_plain((unsigned char)s[end], lower))
                end += utf8_len((unsigned char)s[end]);
            if (end >= len)
                break;
            end += utf8_len((unsigned char)s[end]);
            if (end >= len || is_plain((unsigned char)s[end], lower))
                break;
        }
        put_plain(&b, s + i, start - i, lower);
        put_glib(&b, s + start, end - start, lower);
        i = end;
    }
    if (!b.failed && !b.s)
        agx_buf_put(&b, "", 0);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    char *fit = realloc(b.s, b.len + 1); /* the buffer grows by doubling */
    return fit ? fit : b.s;
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
