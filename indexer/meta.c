/* meta.c: what is known of a file: committee, meeting date, type, title.
 *
 * Three sources, strongest first, each filling only what the stronger ones
 * left empty:
 * - the catalogue, agendex.tsv in the archive's root, where an archivist
 *   says what the folders cannot (docs/archive.md);
 * - the layout <udvalg>/<date>/<file>: the date folder must be a real date,
 *   YYYY-MM-DD, or as much of one as is known (YYYY-MM, YYYY), and only
 *   then is the folder above it the committee; the document type is the
 *   first of dagsorden, referat and bilag that the file name contains;
 * - the first lines of the first page, where KL's documents name
 *   themselves: "KD-Net (Dagsorden)" over "27-01-2023 10:00", "Møde i
 *   KD-Net, den 24. januar 2020", "Indholdsfortegnelse - Bilag".
 * A date is never padded: what is not known stays out.  Dates elsewhere in
 * a text (a meeting referred to, a letter's date) are not the document's.
 */
#include "indexer-private.h"

#include "agx_date.h"

#include <ctype.h>
#include <glib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TEXT_LINES = 6 }; /* how far down page 1 a document names itself */

static const char *const types[] = {"dagsorden", "referat", "bilag"};

const char *
agx_meta_source_str(agx_meta_source src)
{
    switch (src) {
    case AGX_SOURCE_CATALOG:
        return "catalogue";
    case AGX_SOURCE_LAYOUT:
        return "layout";
    case AGX_SOURCE_TEXT:
        return "text";
    case AGX_SOURCE_NONE:
        break;
    }
    return "unknown";
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Sets META's date (and year) from the N bytes at S, a valid date. */
static void
set_date(agx_meta *meta, const char *s, size_t n, agx_meta_source src)
{
    memcpy(meta->date, s, n);
    meta->date[n] = '\0';
    memcpy(meta->year, s, 4);
    meta->year[4] = '\0';
    meta->date_src = src;
}

static void
set_field(char *field, size_t cap, agx_meta_source *field_src, const char *s,
          size_t n, agx_meta_source src)
{
    snprintf(field, cap, "%.*s", (int)n, s);
    *field_src = src;
}

/* The document type named in S (N bytes), or NULL. */
static const char *
type_in(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t k = strlen(types[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (strncasecmp(s + j, types[i], k) == 0)
                return types[i];
    }
    return NULL;
}

void
agx_meta_from_path(const char *rel, agx_meta *meta)
{
    const char *name = strrchr(rel, '/');
    const char *date_dir, *udvalg_dir;
    const char *type;

    name = name ? name + 1 : rel;
    type = type_in(name, strlen(name));
    if (!*meta->type && type)
        set_field(meta->type, sizeof meta->type, &meta->type_src, type,
                  strlen(type), AGX_SOURCE_LAYOUT);
    if (name == rel)
        return; /* no folder: nothing more to say */
    /* The folder holding the file... */
    date_dir = name - 1;
    while (date_dir > rel && date_dir[-1] != '/')
        date_dir--;
    if (!agx_date_valid(date_dir, (size_t)(name - 1 - date_dir)))
        return;
    if (!*meta->date)
        set_date(meta, date_dir, (size_t)(name - 1 - date_dir),
                 AGX_SOURCE_LAYOUT);
    /* ...and the one above it. */
    if (date_dir == rel || *meta->udvalg)
        return;
    udvalg_dir = date_dir - 1;
    while (udvalg_dir > rel && udvalg_dir[-1] != '/')
        udvalg_dir--;
    set_field(meta->udvalg, sizeof meta->udvalg, &meta->udvalg_src, udvalg_dir,
              (size_t)(date_dir - 1 - udvalg_dir), AGX_SOURCE_LAYOUT);
}

/* Danish month names, as long as they may be cut ("nov." for november). */
static int
month_at(const char *s, size_t n, size_t *len)
{
    static const char *const months[] = {
        "januar", "februar", "marts",     "april",   "maj",      "juni",
        "juli",   "august",  "september", "oktober", "november", "december"};
    for (int m = 0; m < 12; m++) {
        size_t k = strlen(months[m]), i = 0;
        while (i < k && i < n && tolower((unsigned char)s[i]) == months[m][i])
            i++;
        /* The whole name, or at least three letters and a dot. */
        if (i == k && (i == n || !isalpha((unsigned char)s[i]))) {
            *len = i;
            return m + 1;
        }
        if (i >= 3 && i < k && i < n && s[i] == '.') {
            *len = i + 1;
            return m + 1;
        }
    }
    return 0;
}

/* Reads a number of at most MAX digits at S (before END); 0 if none. */
static int
number_at(const char *s, const char *end, int max, size_t *len)
{
    int v = 0;
    size_t n = 0;
    while (s + n < end && isdigit((unsigned char)s[n]) && (int)n < max)
        v = v * 10 + (s[n++] - '0');
    if (n == 0 || (s + n < end && isdigit((unsigned char)s[n])))
        return -1;
    *len = n;
    return v;
}

int
agx_date_from_text(const char *s, size_t len, char out[11])
{
    const char *end = s + len;

    for (const char *p = s; p < end; p++) {
        size_t n1, n2, n3, ml;
        int d, m, y;
        const char *q;

        if (!isdigit((unsigned char)*p) ||
            (p > s && isalnum((unsigned char)p[-1])))
            continue;
        d = number_at(p, end, 2, &n1);
        if (d < 1 || d > 31)
            continue;
        q = p + n1;
        /* 27-01-2023 or 27.01.2023 */
        if (q < end && (*q == '-' || *q == '.') &&
            (m = number_at(q + 1, end, 2, &n2)) >= 1 && m <= 12 &&
            q + 1 + n2 < end && q[1 + n2] == *q &&
            (y = number_at(q + 2 + n2, end, 4, &n3)) >= 1900 && n3 == 4)
            goto found;
        /* 4. november 2022, 4. nov. 2022, 4 november 2022 */
        if (q < end && *q == '.')
            q++;
        while (q < end && *q == ' ')
            q++;
        m = month_at(q, (size_t)(end - q), &ml);
        if (!m)
            continue;
        q += ml;
        while (q < end && *q == ' ')
            q++;
        y = number_at(q, end, 4, &n3);
        if (y < 1900 || n3 != 4)
            continue;
    found:
        if (y > 2999 || d > days_in_month(y, m))
            continue;
        /* Through a roomy buffer: at -O3 GCC cannot see that m and d are
         * two digits, and -Wformat-truncation would fail the build. */
        char buf[40];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        memcpy(out, buf, 11);
        out[10] = '\0';
        return 1;
    }
    return 0;
}

/* Trims spaces and tabs from both ends of *S (N bytes). */
static size_t
trim(const char **s, size_t n)
{
    while (n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        n--;
    }
    while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t'))
        n--;
    return n;
}

void
agx_meta_from_text(const char *page1, agx_meta *meta)
{
    const char *line = page1;
    char date[11];

    for (int i = 0; i < TEXT_LINES && *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        const char *s = line;
        const char *paren, *moede;

        n = trim(&s, n);
        line = nl ? nl + 1 : line + n;
        if (n == 0)
            continue;
        i++;
        /* "KD-Net (Dagsorden)", then the date on one of the next lines. */
        paren = memchr(s, '(', n);
        if (paren && s[n - 1] == ')' && paren > s &&
            type_in(paren, n - (size_t)(paren - s))) {
            const char *type = type_in(paren, n - (size_t)(paren - s));
            const char *name = s;
            size_t name_len = trim(&name, (size_t)(paren - s));
            if (!*meta->udvalg && name_len)
                set_field(meta->udvalg, sizeof meta->udvalg, &meta->udvalg_src,
                          name, name_len, AGX_SOURCE_TEXT);
            if (!*meta->type)
                set_field(meta->type, sizeof meta->type, &meta->type_src, type,
                          strlen(type), AGX_SOURCE_TEXT);
            if (!*meta->date &&
                agx_date_from_text(line, strnlen(line, 80), date))
                set_date(meta, date, 10, AGX_SOURCE_TEXT);
            continue;
        }
        /* "Møde i KD-Net, den 24. januar 2020" */
        moede = n > 8 && strncmp(s, "Møde i ", strlen("Møde i ")) == 0
                    ? s + strlen("Møde i ")
                    : NULL;
        if (moede && agx_date_from_text(s, n, date)) {
            const char *stop = moede;
            while (stop < s + n && *stop != ',' &&
                   strncmp(stop, " den ", 5) != 0 &&
                   strncmp(stop, " d. ", 4) != 0)
                stop++;
            if (!*meta->udvalg && stop > moede)
                set_field(meta->udvalg, sizeof meta->udvalg, &meta->udvalg_src,
                          moede, (size_t)(stop - moede), AGX_SOURCE_TEXT);
            if (!*meta->date)
                set_date(meta, date, 10, AGX_SOURCE_TEXT);
            continue;
        }
        /* "Indholdsfortegnelse - Bilag", "Bilagsliste", "Referat",
         * "Dagsorden": a heading that is a type and little else. */
        if (!*meta->type && n <= 40 && type_in(s, n)) {
            const char *type = type_in(s, n);
            set_field(meta->type, sizeof meta->type, &meta->type_src, type,
                      strlen(type), AGX_SOURCE_TEXT);
        }
    }
}

/* One line of the catalogue. */
typedef struct {
    char *path; /* relative; a folder ends in '/' */
    char udvalg[256], date[11], type[10], title[256];
    char digest[AGX_CATALOG_DIGEST]; /* of the four (agx_catalog_digest()) */
} catalog_entry;

struct agx_catalog {
    catalog_entry *entries;
    size_t n, cap;
    GHashTable *by_path; /* path -> its last entry (keys borrowed) */
};

void
agx_catalog_free(agx_catalog *cat)
{
    if (!cat)
        return;
    if (cat->by_path)
        g_hash_table_destroy(cat->by_path);
    for (size_t i = 0; i < cat->n; i++)
        free(cat->entries[i].path);
    free(cat->entries);
    free(cat);
}

/* Splits LINE at tabs into at most MAX fields. */
static int
split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    while (n < max) {
        char *tab = strchr(line, '\t');
        fields[n++] = line;
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

/* Parses one catalogue line into E.  Returns NULL, or why it is bad. */
static const char *
parse_entry(char *line, catalog_entry *e)
{
    char *f[5] = {NULL};
    int n = split_tabs(line, f, 5);
    const char *date = n > 2 ? f[2] : "";

    memset(e, 0, sizeof *e);
    if (n < 2 || !*f[0])
        return "wants PATH<tab>UDVALG<tab>DATE<tab>TYPE<tab>TITLE";
    if (*date && !agx_date_valid(date, strlen(date)))
        return "the date is not YYYY-MM-DD, YYYY-MM or YYYY";
    if (n > 3 && *f[3] && !type_in(f[3], strlen(f[3])))
        return "the type is not dagsorden, referat or bilag";
    e->path = strdup(f[0]);
    if (!e->path)
        return "out of memory";
    snprintf(e->udvalg, sizeof e->udvalg, "%s", f[1]);
    snprintf(e->date, sizeof e->date, "%s", date);
    if (n > 3 && *f[3])
        snprintf(e->type, sizeof e->type, "%s", type_in(f[3], strlen(f[3])));
    if (n > 4)
        snprintf(e->title, sizeof e->title, "%s", f[4]);
    return NULL;
}

int
agx_catalog_load(const char *root, agx_catalog **out,
                 void (*on_bad)(void *ctx, const char *where, const char *why),
                 void *ctx, char **errmsg)
{
    char *path = agx_strdupf("%s/agendex.tsv", root), *line = NULL;
    agx_catalog *cat = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned no = 0;
    FILE *f;
    int rc = -1;

    *out = NULL;
    if (!path)
        return -1;
    f = fopen(path, "r");
    if (!f) {
        rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
        if (rc)
            *errmsg = agx_strdupf("%s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    cat = calloc(1, sizeof *cat);
    if (!cat)
        goto out;
    while ((got = getline(&line, &cap, f)) >= 0) {
        catalog_entry e;
        const char *why;
        no++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        why = parse_entry(line, &e);
        if (why) {
            char *where = agx_strdupf("%s:%u", path, no);
            if (on_bad && where)
                on_bad(ctx, where, why);
            free(where);
            continue;
        }
        if (cat->n == cat->cap) {
            size_t c = cat->cap ? cat->cap * 2 : 32;
            catalog_entry *p = realloc(cat->entries, c * sizeof *p);
            if (!p) {
                free(e.path);
                goto out;
            }
            cat->entries = p;
            cat->cap = c;
        }
        cat->entries[cat->n++] = e;
    }
    /* Each file of a run looks itself up: by path, not line by line; and
     * each line's digest is made once, not once a file. */
    cat->by_path = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < cat->n; i++) {
        catalog_entry *c = &cat->entries[i];
        gchar *fields = g_strdup_printf("%s\t%s\t%s\t%s", c->udvalg, c->date,
                                        c->type, c->title);
        gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, fields, -1);
        snprintf(c->digest, sizeof c->digest, "%s", sum ? sum : "");
        g_free(sum);
        g_free(fields);
        g_hash_table_insert(cat->by_path, c->path, c);
    }
    *out = cat;
    cat = NULL;
    rc = 0;
out:
    if (rc)
        *errmsg = agx_strdupf("%s: out of memory", path);
    agx_catalog_free(cat);
    free(line);
    fclose(f);
    free(path);
    return rc;
}

/* CAT's entry for REL: its own line, else the longest folder line above
 * it ("a/b/", then "a/"); the last of equal lines; NULL if none. */
static const catalog_entry *
entry_for(const agx_catalog *cat, const char *rel)
{
    const catalog_entry *e;
    char *folder;

    if (!cat || !cat->by_path)
        return NULL;
    if ((e = g_hash_table_lookup(cat->by_path, rel)))
        return e;
    folder = g_strdup(rel);
    for (char *slash = strrchr(folder, '/'); slash && !e;) {
        slash[1] = '\0';
        e = g_hash_table_lookup(cat->by_path, folder);
        *slash = '\0';
        slash = strrchr(folder, '/');
    }
    g_free(folder);
    return e;
}

void
agx_catalog_digest(const agx_catalog *cat, const char *rel,
                   char out[AGX_CATALOG_DIGEST])
{
    const catalog_entry *e = entry_for(cat, rel);

    snprintf(out, AGX_CATALOG_DIGEST, "%s", e ? e->digest : "");
}

void
agx_meta_from_catalog(const agx_catalog *cat, const char *rel, agx_meta *meta)
{
    const catalog_entry *best = entry_for(cat, rel);

    if (!best)
        return;
    if (!*meta->udvalg && *best->udvalg)
        set_field(meta->udvalg, sizeof meta->udvalg, &meta->udvalg_src,
                  best->udvalg, strlen(best->udvalg), AGX_SOURCE_CATALOG);
    if (!*meta->date && *best->date)
        set_date(meta, best->date, strlen(best->date), AGX_SOURCE_CATALOG);
    if (!*meta->type && *best->type)
        set_field(meta->type, sizeof meta->type, &meta->type_src, best->type,
                  strlen(best->type), AGX_SOURCE_CATALOG);
    if (!*meta->title && *best->title)
        set_field(meta->title, sizeof meta->title, &meta->title_src,
                  best->title, strlen(best->title), AGX_SOURCE_CATALOG);
}
