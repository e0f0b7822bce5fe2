/* print_csv.c: the printer for spreadsheets: one row per hit.
 *
 * Only the list under the key "hits" is printed; every map in it is a row,
 * nested maps become dotted columns (item.number, item.title), and a
 * column exists once some row has a value for it (a null makes none).
 * Rows are kept until the end, when the header (the columns in the order
 * first seen) and the rows are written as RFC 4180 CSV: fields quoted,
 * quotes doubled, CRLF line ends.  Snippets are plain, matches in [ ].
 */
#include "print.h"
#include "query-private.h"

#include "agx_buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_COLUMNS = 32, MAX_DEPTH = 16 };

typedef struct {
    char *cell[MAX_COLUMNS];
} row;

typedef struct {
    agx_printer base;
    FILE *out;
    int depth;
    int in_hits;           /* depth of the hits list, 0 if outside */
    char *keys[MAX_DEPTH]; /* the key at each depth */
    const char *pending;   /* the key of the next value */
    char *columns[MAX_COLUMNS];
    int n_columns;
    row *rows;
    size_t n_rows, cap_rows;
} csv_printer;

/* The dotted path of the value now written inside a row, or NULL. */
static char *
path(csv_printer *c)
{
    size_t len = 1;
    char *s;

    if (!c->in_hits || c->depth <= c->in_hits || !c->pending)
        return NULL;
    for (int d = c->in_hits + 1; d < c->depth; d++)
        len += strlen(c->keys[d] ? c->keys[d] : "") + 1;
    len += strlen(c->pending);
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int d = c->in_hits + 1; d < c->depth; d++) {
        strcat(s, c->keys[d] ? c->keys[d] : "");
        strcat(s, ".");
    }
    strcat(s, c->pending);
    return s;
}

static void
cell(csv_printer *c, const char *value)
{
    char *p = path(c);
    int col;

    c->pending = NULL;
    if (!p || !value || !c->n_rows) {
        free(p);
        return;
    }
    for (col = 0; col < c->n_columns; col++)
        if (strcmp(c->columns[col], p) == 0)
            break;
    if (col == c->n_columns) {
        if (col == MAX_COLUMNS) {
            free(p);
            return;
        }
        c->columns[c->n_columns++] = p;
        p = NULL;
    }
    free(p);
    free(c->rows[c->n_rows - 1].cell[col]);
    c->rows[c->n_rows - 1].cell[col] = strdup(value);
}

static void
begin(csv_printer *c)
{
    if (c->depth < MAX_DEPTH) {
        free(c->keys[c->depth]);
        c->keys[c->depth] = c->pending ? strdup(c->pending) : NULL;
    }
    c->pending = NULL;
    c->depth++;
}

static void
csv_begin_map(agx_printer *p)
{
    csv_printer *c = (csv_printer *)p;
    /* A map right inside the hits list is a new row. */
    if (c->in_hits && c->depth == c->in_hits) {
        row *r = agx_grow(c->rows, c->n_rows, &c->cap_rows, sizeof *r, 16);
        if (!r)
            return;
        c->rows = r;
        memset(&c->rows[c->n_rows++], 0, sizeof(row));
    }
    begin(c);
}

static void
csv_begin_list(agx_printer *p)
{
    csv_printer *c = (csv_printer *)p;
    int hits = c->pending && strcmp(c->pending, "hits") == 0 && !c->in_hits;
    begin(c);
    if (hits)
        c->in_hits = c->depth;
}

static void
csv_end(agx_printer *p)
{
    csv_printer *c = (csv_printer *)p;
    if (c->depth == 0)
        return;
    if (c->in_hits == c->depth)
        c->in_hits = 0;
    c->depth--;
}

static void
csv_map_key(agx_printer *p, const char *key, const char *label)
{
    (void)label;
    ((csv_printer *)p)->pending = key;
}

static void
csv_string(agx_printer *p, const char *s)
{
    cell((csv_printer *)p, s);
}

static void
csv_integer(agx_printer *p, long n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", n);
    cell((csv_printer *)p, buf);
}

static void
csv_number(agx_printer *p, double d)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.4f", d);
    cell((csv_printer *)p, buf);
}

static void
csv_snippet(agx_printer *p, const char *s)
{
    char *plain = agx_snippet_plain(s, "[", "]");
    cell((csv_printer *)p, plain ? plain : "");
    free(plain);
}

static void
csv_ignore(agx_printer *p)
{
    (void)p;
}

static void
csv_heading(agx_printer *p, const char *text)
{
    (void)p;
    (void)text;
}

static void
field(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void
csv_free(agx_printer *p)
{
    csv_printer *c = (csv_printer *)p;
    for (int col = 0; col < c->n_columns; col++) {
        if (col)
            fputc(',', c->out);
        field(c->out, c->columns[col]);
    }
    fputs("\r\n", c->out);
    for (size_t r = 0; r < c->n_rows; r++) {
        for (int col = 0; col < c->n_columns; col++) {
            if (col)
                fputc(',', c->out);
            field(c->out, c->rows[r].cell[col]);
        }
        fputs("\r\n", c->out);
        for (int col = 0; col < MAX_COLUMNS; col++)
            free(c->rows[r].cell[col]);
    }
    fflush(c->out);
    for (int col = 0; col < c->n_columns; col++)
        free(c->columns[col]);
    for (int d = 0; d < MAX_DEPTH; d++)
        free(c->keys[d]);
    free(c->rows);
    free(c);
}

agx_printer *
agx_print_csv_new(FILE *out)
{
    csv_printer *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->base =
        (agx_printer){csv_begin_map, csv_begin_list, csv_end,    csv_map_key,
                      csv_string,    csv_integer,    csv_number, csv_snippet,
                      csv_ignore,    csv_heading,    csv_free};
    c->out = out;
    return &c->base;
}
