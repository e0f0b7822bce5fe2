/* gen.c: a synthetic archive of meeting documents, for benchmarks.
 *
 *   agendex-gen [--text] [--pages-per-doc N] SOURCE_DIR OUT_DIR PAGES
 *
 * Makes PAGES pages of unique meeting documents in the archive layout
 * (OUT_DIR/<udvalg>/<YYYY-MM-DD>/<n>-<type>.pdf), from the real text of
 * the sample archive (SOURCE_DIR: its text files): each page is a heading
 * with the document's own number, an agenda item heading, a case number
 * and a run of lines drawn from the sample, so that no two files are
 * copies (de-duplication must not hide the cost) while the words and
 * their frequencies stay those of real minutes.  PDFs are drawn with
 * cairo (poppler-glib's own dependency); --text writes text files with a
 * form feed between pages instead, for the largest sizes.  The sequence
 * is fixed (a seeded generator): the same arguments make the same
 * archive.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { LINES_PER_PAGE = 42, MAX_LINE = 110 };

static const char *const udvalg[] = {"Børne- og Ungdomsudvalget",
                                     "Økonomiudvalget",
                                     "Teknik- og Miljøudvalget",
                                     "Social- og Sundhedsudvalget",
                                     "Kultur- og Fritidsudvalget",
                                     "Beskæftigelsesudvalget",
                                     "Ældreudvalget",
                                     "Klimaudvalget",
                                     "Erhvervsudvalget",
                                     "Skoleudvalget",
                                     "Planudvalget",
                                     "Integrationsudvalget",
                                     "KKR Midtjylland",
                                     "KKR Syddanmark",
                                     "KKR Nordjylland",
                                     "KKR Sjælland",
                                     "KKR Hovedstaden",
                                     "KD-Net",
                                     "Byrådet",
                                     "Folkeoplysningsudvalget"};
static const char *const types[] = {"dagsorden", "referat", "bilag"};

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

typedef struct {
    char **v;
    size_t n, cap;
} lines;

static void
add_line(lines *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) {
            perror("agendex-gen");
            exit(2);
        }
    }
    l->v[l->n++] = strdup(s);
}

/* Every non-empty line of every .txt file under DIR, cut to MAX_LINE. */
static void
read_source(const char *dir, lines *l)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            read_source(path, l);
        } else if (strlen(e->d_name) > 4 &&
                   strcmp(e->d_name + strlen(e->d_name) - 4, ".txt") == 0) {
            FILE *f = fopen(path, "r");
            char buf[4096];
            while (f && fgets(buf, sizeof buf, f)) {
                size_t n = strcspn(buf, "\r\n\f");
                buf[n] = '\0';
                if (n < 20)
                    continue;
                if (n > MAX_LINE) { /* cut at a character's start */
                    n = MAX_LINE;
                    while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
                        n--;
                    buf[n] = '\0';
                }
                add_line(l, buf);
            }
            if (f)
                fclose(f);
        }
    }
    closedir(d);
}

static void
mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    mkdir(path, 0755);
}

/* Page P (1-based) of document DOC, its lines into OUT[]. */
static size_t
page_lines(const lines *src, unsigned doc, unsigned p, const char *u,
           const char *date, char out[][MAX_LINE + 64])
{
    size_t n = 0;
    snprintf(out[n++], MAX_LINE + 64, "%s  %s  Dokument %u, side %u", u, date,
             doc, p);
    snprintf(out[n++], MAX_LINE + 64, "Punkt %u: %s", p + rnd(9),
             src->v[rnd((unsigned)src->n)]);
    snprintf(out[n++], MAX_LINE + 64, "Sags ID: SAG-%u-%05u", 2005 + rnd(20),
             rnd(99999));
    while (n < LINES_PER_PAGE)
        snprintf(out[n++], MAX_LINE + 64, "%s", src->v[rnd((unsigned)src->n)]);
    return n;
}

int
main(int argc, char **argv)
{
    int text = 0, a = 1;
    unsigned per_doc = 10, pages, docs;
    lines src = {0};
    static char page[LINES_PER_PAGE][MAX_LINE + 64];

    while (a < argc && argv[a][0] == '-' && argv[a][1] == '-') {
        if (strcmp(argv[a], "--text") == 0)
            text = 1;
        else if (strcmp(argv[a], "--pages-per-doc") == 0 && a + 1 < argc)
            per_doc = (unsigned)atoi(argv[++a]);
        else
            break;
        a++;
    }
    if (argc - a != 3 || per_doc == 0) {
        fprintf(stderr, "Usage: agendex-gen [--text] [--pages-per-doc N] "
                        "SOURCE_DIR OUT_DIR PAGES\n");
        return 2;
    }
    read_source(argv[a], &src);
    if (src.n == 0) {
        fprintf(stderr, "agendex-gen: no text files under %s\n", argv[a]);
        return 2;
    }
    pages = (unsigned)strtoul(argv[a + 2], NULL, 10);
    docs = (pages + per_doc - 1) / per_doc;
    for (unsigned d = 0; d < docs; d++) {
        const char *u = udvalg[rnd(sizeof udvalg / sizeof *udvalg)];
        char date[16], dir[4096], path[4200];
        unsigned np =
            d == docs - 1 && pages % per_doc ? pages % per_doc : per_doc;
        snprintf(date, sizeof date, "%04u-%02u-%02u", 2005 + d % 20,
                 1 + rnd(12), 1 + rnd(28));
        snprintf(dir, sizeof dir, "%s/%s/%s", argv[a + 1], u, date);
        mkdirs(dir);
        snprintf(path, sizeof path, "%s/%06u-%s.%s", dir, d, types[rnd(3)],
                 text ? "txt" : "pdf");
        if (text) {
            FILE *f = fopen(path, "w");
            if (!f) {
                perror(path);
                return 2;
            }
            for (unsigned p = 1; p <= np; p++) {
                size_t n = page_lines(&src, d, p, u, date, page);
                for (size_t i = 0; i < n; i++)
                    fprintf(f, "%s\n", page[i]);
                if (p < np)
                    fputc('\f', f);
            }
            fclose(f);
        } else {
            cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
            cairo_t *cr = cairo_create(s);
            cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                                   CAIRO_FONT_WEIGHT_NORMAL);
            cairo_set_font_size(cr, 8.5);
            for (unsigned p = 1; p <= np; p++) {
                size_t n = page_lines(&src, d, p, u, date, page);
                for (size_t i = 0; i < n; i++) {
                    cairo_move_to(cr, 40, 50 + 18.0 * (double)i);
                    cairo_show_text(cr, page[i]);
                }
                cairo_show_page(cr);
            }
            cairo_destroy(cr);
            cairo_surface_finish(s);
            if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
                fprintf(stderr, "agendex-gen: %s: %s\n", path,
                        cairo_status_to_string(cairo_surface_status(s)));
                return 2;
            }
            cairo_surface_destroy(s);
        }
    }
    for (size_t i = 0; i < src.n; i++)
        free(src.v[i]);
    free(src.v);
    /* cairo's and fontconfig's caches, so that a leak checker sees none */
    cairo_debug_reset_static_data();
    FcFini();
    printf("%u pages in %u documents under %s\n", pages, docs, argv[a + 1]);
    return 0;
}
