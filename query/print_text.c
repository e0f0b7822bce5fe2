/* print_text.c: the printer for people at a terminal or in a pipe.
 *
 * Values go on the current line, two spaces apart, each shown through its
 * key's label; separator() ends the line.  A snippet gets lines of its own,
 * indented, wrapped to the terminal's width, with the matched words in bold
 * (or in [brackets] when colour is off: NO_COLOR, or not a terminal).
 * Keys themselves are never printed: labels say what people need.
 */
#include "print.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    agx_printer base;
    FILE *out;
    int color;
    int width;
    int line_open;       /* something is on the current line */
    int col;             /* columns used on the current line */
    const char *label;   /* the label of the next value */
    const char *heading; /* a container's label, shown with its first value */
    int heading_depth;   /* the depth of that container */
    int depth;
    char kind[32]; /* 'm' or 'l' at each depth: a list ends its line */
    /* A bar chart being collected: its title and (label, count) bars. */
    const char *chart;
    int chart_depth;
    struct bar {
        char label[64];
        long count;
    } bars[64];
    int n_bars;
} text_printer;

static int
cmp_bars(const void *a, const void *b)
{
    return strcmp(((const struct bar *)a)->label,
                  ((const struct bar *)b)->label);
}

/* Draws the collected chart: a line per bar, the longest 30 columns. */
static void
draw_chart(text_printer *t)
{
    const char *block = t->color ? "\xe2\x96\x88" : "#"; /* U+2588 */
    long max = 1;

    if (t->line_open)
        fputc('\n', t->out);
    fprintf(t->out, "%s\n", t->chart + 1);
    qsort(t->bars, (size_t)t->n_bars, sizeof *t->bars, cmp_bars);
    for (int i = 0; i < t->n_bars; i++)
        if (t->bars[i].count > max)
            max = t->bars[i].count;
    for (int i = 0; i < t->n_bars; i++) {
        long w = (t->bars[i].count * 30 + max - 1) / max;
        fprintf(t->out, "  %s ", t->bars[i].label);
        for (long k = 0; k < w; k++)
            fputs(block, t->out);
        fprintf(t->out, " %ld\n", t->bars[i].count);
    }
    t->line_open = 0;
    t->col = 0;
    t->chart = NULL;
    t->n_bars = 0;
}

static void
end_line(text_printer *t)
{
    if (t->line_open)
        fputc('\n', t->out);
    t->line_open = 0;
    t->col = 0;
}

/* The display width of N bytes of UTF-8: code points, escapes aside. */
static int
columns(const char *w, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == 0x1b) {
            while (i < n && w[i] != 'm')
                i++;
        } else if ((c & 0xC0) != 0x80) {
            cols++;
        }
    }
    return cols;
}

/* Writes TEXT on the current line after SEP, or on a new indented line if
 * it would pass the terminal's width. */
static void
put(text_printer *t, const char *sep, const char *text)
{
    const int indent = 4;
    int cols = columns(text, strlen(text));

    if (t->line_open && t->width > 0 &&
        t->col + columns(sep, strlen(sep)) + cols > t->width) {
        fprintf(t->out, "\n%*s", indent, "");
        t->col = indent;
    } else if (t->line_open) {
        fputs(sep, t->out);
        t->col += columns(sep, strlen(sep));
    }
    fputs(text, t->out);
    t->col += cols;
    t->line_open = 1;
}

/* Prints TEXT through the pending label; VALUE replaces its %s. */
static void
emit(text_printer *t, const char *value)
{
    const char *label = t->label;
    int glue = label && label[0] == '+';

    t->label = NULL;
    if (label && !*label)
        return;
    if (t->heading) {
        const char *h = t->heading;
        t->heading = NULL;
        put(t, "  ", h);
    }
    if (glue)
        label++;
    if (label && strstr(label, "%s")) {
        const char *pc = strstr(label, "%s");
        char *text = NULL;
        if (asprintf(&text, "%.*s%s%s", (int)(pc - label), label, value,
                     pc + 2) < 0)
            return;
        put(t, glue ? " " : "  ", text);
        free(text);
    } else {
        put(t, glue ? " " : "  ", label ? label : value);
    }
}

static void
begin(text_printer *t, char kind)
{
    if (kind == 'l' && t->label && t->label[0] == '#') {
        t->chart = t->label;
        t->chart_depth = t->depth + 1;
        t->label = NULL;
    }
    if (t->chart && kind == 'm' && t->n_bars < 64) {
        memset(&t->bars[t->n_bars], 0, sizeof t->bars[0]);
        t->n_bars++;
    }
    /* A container's label heads its first value on the current line; a
     * container that stays empty shows nothing. */
    if (t->label && *t->label) {
        t->heading = t->label;
        t->heading_depth = t->depth + 1;
    }
    t->label = NULL;
    if (t->depth < (int)sizeof t->kind)
        t->kind[t->depth] = kind;
    t->depth++;
}

static void
text_begin_map(agx_printer *p)
{
    begin((text_printer *)p, 'm');
}

static void
text_begin_list(agx_printer *p)
{
    begin((text_printer *)p, 'l');
}

static void
text_end(agx_printer *p)
{
    text_printer *t = (text_printer *)p;
    if (t->depth == 0)
        return;
    if (t->heading && t->heading_depth == t->depth)
        t->heading = NULL;
    if (t->chart && t->chart_depth == t->depth) {
        t->depth--;
        if (t->n_bars)
            draw_chart(t);
        t->chart = NULL;
        t->n_bars = 0;
        return;
    }
    t->depth--;
    if (t->depth < (int)sizeof t->kind && t->kind[t->depth] == 'l')
        end_line(t);
}

static void
text_map_key(agx_printer *p, const char *key, const char *label)
{
    (void)key;
    ((text_printer *)p)->label = label;
}

static void
text_string(agx_printer *p, const char *s)
{
    text_printer *t = (text_printer *)p;
    if (t->chart) {
        if (t->n_bars)
            snprintf(t->bars[t->n_bars - 1].label, sizeof t->bars[0].label,
                     "%s", s ? s : "-");
        t->label = NULL;
        return;
    }
    emit(t, s ? s : "-");
}

static void
text_integer(agx_printer *p, long n)
{
    text_printer *t = (text_printer *)p;
    if (t->chart) {
        if (t->n_bars)
            t->bars[t->n_bars - 1].count = n;
        t->label = NULL;
        return;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", n);
    emit((text_printer *)p, buf);
}

static void
text_number(agx_printer *p, double d)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", d);
    emit((text_printer *)p, buf);
}

static void
text_snippet(agx_printer *p, const char *s)
{
    text_printer *t = (text_printer *)p;
    const int indent = 3;
    char *plain = t->color ? agx_snippet_plain(s, "\033[1m", "\033[0m")
                           : agx_snippet_plain(s, "[", "]");
    int col = 0;

    t->label = NULL;
    end_line(t);
    if (!plain || !*plain) {
        free(plain);
        return;
    }
    for (const char *w = plain; *w;) {
        size_t n = strcspn(w, " ");
        int cols = columns(w, n);
        if (col == 0) {
            fprintf(t->out, "%*s", indent, "");
            col = indent;
        } else if (t->width > 0 && col + 1 + cols > t->width) {
            fprintf(t->out, "\n%*s", indent, "");
            col = indent;
        } else {
            fputc(' ', t->out);
            col++;
        }
        fwrite(w, 1, n, t->out);
        col += cols;
        w += n;
        while (*w == ' ')
            w++;
    }
    fputs("\n\n", t->out);
    free(plain);
}

static void
text_separator(agx_printer *p)
{
    end_line((text_printer *)p);
}

static void
text_heading(agx_printer *p, const char *text)
{
    text_printer *t = (text_printer *)p;
    end_line(t);
    fprintf(t->out, "%s\n\n", text);
}

static void
text_free(agx_printer *p)
{
    text_printer *t = (text_printer *)p;
    end_line(t);
    fflush(t->out);
    free(t);
}

agx_printer *
agx_print_text_new(FILE *out, int color, int width)
{
    text_printer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base = (agx_printer){text_begin_map, text_begin_list, text_end,
                            text_map_key,   text_string,     text_integer,
                            text_number,    text_snippet,    text_separator,
                            text_heading,   text_free};
    t->out = out;
    t->color = color;
    t->width = width;
    return &t->base;
}
