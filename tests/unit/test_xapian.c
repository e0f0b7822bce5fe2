/* test_xapian.c: the shim's contract, error paths first: no index, a
 * second writer, a malformed query, a damaged index, and a writer closed
 * without commit.  Real Xapian databases in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_xapian.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/agx-test-xapian.XXXXXX";
static agx_analyser *an; /* builds the documents (no stemming) */
static char path[512];

/* A writer with one committed document holding TEXT under term QONE. */
static agx_db *
writer_with(const char *text)
{
    agx_db *db = NULL;
    agx_doc *doc = NULL;
    char *err = NULL;

    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &db, &err), AGX_OK);
    assert_int_equal(agx_doc_new(an, &doc), AGX_OK);
    assert_int_equal(agx_doc_index_text(doc, text, strlen(text), 1, ""),
                     AGX_OK);
    assert_int_equal(agx_doc_add_boolean(doc, "QONE"), AGX_OK);
    assert_int_equal(agx_doc_set_data(doc, text, strlen(text)), AGX_OK);
    assert_int_equal(agx_db_add(db, doc), AGX_OK);
    agx_doc_free(doc);
    assert_int_equal(agx_db_commit(db), AGX_OK);
    return db;
}

static agx_status
search(agx_db *db, const char *q, agx_results **out)
{
    agx_search_spec spec = {.query = q, .limit = 10};
    return agx_db_search(db, &spec, out);
}

static void
test_missing_index(void **state)
{
    agx_db *db = (agx_db *)1;
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_db_open(path, AGX_DB_READ, &db, &err),
                     AGX_ERR_NOT_FOUND);
    assert_null(db);
    assert_non_null(err);
    free(err);
}

static void
test_second_writer_is_locked(void **state)
{
    agx_db *w1 = writer_with("første"), *w2 = NULL;
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w2, &err),
                     AGX_ERR_LOCKED);
    assert_null(w2);
    assert_non_null(strstr(err, "lock"));
    free(err);
    agx_db_close(w1);
}

/* A wildcard may stand for at most 10 different words a page, on average:
 * one page with 11 words that begin with s refuses s*, not "sa*" (7: sa
 * and så) or "sa* so*" (10), but "sa* so* sy*". */
static void
test_wildcard_too_broad(void **state)
{
    agx_db *db = writer_with("sag sagen sager salg samme samt sol sommer "
                             "syd s\xc3\xb8 s\xc3\xa5");
    agx_results *res = NULL;
    (void)state;
    assert_int_equal(search(db, "s*", &res), AGX_ERR_QUERY);
    assert_null(res);
    assert_string_equal(agx_db_last_error(db),
                        "s* is too broad: it stands for 11 different words, "
                        "11.0 on an average page (at most 10); type more "
                        "letters of the word");
    assert_int_equal(search(db, "sol sa* so*", &res), AGX_OK);
    assert_int_equal(agx_results_total(res), 1);
    agx_results_free(res);
    assert_int_equal(search(db, "sa* so* sy*", &res), AGX_ERR_QUERY);
    assert_string_equal(agx_db_last_error(db),
                        "sa* so* sy* are too broad together: they stand "
                        "for 11 "
                        "different words, 11.0 on an average page (at most "
                        "10); type more letters of the word");
    agx_db_close(db);
}

static void
test_malformed_query(void **state)
{
    agx_db *db = writer_with("takstaftalen er vigtig");
    agx_results *res = (agx_results *)1;
    (void)state;
    assert_int_equal(search(db, "AND OR ((", &res), AGX_ERR_QUERY);
    assert_null(res);
    assert_string_equal(agx_db_last_error(db),
                        "cannot parse the query: Syntax: <expression> AND "
                        "<expression>");
    assert_int_equal(search(db, "vigtig", &res), AGX_OK);
    assert_int_equal(agx_results_total(res), 1);
    assert_string_equal(agx_db_last_error(db), "");
    agx_results_free(res);
    agx_db_close(db);
}

static void
test_close_without_commit_discards(void **state)
{
    agx_db *db = writer_with("bevaret");
    agx_doc *doc = NULL;
    unsigned long n = 0;
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_doc_new(an, &doc), AGX_OK);
    assert_int_equal(agx_db_add(db, doc), AGX_OK);
    agx_doc_free(doc);
    agx_db_close(db); /* no commit: the second document is gone */
    assert_int_equal(agx_db_open(path, AGX_DB_READ, &db, &err), AGX_OK);
    assert_int_equal(agx_db_doc_count(db, &n), AGX_OK);
    assert_int_equal(n, 1);
    agx_db_close(db);
}

/* Truncates every postlist table file in the index to half its size. */
static int
damage_postlists(void)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int damaged = 0;
    while (d && (e = readdir(d)) != NULL) {
        char f[1024];
        FILE *fp;
        long size;
        if (strncmp(e->d_name, "postlist.", 9) != 0)
            continue;
        snprintf(f, sizeof f, "%s/%s", path, e->d_name);
        fp = fopen(f, "rb");
        assert_non_null(fp);
        fseek(fp, 0, SEEK_END);
        size = ftell(fp);
        fclose(fp);
        assert_int_equal(truncate(f, size / 2), 0);
        damaged++;
    }
    if (d)
        closedir(d);
    return damaged;
}

static void
test_damaged_index_is_an_error(void **state)
{
    agx_db *db = writer_with("noget tekst");
    agx_results *res = NULL;
    char *err = NULL;
    agx_status st;
    (void)state;
    agx_db_close(db);
    assert_true(damage_postlists() > 0);
    st = agx_db_open(path, AGX_DB_READ, &db, &err);
    if (st == AGX_OK) { /* the damage may show only when read */
        st = search(db, "tekst", &res);
        agx_results_free(res);
        agx_db_close(db);
    } else {
        free(err);
    }
    assert_int_not_equal(st, AGX_OK);
    assert_true(st == AGX_ERR_CORRUPT || st == AGX_ERR_XAPIAN);
}

/* Adds a document with "møde", UDVALG, TYPE and FILE in slots 2, 3 and 4;
 * with PACK, the three packed into slot 9 too. */
static void
add_meeting_page(agx_db *db, const char *udvalg, const char *type,
                 const char *file, int pack)
{
    static const unsigned slots[] = {2, 3, 4};
    agx_doc *doc = NULL;
    char term[300];
    snprintf(term, sizeof term, "Q%s", file);
    assert_int_equal(agx_doc_new(an, &doc), AGX_OK);
    assert_int_equal(agx_doc_index_text(doc, "møde", 5, 1, ""), AGX_OK);
    assert_int_equal(agx_doc_set_value(doc, 2, udvalg), AGX_OK);
    assert_int_equal(agx_doc_set_value(doc, 3, type), AGX_OK);
    assert_int_equal(agx_doc_set_value(doc, 4, file), AGX_OK);
    assert_int_equal(agx_doc_add_boolean(doc, term), AGX_OK);
    if (pack)
        assert_int_equal(agx_doc_pack_values(doc, 9, slots, 3), AGX_OK);
    assert_int_equal(agx_db_add(db, doc), AGX_OK);
    agx_doc_free(doc);
}

/* The count of VALUE in facet F of RES, or -1 if it is not there. */
static long
facet_count(const agx_results *res, size_t f, const char *value)
{
    for (size_t k = 0; k < agx_results_facet_size(res, f); k++) {
        unsigned long n = 0;
        if (strcmp(agx_results_facet_value(res, f, k, &n), value) == 0)
            return (long)n;
    }
    return -1;
}

/* The sum of the collapse counts of RES's hits, plus one for each. */
static unsigned long
pages_in_hits(const agx_results *res)
{
    unsigned long n = 0;
    for (size_t i = 0; i < agx_results_size(res); i++)
        n += 1 + agx_results_collapsed(res, i);
    return n;
}

/* Facets, groups and pages per group counted from the packed slot equal
 * those counted slot by slot, whatever bytes the values hold; with a page
 * that lacks the packed slot, the search counts slot by slot, and still
 * right. */
static void
test_packed_facets(void **state)
{
    static const unsigned facets[] = {3, 2}; /* not in the packing's order */
    static const unsigned packing[] = {2, 3, 4};
    agx_search_spec spec = {.query = "møde", .limit = 10, .facets = facets,
                            .n_facets = 2, .collapse_slot = 4,
                            .packed_slot = 9, .packed_slots = packing};
    agx_results *res[2];
    agx_db *db = NULL;
    char *err = NULL;
    (void)state;
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &db, &err), AGX_OK);
    add_meeting_page(db, "KD-Net", "referat", "/a", 1);
    add_meeting_page(db, "KD-Net", "", "/b", 1);
    add_meeting_page(db, "3:x:", "bilag", "/c", 1); /* looks like packing */
    add_meeting_page(db, "", "bilag", "/c", 1);
    assert_int_equal(agx_db_commit(db), AGX_OK);
    for (int packed = 0; packed < 2; packed++) {
        spec.n_packed = packed ? 3 : 0;
        assert_int_equal(agx_db_search(db, &spec, &res[packed]), AGX_OK);
    }
    for (int packed = 0; packed < 2; packed++) {
        assert_int_equal(agx_results_counted(res[packed]), 4);
        assert_int_equal(agx_results_total(res[packed]), 3); /* files */
        assert_int_equal(agx_results_size(res[packed]), 3);
        assert_int_equal(pages_in_hits(res[packed]), 4);
        assert_int_equal(agx_results_facet_size(res[packed], 1), 2);
        assert_int_equal(facet_count(res[packed], 1, "KD-Net"), 2);
        assert_int_equal(facet_count(res[packed], 1, "3:x:"), 1);
        assert_int_equal(agx_results_facet_size(res[packed], 0), 2);
        assert_int_equal(facet_count(res[packed], 0, "bilag"), 2);
        assert_int_equal(facet_count(res[packed], 0, "referat"), 1);
        /* most first */
        assert_string_equal(agx_results_facet_value(res[packed], 1, 0, NULL),
                            "KD-Net");
        agx_results_free(res[packed]);
    }
    add_meeting_page(db, "KD-Net", "referat", "/a", 0); /* an older page */
    assert_int_equal(agx_db_commit(db), AGX_OK);
    spec.n_packed = 3;
    assert_int_equal(agx_db_search(db, &spec, &res[0]), AGX_OK);
    assert_int_equal(facet_count(res[0], 1, "KD-Net"), 3);
    assert_int_equal(facet_count(res[0], 0, "referat"), 2);
    assert_int_equal(agx_results_total(res[0]), 3);
    assert_int_equal(pages_in_hits(res[0]), 5);
    agx_results_free(res[0]);
    agx_db_close(db);
}

/* What a search answers, as one string: totals, each facet (values listed
 * and in all) and each hit's group size; counted as SPEC says, or if
 * APART, on a thread of its own wherever the table counts. */
static char *
answer_counted(agx_db *db, const agx_search_spec *spec, int apart,
               int *by_table)
{
    agx_results *res = NULL;
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    agx_search_spec how = *spec;
    assert_non_null(f);
    if (apart)
        how.count_apart_from = 1;
    assert_int_equal(agx_db_search(db, &how, &res), AGX_OK);
    *by_table = agx_results_by_table(res);
    assert_int_equal(agx_results_apart(res), apart && *by_table);
    fprintf(f, "counted %lu total %lu\n", agx_results_counted(res),
            agx_results_total(res));
    for (size_t j = 0; j < spec->n_facets; j++) {
        fprintf(f, "facet %zu of %zu:", j, agx_results_facet_values(res, j));
        for (size_t k = 0; k < agx_results_facet_size(res, j); k++) {
            unsigned long n = 0;
            const char *v = agx_results_facet_value(res, j, k, &n);
            fprintf(f, " %s=%lu", v, n);
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < agx_results_size(res); i++)
        fprintf(f, "hit %s +%lu\n", agx_results_value(res, i, 0),
                agx_results_collapsed(res, i));
    agx_results_free(res);
    fclose(f);
    return s;
}

/* What a search answers (answer_counted()), the same whether the table
 * counts on a thread of its own or on the searching one: counted apart
 * first, so that a damaged table is met there first. */
static char *
answer_of(agx_db *db, const agx_search_spec *spec, int *by_table)
{
    int inline_table = -1;
    char *a = answer_counted(db, spec, 1, by_table);
    char *b = answer_counted(db, spec, 0, &inline_table);
    assert_string_equal(a, b);
    assert_int_equal(*by_table, inline_table);
    free(b);
    return a;
}

/* Writes LEN bytes of BYTES over the tally table of the index at PATH. */
static void
damage_table(const char *bytes, size_t len)
{
    char file[600];
    snprintf(file, sizeof file, "%s/agendex.tally", path);
    FILE *f = fopen(file, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 120, SEEK_SET), 0);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

/* The tally table counts by document id exactly what the values say: the
 * same facets, groups and group sizes, with pages deleted, with pages
 * that have no file (each its own group), with a facet listed in part;
 * and a table that is missing, stale or damaged is not used, and the
 * answer stays the same. */
static void
test_tally_table(void **state)
{
    static const unsigned facets[] = {3, 2};
    static const unsigned packing[] = {2, 3, 4};
    static const unsigned values[] = {4};
    agx_search_spec spec = {.query = "møde", .limit = 10, .facets = facets,
                            .n_facets = 2, .collapse_slot = 4,
                            .packed_slot = 9, .packed_slots = packing,
                            .n_packed = 3, .values = values, .n_values = 1};
    agx_db *w = NULL, *r = NULL;
    char *err = NULL, *a, *b, file[600];
    int table = 0;
    (void)state;
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w, &err), AGX_OK);
    assert_int_equal(agx_db_keep_tally(w, 9, 3), AGX_OK);
    add_meeting_page(w, "KD-Net", "referat", "/a", 1);
    add_meeting_page(w, "KD-Net", "referat", "/a", 1);
    add_meeting_page(w, "KKR", "bilag", "/b", 1);
    add_meeting_page(w, "KD-Net", "bilag", "/gone", 1);
    add_meeting_page(w, "", "bilag", "/c", 1);
    add_meeting_page(w, "KKR", "dagsorden", "", 1); /* no file: its own */
    add_meeting_page(w, "KKR", "dagsorden", "", 1);
    assert_int_equal(agx_db_commit(w), AGX_OK);
    assert_int_equal(agx_db_open(path, AGX_DB_READ, &r, &err), AGX_OK);
    a = answer_of(r, &spec, &table);
    assert_int_equal(table, 2); /* every page matches: from a bitmap */
    assert_string_equal(a, "counted 7 total 6\n"
                           "facet 0 of 3: bilag=3 dagsorden=2 referat=2\n"
                           "facet 1 of 2: KD-Net=3 KKR=3\n"
                           "hit /a +1\nhit /b +0\nhit /gone +0\nhit /c +0\n"
                           "hit  +0\nhit  +0\n");
    free(a);

    /* A file deleted, one added: the writer's table follows. */
    assert_int_equal(agx_db_delete_term(w, "Q/gone"), AGX_OK);
    add_meeting_page(w, "KL", "referat", "/d", 1);
    assert_int_equal(agx_db_commit(w), AGX_OK);
    assert_int_equal(agx_db_reopen(r), AGX_OK);
    a = answer_of(r, &spec, &table);
    assert_int_equal(table, 2);
    assert_string_equal(a, "counted 7 total 6\n"
                           "facet 0 of 3: referat=3 bilag=2 dagsorden=2\n"
                           "facet 1 of 3: KKR=3 KD-Net=2 KL=1\n"
                           "hit /a +1\nhit /b +0\nhit /c +0\nhit  +0\n"
                           "hit  +0\nhit /d +0\n");

    /* A query the bitmap cannot build (a value range): Xapian's matcher
     * meets the matches, the table counts them. */
    agx_range typed = {.slot = 3, .min = "b", .max = "r"};
    agx_search_spec ranged = spec;
    ranged.ranges = &typed;
    ranged.n_ranges = 1;
    char *c = answer_of(r, &ranged, &table);
    assert_int_equal(table, 1);
    assert_string_equal(c, "counted 4 total 4\n"
                           "facet 0 of 2: bilag=2 dagsorden=2\n"
                           "facet 1 of 1: KKR=3\n"
                           "hit /b +0\nhit /c +0\nhit  +0\nhit  +0\n");

    /* By value, without the table: the same answers. */
    snprintf(file, sizeof file, "%s/agendex.tally", path);
    char saved[640];
    snprintf(saved, sizeof saved, "%s.saved", file);
    assert_int_equal(rename(file, saved), 0);
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 0);
    assert_string_equal(b, a);
    free(b);
    b = answer_of(r, &ranged, &table);
    assert_int_equal(table, 0);
    assert_string_equal(b, c);
    free(b);
    free(c);

    /* Back, it counts again; damaged, it is not used. */
    assert_int_equal(rename(saved, file), 0);
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 2);
    free(b);
    char ff[64];
    memset(ff, 0xff, sizeof ff);
    damage_table(ff, sizeof ff); /* (the runs' keys and on) */
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 0);
    assert_string_equal(b, a);
    free(b);
    assert_int_equal(truncate(file, 100), 0);
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 0);
    assert_string_equal(b, a);
    free(b);

    /* A listed facet in part: its most frequent, and how many it has. */
    spec.facet_limit = 1;
    b = answer_of(r, &spec, &table);
    assert_non_null(strstr(b, "facet 0 of 3: referat=3\n"));
    assert_non_null(strstr(b, "facet 1 of 3: KKR=3\n"));
    free(b);
    spec.facet_limit = 0;
    free(a);

    /* A commit by a writer that keeps no table leaves it stale: not
     * used; the next writer that keeps one brings it up to date. */
    agx_db_close(w);
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w, &err), AGX_OK);
    assert_int_equal(agx_db_keep_tally(w, 9, 3), AGX_OK);
    assert_int_equal(agx_db_commit(w), AGX_OK); /* writes it afresh */
    agx_db_close(w);
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w, &err), AGX_OK);
    add_meeting_page(w, "KL", "bilag", "/e", 1);
    assert_int_equal(agx_db_commit(w), AGX_OK);
    agx_db_close(w);
    assert_int_equal(agx_db_reopen(r), AGX_OK);
    a = answer_of(r, &spec, &table);
    assert_int_equal(table, 0);
    assert_non_null(strstr(a, "counted 8 total 7\n"));
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w, &err), AGX_OK);
    assert_int_equal(agx_db_keep_tally(w, 9, 3), AGX_OK);
    assert_int_equal(agx_db_commit(w), AGX_OK);
    agx_db_close(w);
    assert_int_equal(agx_db_reopen(r), AGX_OK);
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 2);
    assert_string_equal(b, a);
    free(a);
    free(b);
    agx_db_close(r);
}

/* A sharded index: a table per shard, counted together, as by value. */
static void
test_tally_tables_of_shards(void **state)
{
    static const unsigned facets[] = {3, 2};
    static const unsigned packing[] = {2, 3, 4};
    static const unsigned values[] = {4};
    static const char *files[] = {"/a", "/b", "/c", "/d", "/e", "/f"};
    agx_search_spec spec = {.query = "møde", .limit = 10, .facets = facets,
                            .n_facets = 2, .collapse_slot = 4,
                            .packed_slot = 9, .packed_slots = packing,
                            .n_packed = 3, .values = values, .n_values = 1};
    agx_db *w = NULL, *r = NULL;
    char *err = NULL, *a, *b, file[600], saved[640];
    int table = 0;
    (void)state;
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(agx_db_create_shards(path, 3, &err), AGX_OK);
    assert_int_equal(agx_db_open(path, AGX_DB_WRITE, &w, &err), AGX_OK);
    assert_int_equal(agx_db_keep_tally(w, 9, 3), AGX_OK);
    for (size_t i = 0; i < 6; i++) {
        agx_db_route(w, files[i]);
        add_meeting_page(w, i % 2 ? "KKR" : "KD-Net", i % 3 ? "bilag" : "",
                         files[i], 1);
        add_meeting_page(w, "KD-Net", "referat", files[i], 1);
    }
    assert_int_equal(agx_db_commit(w), AGX_OK);
    agx_db_close(w);
    assert_int_equal(agx_db_open(path, AGX_DB_READ, &r, &err), AGX_OK);
    assert_int_equal(agx_db_tally_state(r, 9, 3), AGX_TALLY_CURRENT);
    a = answer_of(r, &spec, &table);
    assert_int_equal(table, 2);
    assert_non_null(strstr(a, "counted 12 total 6\n"
                              "facet 0 of 2: referat=6 bilag=4\n"
                              "facet 1 of 2: KD-Net=9 KKR=3\n"));
    snprintf(file, sizeof file, "%s/shard-0/agendex.tally", path);
    snprintf(saved, sizeof saved, "%s.saved", file);
    assert_int_equal(rename(file, saved), 0);
    assert_int_equal(agx_db_tally_state(r, 9, 3), AGX_TALLY_STALE);
    b = answer_of(r, &spec, &table);
    assert_int_equal(table, 0);
    assert_string_equal(b, a);
    free(a);
    free(b);
    agx_db_close(r);
}

static void
test_status_names(void **state)
{
    (void)state;
    assert_string_equal(agx_status_str(AGX_ERR_LOCKED),
                        "index is locked by another writer");
    assert_string_equal(agx_status_str(AGX_OK), "success");
}

static int
fresh(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "%s/db", dir);
    return 0;
}

static int
clean_db(void **state)
{
    char cmd[600];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing_index, fresh, clean_db),
        cmocka_unit_test_setup_teardown(test_second_writer_is_locked, fresh,
                                        clean_db),
        cmocka_unit_test_setup_teardown(test_malformed_query, fresh, clean_db),
        cmocka_unit_test_setup_teardown(test_wildcard_too_broad, fresh,
                                        clean_db),
        cmocka_unit_test_setup_teardown(test_close_without_commit_discards,
                                        fresh, clean_db),
        cmocka_unit_test_setup_teardown(test_damaged_index_is_an_error, fresh,
                                        clean_db),
        cmocka_unit_test_setup_teardown(test_packed_facets, fresh, clean_db),
        cmocka_unit_test_setup_teardown(test_tally_table, fresh, clean_db),
        cmocka_unit_test_setup_teardown(test_tally_tables_of_shards, fresh,
                                        clean_db),
        cmocka_unit_test(test_status_names),
    };
    int rc;
    if (!mkdtemp(dir) || !(an = agx_analyser_new(NULL, NULL)))
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    agx_analyser_free(an);
    rmdir(dir);
    return rc;
}
