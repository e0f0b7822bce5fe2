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
    const char *typed, *prepared;
} prepared[] = {
    {"takstaftale", "takstaftale"},
    {"Takstaftalen", "takstaftalen"},
    {"TAKSTAFTALEN AND Kommune", "takstaftalen AND kommune"},
    {"a OR b NOT c XOR d", "a OR b NOT c XOR d"},
    {"sundhed NEAR/3 aftale", "sundhed NEAR/3 aftale"},
    {"\"Det Nære Sundhedsvæsen\"", "\"det nære sundhedsvæsen\""},
    {"ÆLDREOMRÅDET", "ældreområdet"},
    {"udvalg:\"KKR Midtjylland\"", "udvalg:\"kkr midtjylland\""},
    {"A\xcc\x8arsmøde", "årsmøde"},
    {"and or not", "and or not"}, /* lower case: words, not operators */
    {"-Lægevagten +Region", "-lægevagten +region"},
    /* Case numbers become the exact field, however they are written. */
    {"SAG-2023-01438", "sag:2023-01438"},
    {"Sundhedsaftalen sag-2023-01438", "sundhedsaftalen sag:2023-01438"},
    {"SAG 2023-01438 OR SAG-2022-05370", "sag:2023-01438 OR sag:2022-05370"},
    {"sag:SAG-2023-01438", "sag:2023-01438"},
    {"2023-01438", "sag:2023-01438"}, /* bare, as typed by a case worker */
    {"2022-2026", "2022-2026"},       /* a range stays text */
};

static void
test_prepare(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof prepared / sizeof *prepared; i++) {
        char *out = NULL, *err = NULL;
        assert_int_equal(agx_query_prepare(prepared[i].typed, &out, &err),
                         AGX_OK);
        assert_null(err);
        assert_string_equal(out, prepared[i].prepared);
        free(out);
    }
}

/* What is refused, and the message's start. */
static const struct {
    const char *typed, *message;
} refused[] = {
    {"takst\xff", "query is not valid UTF-8 (byte 6)"},
    {"tak\x01st", "query has a control character (byte 4)"},
    {"tak\x7fst", "query has a control character (byte 4)"},
};

static void
test_refuse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char *out = NULL, *err = NULL;
        assert_int_equal(agx_query_prepare(refused[i].typed, &out, &err),
                         AGX_ERR_QUERY);
        assert_null(out);
        assert_string_equal(err, refused[i].message);
        free(err);
    }
}

static void
test_too_long(void **state)
{
    char *q = malloc(AGX_QUERY_MAX + 2), *out = NULL, *err = NULL;
    (void)state;
    memset(q, 'a', AGX_QUERY_MAX + 1);
    q[AGX_QUERY_MAX + 1] = '\0';
    assert_int_equal(agx_query_prepare(q, &out, &err), AGX_ERR_QUERY);
    assert_non_null(strstr(err, "query too long"));
    free(err);
    q[AGX_QUERY_MAX] = '\0'; /* exactly the limit is fine */
    assert_int_equal(agx_query_prepare(q, &out, &err), AGX_OK);
    free(out);
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
