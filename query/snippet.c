/* snippet.c: a snippet from the shim made plain for a printer.
 *
 * Xapian escapes & < > in snippets (for HTML) and puts our markers around
 * matched words.  Printers other than HTML want the text back as it was,
 * on one line, with markers of their own.
 */
#include "print.h"

#include <stdlib.h>
#include <string.h>

char *
agx_snippet_plain(const char *s, const char *open, const char *close)
{
    static const struct {
        const char *entity, *ch;
    } entities[] = {{"&amp;", "&"},
                    {"&lt;", "<"},
                    {"&gt;", ">"},
                    {"&quot;", "\""},
                    {"&#39;", "'"}};
    size_t lo = strlen(open), lc = strlen(close);
    size_t cap = strlen(s) * (1 + (lo > lc ? lo : lc)) + 1;
    char *out = malloc(cap), *o = out;
    int space = 0;

    if (!out)
        return NULL;
    while (*s) {
        size_t i, n;
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = o != out;
            s++;
            continue;
        }
        if (space) {
            *o++ = ' ';
            space = 0;
        }
        if (*s == AGX_MARK_START[0] || *s == AGX_MARK_END[0]) {
            const char *m = *s == AGX_MARK_START[0] ? open : close;
            memcpy(o, m, strlen(m));
            o += strlen(m);
            s++;
            continue;
        }
        for (i = 0; *s == '&' && i < sizeof entities / sizeof *entities; i++) {
            n = strlen(entities[i].entity);
            if (strncmp(s, entities[i].entity, n) == 0)
                break;
        }
        if (*s == '&' && i < sizeof entities / sizeof *entities) {
            *o++ = entities[i].ch[0];
            s += strlen(entities[i].entity);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}
