/* agx_buf.c: a growing string (agx_buf.h). */
#include "agx_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *
agx_grow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return v;
    size_t grown = *cap ? *cap * 2 : first;
    if (grown < *cap || (size && grown > SIZE_MAX / size))
        return NULL;
    void *p = realloc(v, grown * size);
    if (p)
        *cap = grown;
    return p;
}

void
agx_buf_put(agx_buf *b, const char *s, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = 2 * (b->len + len + 1) + 1024;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->failed = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

void
agx_buf_puts(agx_buf *b, const char *s)
{
    agx_buf_put(b, s, strlen(s));
}

void
agx_buf_printf(agx_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof small) {
        agx_buf_put(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            b->failed = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        agx_buf_put(b, big, (size_t)n);
        free(big);
    }
}
