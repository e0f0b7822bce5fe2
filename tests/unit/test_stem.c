/* test_stem.c: the Danish stemmer and text normalisation, on tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_stem.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
stem(agx_stem *st, const char *w)
{
    size_t n = 0;
    const char *s = agx_stem_word(st, w, strlen(w), &n);
    assert_non_null(s);
    assert_int_equal(strlen(s), n);
    return strdup(s);
}

/* Each row's words are Danish inflections of one word: one stem. */
static const char *const inflections[][5] = {
    {"takstaftale", "takstaftalen", "takstaftaler", "takstaftalerne", NULL},
    {"kommune", "kommunen", "kommuner", "kommunerne", "kommunernes"},
    {"møde", "mødet", "møder", "møderne", NULL},
    {"sundhedsaftale", "sundhedsaftalen", "sundhedsaftaler", NULL},
    {"udvalg", "udvalget", "udvalgets", "udvalgene", NULL},
};

static void
test_inflections_share_a_stem(void **state)
{
    agx_stem *st = *state;
    for (size_t r = 0; r < sizeof inflections / sizeof *inflections; r++) {
        char *first = stem(st, inflections[r][0]);
        for (size_t i = 1; i < 5 && inflections[r][i]; i++) {
            char *other = stem(st, inflections[r][i]);
            assert_string_equal(other, first);
            free(other);
        }
        free(first);
    }
}

/* Each pair must stem alike: case and Unicode form never matter. */
static const struct {
    const char *typed, *plain;
} same_stem[] = {
    {"TAKSTAFTALEN", "takstaftalen"},       {"Takstaftalen", "takstaftalen"},
    {"Økonomiudvalget", "økonomiudvalget"}, {"ÆLDREOMRÅDET", "ældreområdet"},
    {"a\xcc\x8arsmøde", "årsmøde"}, /* "å" as a + combining ring (NFD) */
};

static void
test_case_and_form_do_not_matter(void **state)
{
    agx_stem *st = *state;
    for (size_t i = 0; i < sizeof same_stem / sizeof *same_stem; i++) {
        char *a = stem(st, same_stem[i].typed);
        char *b = stem(st, same_stem[i].plain);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void
test_different_words_differ(void **state)
{
    agx_stem *st = *state;
    char *a = stem(st, "takstaftale");
    char *b = stem(st, "rammeaftale");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
}

/* Checks every word of the text files under DIR (and its folders): its
 * stem, æ ø å folded or not, begins with its first byte.  The query's
 * abbreviation table files its long forms under that byte before
 * stemming them (query/abbrev.c).  Returns the words seen. */
static size_t
stems_keep_first(agx_stem *st, const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    size_t words = 0;

    assert_non_null(d);
    while ((name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL), *text = NULL;
        gsize len = 0;
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            words += stems_keep_first(st, path);
        } else if (g_file_get_contents(path, &text, &len, NULL)) {
            char *low = agx_text_normalize(text, len, 1);
            assert_non_null(low);
            for (char *w = strtok(low, " \t\n\f\r.,;:()\"'-/?!"); w;
                 w = strtok(NULL, " \t\n\f\r.,;:()\"'-/?!")) {
                char *fold = agx_text_fold_ascii(w, strlen(w));
                const char *forms[] = {w, fold};
                assert_non_null(fold);
                for (size_t f = 0; f < 2; f++) {
                    size_t n = 0;
                    const char *s =
                        agx_stem_word(st, forms[f], strlen(forms[f]), &n);
                    if (s && (n == 0 || s[0] != forms[f][0]))
                        fail_msg("\"%s\" stems to \"%.*s\"", forms[f], (int)n,
                                 s);
                }
                free(fold);
                words++;
            }
            free(low);
        }
        g_free(text);
        g_free(path);
    }
    g_dir_close(d);
    return words;
}

static void
test_stem_begins_as_its_word(void **state)
{
    assert_true(stems_keep_first(*state, AGX_CORPUS "/text") > 10000);
}

static void
test_invalid_utf8_is_refused(void **state)
{
    size_t n = 0;
    assert_null(agx_stem_word(*state, "tak\xffst", 6, &n));
}

static void
test_text_valid_names_the_offset(void **state)
{
    size_t off = 0;
    (void)state;
    assert_true(agx_text_valid("møde", strlen("møde"), &off));
    assert_false(agx_text_valid("mø\xc3(de", 6, &off));
    assert_int_equal(off, 3);
}

static void
test_normalize(void **state)
{
    char *s;
    (void)state;
    s = agx_text_normalize("A\xcc\x8aRSMØDE", strlen("A\xcc\x8aRSMØDE"), 1);
    assert_string_equal(s, "årsmøde");
    free(s);
    s = agx_text_normalize("A\xcc\x8arsmøde", strlen("A\xcc\x8arsmøde"), 0);
    assert_string_equal(s, "Årsmøde");
    free(s);
    assert_null(agx_text_normalize("\xff", 1, 1));
}

/* What GLib makes of S: NFC, lower-cased if LOWER (the slow path). */
static char *
glib_normal(const char *s, int lower)
{
    char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
    char *low = lower ? g_utf8_strdown(nfc, -1) : NULL;
    char *ret = strdup(low ? low : nfc);
    g_free(nfc);
    g_free(low);
    return ret;
}

/* Every character from U+0001 to U+04FF, alone and between "Ab" and "Z",
 * upper and lower case, and each followed by a combining ring: the same
 * as GLib's normalization, whether or not the fast path takes it. */
static void
test_normalize_as_glib(void **state)
{
    (void)state;
    for (gunichar c = 1; c < 0x500; c++) {
        char ch[8] = {0}, text[32];
        g_unichar_to_utf8(c, ch);
        const char *forms[] = {"%s", "Ab%sZ", "%s\xcc\x8a",
                               "\xc3\x86%s\xc3\x98"};
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++)
            for (int lower = 0; lower < 2; lower++) {
                snprintf(text, sizeof text, forms[f], ch);
                char *got = agx_text_normalize(text, strlen(text), lower);
                char *want = glib_normal(text, lower);
                assert_non_null(got);
                if (strcmp(got, want) != 0)
                    fail_msg("U+%04X in \"%s\" (lower %d): \"%s\", GLib \"%s\"",
                             c, forms[f], lower, got, want);
                free(got);
                free(want);
            }
    }
}

/* Texts of many pieces, where the fast copy and GLib take turns: plain
 * words, Danish letters, combining marks after plain and other letters,
 * dashes and quotation marks, capital sigma before a letter and before a
 * space, dotted capital I, a ligature, Hangul jamo that compose, Latin
 * Extended letters.  Each text is what GLib makes of it whole. */
static void
test_normalize_pieces_as_glib(void **state)
{
    static const char *const piece[] = {"Takstaftale",
                                        " ",
                                        "ÆØÅ",
                                        "æøå",
                                        "\xcc\x8a",
                                        "\xcc\x81",
                                        "e",
                                        "\xe2\x80\x93",
                                        "\xe2\x80\x9c",
                                        "\xce\xa3",
                                        "\xce\x91",
                                        "\xc4\xb0",
                                        "\xef\xac\x81",
                                        "\xe1\x84\x80",
                                        "\xe1\x85\xa1",
                                        "\xc5\x81",
                                        "\xc7\x85",
                                        "A",
                                        "-",
                                        "\xcd\x85",
                                        "\xe1\xbe\xb3",
                                        "\xc3\xa9",
                                        "\xd0\x99"};
    const size_t n = sizeof piece / sizeof *piece;
    (void)state;
    srand(7);
    for (int t = 0; t < 20000; t++) {
        char text[256] = "";
        int k = 1 + rand() % 12;
        for (int p = 0; p < k; p++)
            strcat(text, piece[(size_t)rand() % n]);
        for (int lower = 0; lower < 2; lower++) {
            char *got = agx_text_normalize(text, strlen(text), lower);
            char *want = glib_normal(text, lower);
            assert_non_null(got);
            if (strcmp(got, want) != 0)
                fail_msg("\"%s\" (lower %d): \"%s\", GLib \"%s\"", text, lower,
                         got, want);
            free(got);
            free(want);
        }
    }
}

static int
setup(void **state)
{
    *state = agx_stem_new();
    return *state ? 0 : -1;
}

static int
teardown(void **state)
{
    agx_stem_free(*state);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inflections_share_a_stem),
        cmocka_unit_test(test_case_and_form_do_not_matter),
        cmocka_unit_test(test_different_words_differ),
        cmocka_unit_test(test_stem_begins_as_its_word),
        cmocka_unit_test(test_invalid_utf8_is_refused),
        cmocka_unit_test(test_text_valid_names_the_offset),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_normalize_pieces_as_glib),
        cmocka_unit_test(test_normalize_as_glib),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
