/* agx_buf.h: a growing string, for text built piece by piece (a query
 * rewritten, a page of HTML, a value of lines).  Memory that runs out sets
 * FAILED and every later call does nothing, so a builder checks once at
 * the end.  S is NUL-terminated (or NULL before anything was put); the
 * caller frees it with free().  And agx_grow(), the same doubling for an
 * array of any element. */
#ifndef AGX_BUF_H
#define AGX_BUF_H

#include <stddef.h>

typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} agx_buf;

void agx_buf_put(agx_buf *b, const char *s, size_t len);
void agx_buf_puts(agx_buf *b, const char *s);
void agx_buf_printf(agx_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Room for one more element in the array V (N elements of SIZE bytes,
 * room for *CAP): V itself while N < *CAP, else V reallocated to twice
 * *CAP (FIRST at first), with *CAP updated.  NULL if memory ran out (or
 * the size would overflow); V is then unchanged and still the caller's.
 *     agx_item *p = agx_grow(v->items, v->n, &v->cap, sizeof *p, 16);
 *     if (!p) return -1;
 *     v->items = p;
 *     v->items[v->n++] = item; */
void *agx_grow(void *v, size_t n, size_t *cap, size_t size, size_t first);

#endif /* AGX_BUF_H */
