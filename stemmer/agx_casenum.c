/* agx_casenum.c: finding and normalising case numbers.
 *
 * A case number is YEAR-SERIAL: four digits (a year from 1990 to 2099),
 * a hyphen, five or six digits (four would take in ranges: 2022-2026).  It
 * counts as one if "SAG" stands right before it (SAG-, SAG , sag-), or if a
 * word for case stands a little before it on the same line ("Sags ID:
 * 2022-00199", "sagsnr. 2022-00199", "sag nr. 2022-00199").  Digits around it
 * must not run on: 12023-014381 is no case number.
 */
#include "agx_casenum.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum { CUE_WINDOW = 16 }; /* how far before the number a cue word may be */

static int
is_alnum(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* If a YEAR-SERIAL starts at S (with END after the text), returns its
 * length and writes its normal form into OUT; else 0. */
static size_t
year_serial(const char *s, const char *end, char *out)
{
    size_t n = 0, serial;
    int year;

    if (end - s < 9)
        return 0;
    for (n = 0; n < 4; n++)
        if (!isdigit((unsigned char)s[n]))
            return 0;
    year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
           (s[3] - '0');
    if (year < 1990 || year > 2099 || s[4] != '-')
        return 0;
    for (serial = 0;
         s + 5 + serial < end && isdigit((unsigned char)s[5 + serial]);
         serial++)
        ;
    if (serial < 5 || serial > 6)
        return 0;
    n = 5 + serial;
    if (s + n < end &&
        (isalnum((unsigned char)s[n]) ||
         (s[n] == '-' && s + n + 1 < end && isdigit((unsigned char)s[n + 1]))))
        return 0;
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

/* Does a word for "case" end within CUE_WINDOW bytes before POS (same
 * line)?  START is the start of the text. */
static int
cue_before(const char *start, const char *pos)
{
    const char *p = pos,
               *lim = pos - CUE_WINDOW < start ? start : pos - CUE_WINDOW;
    while (p > lim && p[-1] != '\n') {
        p--;
        if ((p == start || !is_alnum((unsigned char)p[-1])) &&
            strncasecmp(p, "sag", 3) == 0) {
            static const char *const cues[] = {"sag",        "sags",   "sagsnr",
                                               "sagsnummer", "sagsid", "sagnr"};
            size_t n = 0;
            while (p + n < pos && isalpha((unsigned char)p[n]))
                n++;
            for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
                if (n == strlen(cues[i]) && strncasecmp(p, cues[i], n) == 0)
                    return 1;
        }
    }
    return 0;
}

int
agx_casenum_scan(const char *text, size_t len, agx_casenum_fn fn, void *ctx)
{
    const char *end = text + len, *s = text;
    char norm[AGX_CASENUM_MAX];

    while (s < end) {
        const char *at = s, *num = NULL;
        size_t n = 0;
        int rc;

        if (s > text && (is_alnum((unsigned char)s[-1]) || s[-1] == '-')) {
            s++;
            continue;
        }
        if (end - s >= 4 && strncasecmp(s, "sag", 3) == 0 &&
            (s[3] == '-' || s[3] == ' ')) {
            num = s + 4;
            n = year_serial(num, end, norm);
        }
        if (!n && isdigit((unsigned char)*s) && cue_before(text, s)) {
            num = s;
            n = year_serial(num, end, norm);
        }
        if (!n) {
            s++;
            continue;
        }
        rc = fn(ctx, norm, (size_t)(at - text), (size_t)(num + n - at));
        if (rc)
            return rc;
        s = num + n;
    }
    return 0;
}

int
agx_casenum_parse(const char *s, size_t len, char out[AGX_CASENUM_MAX])
{
    const char *end = s + len;
    size_t n;

    /* "sag:", "SAG-", "sag " and "sag:SAG-" may stand before it. */
    for (int i = 0; i < 2; i++)
        if (end - s >= 4 && strncasecmp(s, "sag", 3) == 0 &&
            (s[3] == '-' || s[3] == ' ' || s[3] == ':'))
            s += 4;
    n = year_serial(s, end, out);
    return n > 0 && n == (size_t)(end - s);
}
