/* test_query.c: preparing what the user typed for Xapian's parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_query.h"

#include <stdlib.h>
#include <string.h>

/* What the parser gets: words lower case, operators kept, NFC. */
static const struct {
    const char *typed, *prepared, *lo, *hi;
} prepared[] = {
    {"takstaftale", "takstaftale", NULL, NULL},
    {"Takstaftalen", "takstaftalen", NULL, NULL},
    {"TAKSTAFTALEN AND Kommune", "takstaftalen AND kommune", NULL, NULL},
    {"a OR b NOT c XOR d", "a OR b NOT c XOR d", NULL, NULL},
    {"sundhed NEAR/3 aftale", "sundhed NEAR/3 aftale", NULL, NULL},
    {"a AND b NEAR/3 c", "a AND b NEAR/3 c", NULL, NULL},
    {"takstaftalen NEAR/3 Præciseringen", "takstaftalen NEAR/3 præciseringen",
     NULL, NULL},
    {"\"Det Nære Sundhedsvæsen\"", "\"det nære sundhedsvæsen\"", NULL, NULL},
    /* æ ø å outside quotes are spelt the ASCII way (synonyms undo it). */
    {"ÆLDREOMRÅDET", "aeldreomraadet", NULL, NULL},
    {"udvalg:\"KKR Midtjylland\"", "udvalg:\"kkr midtjylland\"", NULL, NULL},
    {"A\xcc\x8arsmøde", "aarsmoede", NULL, NULL},
    {"\"Det Nære Sundhedsvæsen\" børn", "\"det nære sundhedsvæsen\" boern",
     NULL, NULL},
    {"år:2023 udvalg:Børneudvalget", "år:2023 udvalg:børneudvalget", NULL,
     NULL},
    /* dato: leaves the text for a span of dates. */
    {"takst dato:2023", "takst ", "2023-01-01", "2023-12-31"},
    {"dato:2023-01 x", " x", "2023-01-01", "2023-01-31"},
    {"x dato:2022-01-01..2023-06-30", "x ", "2022-01-01", "2023-06-30"},
    {"x dato:2022..", "x ", "2022-01-01", NULL},
    {"x dato:..2022-06", "x ", NULL, "2022-06-30"},
    {"x dato:2022 dato:2022-03..2023", "x  ", "2022-03-01", "2022-12-31"},
    {"x dato:2024-02", "x ", "2024-02-01", "2024-02-29"}, /* leap year */
    {"x dato:2100-02", "x ", "2100-02-01", "2100-02-28"},
    {"and or not", "and or not", NULL,
     NULL}, /* lower case: words, not operators */
    {"-Lægevagten +Region", "-laegevagten +region", NULL, NULL},
    /* Case numbers become the exact field, however they are written. */
    {"SAG-2023-01438", "sag:2023-01438", NULL, NULL},
    {"Sundhedsaftalen sag-2023-01438", "sundhedsaftalen sag:2023-01438", NULL,
     NULL},
    {"SAG 2023-01438 OR SAG-2022-05370", "sag:2023-01438 OR sag:2022-05370",
     NULL, NULL},
    {"sag:SAG-2023-01438", "sag:2023-01438", NULL, NULL},
    {"2023-01438", "sag:2023-01438", NULL,
     NULL}, /* bare, as typed by a case worker */
    {"2022-2026", "2022-2026", NULL, NULL}, /* a range stays text */
};

static void
test_prepare(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof prepared / sizeof *prepared; i++) {
        agx_prepared out;
        char *err = NULL;
        assert_int_equal(agx_query_prepare(prepared[i].typed, &out, &err),
                         AGX_OK);
        assert_null(err);
        assert_string_equal(out.text, prepared[i].prepared);
        assert_string_equal(out.lo, prepared[i].lo ? prepared[i].lo : "");
        assert_string_equal(out.hi, prepared[i].hi ? prepared[i].hi : "");
        agx_prepared_clear(&out);
    }
}

/* What is refused, and the message's start. */
static const struct {
    const char *typed, *message;
} refused[] = {
    {"x dato:2023-13", "dato: wants a date (2023-01-27, 2023-01 or 2023) or "
                       "a range (2022-01-01..2023-06-30), not '2023-13'"},
    {"x dato:..", "dato: wants a date (2023-01-27, 2023-01 or 2023) or "
                  "a range (2022-01-01..2023-06-30), not '..'"},
    {"takst\xff", "query is not valid UTF-8 (byte 6)"},
    {"a AND NEAR/3 b", "NEAR/3 needs a word on each side, not an operator "
                       "before it"},
    {"a NOT ADJ/2 b", "ADJ/2 needs a word on each side, not an operator "
                      "before it"},
    {"tak\x01st", "query has a control character (byte 4)"},
    {"tak\x7fst", "query has a control character (byte 4)"},
};

static void
test_refuse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        agx_prepared out;
        char *err = NULL;
        assert_int_equal(agx_query_prepare(refused[i].typed, &out, &err),
                         AGX_ERR_QUERY);
        assert_null(out.text);
        assert_string_equal(err, refused[i].message);
        free(err);
    }
}

static void
test_too_long(void **state)
{
    char *q = malloc(AGX_QUERY_MAX + 2), *err = NULL;
    agx_prepared out;
    (void)state;
    memset(q, 'a', AGX_QUERY_MAX + 1);
    q[AGX_QUERY_MAX + 1] = '\0';
    assert_int_equal(agx_query_prepare(q, &out, &err), AGX_ERR_QUERY);
    assert_non_null(strstr(err, "query too long"));
    free(err);
    q[AGX_QUERY_MAX] = '\0'; /* exactly the limit is fine */
    assert_int_equal(agx_query_prepare(q, &out, &err), AGX_OK);
    agx_prepared_clear(&out);
    free(q);
}

static void
test_snippet_plain(void **state)
{
    char *s = agx_snippet_plain("…Udvalget &amp; KL:\n  &lt;b&gt; "
                                "\x01takstaftalen\x02 …",
                                "[", "]");
    (void)state;
    assert_string_equal(s, "…Udvalget & KL: <b> [takstaftalen] …");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepare),
        cmocka_unit_test(test_refuse),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_snippet_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
