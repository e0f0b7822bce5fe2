/* clean.c: extracted text made fit for the term generator and snippets.
 *
 * Extractors hand us text in NFD as often as NFC, with ligatures (the "fi"
 * of "ELEKTRificERiNG" as one code point), soft hyphens and stray control
 * characters.  One pass after NFC spells ligatures out, drops soft hyphens
 * (they only mark where a word may break) and turns control characters into
 * spaces, keeping newlines and tabs, which mark lines and table cells.
 */
#include "indexer-private.h"

#include "agx_stem.h"

#include <stdlib.h>
#include <string.h>

/* U+FB00..U+FB06, UTF-8 EF AC 80..86. */
static const char *const ligatures[] = {"ff",  "fi", "fl", "ffi",
                                        "ffl", "st", "st"};

char *
agx_clean_text(const char *s, size_t len, size_t *out_len)
{
    char *nfc = agx_text_normalize(s, len, 0);
    char *out, *o;
    const unsigned char *p;

    if (!nfc)
        return NULL;
    /* A ligature (3 bytes) spells out in at most 3: the text never grows. */
    out = malloc(strlen(nfc) + 1);
    if (!out) {
        free(nfc);
        return NULL;
    }
    o = out;
    for (p = (const unsigned char *)nfc; *p;) {
        if (p[0] == 0xEF && p[1] == 0xAC && p[2] >= 0x80 && p[2] <= 0x86) {
            const char *lig = ligatures[p[2] - 0x80];
            size_t n = strlen(lig);
            memcpy(o, lig, n);
            o += n;
            p += 3;
        } else if (p[0] == 0xC2 && p[1] == 0xAD) { /* soft hyphen */
            p += 2;
        } else if (p[0] == '\r') {
            *o++ = '\n';
            p += (p[1] == '\n') ? 2 : 1;
        } else if (p[0] < 0x20 && p[0] != '\n' && p[0] != '\t') {
            *o++ = ' ';
            p++;
        } else {
            *o++ = (char)*p++;
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    free(nfc);
    return out;
}
