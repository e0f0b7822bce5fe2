/* structure.c: the agenda items of a meeting document.
 *
 * An item opens with a heading at a line start: "Punkt 12: Præcisering af
 * takstaftalen v. Jesper Kaas Schmidt" (KL's agendas; the presenter after
 * " v. " is not part of the title) or "3.1 Sundhedsaftalen ..." / "3.1.
 * Sundhedsaftalen ..." (numbered items and sub-items).  The same headings
 * appear in a table of contents, with page numbers that poppler may put on
 * lines of their own, so a line alone cannot tell a TOC entry from an item.
 * A TOC entry is recognised by its dot leaders ("Orientering ..... 2"), or
 * as part of a run: three or more headings, each at most TOC_GAP lines
 * after the one before, in ascending order (the body that follows a TOC
 * starts again at 1).  Items in the body are further apart, since each has
 * text of its own.
 *
 * A document that numbers its items "Punkt N" uses "3.1" for the sections
 * of its attachments, so there only the "Punkt" headings are items.  A
 * title that wraps goes on over a next line that starts in lower case or
 * with a digit ("... mødet d. 4. november" + "2022").
 */
#include "indexer-private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { TOC_GAP = 5, TOC_RUN = 3 };

typedef struct {
    agx_item item;
    size_t line; /* the heading's line, counted through the document */
    int punkt;   /* written "Punkt N:" */
    int toc;     /* has dot leaders: an entry of a table of contents */
} candidate;

/* Does a lower-case letter start P?  ASCII or Latin-1 (æ ø å ...). */
static int
starts_lower(const unsigned char *p)
{
    return islower(p[0]) ||
           (p[0] == 0xC3 && p[1] >= 0x9F && p[1] <= 0xBF && p[1] != 0xB7);
}

/* Does an upper-case letter start P?  ASCII or Latin-1 (Æ Ø Å ...). */
static int
starts_upper(const unsigned char *p)
{
    return isupper(p[0]) ||
           (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97);
}

/* Reads a dotted number ("3", "3.1", "3.1.2": at most three parts of at
 * most two digits) at P into NUM.  Returns its length, 0 if none. */
static size_t
dotted_number(const char *p, char *num, size_t cap)
{
    size_t n = 0, parts = 0;
    while (parts < 3) {
        size_t d = 0;
        while (isdigit((unsigned char)p[n + d]) && d < 3)
            d++;
        if (d == 0 || d > 2)
            return 0;
        n += d;
        parts++;
        if (p[n] != '.' || !isdigit((unsigned char)p[n + 1]))
            break;
        n++;
    }
    if (n + 1 > cap)
        return 0;
    memcpy(num, p, n);
    num[n] = '\0';
    return n;
}

/* Does TITLE end in a page number, as a TOC entry does ("Siden sidst 2")?
 * One to three digits after a space; a year has four. */
static int
ends_with_page_number(const char *title)
{
    size_t n = strlen(title), d = 0;
    while (d < n && isdigit((unsigned char)title[n - 1 - d]))
        d++;
    return d >= 1 && d <= 3 && d < n && title[n - 1 - d] == ' ';
}

/* Copies the title at P (LEN bytes) into TITLE, without a presenter
 * (" v. Name"), dot leaders and what follows them.  Sets *TOC if there
 * were dot leaders. */
static void
copy_title(const char *p, size_t len, char *title, size_t cap, int *toc)
{
    size_t n = len;

    for (size_t i = 0; i + 4 <= len; i++) {
        if (memcmp(p + i, "....", 4) == 0) {
            n = i;
            *toc = 1;
            break;
        }
        if (memcmp(p + i, " v. ", 4) == 0 ||
            (i + 3 == len && memcmp(p + i, " v.", 3) == 0)) {
            n = i;
            break;
        }
    }
    /* " v." (or " v") whose name wrapped onto the next line. */
    if (n == len && n >= 3 && memcmp(p + n - 3, " v.", 3) == 0)
        n -= 3;
    else if (n == len && n >= 2 && memcmp(p + n - 2, " v", 2) == 0)
        n -= 2;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n >= cap) { /* cut at a character boundary */
        n = cap - 1;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(title, p, n);
    title[n] = '\0';
}

/* If the line at LINE (LEN bytes) is an item heading, fills C.  NEXT is
 * the following line (NEXT_LEN bytes), into which a title may wrap. */
static int
heading(const char *line, size_t len, const char *next, size_t next_len,
        candidate *c)
{
    agx_item *item = &c->item;
    char joined[2 * sizeof item->title];
    const char *p = line, *end = line + len;
    size_t n;

    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    c->punkt = c->toc = 0;
    if (end - p > 6 && strncmp(p, "Punkt ", 6) == 0) {
        c->punkt = 1;
        p += 6;
        n = dotted_number(p, item->number, sizeof item->number);
        if (!n || p[n] != ':')
            return 0;
        p += n + 1;
    } else {
        n = dotted_number(p, item->number, sizeof item->number);
        /* A bare "3." is too often a list's item: a heading has a dot
         * inside its number ("3.1"). */
        if (!n || !strchr(item->number, '.'))
            return 0;
        p += n;
        if (*p == '.')
            p++;
    }
    if (p >= end || (*p != ' ' && *p != '\t'))
        return 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (!starts_upper((const unsigned char *)p))
        return 0;
    len = (size_t)(end - p);
    if (next && len + 1 + next_len < sizeof joined &&
        memmem(p, len, "....", 4) == NULL &&
        (starts_lower((const unsigned char *)next) ||
         isdigit((unsigned char)*next) || strncmp(next, "v. ", 3) == 0)) {
        memcpy(joined, p, len);
        joined[len] = ' ';
        memcpy(joined + len + 1, next, next_len);
        p = joined;
        len += 1 + next_len;
    }
    copy_title(p, len, item->title, sizeof item->title, &c->toc);
    c->toc |= ends_with_page_number(item->title);
    return item->title[0] != '\0';
}

static int
push(agx_items *items, const agx_item *item)
{
    if (items->n == items->cap) {
        size_t cap = items->cap ? items->cap * 2 : 16;
        agx_item *p = realloc(items->items, cap * sizeof *p);
        if (!p)
            return -1;
        items->items = p;
        items->cap = cap;
    }
    items->items[items->n++] = *item;
    return 0;
}

int
agx_structure_items(char *const *text, size_t n_pages, agx_items *out)
{
    candidate *cand = NULL;
    size_t n = 0, cap = 0, line = 0;
    int rc = -1, punkt = 0;

    memset(out, 0, sizeof *out);
    for (size_t pg = 0; pg < n_pages; pg++) {
        for (const char *s = text[pg]; *s; line++) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            const char *next = nl ? nl + 1 : NULL;
            size_t next_len = next ? strcspn(next, "\n") : 0;
            candidate c;
            if (heading(s, len, next, next_len, &c)) {
                if (n == cap) {
                    size_t grown = cap ? cap * 2 : 32;
                    candidate *p = realloc(cand, grown * sizeof *p);
                    if (!p)
                        goto out;
                    cand = p;
                    cap = grown;
                }
                c.item.page = (unsigned)pg + 1;
                c.item.offset = (size_t)(s - text[pg]);
                c.line = line;
                cand[n++] = c;
            }
            s += len + (nl != NULL);
        }
    }
    /* Mark the runs of TOC_RUN or more close, ascending headings. */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cand[j].line - cand[j - 1].line <= TOC_GAP &&
               strtol(cand[j].item.number, NULL, 10) >=
                   strtol(cand[j - 1].item.number, NULL, 10))
            j++;
        for (size_t k = i; j - i >= TOC_RUN && k < j; k++)
            cand[k].toc = 1;
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        punkt |= cand[i].punkt && !cand[i].toc;
    for (size_t i = 0; i < n; i++)
        if (!cand[i].toc && (cand[i].punkt || !punkt) &&
            push(out, &cand[i].item) != 0)
            goto out;
    rc = 0;
out:
    if (rc != 0)
        agx_items_clear(out);
    free(cand);
    return rc;
}

const agx_item *
agx_items_at(const agx_items *items, unsigned page, size_t offset)
{
    const agx_item *at = NULL;
    for (size_t i = 0; i < items->n; i++) {
        const agx_item *it = &items->items[i];
        if (it->page > page || (it->page == page && it->offset > offset))
            break;
        at = it;
    }
    return at;
}

void
agx_items_clear(agx_items *items)
{
    free(items->items);
    memset(items, 0, sizeof *items);
}
