/* test_compound.c: splitting Danish compounds, on tables.
 *
 * The lexicon is a small table of words and the number of documents that
 * hold each on its own, as the indexer's vocabulary pass would give; the
 * head is looked up inflected too, by cutting the endings a real stemmer
 * would (the CLI test T110 runs the real vocabulary of the sample
 * archive). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_compound.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *word;
    unsigned long freq;
} lexicon_words[] = {
    {"psykiatri", 20}, {"voksen", 3},      {"forum", 5},
    {"mobilitet", 6},  {"samarbejde", 40}, {"samarbejdet", 10},
    {"arbejde", 50},   {"marked", 9},      {"råd", 12},
    {"erhverv", 8},    {"fremme", 10},     {"erhvervsfremme", 15},
    {"strategi", 30},  {"udbud", 4},       {"is", 3},
    {"kr", 40},        {"tal", 7},         {"sats", 2},
    {"inde", 3},       {"virksom", 1},     {"hed", 1},
    {"interesse", 6},  {"ret", 5},         {"digi", 1},
    {"digital", 30},   {"sundhed", 25},    {"aftale", 60},
    {"takst", 9},      {"befolkning", 4},  {"regi", 1},
    {"tre", 9},        {"ring", 1},        {"sag", 30},
    {"plan", 20},      {"klima", 14},      {"krise", 2},
};

static unsigned long
lexicon(void *ctx, const char *form, size_t len, int head)
{
    /* The inflections a stemmer takes off a head. */
    static const char *const endings[] = {"",  "en",  "et",  "er", "erne",
                                          "s", "ens", "ets", "e",  "n"};
    (void)ctx;
    for (size_t e = 0; e < (head ? sizeof endings / sizeof *endings : 1); e++) {
        size_t el = strlen(endings[e]);
        if (el >= len || memcmp(form + len - el, endings[e], el) != 0)
            continue;
        for (size_t i = 0; i < sizeof lexicon_words / sizeof *lexicon_words;
             i++)
            if (strlen(lexicon_words[i].word) == len - el &&
                memcmp(lexicon_words[i].word, form, len - el) == 0)
                return lexicon_words[i].freq;
    }
    return 0;
}

/* A word and its parts as the splitter gives them, heads marked with *. */
static const struct {
    const char *word, *parts;
} cases[] = {
    {"voksenpsykiatrien", "voksen psykiatrien*"},
    {"psykiatriforum", "psykiatri forum*"},
    /* the linking s */
    {"mobilitetssamarbejdet", "mobilitet samarbejdet*"},
    /* the modifier's dropped e, and a head that is cut again */
    {"arbejdsmarkedsråd", "arbejde marked råd*"},
    /* a part that is a compound of its own is split as well */
    {"erhvervsfremmestrategien", "erhvervsfremme erhverv fremme strategien*"},
    {"takstaftalen", "takst aftalen*"},
    {"sundhedsaftale", "sundhed aftale*"},
    {"befolkningstal", "befolkning tal*"},
    {"klimakrise", "klima krise*"},
    /* precision: no part shorter than three letters */
    {"krise", ""},
    {"kriseplan", "krise plan*"},
    /* a prefix is no modifier, nor is it with an e ("inde") */
    {"indsats", ""},
    {"udbud", ""},
    /* a derivational ending is no head, inflected or not */
    {"virksomhed", ""},
    {"virksomheder", ""},
    /* the -ere verb's participle is no "interesse" + "ret" */
    {"interesseret", ""},
    /* a part much rarer than the word is chance: "digi" in "digital" */
    {"digital", ""},
    {"registrering", ""},
    /* not in the lexicon at all */
    {"sagsbehandler", ""},
};

static void
test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        agx_compound_part parts[AGX_COMPOUND_MAX_PARTS];
        char got[512] = "";
        size_t n = agx_compound_split(cases[i].word, strlen(cases[i].word),
                                      lexicon, NULL, parts);
        for (size_t k = 0; k < n; k++) {
            if (k)
                strcat(got, " ");
            strcat(got, parts[k].form);
            if (parts[k].head)
                strcat(got, "*");
        }
        if (strcmp(got, cases[i].parts) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].word, got,
                     cases[i].parts);
    }
}

/* Words too long, or of letters outside ASCII, are handled whole. */
static void
test_limits(void **state)
{
    agx_compound_part parts[AGX_COMPOUND_MAX_PARTS];
    char long_word[200];

    (void)state;
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_int_equal(
        agx_compound_split(long_word, strlen(long_word), lexicon, NULL, parts),
        0);
    /* "råd" as a head: the cut falls between characters, never inside
     * "å" */
    assert_int_equal(
        agx_compound_split("sagsråd", strlen("sagsråd"), lexicon, NULL, parts),
        2);
    assert_string_equal(parts[0].form, "sag");
    assert_string_equal(parts[1].form, "råd");
    assert_int_equal(parts[1].head, 1);
}

static int
collect_coord(void *ctx, const char *mod, size_t mod_len, const char *word,
              size_t word_len)
{
    char *out = ctx;
    char one[128];
    snprintf(one, sizeof one, "%s%.*s+%.*s", *out ? "; " : "", (int)mod_len,
             mod, (int)word_len, word);
    strncat(out, one, 511 - strlen(out));
    return 0;
}

/* Coordinated compounds: each modifier written alone, with the word that
 * lends it its head. */
static void
test_coordinations(void **state)
{
    static const struct {
        const char *text, *found;
    } coords[] = {
        {"på sundheds- og ældreområdet.", "sundheds+ældreområdet"},
        {"en udskrivnings- eller koordinationsplan",
         "udskrivnings+koordinationsplan"},
        {"social-, sundheds- og ældreområdet",
         "social+ældreområdet; sundheds+ældreområdet"},
        {"pris- samt lønfremskrivning", "pris+lønfremskrivning"},
        /* a hyphen that joins, not one that suspends */
        {"IT-løsninger og KD-Net", ""},
        /* no og, eller, samt: no coordination */
        {"sundheds- ældreområdet", ""},
        {"- og ældreområdet", ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof coords / sizeof *coords; i++) {
        char got[512] = "";
        agx_compound_coordinations(coords[i].text, strlen(coords[i].text),
                                   collect_coord, got);
        if (strcmp(got, coords[i].found) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", coords[i].text, got,
                     coords[i].found);
    }
}

static int
collect_hyphenated(void *ctx, const char *word, size_t len)
{
    char *out = ctx;
    char one[128];
    snprintf(one, sizeof one, "%s%.*s", *out ? "; " : "", (int)len, word);
    strncat(out, one, 511 - strlen(out));
    return 0;
}

/* Compounds written with a hyphen: each whole, and nothing that a digit
 * or a free hyphen stands next to. */
static void
test_hyphenated(void **state)
{
    static const struct {
        const char *text, *found;
    } words[] = {
        {"En klima-strategi for KKR-mødet.", "klima-strategi; KKR-mødet"},
        {"IT-løsninger og KD-Net", "IT-løsninger; KD-Net"},
        {"(sundheds-IT)", "sundheds-IT"},
        {"erhvervs-fremme-strategien", "erhvervs-fremme-strategien"},
        /* digits: a number's word, a range, a year */
        {"en 5-årig plan, covid-19, 2022-2026, år-2023", ""},
        /* a coordination's hyphen, a dash, a double hyphen, an end */
        {"sundheds- og ældreområdet - og -klima klima--plan plan-", ""},
        {"-", ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        char got[512] = "";
        agx_compound_hyphenated(words[i].text, strlen(words[i].text),
                                collect_hyphenated, got);
        if (strcmp(got, words[i].found) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", words[i].text, got,
                     words[i].found);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_coordinations),
        cmocka_unit_test(test_hyphenated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
