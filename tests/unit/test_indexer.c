/* test_indexer.c: the indexer's pieces on tables and on the real sample
 * files: the archive layout, text cleaning, extraction and agenda items;
 * and whole runs on copies of them: progress, and index upgrades. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_index.h"
#include "indexer-private.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path inside an archive and the metadata its place gives. */
static const struct {
    const char *rel, *udvalg, *date, *year, *type;
} layout[] = {
    {"KD-Net/2023-01-27/001-dagsorden.pdf", "KD-Net", "2023-01-27", "2023",
     "dagsorden"},
    {"KKR Midtjylland/2023/002-Dagsorden.pdf", "KKR Midtjylland", "2023",
     "2023", "dagsorden"},
    {"KKR Syddanmark/2022-06/x_bilag_3.txt", "KKR Syddanmark", "2022-06",
     "2022", "bilag"},
    {"a/b/KD-Net/2020-01-24/referat.pdf", "KD-Net", "2020-01-24", "2020",
     "referat"},
    {"2023-01-27/dagsorden.pdf", "", "2023-01-27", "2023", "dagsorden"},
    {"KD-Net/notes/referat.pdf", "", "", "", "referat"},
    {"KD-Net/2023-02-30/x.pdf", "", "", "", ""}, /* no 30 February */
    {"KD-Net/2023-13/x.pdf", "", "", "", ""},
    {"KD-Net/23-01-27/x.pdf", "", "", "", ""},
    {"x.pdf", "", "", "", ""},
    {"KD-Net/2024-02-29/x.pdf", "KD-Net", "2024-02-29", "2024", ""},
};

static void
test_meta_from_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof layout / sizeof *layout; i++) {
        agx_meta m = {0};
        agx_meta_from_path(layout[i].rel, &m);
        assert_string_equal(m.udvalg, layout[i].udvalg);
        assert_string_equal(m.date, layout[i].date);
        assert_string_equal(m.year, layout[i].year);
        assert_string_equal(m.type, layout[i].type);
    }
}

/* Danish dates in text, and the date read (NULL: none). */
static const struct {
    const char *text, *date;
} dates[] = {
    {"27-01-2023 10:00 - 11:30", "2023-01-27"},
    {"Møde i KD-Net, den 24. januar 2020", "2020-01-24"},
    {"referatet fra mødet d. 4. november 2022", "2022-11-04"},
    {"Fredag den 25. oktober 2019, kl. 10.00", "2019-10-25"},
    {"den 8. maj 2023", "2023-05-08"},
    {"d. 3. sept. 2021", "2021-09-03"},
    {"05.12.2022", "2022-12-05"},
    {"31. februar 2023", NULL}, /* no such day */
    {"kl. 10.00 – 12.00", NULL},
    {"2023-2026", NULL},
    {"10. februar", NULL}, /* no year: not a date we can store */
    {"Mandag 1. majestæt 2020", NULL},
};

static void
test_date_from_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        char out[11] = "";
        int found =
            agx_date_from_text(dates[i].text, strlen(dates[i].text), out);
        if (dates[i].date) {
            assert_true(found);
            assert_string_equal(out, dates[i].date);
        } else {
            assert_false(found);
        }
    }
}

/* A first page and the metadata it gives (udvalg, date, type). */
static const struct {
    const char *page1, *udvalg, *date, *type;
} headings[] = {
    {"KD-Net (Dagsorden)\n27-01-2023 10:00 - 11:30\nScandic", "KD-Net",
     "2023-01-27", "dagsorden"},
    {"Økonomiudvalget (Referat)\nTirsdag den 3. marts 2020\n",
     "Økonomiudvalget", "2020-03-03", "referat"},
    {"Bilagsliste\nMøde i KD-Net, den 24. januar 2020\n", "KD-Net",
     "2020-01-24", "bilag"},
    {"Indholdsfortegnelse - Bilag\n2.1 Orientering", "", "", "bilag"},
    {"Mission\nKL bidrager til at udvikle\n", "", "", ""},
    /* A meeting referred to far down the page is not the document's. */
    {"a\nb\nc\nd\ne\nf\nMøde i KD-Net, den 24. januar 2020\n", "", "", ""},
};

static void
test_meta_from_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
        agx_meta m = {0};
        agx_meta_from_text(headings[i].page1, &m);
        assert_string_equal(m.udvalg, headings[i].udvalg);
        assert_string_equal(m.date, headings[i].date);
        assert_string_equal(m.type, headings[i].type);
        if (*m.date)
            assert_int_equal(m.date_src, AGX_SOURCE_TEXT);
    }
}

/* A stronger source is never overwritten by a weaker one. */
static void
test_meta_sources_in_order(void **state)
{
    agx_meta m = {0};
    (void)state;
    agx_meta_from_path("KD-Net/2023/x-referat.pdf", &m);
    agx_meta_from_text("Økonomiudvalget (Dagsorden)\n27-01-2023\n", &m);
    assert_string_equal(m.udvalg, "KD-Net");
    assert_int_equal(m.udvalg_src, AGX_SOURCE_LAYOUT);
    assert_string_equal(m.date, "2023");
    assert_string_equal(m.type, "referat");
}

/* Extracted text and what the index sees of it. */
static const struct {
    const char *raw, *clean;
} cleaning[] = {
    {"sundheds-\nvæsen", "sundhedsvæsen"},
    {"etab- lere", "etablere"},
    {"sundheds- og ældreområdet", "sundheds- og ældreområdet"},
    {"sundheds-\nog ældreområdet", "sundheds-\nog ældreområdet"},
    {"IT- og telemedicinske", "IT- og telemedicinske"},
    {"IT-\nløsningerne", "IT-løsningerne"},
    {"2023-\n2026", "2023-2026"},
    {"Region Midt-\nJylland", "Region Midt-\nJylland"},
    {"a - b", "a - b"},
    {"ELEKTRi\xef\xac\x81"
     "cERiNG",
     "ELEKTRificERiNG"}, /* U+FB01 */
    {"tak\xc2\xad"
     "staftale",
     "takstaftale"}, /* soft hyphen */
    {"<b>Punkt 2</b> **vigtigt**", "Punkt 2 vigtigt"},
    {"## Indhold\n### PROGRAM", "Indhold\nPROGRAM"},
    {"2 | Referat af møde |", "2   Referat af møde  "},
    {"linje\r\nto\rtre", "linje\nto\ntre"},
    {"a\x01"
     "b",
     "a b"},
    {"A\xcc\x8arsmøde", "Årsmøde"},
    {"<script>x</script>", "<script>x</script>"}, /* not ours to drop */
};

static void
test_clean_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cleaning / sizeof *cleaning; i++) {
        size_t n = 0;
        char *s = agx_clean_text(cleaning[i].raw, strlen(cleaning[i].raw), &n);
        assert_non_null(s);
        assert_string_equal(s, cleaning[i].clean);
        assert_int_equal(n, strlen(s));
        free(s);
    }
}

/* The number of pages of PDF as pdfinfo (poppler-utils) counts them. */
static size_t
pdfinfo_pages(const char *pdf)
{
    char cmd[1024], line[256];
    size_t pages = 0;
    FILE *p;

    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    p = popen(cmd, "r");
    assert_non_null(p);
    while (fgets(line, sizeof line, p))
        if (strncmp(line, "Pages:", 6) == 0)
            pages = strtoul(line + 6, NULL, 10);
    pclose(p);
    return pages;
}

static const char *const pdf001 =
    AGX_CORPUS "/pdf/KD-Net/2023-01-27/001_53b8b7c743800ad7-dagsorden.pdf";
static const char *const txt001 =
    AGX_CORPUS "/text/KD-Net/2023-01-27/001_53b8b7c743800ad7-dagsorden.txt";

static void
test_extract_pdf_pages(void **state)
{
    agx_pages pages = {0};
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_extract_pdf(pdf001, &pages, &err), 0);
    assert_int_equal(pages.n, pdfinfo_pages(pdf001));
    assert_non_null(strstr(pages.text[0], "KD-Net (Dagsorden)"));
    agx_pages_clear(&pages);
}

static void
test_extract_damaged_pdf(void **state)
{
    agx_pages pages = {0};
    char *err = NULL;
    (void)state;
    /* A text file is no PDF. */
    assert_int_equal(agx_extract_pdf(txt001, &pages, &err), -1);
    assert_string_equal(err, "PDF document is damaged");
    assert_int_equal(pages.n, 0);
    free(err);
}

/* The items of 001 as its table of contents lists them (page 1). */
static const char *const items001[] = {
    "Godkendelse af dagsorden",
    "Godkendelse af referatet fra mødet d. 4. november 2022",
    "Udkast til disposition for revideret KKR Klimastrategi",
    "Status fra GovTech Midtjylland",
    "Sammenlægning af Trafikstyregruppen og Styregruppen om "
    "mobilitetssamarbejdet",
    "Status på samarbejdsaftale klinisk funktion/sundhedskoordination",
    "Dimensionering på pædagoguddannelserne",
    "Erhvervsfremmeområdet",
    "Opfølgning på central udmelding fra Socialstyrelsen vedr. tilbud til "
    "udsatte gravide med skadeligt rusmiddelforbrug",
    "Overordnede principper for udligningsmodeller og generel proces for "
    "tværsektorielle udbud af sundhedsartikler",
    "Ny aftale vedrørende Lægevagten i Region Midtjylland",
    "Præcisering af takstaftalen",
    "Udpegninger",
    "Foreløbige punkter på møde i KKR Midtjylland d. 10. februar 2023",
    "Foreløbige punkter til kommende KD-Net møder",
    "Kommende møder",
    "Eventuelt",
};

static void
check_items001(agx_pages *pages)
{
    agx_items items;
    for (size_t i = 0; i < pages->n; i++) {
        size_t n;
        char *c = agx_clean_text(pages->text[i], pages->len[i], &n);
        free(pages->text[i]);
        pages->text[i] = c;
    }
    assert_int_equal(agx_structure_items(pages->text, pages->n, &items), 0);
    assert_int_equal(items.n, sizeof items001 / sizeof *items001);
    for (size_t i = 0; i < items.n; i++) {
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_string_equal(items.items[i].number, num);
        assert_string_equal(items.items[i].title, items001[i]);
        /* Never the TOC's page, but for the first two, which open there. */
        if (i >= 2 && pages->n > 1)
            assert_true(items.items[i].page > 1);
    }
    agx_items_clear(&items);
}

static void
test_items_of_001_pdf(void **state)
{
    agx_pages pages = {0};
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_extract_pdf(pdf001, &pages, &err), 0);
    check_items001(&pages);
    agx_pages_clear(&pages);
}

static void
test_items_of_001_text(void **state)
{
    agx_pages pages = {0};
    char *err = NULL, *warn = NULL;
    (void)state;
    assert_int_equal(agx_extract_text(txt001, &pages, &warn, &err), 0);
    assert_null(warn);
    check_items001(&pages);
    agx_pages_clear(&pages);
}

/* The items of 002 as the agenda numbers them: groups and their items. */
static const char *const items002[][2] = {
    {"1", "Godkendelse af referat"},
    {"1.1", "Godkendelse af referat fra mødet i KKR Midtjylland den 10. "
            "februar 2023"},
    {"2", "Siden sidst"},
    {"2.1", "Orientering"},
    {"3", "Regionalpolitiske sager"},
    {"3.1", "Sundhedsaftalen og samarbejdet i klyngerne"},
    {"3.2", "Opfølgning på drøftelse vedrørende statslige krav og regler"},
    {"3.3", "Ungetema - inspirationskatalog"},
    {"3.4", "Politisk aftale om Klimaalliancen"},
    {"3.5", "KKR Midtjyllands indspil til Erhvervsfremmestrategi 2024-2027"},
    {"3.6", "Afrapportering fra netværk på danskuddannelsesområdet"},
    {"3.7", "Afrapporteringer centrale udmeldinger vedr. synsnedsættelser og "
            "høretab"},
    {"4", "Udpegninger"},
    {"5", "KKR"},
    {"6", "Punkter til næste møde"},
    {"6.1", "Punkter til kommende møde"},
    {"7", "Eventuelt"},
};

static void
check_items002(const char *path)
{
    agx_pages pages = {0};
    char *err = NULL, *warn = NULL;
    agx_items items;
    int pdf = strstr(path, ".pdf") != NULL;

    assert_int_equal(pdf ? agx_extract_pdf(path, &pages, &err)
                         : agx_extract_text(path, &pages, &warn, &err),
                     0);
    for (size_t i = 0; i < pages.n; i++) {
        size_t n;
        char *c = agx_clean_text(pages.text[i], pages.len[i], &n);
        free(pages.text[i]);
        pages.text[i] = c;
    }
    assert_int_equal(agx_structure_items(pages.text, pages.n, &items), 0);
    assert_int_equal(items.n, sizeof items002 / sizeof *items002);
    for (size_t i = 0; i < items.n; i++) {
        assert_string_equal(items.items[i].number, items002[i][0]);
        assert_string_equal(items.items[i].title, items002[i][1]);
    }
    agx_items_clear(&items);
    agx_pages_clear(&pages);
}

static void
test_items_of_002(void **state)
{
    (void)state;
    check_items002(AGX_CORPUS "/pdf/KKR Midtjylland/2023/"
                              "002_81f81eea32fa446a-dagsorden.pdf");
    check_items002(AGX_CORPUS "/text/KKR Midtjylland/2023/"
                              "002_81f81eea32fa446a-dagsorden.txt");
}

/* The sections of the sample file REL (under corpus/pdf or corpus/text,
 * without its extension), cleaned as the indexer cleans, in *ITEMS; the
 * pages stay in *PAGES for a look at where each opens. */
static void
sections_of(const char *rel, int pdf, agx_pages *pages, agx_items *items)
{
    char path[512], *err = NULL, *warn = NULL;
    snprintf(path, sizeof path, "%s/%s/%s.%s", AGX_CORPUS, pdf ? "pdf" : "text",
             rel, pdf ? "pdf" : "txt");
    memset(pages, 0, sizeof *pages);
    if (pdf)
        assert_int_equal(agx_extract_pdf(path, pages, &err), 0);
    else
        assert_int_equal(agx_extract_text(path, pages, &warn, &err), 0);
    for (size_t i = 0; i < pages->n; i++) {
        size_t n;
        char *c = agx_clean_text(pages->text[i], pages->len[i], &n);
        free(pages->text[i]);
        pages->text[i] = c;
    }
    assert_int_equal(agx_structure_items(pages->text, pages->n, items), 0);
}

/* Does section IT open with the words PREFIX? */
static int
opens_with(const agx_pages *pages, const agx_item *it, const char *prefix)
{
    return strncmp(pages->text[it->page - 1] + it->offset, prefix,
                   strlen(prefix)) == 0;
}

/* The rows of 004's bilagsliste, read from the text file apart from the
 * indexer: "N | Title |" under "Dagsordenspunkt | Bilag |". */
static size_t
bilagsliste_004(char rows[][2][200], size_t max)
{
    FILE *f = fopen(AGX_CORPUS "/text/KD-Net/2020-01-24/"
                                "004_fd299ac4985349b7-bilag.txt",
                    "r");
    char line[1024];
    size_t n = 0;
    int in = 0;
    assert_non_null(f);
    while (fgets(line, sizeof line, f) && n < max) {
        char num[16], title[200];
        if (strncmp(line, "Dagsordenspunkt | Bilag |", 25) == 0) {
            in = 1;
            continue;
        }
        if (in && sscanf(line, "%15[0-9] | %199[^|]", num, title) == 2) {
            size_t k = strlen(title);
            while (k && (title[k - 1] == ' ' || title[k - 1] == '.'))
                title[--k] = '\0';
            strcpy(rows[n][0], num);
            strcpy(rows[n][1], title);
            n++;
        } else if (in) {
            break;
        }
    }
    fclose(f);
    return n;
}

/* 004 is a bundle: a bilagsliste, then the attachments.  Each attachment
 * the text shows is a section under its row's item number and title, in
 * the list's order; the contract's own sections ("9.1 Tore niveauer") are
 * none of the meeting's items. */
static void
check_attachments_004(int pdf)
{
    char rows[16][2][200];
    size_t n_rows = bilagsliste_004(rows, 16), r = 0;
    agx_pages pages;
    agx_items items;
    static const struct {
        const char *number, *opens;
    } starts[] = {
        {"2", "Referat af møde i kommunaldirektørnetværket"},
        {"4", "Samarbejdsaftale mellem Region Midtjylland"},
        {"5", "Resultatkontrakt for"},
        {"11", "FæLLEs iNDsPiL"},
    };

    assert_int_equal(n_rows, 8); /* the test's own reading can fail */
    sections_of("KD-Net/2020-01-24/004_fd299ac4985349b7-bilag", pdf, &pages,
                &items);
    assert_true(items.n >= 6);
    for (size_t i = 0; i < items.n; i++) {
        const agx_item *it = &items.items[i];
        /* In the list's order: the next row that names it. */
        while (r < n_rows && !(strcmp(rows[r][0], it->number) == 0 &&
                               strcmp(rows[r][1], it->attachment) == 0))
            r++;
        assert_true(r < n_rows);
        r++;
        assert_string_equal(it->title, "");
        assert_string_not_equal(it->number, "9.1");
        for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
            if (strcmp(it->number, starts[k].number) == 0)
                assert_true(opens_with(&pages, it, starts[k].opens));
    }
    agx_items_clear(&items);
    agx_pages_clear(&pages);
}

static void
test_attachments_of_004(void **state)
{
    (void)state;
    check_attachments_004(0);
    check_attachments_004(1);
}

/* 003 lists its attachments under each item of its table of contents
 * ("Bilag 1: ..."); each attachment repeats its item's heading on its
 * first page.  Every listed attachment is a section, in order, under its
 * item; 2.1 has three. */
static void
check_attachments_003(int pdf)
{
    FILE *f = fopen(AGX_CORPUS "/text/KKR Syddanmark/2022/"
                                "003_58a2d8c16a959350-bilag.txt",
                    "r");
    char line[512], item[16] = "", listed[32][2][200];
    size_t n_listed = 0, in_21 = 0;
    agx_pages pages;
    agx_items items;

    assert_non_null(f);
    for (int l = 0; l < 30 && fgets(line, sizeof line, f); l++) {
        char *dots = strstr(line, ".....");
        if (sscanf(line, "%15[0-9.] ", item) == 1 && strchr(item, '.'))
            continue;
        if (strncmp(line, "Bilag ", 6) == 0 && dots && n_listed < 32) {
            *dots = '\0';
            strcpy(listed[n_listed][0], item);
            strcpy(listed[n_listed][1], line);
            n_listed++;
        }
    }
    fclose(f);
    assert_int_equal(n_listed, 14);
    sections_of("KKR Syddanmark/2022/003_58a2d8c16a959350-bilag", pdf, &pages,
                &items);
    assert_int_equal(items.n, n_listed);
    for (size_t i = 0; i < items.n; i++) {
        assert_string_equal(items.items[i].number, listed[i][0]);
        assert_string_equal(items.items[i].attachment, listed[i][1]);
        if (strcmp(items.items[i].number, "2.1") == 0) {
            assert_string_equal(items.items[i].title, "Siden sidst");
            assert_true(opens_with(&pages, &items.items[i], "2.1"));
            in_21++;
        }
    }
    assert_int_equal(in_21, 3);
    agx_items_clear(&items);
    agx_pages_clear(&pages);
}

static void
test_attachments_of_003(void **state)
{
    (void)state;
    check_attachments_003(0);
    check_attachments_003(1);
}

/* 000: one attachment an item; the sections of the report filed under
 * 3.7 ("2.1 Baggrund", "4.1 Formål med beskrivelsen") are no items. */
static void
test_attachments_of_000(void **state)
{
    static const char *const numbers[] = {"2.1", "3.1", "3.2", "3.3",
                                          "3.4", "3.5", "3.7"};
    (void)state;
    for (int pdf = 0; pdf < 2; pdf++) {
        agx_pages pages;
        agx_items items;
        sections_of("KKR Midtjylland/2023-02-10/000_548f463e661f83a9-bilag",
                    pdf, &pages, &items);
        assert_int_equal(items.n, sizeof numbers / sizeof *numbers);
        for (size_t i = 0; i < items.n; i++) {
            assert_string_equal(items.items[i].number, numbers[i]);
            assert_int_equal(strncmp(items.items[i].attachment, "Bilag 1: ", 9),
                             0);
        }
        assert_string_equal(items.items[0].attachment,
                            "Bilag 1: Konferenceprogram 23. februar 2022");
        agx_items_clear(&items);
        agx_pages_clear(&pages);
    }
}

/* Headings that are not items, and items in other forms. */
static void
test_items_forms(void **state)
{
    char *pages[] = {
        "Indhold\n"
        "1.1 Første punkt ..... 2\n"
        "2.1 Andet punkt ..... 3\n",
        "1.1. Godkendelse af referat\nTekst om det.\nMere.\nMere.\n"
        "3.1 mio. kr. er ikke et punkt\nMere.\nMere.\nMere.\n"
        "1. Der er en liste her\n2. Og et punkt mere\nMere.\nMere.\n"
        "Kl. 10.00\n13.00\nPunkt Indhold\nMere.\nMere.\n"
        "2.1\n\nOrientering\nMere tekst.\n",
    };
    agx_items items;
    (void)state;
    assert_int_equal(agx_structure_items(pages, 2, &items), 0);
    assert_int_equal(items.n, 2);
    assert_string_equal(items.items[0].number, "1.1");
    assert_string_equal(items.items[0].title, "Godkendelse af referat");
    assert_int_equal(items.items[0].page, 2);
    assert_string_equal(items.items[1].number, "2.1");
    assert_string_equal(items.items[1].title, "Orientering");
    agx_items_clear(&items);
}

/* What a run reported of its progress. */
typedef struct {
    unsigned long planned, done;
    unsigned long long planned_bytes, done_bytes;
} run_report;

static void
report_planned(void *ctx, unsigned long files, unsigned long long bytes)
{
    run_report *r = ctx;
    r->planned += files;
    r->planned_bytes += bytes;
}

static void
report_done(void *ctx, const char *path, unsigned pages,
            unsigned long long bytes, const char *error)
{
    run_report *r = ctx;
    (void)path;
    (void)pages;
    (void)error;
    r->done++;
    r->done_bytes += bytes;
}

/* Writes TEXT to the file DIR/NAME. */
static void
write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Runs the indexer over ARCH into DB, PDFs extracted by EXTRACTOR (NULL:
 * none): what it reported, and its counts in *STATS (if not NULL). */
static run_report
index_run_with(const char *db, const char *arch, const char *extractor,
               agx_index_stats *stats)
{
    run_report r = {0};
    agx_index_report report = {report_planned, report_done, NULL,
                               NULL,           NULL,        &r};
    agx_indexer *ix = NULL;
    char *err = NULL;
    assert_int_equal(agx_index_open(db, &report, &ix, &err), AGX_OK);
    if (extractor)
        agx_index_set_extractor(ix, extractor);
    assert_int_equal(agx_index_root(ix, arch, &err), AGX_OK);
    assert_int_equal(agx_index_finish(ix, "test", &err), AGX_OK);
    if (stats)
        agx_index_get_stats(ix, stats);
    agx_index_close(ix);
    return r;
}

static run_report
index_run(const char *db, const char *arch)
{
    return index_run_with(db, arch, NULL, NULL);
}

/* The progress a run reports is of the files it reads, new and changed,
 * and their bytes (what its time left is reckoned by): not of the files
 * it leaves unopened. */
static void
test_progress_counts_what_is_read(void **state)
{
    char top[] = "/tmp/agx-progress-XXXXXX", arch[64], meeting[128], db[64],
         cmd[256];
    static const char *a = "Punkt 1: A\nOm klima.\n",
                      *b = "Punkt 1: B\nOm trafik og klima.\n",
                      *b2 = "Punkt 1: B\nOm trafik, klima og mobilitet.\n";
    run_report r;
    (void)state;
    assert_non_null(mkdtemp(top));
    snprintf(arch, sizeof arch, "%s/arch", top);
    snprintf(meeting, sizeof meeting, "%s/U/2024-01-01", arch);
    snprintf(db, sizeof db, "%s/db", top);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", meeting);
    assert_int_equal(system(cmd), 0);
    write_file(meeting, "a-referat.txt", a);
    write_file(meeting, "b-referat.txt", b);
    write_file(meeting, "notes.csv", "not indexed\n");

    r = index_run(db, arch);
    assert_int_equal(r.planned, 2);
    assert_int_equal(r.planned_bytes, strlen(a) + strlen(b));
    assert_int_equal(r.done, 2);
    assert_int_equal(r.done_bytes, r.planned_bytes);

    /* One file changed: that one, of its new size. */
    write_file(meeting, "b-referat.txt", b2);
    r = index_run(db, arch);
    assert_int_equal(r.planned, 1);
    assert_int_equal(r.planned_bytes, strlen(b2));
    assert_int_equal(r.done, 1);
    assert_int_equal(r.done_bytes, strlen(b2));

    /* Nothing changed: nothing to read. */
    r = index_run(db, arch);
    assert_int_equal(r.planned, 0);
    assert_int_equal(r.done, 0);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    assert_int_equal(system(cmd), 0);
}

static int
on_term(void *ctx, const char *term, unsigned long freq)
{
    g_string_append_printf(ctx, "%s %lu\n", term, freq);
    return 0;
}

/* Every term of DB, with the number of pages that hold it. */
static char *
all_terms(const char *dbpath)
{
    GString *out = g_string_new(NULL);
    agx_db *db = NULL;
    char *err = NULL;
    assert_int_equal(agx_db_open(dbpath, AGX_DB_READ, &db, &err), AGX_OK);
    assert_int_equal(agx_db_terms(db, "", on_term, out), AGX_OK);
    agx_db_close(db);
    return g_string_free(out, FALSE);
}

static int
on_record_value(void *ctx, const char *key, const char *value)
{
    GPtrArray *kv = ctx;
    g_ptr_array_add(kv, g_strdup(key));
    g_ptr_array_add(kv, g_strdup(value));
    return 0;
}

/* Makes DB's file records as an agendex before the analysis versions
 * wrote them: no versions field, the path sixth. */
static void
age_records(const char *dbpath)
{
    GPtrArray *kv = g_ptr_array_new_with_free_func(g_free);
    agx_db *db = NULL;
    char *err = NULL;
    assert_int_equal(agx_db_open(dbpath, AGX_DB_WRITE, &db, &err), AGX_OK);
    assert_int_equal(
        agx_db_metadata_each(db, AGX_RECORD_PREFIX, on_record_value, kv),
        AGX_OK);
    assert_true(kv->len >= 4);
    for (guint i = 0; i < kv->len; i += 2) {
        char **f = g_strsplit(kv->pdata[i + 1], "\t", 7);
        char *old;
        assert_int_equal(g_strv_length(f), 7);
        assert_string_equal(f[5], "1.2"); /* what this agendex wrote */
        old = g_strjoin("\t", f[0], f[1], f[2], f[3], f[4], f[6], NULL);
        assert_int_equal(agx_db_set_metadata(db, kv->pdata[i], old), AGX_OK);
        g_free(old);
        g_strfreev(f);
    }
    assert_int_equal(agx_db_commit(db), AGX_OK);
    agx_db_close(db);
    g_ptr_array_free(kv, TRUE);
}

/* A record reads back as written; one written before the versions were
 * kept reads as 1.1, whatever its path holds. */
static void
test_record_formats(void **state)
{
    static const char hash[] = "0123456789abcdef0123456789abcdef01234567";
    agx_record r = {.path = "/arkiv/U/2024-01-01/a\t7.3\tb.pdf",
                    .size = 12,
                    .mtime_ns = 34,
                    .reason = "",
                    .extraction = 1,
                    .analysis = 2};
    agx_record back;
    char *value;
    (void)state;
    memcpy(r.hash, hash, sizeof r.hash);
    value = agx_record_format(&r);
    assert_non_null(value);
    assert_int_equal(agx_record_parse(value, &back), 0);
    assert_string_equal(back.path, r.path);
    assert_string_equal(back.hash, hash);
    assert_int_equal(back.size, 12);
    assert_int_equal(back.extraction, 1);
    assert_int_equal(back.analysis, 2);
    assert_string_equal(back.catalog, "");
    assert_false(back.failed);
    agx_record_clear(&back);
    free(value);

    /* With what the catalogue said of it. */
    snprintf(r.catalog, sizeof r.catalog, "%s", "00ff12ab34cd56ef");
    value = agx_record_format(&r);
    assert_non_null(value);
    assert_non_null(strstr(value, "\t1.2.00ff12ab34cd56ef\t/arkiv/"));
    assert_int_equal(agx_record_parse(value, &back), 0);
    assert_string_equal(back.catalog, "00ff12ab34cd56ef");
    assert_string_equal(back.path, r.path);
    agx_record_clear(&back);
    free(value);

    /* The old layout: the path sixth, even one with tabs and digits. */
    value = g_strdup_printf("12\t34\t%s\tfailed\tno text\t%s", hash, r.path);
    assert_int_equal(agx_record_parse(value, &back), 0);
    assert_string_equal(back.path, r.path);
    assert_string_equal(back.reason, "no text");
    assert_true(back.failed);
    assert_int_equal(back.extraction, 1);
    assert_int_equal(back.analysis, 1);
    agx_record_clear(&back);
    g_free(value);

    /* Not a record: a versions field that is not N.N. */
    value = g_strdup_printf("12\t34\t%s\tok\t\t1x2\t/a", hash);
    assert_int_equal(agx_record_parse(value, &back), -1);
    agx_record_clear(&back);
    g_free(value);
}

/* A file an older analysis indexed is analysed again, a PDF from the
 * pages the index keeps (its extractor is not run), and the index is then
 * what a new one of the same files is, term for term. */
static void
test_older_analysis_is_redone(void **state)
{
    char top[] = "/tmp/agx-analysis-XXXXXX", arch[64], db[64], fresh[64],
         cmd[1024];
    agx_index_stats stats;
    agx_index_status status;
    char *err = NULL, *terms, *fresh_terms;
    run_report r;
    (void)state;
    assert_non_null(mkdtemp(top));
    snprintf(arch, sizeof arch, "%s/arch", top);
    snprintf(db, sizeof db, "%s/db", top);
    snprintf(fresh, sizeof fresh, "%s/fresh", top);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/KD-Net/2023-01-27' && cp '%s' '%s' "
             "'%s/KD-Net/2023-01-27/' && cp '%s' '%s/KD-Net/2023-01-27/x.txt'",
             arch, pdf001,
             AGX_CORPUS "/pdf/KD-Net/2020-01-24/"
                        "004_fd299ac4985349b7-bilag.pdf",
             arch, txt001, arch);
    assert_int_equal(system(cmd), 0);
    index_run_with(db, arch, AGX_EXTRACTOR, &stats);
    assert_int_equal(stats.added, 3);
    assert_int_equal(stats.failed, 0);
    index_run_with(fresh, arch, AGX_EXTRACTOR, NULL);

    age_records(db);
    assert_int_equal(agx_index_status_read(db, &status, &err), AGX_OK);
    assert_int_equal(status.files, 3);
    assert_int_equal(status.outdated, 3);
    agx_index_status_clear(&status);

    /* No extractor to run: the PDFs' pages come from the index. */
    r = index_run_with(db, arch, "/nonexistent/agendex-extract", &stats);
    assert_int_equal(r.planned, 3);
    assert_int_equal(stats.updated, 3);
    assert_int_equal(stats.reanalysed, 3);
    assert_int_equal(stats.copied, 0);
    assert_int_equal(stats.failed, 0);
    assert_true(stats.pages > 10);
    terms = all_terms(db);
    fresh_terms = all_terms(fresh);
    assert_true(strlen(fresh_terms) > 10000);
    assert_string_equal(terms, fresh_terms);
    g_free(terms);
    g_free(fresh_terms);
    assert_int_equal(agx_index_status_read(db, &status, &err), AGX_OK);
    assert_int_equal(status.outdated, 0);
    agx_index_status_clear(&status);

    /* Up to date now: nothing to read. */
    r = index_run_with(db, arch, "/nonexistent/agendex-extract", &stats);
    assert_int_equal(r.planned, 0);
    assert_int_equal(stats.unchanged, 3);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    assert_int_equal(system(cmd), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_from_path),
        cmocka_unit_test(test_date_from_text),
        cmocka_unit_test(test_meta_from_text),
        cmocka_unit_test(test_meta_sources_in_order),
        cmocka_unit_test(test_clean_text),
        cmocka_unit_test(test_extract_pdf_pages),
        cmocka_unit_test(test_extract_damaged_pdf),
        cmocka_unit_test(test_items_of_001_pdf),
        cmocka_unit_test(test_items_of_001_text),
        cmocka_unit_test(test_items_of_002),
        cmocka_unit_test(test_items_forms),
        cmocka_unit_test(test_attachments_of_004),
        cmocka_unit_test(test_attachments_of_003),
        cmocka_unit_test(test_attachments_of_000),
        cmocka_unit_test(test_progress_counts_what_is_read),
        cmocka_unit_test(test_record_formats),
        cmocka_unit_test(test_older_analysis_is_redone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
