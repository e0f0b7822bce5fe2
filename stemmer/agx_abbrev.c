/* agx_abbrev.c: abbreviations defined in the text (agx_abbrev.h). */
#include "agx_abbrev.h"

#include <glib.h>
#include <string.h>

enum {
    MAX_SHORT = 10,  /* characters of an abbreviation */
    MAX_LONG = 160,  /* bytes of what it stands for */
    MAX_WINDOW = 400 /* bytes looked at before the parenthesis */
};

/* Is S (LEN bytes) an abbreviation: 2 to MAX_SHORT letters, digits, "-"
 * or "&", beginning with a letter, and at least two capitals ("KKR",
 * "KD-Net", "DK2020"; not "evt")? */
static int
is_short(const char *s, size_t len)
{
    size_t chars = 0, upper = 0;
    const char *p;

    if (len == 0 || !g_unichar_isalpha(g_utf8_get_char(s)))
        return 0;
    for (p = s; p < s + len; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalnum(c) && c != '-' && c != '&')
            return 0;
        upper += g_unichar_isupper(c) != 0;
        chars++;
    }
    return chars >= 2 && chars <= MAX_SHORT && upper >= 2;
}

/* Schwartz and Hearst: where in LONG (LEN bytes) the long form of SHORT
 * (SLEN bytes) begins, matching from the end; -1 if it is not there.
 * The abbreviation's first character must begin a word. */
static long
long_form_start(const char *shrt, size_t slen, const char *lng, size_t len)
{
    gunichar s[MAX_SHORT + 1], l[MAX_LONG + 1];
    size_t off[MAX_LONG + 1];
    long ns = 0, nl = 0, si, li;

    for (const char *p = shrt; p < shrt + slen && ns < MAX_SHORT;
         p = g_utf8_next_char(p))
        s[ns++] = g_unichar_tolower(g_utf8_get_char(p));
    for (const char *p = lng; p < lng + len && nl < MAX_LONG;
         p = g_utf8_next_char(p)) {
        off[nl] = (size_t)(p - lng);
        l[nl++] = g_unichar_tolower(g_utf8_get_char(p));
    }
    for (si = ns - 1, li = nl - 1; si >= 0; si--) {
        if (!g_unichar_isalnum(s[si]))
            continue;
        while (li >= 0 && (l[li] != s[si] ||
                           (si == 0 && li > 0 && g_unichar_isalnum(l[li - 1]))))
            li--;
        if (li < 0)
            return -1;
        li--;
    }
    return (long)off[li + 1];
}

/* The words of the sentence that ends at END (the parenthesis), at most
 * MAX words, from TEXT: where they begin. */
static const char *
words_before(const char *text, const char *end, size_t max)
{
    const char *p = end, *start = end;
    size_t words = 0;

    while (p > text && end - p < MAX_WINDOW) {
        const char *prev = g_utf8_find_prev_char(text, p);
        gunichar c = g_utf8_get_char(prev);
        if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' ||
            c == '|' || c == '\t' || c == 0x2022 /* • */ || c == 0x25B6)
            break;
        if (!g_unichar_isspace(c) &&
            (prev == text || g_unichar_isspace(g_utf8_get_char(
                                 g_utf8_find_prev_char(text, prev))))) {
            /* the first letter of a word */
            if (++words > max)
                break;
            start = prev;
        }
        p = prev;
    }
    return start;
}

/* Trims white space off both ends of [*S, *E). */
static void
trim(const char **s, const char **e)
{
    while (*s < *e && g_unichar_isspace(g_utf8_get_char(*s)))
        *s = g_utf8_next_char(*s);
    while (*e > *s) {
        const char *prev = g_utf8_find_prev_char(*s, *e);
        if (!prev || !g_unichar_isspace(g_utf8_get_char(prev)))
            break;
        *e = prev;
    }
}

/* Reports SHORT = LONG if LONG is a plausible long form of it: longer,
 * not itself in capitals, within MAX_LONG bytes. */
static int
report(const char *shrt, size_t slen, const char *lng, size_t len,
       agx_abbrev_fn fn, void *ctx)
{
    size_t upper = 0, letters = 0;

    if (len <= slen || len > MAX_LONG)
        return 0;
    for (const char *p = lng; p < lng + len; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        letters += g_unichar_isalpha(c) != 0;
        upper += g_unichar_isupper(c) != 0;
    }
    if (upper == letters)
        return 0;
    return fn(ctx, shrt, slen, lng, len);
}

void
agx_abbrev_scan(const char *text, size_t len, agx_abbrev_fn fn, void *ctx)
{
    const char *end = text + len;

    for (const char *open = memchr(text, '(', len); open;
         open = memchr(open + 1, '(', (size_t)(end - open - 1))) {
        const char *in = open + 1, *close, *in_end;
        close = memchr(in, ')', (size_t)(end - in));
        if (!close || close - in > MAX_LONG || memchr(in, '(', close - in))
            continue;
        in_end = close;
        trim(&in, &in_end);
        if (is_short(in, (size_t)(in_end - in))) {
            /* Long Form (LF) */
            size_t n = g_utf8_strlen(in, in_end - in);
            size_t max = n + 5 < 2 * n ? n + 5 : 2 * n;
            const char *ls = words_before(text, open, max), *le = open;
            long at;
            trim(&ls, &le);
            if (le - ls > MAX_LONG)
                ls = le - MAX_LONG, ls = g_utf8_find_next_char(ls - 1, le);
            if (!ls || ls >= le)
                continue;
            at = long_form_start(in, (size_t)(in_end - in), ls,
                                 (size_t)(le - ls));
            if (at >= 0 && report(in, (size_t)(in_end - in), ls + at,
                                  (size_t)(le - ls - at), fn, ctx))
                return;
        } else {
            /* SF (Long Form) */
            const char *ws, *we = open;
            long at;
            while (we > text && g_unichar_isspace(g_utf8_get_char(
                                    g_utf8_find_prev_char(text, we))))
                we = g_utf8_find_prev_char(text, we);
            ws = we;
            while (ws > text && !g_unichar_isspace(g_utf8_get_char(
                                    g_utf8_find_prev_char(text, ws))))
                ws = g_utf8_find_prev_char(text, ws);
            if (!is_short(ws, (size_t)(we - ws)))
                continue;
            at = long_form_start(ws, (size_t)(we - ws), in,
                                 (size_t)(in_end - in));
            if (at == 0 && report(ws, (size_t)(we - ws), in,
                                  (size_t)(in_end - in), fn, ctx))
                return;
        }
    }
}
