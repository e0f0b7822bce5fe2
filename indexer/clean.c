/* clean.c: extracted text made fit for the term generator and snippets.
 *
 * Extractors hand us text in NFD as often as NFC, with ligatures (the "fi"
 * of "ELEKTRificERiNG" as one code point), soft hyphens and stray control
 * characters.  One pass after NFC spells ligatures out, drops soft hyphens
 * (they only mark where a word may break) and turns control characters into
 * spaces, keeping newlines and tabs, which mark lines and table cells.
 *
 * The same pass joins words that typesetting broke at a line end:
 * "sundheds-\nvæsen" becomes "sundhedsvæsen", so that the word and any
 * phrase through it are found.  A hyphen stays where Danish writes one:
 * a suspended hyphen before a conjunction ("sundheds- og ældreområdet"),
 * after a capital or a digit ("IT-\nløsninger" joins as "IT-løsninger",
 * "2023-\n2026" as "2023-2026"), or before a capital.
 *
 * Markup that earlier converters left in the text goes too: HTML tags of
 * emphasis and layout (<b>, </i>, <br/>...), markdown's ** and heading #s
 * at a line start, and table pipes, which become spaces.
 */
#include "indexer-private.h"

#include "agx_stem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words before which a line-end hyphen is a suspended one. */
static int
is_conjunction(const unsigned char *p)
{
    static const char *const words[] = {"og", "eller", "samt", "el.", "&"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        if (strncmp((const char *)p, words[i], n) == 0 &&
            (p[n] == ' ' || p[n] == '\n' || p[n] == '\0' || p[n] == ','))
            return 1;
    }
    return 0;
}

/* Does a lower-case letter start P?  ASCII, or æ ø å and other Latin-1
 * lower-case letters (UTF-8 C3 9F..C3 BF, but not the sign ÷). */
static int
starts_lower(const unsigned char *p)
{
    return islower(p[0]) ||
           (p[0] == 0xC3 && p[1] >= 0x9F && p[1] <= 0xBF && p[1] != 0xB7);
}

/* At P is "-", then white space, then more text: if this is a word broken
 * at a line end, returns how many bytes to skip to its second half, and
 * sets *keep_hyphen; else returns 0.  PREV is the byte before the hyphen
 * (0 at the start).  Lower case on both sides joins across any white space
 * (extractors turn the line end into a space: "etab- lere"); ranges and
 * acronyms only across a line end. */
static size_t
line_break(const unsigned char *p, unsigned char prev, int *keep_hyphen)
{
    size_t n = 1;
    int newline = 0;

    while (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' || p[n] == '\r') {
        newline |= p[n] == '\n';
        n++;
    }
    if (n == 1 || !prev || prev == ' ' || prev == '\n' || prev == '-')
        return 0;
    if (newline && isdigit(prev) && isdigit(p[n])) {
        *keep_hyphen = 1; /* a range: 2023-2026 */
        return n;
    }
    if (!starts_lower(p + n) || is_conjunction(p + n))
        return 0;
    if (isupper(prev)) { /* IT-løsninger */
        *keep_hyphen = 1;
        return newline ? n : 0;
    }
    if (isdigit(prev) || prev == ')' || prev == '.')
        return 0;
    return n;
}

/* If P starts a markup tag we drop (<b>, </strong>, <br/>...), returns its
 * length; else 0. */
static size_t
markup_tag(const unsigned char *p)
{
    static const char *const tags[] = {"b",      "i",    "u",   "em",
                                       "strong", "br",   "p",   "sup",
                                       "sub",    "span", "div", "mark"};
    size_t n = 1;

    if (p[0] != '<')
        return 0;
    if (p[n] == '/')
        n++;
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
        size_t k = strlen(tags[i]);
        if (strncasecmp((const char *)p + n, tags[i], k) != 0)
            continue;
        k += n;
        if (p[k] == '/')
            k++;
        if (p[k] == '>')
            return k + 1;
    }
    return 0;
}

/* If P, at a line start, is a markdown heading ("## "), returns its
 * length; else 0. */
static size_t
markdown_heading(const unsigned char *p)
{
    size_t n = 0;
    while (p[n] == '#' && n < 6)
        n++;
    return n && p[n] == ' ' ? n + 1 : 0;
}

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
        unsigned char prev = o > out ? (unsigned char)o[-1] : 0;
        int keep = 0, line_start = o == out || prev == '\n';
        size_t skip = p[0] == '-' ? line_break(p, prev, &keep) : 0;
        size_t markup = markup_tag(p);

        if (!markup && line_start)
            markup = markdown_heading(p);
        if (!markup && p[0] == '*' && p[1] == '*')
            markup = 2;
        if (markup) {
            p += markup;
        } else if (p[0] == '|') {
            *o++ = ' ';
            p++;
        } else if (skip) {
            if (keep)
                *o++ = '-';
            p += skip;
        } else if (p[0] == 0xEF && p[1] == 0xAC && p[2] >= 0x80 &&
                   p[2] <= 0x86) {
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
