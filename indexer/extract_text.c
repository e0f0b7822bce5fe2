/* extract_text.c: the pages of a text file, split on form feeds.
 *
 * Text files come from many extractors and editors.  UTF-8 is taken as it
 * is (a byte-order mark dropped); anything else is read as Windows-1252, the
 * encoding of Danish text from Windows, of which ISO-8859-1 is nearly a
 * subset, and the caller is told where the first invalid byte was.  The
 * five byte values Windows-1252 leaves undefined are read as ISO-8859-1.
 *
 * Text that went through that mistake once already ("mojibake": UTF-8 read
 * as Windows-1252 and saved as UTF-8, "Ã¦" for "æ") is valid UTF-8 but
 * wrong.  Turned back into Windows-1252 bytes it becomes valid UTF-8 again,
 * which real Danish text never does (a lone "æ" byte is no UTF-8), so that
 * test repairs it safely.
 */
#include "indexer-private.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static int
split_pages(const char *s, size_t len, agx_pages *pages)
{
    const char *end = s + len;
    while (1) {
        const char *ff = memchr(s, '\f', (size_t)(end - s));
        const char *stop = ff ? ff : end;
        if (agx_pages_add(pages, s, (size_t)(stop - s)) != 0)
            return -1;
        if (!ff)
            return 0;
        s = ff + 1;
        if (s == end) /* a final form feed ends the last page */
            return 0;
    }
}

/* The byte Windows-1252 writes for code point C, or -1.  Bytes it leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come back as U+0081... from
 * lenient decoders, so every code point below U+0100 is its own byte. */
static int
cp1252_byte(gunichar c)
{
    static const gunichar high[32] = {
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
        0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    if (c < 0x100)
        return (int)c;
    for (int i = 0; i < 32; i++)
        if (high[i] == c)
            return 0x80 + i;
    return -1;
}

/* If S (LEN bytes of valid UTF-8) is mojibake, returns the repaired text
 * (g_free) and its length in *out_len; else NULL. */
static gchar *
unmojibake(const char *s, size_t len, gsize *out_len)
{
    const char *p, *end = s + len;
    gchar *back, *o;

    /* "Ã" (C3 83) starts the mojibake of every letter from À to ÿ. */
    if (!g_strstr_len(s, (gssize)len, "\xc3\x83"))
        return NULL;
    back = o = g_malloc(len + 1);
    for (p = s; p < end; p = g_utf8_next_char(p)) {
        int b = cp1252_byte(g_utf8_get_char(p));
        if (b < 0) {
            g_free(back);
            return NULL; /* a character Windows-1252 never wrote */
        }
        *o++ = (char)b;
    }
    *o = '\0';
    *out_len = (gsize)(o - back);
    if (g_utf8_validate_len(back, *out_len, NULL))
        return back;
    g_free(back);
    return NULL;
}

int
agx_extract_text(const char *path, agx_pages *pages, char **warning,
                 char **errmsg)
{
    GError *error = NULL;
    gchar *raw = NULL, *conv = NULL;
    const gchar *bad = NULL;
    gsize len = 0;
    const char *s;
    int rc = -1;

    *warning = NULL;
    if (!g_file_get_contents(path, &raw, &len, &error)) {
        *errmsg = agx_strdupf("%s", error->message);
        g_clear_error(&error);
        return -1;
    }
    s = raw;
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3;
        len -= 3;
    }
    if (len == 0) {
        *errmsg = agx_strdupf("empty file: no text to index");
        goto out;
    }
    if (!g_utf8_validate_len(s, len, &bad)) {
        size_t off = (size_t)(bad - s);
        gsize n = 0;
        conv =
            g_convert(s, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &n, NULL);
        if (!conv)
            conv = g_convert(s, (gssize)len, "UTF-8", "ISO-8859-1", NULL, &n,
                             &error);
        if (!conv) {
            *errmsg = agx_strdupf("not UTF-8 (invalid byte at offset %zu) "
                                  "and cannot be converted: %s",
                                  off, error->message);
            g_clear_error(&error);
            goto out;
        }
        *warning = agx_strdupf("not UTF-8 (invalid byte at offset %zu): "
                               "read as Windows-1252",
                               off);
        s = conv;
        len = n;
    } else if ((conv = unmojibake(s, len, &len)) != NULL) {
        *warning = agx_strdupf("double-encoded UTF-8 (\"Ã¦\" for \"æ\"): "
                               "repaired");
        s = conv;
    }
    if (split_pages(s, len, pages) != 0) {
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    rc = 0;
out:
    g_free(conv);
    g_free(raw);
    return rc;
}
