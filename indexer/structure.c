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

#include "agx_buf.h"

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
    size_t toc_line; /* the same, not counting a TOC's page numbers on
                        lines of their own nor its "Bilag N:" lines */
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
    item->attachment[0] = '\0';
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
    agx_item *p = agx_grow(items->items, items->n, &items->cap, sizeof *p, 16);
    if (!p)
        return -1;
    items->items = p;
    items->items[items->n++] = *item;
    return 0;
}

/* Attachments (bilag).  A bundle of attachments lists them: in its table
 * of contents, under each item ("3.7 Erhvervshus ... 29" over "Bilag 1:
 * Resultatkontrakt 2021 ..... 29"), or as a bilagsliste, a table whose
 * rows give an item's number and an attachment's title ("Dagsordenspunkt |
 * Bilag |" over "2 | Referat af møde i KD-Net den 25. oktober 2019 |").
 * The page numbers such lists give are the original's, which a converted
 * or re-rendered copy does not keep, so each attachment is found in the
 * text instead:
 * - under a TOC item, by the item's heading, which each attachment of the
 *   item repeats on its first page (the j-th heading opens the j-th
 *   attachment when the counts agree; else the first heading opens the
 *   first, and the others are found by their titles after it);
 * - in a bilagsliste, by its title, in the list's order after the list:
 *   the first line, with up to two lines with text after it, that holds
 *   most of the title's words (three in five, at least two; four letters
 *   or more, inflections matched on all but their last two letters).
 * An attachment not found leaves its text to the one before it.  In a
 * bundle with a bilagsliste, the numbered headings after the list are the
 * attachments' own sections (a contract's "9.1 ..."), not agenda items. */

/* One line of a document: where it stands and what it says. */
typedef struct {
    unsigned page; /* 0-based */
    size_t offset; /* into the page's text */
    const char *s;
    size_t len;
} doc_line;

typedef struct {
    doc_line *lines;
    size_t n, cap;
} doc_lines;

static int
add_line(doc_lines *dl, unsigned page, const char *s, size_t offset,
         size_t len)
{
    doc_line *p = agx_grow(dl->lines, dl->n, &dl->cap, sizeof *p, 256);
    if (!p)
        return -1;
    dl->lines = p;
    dl->lines[dl->n].page = page;
    dl->lines[dl->n].offset = offset;
    dl->lines[dl->n].s = s;
    dl->lines[dl->n].len = len;
    dl->n++;
    return 0;
}

static int
blank_line(const doc_line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] != ' ' && l->s[i] != '\t')
            return 0;
    return 1;
}

/* An attachment as a list names it. */
typedef struct {
    char number[16];     /* its item's */
    char title[200];     /* as the list gives it */
    size_t after;        /* the list's last line */
    int row;             /* a bilagsliste's row; else under a TOC item */
} listed;

enum { WORDS = 64, WORD_LEN = 40 };

/* Distinct words of four bytes or more, folded to lower case. */
typedef struct {
    char w[WORDS][WORD_LEN];
    size_t n;
} word_set;

static int
word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Adds the words of S (LEN bytes) to WS (ASCII and Latin-1 letters in
 * UTF-8 folded to lower case). */
static void
add_words(word_set *ws, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && ws->n < WORDS) {
        char w[WORD_LEN];
        size_t k = 0;
        int seen = 0;
        while (i < len && !word_byte((unsigned char)s[i]))
            i++;
        for (; i < len && word_byte((unsigned char)s[i]); i++) {
            unsigned char c = (unsigned char)s[i];
            if (k + 1 >= WORD_LEN)
                continue;
            if (c < 0x80)
                c = (unsigned char)tolower(c);
            else if (k > 0 && (unsigned char)w[k - 1] == 0xC3 && c >= 0x80 &&
                     c <= 0x9E && c != 0x97)
                c = (unsigned char)(c + 0x20);
            w[k++] = (char)c;
        }
        w[k] = '\0';
        if (k < 4)
            continue;
        for (size_t j = 0; j < ws->n && !seen; j++)
            seen = strcmp(ws->w[j], w) == 0;
        if (!seen)
            memcpy(ws->w[ws->n++], w, k + 1);
    }
}

/* The same word, inflection aside: the shorter (five bytes or more) and
 * the longer equal in all but the shorter's last two bytes, and at most
 * four bytes apart in length (takstaftale, takstaftalen); or the shorter,
 * of eight bytes or more, the head of the longer, a compound
 * (infrastruktur, infrastrukturindspil).  Shorter words must be equal. */
static int
same_word(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    const char *s = la <= lb ? a : b, *l = la <= lb ? b : a;
    size_t ls = la <= lb ? la : lb, ll = la <= lb ? lb : la;
    if (ls < 5)
        return strcmp(a, b) == 0;
    if (ls >= 8 && strncmp(s, l, ls) == 0)
        return 1;
    return ll - ls <= 4 && strncmp(s, l, ls - 2 > 5 ? ls - 2 : 5) == 0;
}

static size_t
words_found(const word_set *in, const word_set *title)
{
    size_t found = 0;
    for (size_t j = 0; j < title->n; j++)
        for (size_t i = 0; i < in->n; i++)
            if (same_word(in->w[i], title->w[j])) {
                found++;
                break;
            }
    return found;
}

/* Does the text at line L, with up to two lines with text after it, name
 * the attachment TITLE (see above)? */
static int
names_title(const doc_lines *dl, size_t l, const word_set *title)
{
    word_set win = {0};
    size_t found;

    add_words(&win, dl->lines[l].s, dl->lines[l].len);
    if (words_found(&win, title) == 0)
        return 0;
    for (size_t k = l + 1, more = 0; k < dl->n && more < 2; k++) {
        if (blank_line(&dl->lines[k]))
            continue;
        add_words(&win, dl->lines[k].s, dl->lines[k].len);
        more++;
    }
    found = words_found(&win, title);
    if (title->n == 1)
        return found == 1;
    return found >= 2 && found * 5 >= title->n * 3;
}

/* The words of the line L, as up to MAX pointers and lengths.  Returns how
 * many there are (more than MAX: MAX + 1). */
static size_t
line_words(const doc_line *l, const char **w, size_t *len, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < l->len;) {
        while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
            i++;
        if (i == l->len)
            break;
        if (n == max)
            return max + 1;
        w[n] = l->s + i;
        while (i < l->len && l->s[i] != ' ' && l->s[i] != '\t')
            i++;
        len[n] = (size_t)(l->s + i - w[n]);
        n++;
    }
    return n;
}

/* Does the line end in white space (a table's closing '|', cleaned)? */
static int
ends_open(const doc_line *l)
{
    return l->len && (l->s[l->len - 1] == ' ' || l->s[l->len - 1] == '\t');
}

/* Is the line a bilagsliste's header: "Dagsordenspunkt | Bilag |" (the
 * cleaned text has spaces for the bars), or "Punkt Bilag"? */
static int
bilagsliste_header(const doc_line *l)
{
    const char *w[3];
    size_t len[3];
    if (line_words(l, w, len, 2) != 2 || len[0] < 5 || len[1] < 5)
        return 0;
    return strncasecmp(w[0] + len[0] - 5, "punkt", 5) == 0 &&
           strncasecmp(w[1], "bilag", 5) == 0;
}

static int
push_listed(listed **list, size_t *n, size_t *cap, const listed *x)
{
    listed *p = agx_grow(*list, *n, cap, sizeof *p, 16);
    if (!p)
        return -1;
    *list = p;
    (*list)[(*n)++] = *x;
    return 0;
}

/* Reads the rows of the bilagsliste whose header is line H: "N Title" (an
 * item's number, an attachment's title).  A title that wraps goes on over
 * the next lines: in a table that had bars ("2 | Title |", the header
 * ending in the space its last bar left) up to the line that ends in one,
 * else over lines that start in lower case.  Returns the table's last
 * line, or (size_t)-1 if memory ran out. */
static size_t
bilagsliste_rows(const doc_lines *dl, size_t h, listed **list, size_t *n,
                 size_t *cap)
{
    size_t l = h + 1, last = h, first = *n;
    int bars = ends_open(&dl->lines[h]);

    while (l < dl->n) {
        const doc_line *ln = &dl->lines[l];
        const char *p = ln->s, *end = ln->s + ln->len;
        listed x = {0};
        size_t used = 0, k = l, num;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        num = dotted_number(p, x.number, sizeof x.number);
        if (!num || p + num >= end || (p[num] != ' ' && p[num] != '\t'))
            break;
        p += num;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (!starts_upper((const unsigned char *)p))
            break;
        for (;;) {
            size_t take = (size_t)(end - p);
            if (used && used + 1 < sizeof x.title)
                x.title[used++] = ' ';
            if (take > sizeof x.title - 1 - used)
                take = sizeof x.title - 1 - used;
            memcpy(x.title + used, p, take);
            used += take;
            x.title[used] = '\0';
            if (k + 1 >= dl->n || k >= l + 3)
                break;
            const doc_line *next = &dl->lines[k + 1];
            if (bars ? ends_open(&dl->lines[k])
                     : !starts_lower((const unsigned char *)next->s))
                break;
            k++;
            p = next->s;
            end = next->s + next->len;
        }
        /* White space folded (in place: copy_title never writes ahead of
         * what it reads), and no full stop at the end. */
        copy_title(x.title, used, x.title, sizeof x.title, &(int){0});
        used = strlen(x.title);
        while (used && x.title[used - 1] == '.')
            x.title[--used] = '\0';
        x.row = 1;
        if (*x.title && push_listed(list, n, cap, &x) != 0)
            return (size_t)-1;
        last = k;
        l = k + 1;
    }
    for (size_t i = first; i < *n; i++)
        (*list)[i].after = last;
    return last;
}

/* Reads "Bilag 1: Title ..... 12" at line L into X (title and all, without
 * leaders and page number).  Returns 0 if it is no such line. */
static int
bilag_entry(const doc_line *l, listed *x)
{
    const char *p = l->s, *end = l->s + l->len;
    int toc = 0;

    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p < 9 || strncmp(p, "Bilag ", 6) != 0 ||
        !isdigit((unsigned char)p[6]))
        return 0;
    const char *q = p + 6;
    while (q < end && isdigit((unsigned char)*q))
        q++;
    if (q + 1 >= end || (*q != ':' && *q != '.') || q[1] != ' ')
        return 0;
    copy_title(p, (size_t)(end - p), x->title, sizeof x->title, &toc);
    if (ends_with_page_number(x->title))
        *strrchr(x->title, ' ') = '\0';
    return 1;
}

/* Puts the attachment X at line L into OUT, under its item's TITLE: on the
 * section that opens there, or as a section of its own. */
static int
place(agx_items *out, const doc_lines *dl, size_t l, const listed *x,
      const char *title)
{
    agx_item it;
    unsigned page = dl->lines[l].page + 1;
    size_t offset = dl->lines[l].offset;

    for (size_t i = 0; i < out->n; i++) {
        agx_item *o = &out->items[i];
        if (o->page == page && o->offset == offset) {
            if (!o->attachment[0])
                snprintf(o->attachment, sizeof o->attachment, "%s",
                         x->title);
            return 0;
        }
    }
    memset(&it, 0, sizeof it);
    snprintf(it.number, sizeof it.number, "%s", x->number);
    snprintf(it.title, sizeof it.title, "%s", title);
    snprintf(it.attachment, sizeof it.attachment, "%s", x->title);
    it.page = page;
    it.offset = offset;
    return push(out, &it);
}

static int
cmp_sections(const void *a, const void *b)
{
    const agx_item *x = a, *y = b;
    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The title of item NUMBER among OUT's sections, or "". */
static const char *
item_title(const agx_items *out, const char *number)
{
    for (size_t i = 0; i < out->n; i++)
        if (!out->items[i].attachment[0] &&
            strcmp(out->items[i].number, number) == 0)
            return out->items[i].title;
    return "";
}

/* In a bundle whose table of contents lists the attachments under its
 * items, a heading the table does not list, or a second heading of an
 * item with another title, is an attachment's own section ("2.1 Baggrund"
 * in a report filed under item 3.7): it leaves OUT, its text the
 * attachment's. */
static void
drop_inner_sections(const candidate *cand, size_t n, agx_items *out)
{
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        const agx_item *o = &out->items[i];
        int in_toc = 0, seen = 0;
        for (size_t j = 0; j < n && !in_toc; j++)
            in_toc = cand[j].toc && cand[j].line < TOC_LINES &&
                     strcmp(cand[j].item.number, o->number) == 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(out->items[j].number, o->number) == 0 &&
                   strcmp(out->items[j].title, o->title) != 0;
        if (o->attachment[0] || (in_toc && !seen))
            out->items[k++] = *o;
    }
    out->n = k;
}

/* Finds the attachments the lists in DL name and adds them to OUT (the
 * items found from CAND, N candidate headings; PUNKT: only "Punkt N:"
 * headings are items).  Returns 0, or -1 if memory ran out. */
static int
find_attachments(const doc_lines *dl, const candidate *cand, size_t n,
                 int punkt, agx_items *out)
{
    listed *list = NULL;
    size_t n_list = 0, cap = 0, c = 0, table_end = 0;
    const candidate *under = NULL;
    size_t since = 3; /* lines with text since a heading or a listed one */
    int rc = -1, rows = 0, under_toc = 0;

    /* The lists. */
    for (size_t l = 0; l < dl->n; l++) {
        const doc_line *ln = &dl->lines[l];
        listed x = {0};
        if (blank_line(ln))
            continue;
        if (c < n && cand[c].line == l) {
            under = &cand[c];
            while (c < n && cand[c].line == l)
                c++;
            since = 0;
            continue;
        }
        /* Under a TOC item, after its heading or another attachment,
         * with at most two lines between (a page number that poppler
         * put on a line of its own, a title that wrapped). */
        if (since <= 2 && under && under->toc && bilag_entry(ln, &x)) {
            /* A title that wrapped: "... og sammenhængende" over
             * "sundhedsvæsen.....". */
            const doc_line *nx = l + 1 < dl->n ? &dl->lines[l + 1] : NULL;
            if (!memmem(ln->s, ln->len, "....", 4) && nx &&
                (starts_lower((const unsigned char *)nx->s) ||
                 (isdigit((unsigned char)nx->s[0]) &&
                  memmem(nx->s, nx->len, "....", 4)))) {
                char joined[2 * sizeof x.title];
                int toc = 0;
                snprintf(joined, sizeof joined, "%s %.*s", x.title,
                         (int)nx->len, nx->s);
                copy_title(joined, strlen(joined), x.title, sizeof x.title,
                           &toc);
                if (ends_with_page_number(x.title))
                    *strrchr(x.title, ' ') = '\0';
                l++;
            }
            snprintf(x.number, sizeof x.number, "%s", under->item.number);
            x.after = l;
            if (push_listed(&list, &n_list, &cap, &x) != 0)
                goto out;
            since = 0;
            continue;
        }
        since++;
        if (bilagsliste_header(ln)) {
            size_t end = bilagsliste_rows(dl, l, &list, &n_list, &cap);
            if (end == (size_t)-1)
                goto out;
            if (!table_end)
                table_end = end;
            l = end;
        }
    }
    /* A bilagsliste: each row's attachment by its title, in order. */
    for (size_t i = 0, from = 0; i < n_list; i++) {
        word_set title = {0};
        if (!list[i].row)
            continue;
        if (from <= list[i].after)
            from = list[i].after + 1;
        add_words(&title, list[i].title, strlen(list[i].title));
        for (size_t l = from; title.n && l < dl->n; l++) {
            if (!names_title(dl, l, &title))
                continue;
            if (!rows) {
                /* Numbered headings after the list are the attachments'
                 * own sections. */
                size_t k = 0;
                for (size_t j = 0; j < out->n; j++) {
                    const agx_item *o = &out->items[j];
                    const doc_line *t = &dl->lines[table_end];
                    if (o->page < t->page + 1 ||
                        (o->page == t->page + 1 && o->offset <= t->offset))
                        out->items[k++] = *o;
                }
                out->n = k;
            }
            rows++;
            if (place(out, dl, l, &list[i],
                      item_title(out, list[i].number)) != 0)
                goto out;
            from = l + 1;
            break;
        }
    }
    /* Under TOC items: by the item's headings, else by title. */
    for (size_t i = 0; i < n_list;) {
        size_t j = i, occ[32], m = 0, prev_l = 0, stop = dl->n;
        const char *number = list[i].number, *title;
        if (list[i].row) {
            i++;
            continue;
        }
        while (j < n_list && !list[j].row &&
               strcmp(list[j].number, number) == 0)
            j++;
        for (size_t k = 0; k < n; k++) {
            if (cand[k].toc || (punkt && !cand[k].punkt))
                continue;
            if (strcmp(cand[k].item.number, number) == 0) {
                if (m < sizeof occ / sizeof *occ)
                    occ[m++] = k;
            } else if (m) {
                stop = cand[k].line;
                break;
            }
        }
        if (!m) {
            i = j;
            continue;
        }
        title = cand[occ[0]].item.title;
        for (size_t k = i; k < j; k++) {
            size_t l = (size_t)-1;
            if (m == j - i || k == i) {
                l = cand[occ[k - i]].line;
            } else {
                word_set ws = {0};
                add_words(&ws, list[k].title, strlen(list[k].title));
                for (size_t t = prev_l + 1; ws.n && t < stop; t++)
                    if (names_title(dl, t, &ws)) {
                        l = t;
                        break;
                    }
            }
            if (l == (size_t)-1)
                continue;
            if (place(out, dl, l, &list[k], title) != 0)
                goto out;
            prev_l = l;
            under_toc = 1;
        }
        i = j;
    }
    if (out->n > 1) /* none: no array to hand qsort */
        qsort(out->items, out->n, sizeof *out->items, cmp_sections);
    if (under_toc)
        drop_inner_sections(cand, n, out);
    rc = 0;
out:
    free(list);
    return rc;
}

char *
agx_item_label(const agx_item *it)
{
    if (!it)
        return strdup("");
    if (it->attachment[0])
        return agx_strdupf("%s\t%s\t%s", it->number, it->title,
                           it->attachment);
    return agx_strdupf("%s\t%s", it->number, it->title);
}

int
agx_structure_items(char *const *text, size_t n_pages, agx_items *out)
{
    candidate *cand = NULL;
    doc_lines dl = {0};
    size_t n = 0, cap = 0, line = 0, aside = 0;
    int rc = -1, punkt = 0;

    memset(out, 0, sizeof *out);
    for (size_t pg = 0; pg < n_pages; pg++) {
        for (const char *s = text[pg]; *s; line++) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            if (add_line(&dl, (unsigned)pg, s, (size_t)(s - text[pg]), len) !=
                0)
                goto out;
            {
                listed x;
                size_t d = strspn(s, " \t"), k = strspn(s + d, "0123456789");
                if ((k && k <= 3 && d + k + strspn(s + d + k, " \t") == len) ||
                    bilag_entry(&dl.lines[dl.n - 1], &x))
                    aside++;
            }
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
                candidate *p = agx_grow(cand, n, &cap, sizeof *p, 32);
                if (!p)
                    goto out;
                cand = p;
                c.item.page = (unsigned)pg + 1;
                c.item.offset = (size_t)(s - text[pg]);
                c.line = line;
                c.toc_line = line - aside;
                cand[n++] = c;
            }
            s += len + (nl != NULL);
        }
    }
    /* Mark the runs of TOC_RUN or more close, ascending headings. */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cand[j].toc_line - cand[j - 1].toc_line <= TOC_GAP &&
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
    if (find_attachments(&dl, cand, n, punkt, out) != 0)
        goto out;
    rc = 0;
out:
    if (rc != 0)
        agx_items_clear(out);
    free(cand);
    free(dl.lines);
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
            agx_minutes *l =
                agx_grow(out->list, out->n, &out->cap, sizeof *l, 4);
            if (!l) {
                agx_minutes_clear(out);
                return -1;
            }
            out->list = l;
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
