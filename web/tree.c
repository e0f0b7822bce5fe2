/* tree.c: a printer (print.h) that keeps the walk as a tree. */
#include "web-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 16 };

typedef struct {
    agx_printer base;
    agx_node *root;
    agx_node *stack[MAX_DEPTH]; /* the open maps and lists */
    int depth;
    char *key; /* the next value's, in a map */
    int failed;
} tree_printer;

void
agx_node_free(agx_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        agx_node_free(n->kids[i]);
    free(n->kids);
    free(n->key);
    free(n->text);
    free(n);
}

/* A new node of KIND where the walk is; NULL if memory ran out. */
static agx_node *
add(tree_printer *t, agx_node_kind kind)
{
    agx_node *n = calloc(1, sizeof *n), *parent;

    if (!n || t->failed) {
        free(n);
        t->failed = 1;
        return NULL;
    }
    n->kind = kind;
    n->key = t->key;
    t->key = NULL;
    if (t->depth == 0) {
        if (t->root) { /* a second top-level value: not a walk */
            agx_node_free(n);
            t->failed = 1;
            return NULL;
        }
        t->root = n;
        return n;
    }
    parent = t->stack[t->depth - 1];
    if (parent->n_kids == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 8;
        agx_node **kids = realloc(parent->kids, cap * sizeof *kids);
        if (!kids) {
            agx_node_free(n);
            t->failed = 1;
            return NULL;
        }
        parent->kids = kids;
        parent->cap = cap;
    }
    parent->kids[parent->n_kids++] = n;
    return n;
}

static void
open_node(tree_printer *t, agx_node_kind kind)
{
    agx_node *n = add(t, kind);
    if (!n)
        return;
    if (t->depth == MAX_DEPTH) {
        t->failed = 1;
        return;
    }
    t->stack[t->depth++] = n;
}

static void
t_begin_map(agx_printer *p)
{
    open_node((tree_printer *)p, N_MAP);
}

static void
t_begin_list(agx_printer *p)
{
    open_node((tree_printer *)p, N_LIST);
}

static void
t_end(agx_printer *p)
{
    tree_printer *t = (tree_printer *)p;
    if (t->depth > 0)
        t->depth--;
}

static void
t_map_key(agx_printer *p, const char *key, const char *label)
{
    tree_printer *t = (tree_printer *)p;
    (void)label;
    free(t->key);
    t->key = strdup(key);
    if (!t->key)
        t->failed = 1;
}

static void
text_node(tree_printer *t, agx_node_kind kind, const char *s)
{
    agx_node *n = add(t, s ? kind : N_NULL);
    if (n && s && !(n->text = strdup(s)))
        t->failed = 1;
}

static void
t_string(agx_printer *p, const char *s)
{
    text_node((tree_printer *)p, N_STRING, s);
}

static void
t_snippet(agx_printer *p, const char *s)
{
    text_node((tree_printer *)p, N_SNIPPET, s);
}

static void
t_integer(agx_printer *p, long v)
{
    agx_node *n = add((tree_printer *)p, N_INTEGER);
    if (n)
        n->integer = v;
}

static void
t_number(agx_printer *p, double d)
{
    agx_node *n = add((tree_printer *)p, N_NUMBER);
    if (n)
        n->number = d;
}

static void
t_nothing(agx_printer *p)
{
    (void)p;
}

static void
t_heading(agx_printer *p, const char *text)
{
    (void)p;
    (void)text;
}

static void
t_free(agx_printer *p)
{
    tree_printer *t = (tree_printer *)p;
    agx_node_free(t->root);
    free(t->key);
    free(t);
}

agx_printer *
agx_tree_new(void)
{
    tree_printer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base = (agx_printer){t_begin_map, t_begin_list, t_end,    t_map_key,
                            t_string,    t_integer,    t_number, t_snippet,
                            t_nothing,   t_heading,    t_free};
    return &t->base;
}

agx_node *
agx_tree_take(agx_printer *p)
{
    tree_printer *t = (tree_printer *)p;
    agx_node *root = t->failed ? NULL : t->root;
    if (root)
        t->root = NULL;
    t_free(p);
    return root;
}

const agx_node *
agx_node_get(const agx_node *n, const char *key)
{
    if (!n || n->kind != N_MAP)
        return NULL;
    for (size_t i = 0; i < n->n_kids; i++)
        if (n->kids[i]->key && strcmp(n->kids[i]->key, key) == 0)
            return n->kids[i];
    return NULL;
}

const char *
agx_node_str(const agx_node *n, const char *key)
{
    const agx_node *v = agx_node_get(n, key);
    return v && v->text ? v->text : "";
}
