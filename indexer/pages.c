/* pages.c: a growing list of page texts (extract.h). */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

int
agx_pages_add(agx_pages *pages, const char *s, size_t len)
{
    char *copy;

    if (pages->n == pages->cap) {
        size_t cap = pages->cap ? pages->cap * 2 : 16;
        char **t = realloc(pages->text, cap * sizeof *t);
        if (!t)
            return -1;
        pages->text = t;
        size_t *l = realloc(pages->len, cap * sizeof *l);
        if (!l)
            return -1;
        pages->len = l;
        pages->cap = cap;
    }
    copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    pages->text[pages->n] = copy;
    pages->len[pages->n] = len;
    pages->n++;
    return 0;
}

void
agx_pages_clear(agx_pages *pages)
{
    for (size_t i = 0; i < pages->n; i++)
        free(pages->text[i]);
    free(pages->text);
    free(pages->len);
    memset(pages, 0, sizeof *pages);
}
