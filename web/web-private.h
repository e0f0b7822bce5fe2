/* web-private.h: what the web module's files share. */
#ifndef AGX_WEB_PRIVATE_H
#define AGX_WEB_PRIVATE_H

#include "agx_buf.h"
#include "agx_query.h"
#include "print.h"

#include <stddef.h>

/* The walk of an answer (answer.c) kept as a tree, so that the page can
 * lay it out as it likes while the walk stays the one source of what an
 * answer says.  A node is a map, a list or a value; a map's children
 * carry their keys. */
typedef enum {
    N_MAP,
    N_LIST,
    N_STRING,
    N_NULL,
    N_INTEGER,
    N_NUMBER,
    N_SNIPPET
} agx_node_kind;

typedef struct agx_node {
    agx_node_kind kind;
    char *key;  /* in a map; NULL in a list */
    char *text; /* N_STRING, N_SNIPPET (markers as in print.h) */
    double number;
    long integer;
    struct agx_node **kids;
    size_t n_kids, cap;
} agx_node;

/* A printer that builds a tree; agx_tree_take() hands over its root (the
 * caller frees it with agx_node_free()) and frees the printer.  NULL if
 * memory ran out (then or during the walk). */
agx_printer *agx_tree_new(void);
agx_node *agx_tree_take(agx_printer *p);
void agx_node_free(agx_node *n);
/* The child of map N named KEY, or NULL. */
const agx_node *agx_node_get(const agx_node *n, const char *key);
/* The text of child KEY of map N: a string, or "" when unknown. */
const char *agx_node_str(const agx_node *n, const char *key);

/* The page's state, as its URL has it: every control of the form. */
typedef struct {
    const char *q;
    const char *udvalg[16];
    size_t n_udvalg;
    const char *types[8];
    size_t n_types;
    const char *from, *to, *sort;
    unsigned offset;
    int pages; /* a hit per page, not per document */
} agx_page_state;

/* Writes the search page for STATE into B: the form, and ANSWER (a tree
 * of agx_answer_print(), or of agx_case_print() when CASE), or ERROR (a
 * message for the user), or neither for the empty page. */
void agx_page_search(agx_buf *b, const agx_page_state *state,
                     const agx_node *answer, int is_case, const char *error);

/* The style sheet. */
extern const char agx_page_css[];

#endif /* AGX_WEB_PRIVATE_H */
