/* extract_text.c: the pages of a text file, split on form feeds.
 *
 * Text files come from many extractors and editors.  UTF-8 is taken as it
 * is (a byte-order mark dropped); anything else is read as Windows-1252, the
 * encoding of Danish text from Windows, of which ISO-8859-1 is nearly a
 * subset, and the caller is told where the first invalid byte was.  The
 * five byte values Windows-1252 leaves undefined are read as ISO-8859-1.
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
