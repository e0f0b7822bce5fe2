/* test_casenum.c: finding and normalising case numbers, on tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_casenum.h"

#include <stdio.h>
#include <string.h>

/* A text and the case numbers in it, normalised, space-separated. */
static const struct {
    const char *text, *found;
} scans[] = {
    {"SAG-2023-01438", "2023-01438"},
    {"Sags ID: SAG-2022-00199", "2022-00199"},
    {"sag-2022-05370 og SAG 2023-00155", "2022-05370 2023-00155"},
    {"Sags ID: 2022-00199", "2022-00199"},
    {"sagsnr. 2021-12345", "2021-12345"},
    {"sag nr. 2021-1234", ""}, /* four digits: a range's form */
    {"sag nr. 2021-123456", "2021-123456"},
    {"Sagen 2023-2026 blev drøftet", ""}, /* a range, not a case */
    {"perioden 2023-20260", ""},          /* no cue word */
    {"Dok. ID: 3286366", ""},
    {"XSAG-2023-01438", ""},    /* part of another word */
    {"SAG-2023-014381234", ""}, /* the serial runs on */
    {"SAG-2023-01438-2", ""},   /* and on */
    {"SAG-1989-01438", ""},     /* no such year */
    {"SAG-2023-123", ""},       /* too short */
    {"sag\n2023-01438", ""},    /* the cue is on another line */
    {"SAG-2022-03422 kbe, SAG-2022-03423 snm", "2022-03422 2022-03423"},
};

static int
collect(void *ctx, const char *norm, size_t start, size_t len)
{
    char *out = ctx;
    (void)start;
    (void)len;
    if (*out)
        strcat(out, " ");
    strcat(out, norm);
    return 0;
}

static void
test_scan(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scans / sizeof *scans; i++) {
        char found[256] = "";
        agx_casenum_scan(scans[i].text, strlen(scans[i].text), collect, found);
        assert_string_equal(found, scans[i].found);
    }
}

static int
where(void *ctx, const char *norm, size_t start, size_t len)
{
    (void)norm;
    snprintf(ctx, 32, "%zu+%zu", start, len);
    return 1;
}

static void
test_scan_says_where(void **state)
{
    char at[32] = "";
    (void)state;
    agx_casenum_scan("Sags ID: SAG-2022-00199 ", 24, where, at);
    assert_string_equal(at, "9+14");
}

/* Strings that are, or are not, one case number. */
static const struct {
    const char *s, *norm;
} parses[] = {
    {"SAG-2023-01438", "2023-01438"},
    {"sag-2023-01438", "2023-01438"},
    {"2023-01438", "2023-01438"},
    {"sag:2023-01438", "2023-01438"},
    {"sag:SAG-2023-01438", "2023-01438"},
    {"SAG 2023-01438", "2023-01438"},
    {"SAG-2023-01438x", NULL},
    {"takstaftale", NULL},
    {"2023-2026", NULL},
    {"", NULL},
};

static void
test_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parses / sizeof *parses; i++) {
        char norm[AGX_CASENUM_MAX] = "";
        int ok = agx_casenum_parse(parses[i].s, strlen(parses[i].s), norm);
        if (parses[i].norm) {
            assert_true(ok);
            assert_string_equal(norm, parses[i].norm);
        } else {
            assert_false(ok);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_scan_says_where),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
