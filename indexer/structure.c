/* structure.c: the agenda items of a meeting document.
 *
 * An item opens with a heading at a line start: "Punkt 12: Præcisering af
 * takstaftalen v. Jesper Kaas Schmidt" (KL's agendas; the presenter after
 * " v. " is not part of the title) or "3.1 Sundhedsaftalen ..." / "3.1.
 * Sundhedsaftalen ..." (numbered items and sub-items).  The same headings
 * appear in a table of contents, with page numbers that poppler may put on
 * lines of their own, so a line alone cannot tell a TOC entry from an item.
 * A TOC entry is recognised by its dot leaders ("Orientering ..... 2"), or
 * as part of a run near the document's start: three or more headings, each
 * at most TOC_GAP lines after the one before, in ascending order (the body
 * that follows a TOC starts again at 1).  Short items at the end of an
 * agenda also stand close together, but not at its start.  Items in the body
 * are further apart, since each has text of its own.
 *
 * A document that numbers its items "Punkt N" uses "3.1" for the sections
 * of its attachments, so there only the "Punkt" headings are items.  A
 * title that wraps goes on over a next line that starts in lower case or
 * with a digit ("... mødet d. 4. november" + "2022").  A number alone on
 * its line ("**2.1**" in converted text) takes its title from the next
 * line with text.  "3. Regionalpolitiske sager" is an item (a group) only
 * as part of the sequence 1., 2., 3., ... whose first member opens with its
 * own sub-item ("1." then "1.1"); else it was a numbered list.
 */
#include "indexer-private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    TOC_GAP = 5,     /* lines between the entries of a TOC, at most */
    TOC_RUN = 3,     /* entries in a TOC, at least */
    TOC_LINES = 150, /* a TOC starts within a document's first lines */
};

typedef struct {
    agx_item item;
    size_t line; /* the heading's line, counted through the document */
    int punkt;   /* written "Punkt N:" */
    int top;     /* written "N. Title": a group, if "N.M" items follow */
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
        /* No item is numbered 0 or 05: that is a time (13.00) or a date. */
        if (d == 0 || d > 2 || p[n] == '0')
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

/* Does the line at P open with a heading's number ("3.1 ", "3.1. ",
 * "3. ")? */
static int
starts_numbered(const char *p)
{
    char num[16];
    size_t n;
    while (*p == ' ' || *p == '\t')
        p++;
    n = dotted_number(p, num, sizeof num);
    if (!n)
        return 0;
    if (p[n] == '.')
        n++;
    return p[n] == ' ' || p[n] == '\t';
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
    /* Copy with runs of white space folded to one space. */
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int space = p[i] == ' ' || p[i] == '\t';
        if (space && (o == 0 || title[o - 1] == ' '))
            continue;
        title[o++] = space ? ' ' : p[i];
    }
    title[o] = '\0';
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
    c->punkt = c->top = c->toc = 0;
    if (end - p > 6 && strncmp(p, "Punkt ", 6) == 0) {
        c->punkt = 1;
        p += 6;
        n = dotted_number(p, item->number, sizeof item->number);
        if (!n || p[n] != ':')
            return 0;
        p += n + 1;
    } else {
        n = dotted_number(p, item->number, sizeof item->number);
        if (!n)
            return 0;
        /* A bare "3." is too often a list's item: it is kept only as a
         * group whose "3.1" items follow (see agx_structure_items). */
        c->top = !strchr(item->number, '.');
        p += n;
        if (*p == '.')
            p++;
        else if (c->top)
            return 0; /* "3 Title" is a table row or a count */
        /* "2.1" alone on its line: the title is on the next. */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end && !c->top && next) {
            copy_title(next, next_len, item->title, sizeof item->title,
                       &c->toc);
            return item->title[0] != '\0' &&
                   starts_upper((const unsigned char *)item->title);
        }
        p -= p > line && (p[-1] == ' ' || p[-1] == '\t');
    }
    if (p >= end || (*p != ' ' && *p != '\t'))
        return 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (!starts_upper((const unsigned char *)p))
        return 0;
    len = (size_t)(end - p);
    if (next && len + 1 + next_len < sizeof joined &&
        memmem(p, len, "....", 4) == NULL && !starts_numbered(next) &&
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
            size_t next_len;
            /* The next line with text, skipping up to two blank ones. */
            for (int blank = 0; next && blank < 2; blank++) {
                size_t k = strspn(next, " \t");
                if (next[k] != '\n')
                    break;
                next += k + 1;
            }
            next_len = next ? strcspn(next, "\n") : 0;
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
        for (size_t k = i;
             j - i >= TOC_RUN && cand[i].line < TOC_LINES && k < j; k++)
            cand[k].toc = 1;
        i = j;
    }
    /* Groups ("3. Title") count 1, 2, 3, ...: the first must open with
     * its own sub-item ("1." then "1.1"), and each later one must be the
     * next number.  Anything else was a numbered list. */
    long last_group = 0;
    for (size_t i = 0; i < n; i++) {
        long num = strtol(cand[i].item.number, NULL, 10);
        size_t j = i + 1, k = strlen(cand[i].item.number);
        int ok;
        if (!cand[i].top || cand[i].toc)
            continue;
        while (j < n && cand[j].toc)
            j++;
        ok = num == last_group + 1 &&
             (last_group > 0 ||
              (j < n &&
               strncmp(cand[j].item.number, cand[i].item.number, k) == 0 &&
               cand[j].item.number[k] == '.'));
        if (ok)
            last_group = num;
        else
            cand[i].toc = 1; /* not an item, whatever it is */
    }
    for (size_t i = 0; i < n; i++)
        punkt |= cand[i].punkt && !cand[i].toc;
    for (size_t i = 0; i < n; i++) {
        const agx_item *last = out->n ? &out->items[out->n - 1] : NULL;
        if (cand[i].toc || (punkt && !cand[i].punkt))
            continue;
        /* An attachment may repeat its item's heading on every page. */
        if (last && strcmp(last->number, cand[i].item.number) == 0 &&
            strcmp(last->title, cand[i].item.title) == 0)
            continue;
        if (push(out, &cand[i].item) != 0)
            goto out;
    }
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

/* Does LINE (N bytes) end with a year (and perhaps punctuation)? */
static int
ends_with_year(const char *line, size_t n)
{
    while (n && strchr(" \t.,:;", line[n - 1]))
        n--;
    return n >= 5 && isdigit((unsigned char)line[n - 1]) &&
           isdigit((unsigned char)line[n - 4]) &&
           !isdigit((unsigned char)line[n - 5]);
}

/* Does one of the (up to) three lines with text after AFTER start with
 * "Tid og sted", the header of minutes? */
static int
minutes_header_follows(const char *after)
{
    for (int seen = 0; after && *after && seen < 3;) {
        const char *p = after + strspn(after, " \t");
        if (*p != '\n') {
            if (strncasecmp(p, "Tid og sted", 11) == 0)
                return 1;
            seen++;
        }
        after = strchr(p, '\n');
        after = after ? after + 1 : NULL;
    }
    return 0;
}

int
agx_structure_minutes(char *const *text, size_t n_pages, const agx_items *items,
                      const char *udvalg, agx_minutes_list *out)
{
    memset(out, 0, sizeof *out);
    for (size_t pg = 0; pg < n_pages; pg++) {
        int line_no = 0;
        for (const char *s = text[pg]; *s; line_no++) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            const char *p = s + strspn(s, " \t");
            size_t plen = len - (size_t)(p - s);
            char date[11], joined[512];
            agx_minutes m;

            s += len + (nl != NULL);
            /* A heading may wrap: read it with its next line. */
            if (nl && plen < 256) {
                size_t next = strcspn(s, "\n");
                if (next > 255)
                    next = 255;
                snprintf(joined, sizeof joined, "%.*s %.*s", (int)plen, p,
                         (int)next, s);
            } else {
                snprintf(joined, sizeof joined, "%.*s", (int)plen, p);
            }
            /* Where the document names itself, it is no inner document. */
            if (pg == 0 && line_no < 6)
                continue;
            if (plen < 20 || (strncasecmp(p, "Referat fra møde", 17) != 0 &&
                              strncasecmp(p, "Referat af møde", 16) != 0))
                continue;
            if (agx_date_from_text(p, plen, date)) {
                if (!ends_with_year(p, plen) && !minutes_header_follows(s))
                    continue;
            } else if (!agx_date_from_text(joined, strlen(joined), date) ||
                       !ends_with_year(joined, strlen(joined))) {
                continue;
            }
            memset(&m, 0, sizeof m);
            memcpy(m.date, date, sizeof m.date);
            m.from = (unsigned)pg + 1;
            m.to = (unsigned)n_pages;
            for (size_t i = 0; i < items->n; i++) {
                const agx_item *it = &items->items[i];
                if (it->page > m.from ||
                    (it->page == m.from &&
                     it->offset > (size_t)(p - text[pg]))) {
                    m.to = it->page;
                    break;
                }
            }
            {
                const agx_item *in =
                    agx_items_at(items, m.from, (size_t)(p - text[pg]));
                m.own = (*udvalg &&
                         memmem(p, plen, udvalg, strlen(udvalg)) != NULL) ||
                        (in && strncasecmp(in->title, "Godkendelse af referat",
                                           22) == 0);
            }
            if (out->n == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 4;
                agx_minutes *l = realloc(out->list, cap * sizeof *l);
                if (!l) {
                    agx_minutes_clear(out);
                    return -1;
                }
                out->list = l;
                out->cap = cap;
            }
            out->list[out->n++] = m;
        }
    }
    return 0;
}

void
agx_minutes_clear(agx_minutes_list *list)
{
    free(list->list);
    memset(list, 0, sizeof *list);
}
