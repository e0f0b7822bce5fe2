/* agx_buf.h: a growing string, for text built piece by piece (a query
 * rewritten, a page of HTML, a value of lines).  Memory that runs out sets
 * FAILED and every later call does nothing, so a builder checks once at
 * the end.  S is NUL-terminated (or NULL before anything was put); the
 * caller frees it with free(). */
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

#endif /* AGX_BUF_H */
