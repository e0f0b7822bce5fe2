/* page.c: the search page, in Danish, as HTML.
 *
 * Everything that comes from the index or the user goes through text(),
 * the one place that escapes for HTML; URLs are percent-encoded by
 * url_part() and then escaped by text() like any other attribute.  The
 * page works without JavaScript: it is a form whose every state is in the
 * URL, so a search can be bookmarked and mailed.  No external font,
 * script or style: the style sheet is agx_page_css, served by agendex.
 */
#include "web-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* S as HTML text or attribute value.  The snippet markers of print.h
 * become <mark> and </mark>. */
static void
text(agx_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&':
            agx_buf_puts(b, "&amp;");
            break;
        case '<':
            agx_buf_puts(b, "&lt;");
            break;
        case '>':
            agx_buf_puts(b, "&gt;");
            break;
        case '"':
            agx_buf_puts(b, "&quot;");
            break;
        case '\'':
            agx_buf_puts(b, "&#39;");
            break;
        case '\x01':
            agx_buf_puts(b, "<mark>");
            break;
        case '\x02':
            agx_buf_puts(b, "</mark>");
            break;
        default:
            agx_buf_put(b, p, 1);
        }
    }
}

/* S percent-encoded for a URL's query into B (then escaped by text()). */
static void
url_part(agx_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
            agx_buf_put(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            agx_buf_put(b, e, 3);
        }
    }
}

/* A change to the page's state for a link: a filter added (KEY=VALUE),
 * or taken away (DROP_KEY=DROP_VALUE), or another offset. */
typedef struct {
    const char *key, *value;
    const char *drop_key, *drop_value;
    const char *q; /* instead of the state's query, if not NULL */
    long offset;   /* -1: 0 (a new search starts at its first hit) */
} change;

static void
param(agx_buf *u, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    agx_buf_puts(u, u->len > 2 ? "&" : "");
    agx_buf_puts(u, key);
    agx_buf_puts(u, "=");
    url_part(u, value);
}

static int
dropped(const change *c, const char *key, const char *value)
{
    return c->drop_key && strcmp(c->drop_key, key) == 0 &&
           strcmp(c->drop_value, value) == 0;
}

/* An href for STATE changed by C, escaped, into B. */
static void
href(agx_buf *b, const agx_page_state *st, const change *c)
{
    agx_buf u = {0};
    char off[24];

    agx_buf_puts(&u, "/?");
    param(&u, "q", c->q ? c->q : st->q);
    for (size_t i = 0; i < st->n_udvalg; i++)
        if (!dropped(c, "udvalg", st->udvalg[i]))
            param(&u, "udvalg", st->udvalg[i]);
    for (size_t i = 0; i < st->n_types; i++)
        if (!dropped(c, "type", st->types[i]))
            param(&u, "type", st->types[i]);
    if (!dropped(c, "from", st->from ? st->from : ""))
        param(&u, "from",
              c->key && strcmp(c->key, "from") == 0 ? NULL : st->from);
    if (!dropped(c, "to", st->to ? st->to : ""))
        param(&u, "to", c->key && strcmp(c->key, "to") == 0 ? NULL : st->to);
    param(&u, "sort", st->sort);
    param(&u, "pages", st->pages ? "1" : NULL);
    if (c->key) {
        param(&u, c->key, c->value);
        if (strcmp(c->key, "from") == 0) /* a year or month: both ends */
            param(&u, "to", c->value);
    }
    if (c->offset > 0) {
        snprintf(off, sizeof off, "%ld", c->offset);
        param(&u, "offset", off);
    }
    if (u.failed)
        b->failed = 1;
    else
        text(b, u.s);
    free(u.s);
}

static void
head(agx_buf *b, const agx_page_state *st)
{
    agx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"da\"><head>"
                    "<meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">"
                    "<meta name=\"referrer\" content=\"no-referrer\">"
                    "<title>");
    if (st->q && *st->q) {
        text(b, st->q);
        agx_buf_puts(b, " – ");
    }
    agx_buf_puts(b, "agendex</title>"
                    "<link rel=\"stylesheet\" href=\"/agendex.css\">"
                    "</head>\n<body>\n");
}

static void
form(agx_buf *b, const agx_page_state *st)
{
    static const struct {
        const char *value, *label;
    } sorts[] = {{"relevance", "Relevans"},
                 {"-date", "Nyeste først"},
                 {"date", "Ældste først"}};
    const char *sort = st->sort && *st->sort ? st->sort : "relevance";

    agx_buf_puts(b, "<header><h1><a href=\"/\">agendex</a></h1>\n"
                    "<form method=\"get\" action=\"/\" role=\"search\">\n"
                    "<p class=\"query\"><label for=\"q\">Søg i dagsordener, "
                    "referater og bilag</label>\n"
                    "<input id=\"q\" name=\"q\" type=\"search\" "
                    "maxlength=\"2048\" autofocus value=\"");
    text(b, st->q ? st->q : "");
    agx_buf_puts(b, "\">\n<button type=\"submit\">Søg</button></p>\n"
                    "<p class=\"options\"><label for=\"from\">Fra dato</label> "
                    "<input id=\"from\" name=\"from\" size=\"10\" "
                    "placeholder=\"2023-01-01\" value=\"");
    text(b, st->from ? st->from : "");
    agx_buf_puts(b, "\">\n<label for=\"to\">Til dato</label> <input id=\"to\" "
                    "name=\"to\" size=\"10\" placeholder=\"2023-12-31\" "
                    "value=\"");
    text(b, st->to ? st->to : "");
    agx_buf_puts(b, "\">\n<label for=\"sort\">Sortering</label> "
                    "<select id=\"sort\" name=\"sort\">");
    for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++) {
        agx_buf_printf(b, "<option value=\"%s\"%s>%s</option>", sorts[i].value,
                       strcmp(sort, sorts[i].value) == 0 ? " selected" : "",
                       sorts[i].label);
    }
    agx_buf_puts(b, "</select>\n");
    agx_buf_printf(b,
                   "<label><input type=\"checkbox\" name=\"pages\" "
                   "value=\"1\"%s> Hver side for sig</label>\n",
                   st->pages ? " checked" : "");
    /* The facet filters in force travel with the form. */
    for (size_t i = 0; i < st->n_udvalg; i++) {
        agx_buf_puts(b, "<input type=\"hidden\" name=\"udvalg\" value=\"");
        text(b, st->udvalg[i]);
        agx_buf_puts(b, "\">");
    }
    for (size_t i = 0; i < st->n_types; i++) {
        agx_buf_puts(b, "<input type=\"hidden\" name=\"type\" value=\"");
        text(b, st->types[i]);
        agx_buf_puts(b, "\">");
    }
    agx_buf_puts(b, "</p>\n</form>\n");
    /* The filters in force, each with a way out. */
    if (st->n_udvalg || st->n_types) {
        agx_buf_puts(b, "<p class=\"filters\">Filtre: ");
        for (size_t i = 0; i < st->n_udvalg + st->n_types; i++) {
            int u = i < st->n_udvalg;
            const char *v = u ? st->udvalg[i] : st->types[i - st->n_udvalg];
            change c = {NULL, NULL, u ? "udvalg" : "type", v, NULL, -1};
            agx_buf_puts(b, "<a class=\"filter\" href=\"");
            href(b, st, &c);
            agx_buf_puts(b, "\" title=\"Fjern filteret\">");
            text(b, v);
            agx_buf_puts(b, " ×</a> ");
        }
        agx_buf_puts(b, "</p>\n");
    }
    agx_buf_puts(b, "</header>\n");
}

/* A link to the file of HIT (a map with a file) at the page AT (a map
 * with a page: HIT itself, or the hit a copy was found for). */
static void
file_link(agx_buf *b, const agx_node *hit, const agx_node *at,
          const char *label)
{
    const agx_node *page = agx_node_get(at, "page");
    agx_buf u = {0};

    agx_buf_puts(&u, "/file?path=");
    url_part(&u, agx_node_str(hit, "file"));
    if (page && page->kind == N_INTEGER)
        agx_buf_printf(&u, "#page=%ld", page->integer);
    agx_buf_puts(b, "<a href=\"");
    if (u.failed)
        b->failed = 1;
    else
        text(b, u.s);
    free(u.s);
    agx_buf_puts(b, "\">");
    text(b, label);
    agx_buf_puts(b, "</a>");
}

/* "KD-Net · 2023-01-27 · dagsorden" of HIT. */
static void
hit_title(agx_buf *t, const agx_node *hit)
{
    const char *parts[] = {agx_node_str(hit, "udvalg"),
                           agx_node_str(hit, "date"),
                           agx_node_str(hit, "type")};
    int any = 0;
    for (size_t i = 0; i < 3; i++) {
        if (!*parts[i])
            continue;
        agx_buf_puts(t, any ? " · " : "");
        agx_buf_puts(t, parts[i]);
        any = 1;
    }
    if (!any)
        agx_buf_puts(t, "Ukendt møde");
}

static void
item(agx_buf *b, const agx_node *hit)
{
    const agx_node *it = agx_node_get(hit, "item");
    if (!it || it->kind != N_MAP)
        return;
    const char *title = agx_node_str(it, "title");
    const char *att = agx_node_str(it, "attachment");
    agx_buf_puts(b, "<p class=\"item\">Punkt ");
    text(b, agx_node_str(it, "number"));
    if (title && *title) {
        agx_buf_puts(b, ": ");
        text(b, title);
    }
    if (att && *att) {
        agx_buf_puts(b, title && *title ? " · " : ", ");
        if (strncmp(att, "Bilag", 5) != 0)
            agx_buf_puts(b, "bilag: ");
        text(b, att);
    }
    agx_buf_puts(b, "</p>\n");
}

/* "Referat af mødet KD-Net 2020-01-24": the minutes on HIT's page record
 * another meeting than the document's own. */
static void
records(agx_buf *b, const agx_node *hit)
{
    const agx_node *r = agx_node_get(hit, "records");
    if (!r || r->kind != N_MAP)
        return;
    const char *udvalg = agx_node_str(r, "udvalg");
    agx_buf_puts(b, "<p class=\"records\">Referat af mødet ");
    if (udvalg && *udvalg) {
        text(b, udvalg);
        agx_buf_puts(b, " ");
    }
    text(b, agx_node_str(r, "date"));
    agx_buf_puts(b, "</p>\n");
}

/* "Også lagt under: KKR Midtjylland · 2023-02-10, ...": the same file's
 * content under other meetings, each a link to that copy at the hit's
 * page (the content is the same). */
static void
copies(agx_buf *b, const agx_node *hit)
{
    const agx_node *list = agx_node_get(hit, "copies");
    if (!list || list->n_kids == 0)
        return;
    agx_buf_puts(b, "<p class=\"copies\">Også lagt under: ");
    for (size_t i = 0; i < list->n_kids; i++) {
        agx_buf label = {0};
        hit_title(&label, list->kids[i]);
        agx_buf_puts(b, i ? ", " : "");
        if (label.failed)
            b->failed = 1;
        else
            file_link(b, list->kids[i], hit, label.s);
        free(label.s);
    }
    agx_buf_puts(b, "</p>\n");
}

static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void
hits(agx_buf *b, const agx_node *answer, unsigned offset)
{
    const agx_node *list = agx_node_get(answer, "hits");

    if (!list || list->n_kids == 0)
        return;
    agx_buf_printf(b, "<ol class=\"hits\" start=\"%u\">\n", offset + 1);
    for (size_t i = 0; i < list->n_kids; i++) {
        const agx_node *h = list->kids[i];
        const agx_node *page = agx_node_get(h, "page");
        const agx_node *more = agx_node_get(h, "more_pages");
        const agx_node *snip = agx_node_get(h, "snippet");
        agx_buf title = {0};

        hit_title(&title, h);
        agx_buf_puts(b, "<li class=\"hit\"><h2>");
        if (!title.failed)
            file_link(b, h, h, title.s);
        free(title.s);
        agx_buf_puts(b, "</h2>\n");
        item(b, h);
        records(b, h);
        copies(b, h);
        if (snip && snip->text) {
            char *plain = agx_snippet_plain(snip->text, "\x01", "\x02");
            agx_buf_puts(b, "<p class=\"snippet\">");
            text(b, plain ? plain : "");
            agx_buf_puts(b, "</p>\n");
            free(plain);
        }
        agx_buf_printf(b, "<p class=\"where\">side %ld",
                       page ? page->integer : 0);
        if (more && more->integer > 0)
            agx_buf_printf(b, " (og %ld %s mere)", more->integer,
                           more->integer == 1 ? "side" : "sider");
        agx_buf_puts(b, " · ");
        text(b, base_name(agx_node_str(h, "file")));
        agx_buf_puts(b, "</p></li>\n");
    }
    agx_buf_puts(b, "</ol>\n");
}

/* The facets, each value a link that filters by it; the years also as a
 * bar chart (meter elements: no inline style, which the page's policy
 * forbids). */
static void
facets(agx_buf *b, const agx_page_state *st, const agx_node *answer)
{
    static const struct {
        const char *key, *label, *param;
    } kinds[] = {{"year", "År", "from"},
                 {"udvalg", "Udvalg", "udvalg"},
                 {"meeting", "Møde", NULL},
                 {"type", "Dokumenttype", "type"},
                 {"month", "Måned", "from"}};
    const agx_node *all = agx_node_get(answer, "facets");
    const agx_node *values = agx_node_get(answer, "facet_values");

    if (!all)
        return;
    agx_buf_puts(b, "<aside class=\"facets\" aria-label=\"Afgræns\">\n");
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        const agx_node *list = agx_node_get(all, kinds[k].key);
        long max = 1;
        if (!list || list->n_kids == 0)
            continue;
        for (size_t i = 0; i < list->n_kids; i++) {
            const agx_node *c = agx_node_get(list->kids[i], "count");
            if (c && c->integer > max)
                max = c->integer;
        }
        agx_buf_printf(b, "<section><h2>%s</h2><ul class=\"%s\">\n",
                       kinds[k].label, kinds[k].key);
        for (size_t i = 0; i < list->n_kids; i++) {
            const agx_node *v = list->kids[i];
            const agx_node *c = agx_node_get(v, "count");
            const char *value = agx_node_str(v, "value");
            char *q = NULL;
            change ch = {kinds[k].param, value, NULL, NULL, NULL, -1};
            if (!kinds[k].param) {
                /* A meeting: the query language's møde: field. */
                q = malloc(strlen(st->q ? st->q : "") + strlen(value) + 16);
                if (!q) {
                    b->failed = 1;
                    continue;
                }
                sprintf(q, "%s møde:\"%s\"", st->q ? st->q : "", value);
                ch.q = q;
            }
            agx_buf_puts(b, "<li><a href=\"");
            href(b, st, &ch);
            agx_buf_puts(b, "\">");
            text(b, value);
            agx_buf_printf(b, "</a> <span class=\"count\">%ld</span>",
                           c ? c->integer : 0);
            if (strcmp(kinds[k].key, "year") == 0)
                agx_buf_printf(b,
                               " <meter min=\"0\" max=\"%ld\" value=\"%ld\" "
                               "aria-hidden=\"true\"></meter>",
                               max, c ? c->integer : 0);
            agx_buf_puts(b, "</li>\n");
            free(q);
        }
        const agx_node *n = values ? agx_node_get(values, kinds[k].key) : NULL;
        if (n && n->integer > (long)list->n_kids)
            agx_buf_printf(b, "<li class=\"more\">og %ld flere</li>\n",
                           n->integer - (long)list->n_kids);
        agx_buf_puts(b, "</ul></section>\n");
    }
    agx_buf_puts(b, "</aside>\n");
}

static void
paging(agx_buf *b, const agx_page_state *st, unsigned shown, long total)
{
    enum { PER_PAGE = 10 };
    agx_buf_puts(b, "<nav class=\"paging\" aria-label=\"Sider\">");
    if (st->offset > 0) {
        change c = {
            NULL, NULL,
            NULL, NULL,
            NULL, st->offset > PER_PAGE ? (long)st->offset - PER_PAGE : 0};
        agx_buf_puts(b, "<a rel=\"prev\" href=\"");
        href(b, st, &c);
        agx_buf_puts(b, "\">← Forrige</a> ");
    }
    if ((long)(st->offset + shown) < total && shown == PER_PAGE) {
        change c = {NULL, NULL, NULL, NULL, NULL, (long)st->offset + PER_PAGE};
        agx_buf_puts(b, "<a rel=\"next\" href=\"");
        href(b, st, &c);
        agx_buf_puts(b, "\">Næste →</a>");
    }
    agx_buf_puts(b, "</nav>\n");
}

static void
results(agx_buf *b, const agx_page_state *st, const agx_node *a)
{
    const agx_node *total = agx_node_get(a, "total");
    const agx_node *docs = agx_node_get(a, "documents");
    const agx_node *list = agx_node_get(a, "hits");
    const char *corrected = agx_node_str(a, "corrected");
    const char *suggestion = agx_node_str(a, "suggestion");
    long pages = total ? total->integer : 0;

    if (*corrected) {
        agx_buf_puts(b, "<p class=\"corrected\">Viser resultater for <em>");
        text(b, corrected);
        agx_buf_puts(b, "</em>.</p>\n");
    }
    if (pages == 0) {
        agx_buf_puts(b, "<p class=\"total\">Ingen sider matcher.");
        if (*suggestion) {
            change c = {NULL, NULL, NULL, NULL, suggestion, -1};
            agx_buf_puts(b, " Mente du <a href=\"");
            href(b, st, &c);
            agx_buf_puts(b, "\">");
            text(b, suggestion);
            agx_buf_puts(b, "</a>?");
        }
        agx_buf_puts(b, "</p>\n");
        return;
    }
    if (docs && docs->kind == N_INTEGER)
        agx_buf_printf(b, "<p class=\"total\">%ld %s i %ld %s.</p>\n", pages,
                       pages == 1 ? "side" : "sider", docs->integer,
                       docs->integer == 1 ? "dokument" : "dokumenter");
    else
        agx_buf_printf(b, "<p class=\"total\">%ld %s.</p>\n", pages,
                       pages == 1 ? "side" : "sider");
    agx_buf_puts(b, "<div class=\"layout\">\n");
    facets(b, st, a);
    agx_buf_puts(b, "<section class=\"results\" aria-label=\"Resultater\">\n");
    hits(b, a, st->offset);
    paging(b, st, list ? (unsigned)list->n_kids : 0, pages);
    agx_buf_puts(b, "</section></div>\n");
}

/* A case number's history as a timeline, oldest first. */
static void
case_history(agx_buf *b, const agx_node *a)
{
    const agx_node *refs = agx_node_get(a, "references");

    agx_buf_puts(b, "<h2 class=\"case\">Sag ");
    text(b, agx_node_str(a, "sag"));
    agx_buf_puts(b, "</h2>\n");
    if (!refs || refs->n_kids == 0) {
        agx_buf_puts(b, "<p class=\"total\">Sagsnummeret er ikke i "
                        "arkivet.</p>\n");
        return;
    }
    agx_buf_puts(b, "<ol class=\"timeline\">\n");
    for (size_t i = 0; i < refs->n_kids; i++) {
        const agx_node *r = refs->kids[i];
        const agx_node *page = agx_node_get(r, "page");
        agx_buf title = {0};
        char where[32];

        hit_title(&title, r);
        agx_buf_puts(b, "<li><h3>");
        text(b, title.s ? title.s : "");
        free(title.s);
        agx_buf_puts(b, "</h3>\n");
        item(b, r);
        snprintf(where, sizeof where, "side %ld", page ? page->integer : 0);
        agx_buf_puts(b, "<p class=\"where\">");
        file_link(b, r, r, where);
        agx_buf_puts(b, " · ");
        text(b, base_name(agx_node_str(r, "file")));
        agx_buf_puts(b, "</p></li>\n");
    }
    agx_buf_puts(b, "</ol>\n");
}

void
agx_page_search(agx_buf *b, const agx_page_state *st, const agx_node *answer,
                int is_case, const char *error)
{
    head(b, st);
    form(b, st);
    agx_buf_puts(b, "<main>\n");
    if (error) {
        agx_buf_puts(b, "<p class=\"error\" role=\"alert\">");
        text(b, error);
        agx_buf_puts(b, "</p>\n");
    } else if (answer && is_case) {
        case_history(b, answer);
    } else if (answer) {
        results(b, st, answer);
    } else {
        agx_buf_puts(b, "<p class=\"help\">Skriv et ord, en frase i "
                        "anførselstegn eller et sagsnummer (SAG-2023-01438). "
                        "Felter: udvalg:, type:, år:, dato:2023-01, "
                        "titel:.</p>\n");
    }
    agx_buf_puts(b, "</main>\n</body></html>\n");
}

const char agx_page_css[] =
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;"
    "padding:0 1rem;color:#1b1b1b;background:#fff;line-height:1.45}\n"
    "header h1{font-size:1.3rem;margin:.8rem 0}\n"
    "header h1 a{color:inherit;text-decoration:none}\n"
    "form .query{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}\n"
    "form label[for=q]{flex-basis:100%;font-weight:600}\n"
    "#q{flex:1;min-width:12rem;font-size:1.1rem;padding:.4rem}\n"
    "button{font-size:1.05rem;padding:.4rem 1rem}\n"
    ".options{display:flex;gap:.4rem;flex-wrap:wrap;align-items:center}\n"
    ".filters a{margin-right:.5rem}\n"
    ".layout{display:flex;gap:2rem;align-items:flex-start}\n"
    ".facets{flex:0 0 16rem;font-size:.92rem}\n"
    ".facets h2{font-size:1rem;margin:1rem 0 .3rem}\n"
    ".facets ul{list-style:none;padding:0;margin:0}\n"
    ".facets .count{color:#555}\n"
    ".facets meter{width:6rem;vertical-align:middle}\n"
    ".results{flex:1;min-width:0}\n"
    ".hits{padding-left:1.5rem}\n"
    ".hit h2{font-size:1.05rem;margin:1rem 0 .2rem}\n"
    ".item{margin:.1rem 0;font-weight:600}\n"
    ".records,.copies{margin:.1rem 0;font-size:.9rem}\n"
    ".snippet{margin:.2rem 0}\n"
    "mark{background:#ffe27a;color:inherit}\n"
    ".where{color:#555;font-size:.9rem;margin:.1rem 0}\n"
    ".error{color:#8a1111;font-weight:600}\n"
    ".corrected em{font-weight:600}\n"
    ".paging{margin:1.5rem 0;display:flex;gap:1rem}\n"
    "a{color:#0b57b0}\n"
    "a:focus,button:focus,input:focus,select:focus{outline:3px solid "
    "#f4a300;outline-offset:2px}\n"
    "@media (max-width:45rem){.layout{flex-direction:column}"
    ".facets{flex-basis:auto}}\n";
