/* print_json.c: the printer that writes one compact JSON object.
 *
 * A stack of "first item" flags puts the commas; strings are escaped as
 * RFC 8259 asks (quote, backslash, control characters), and UTF-8 passes
 * through.  Text-only hints (labels, separators, headings) are ignored.
 * Snippets are plain text with each matched word in [brackets].
 */
#include "print.h"

#include <stdlib.h>

enum { MAX_DEPTH = 32 };

typedef struct {
    agx_printer base;
    FILE *out;
    int depth;
    int first[MAX_DEPTH];   /* nothing printed yet at this depth */
    char closer[MAX_DEPTH]; /* '}' or ']': what ends this depth */
    int after_key;          /* a key was printed: no comma before the value */
} json_printer;

static void
comma(json_printer *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0 && !j->first[j->depth - 1])
        fputc(',', j->out);
    if (j->depth > 0)
        j->first[j->depth - 1] = 0;
}

static void
push(json_printer *j, char c)
{
    comma(j);
    fputc(c, j->out);
    if (j->depth < MAX_DEPTH) {
        j->first[j->depth] = 1;
        j->closer[j->depth] = c == '{' ? '}' : ']';
    }
    j->depth++;
}

static void
json_begin_map(agx_printer *p)
{
    push((json_printer *)p, '{');
}

static void
json_begin_list(agx_printer *p)
{
    push((json_printer *)p, '[');
}

static void
json_end(agx_printer *p)
{
    json_printer *j = (json_printer *)p;
    if (j->depth == 0)
        return;
    j->depth--;
    fputc(j->depth < MAX_DEPTH ? j->closer[j->depth] : '}', j->out);
}

static void
write_string(FILE *out, const char *s)
{
    /* Runs of plain bytes in one fwrite, not a locked fputc a byte
     * (measured: 10% of a search's time in agendex serve). */
    const unsigned char *c = (const unsigned char *)s, *run = c;
    fputc('"', out);
    for (; *c; c++) {
        if (*c >= 0x20 && *c != 0x7f && *c != '"' && *c != '\\')
            continue;
        fwrite(run, 1, (size_t)(c - run), out);
        run = c + 1;
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c == '\n')
            fputs("\\n", out);
        else if (*c == '\t')
            fputs("\\t", out);
        else
            fprintf(out, "\\u%04x", *c);
    }
    fwrite(run, 1, (size_t)(c - run), out);
    fputc('"', out);
}

static void
json_map_key(agx_printer *p, const char *key, const char *label)
{
    json_printer *j = (json_printer *)p;
    (void)label;
    comma(j);
    write_string(j->out, key);
    fputc(':', j->out);
    j->after_key = 1;
}

static void
json_string(agx_printer *p, const char *s)
{
    json_printer *j = (json_printer *)p;
    comma(j);
    if (s)
        write_string(j->out, s);
    else
        fputs("null", j->out);
}

static void
json_integer(agx_printer *p, long n)
{
    json_printer *j = (json_printer *)p;
    comma(j);
    fprintf(j->out, "%ld", n);
}

static void
json_number(agx_printer *p, double d)
{
    json_printer *j = (json_printer *)p;
    comma(j);
    fprintf(j->out, "%.4f", d);
}

static void
json_snippet(agx_printer *p, const char *s)
{
    char *plain = agx_snippet_plain(s, "[", "]");
    json_string(p, plain ? plain : "");
    free(plain);
}

static void
json_ignore(agx_printer *p)
{
    (void)p;
}

static void
json_heading(agx_printer *p, const char *text)
{
    (void)p;
    (void)text;
}

static void
json_free(agx_printer *p)
{
    json_printer *j = (json_printer *)p;
    fputc('\n', j->out);
    fflush(j->out);
    free(j);
}

agx_printer *
agx_print_json_new(FILE *out)
{
    json_printer *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->base = (agx_printer){json_begin_map, json_begin_list, json_end,
                            json_map_key,   json_string,     json_integer,
                            json_number,    json_snippet,    json_ignore,
                            json_heading,   json_free};
    j->out = out;
    return &j->base;
}
