/* test_number.c: numbers written with their digits apart, on a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_number.h"

#include <stdio.h>
#include <string.h>

/* A text and what agx_number_scan() finds: "span=digits", "; "-joined. */
static const struct {
    const char *text, *found;
} scans[] = {
    {"om 2.500 kr.", "2.500=2500"},
    {"i alt 1.250.000 kr.", "1.250.000=1250000"},
    {"Ring 70 12 34 56 i dag", "70 12 34 56=70123456"},
    {"Ring 7012 3456", "7012 3456=70123456"},
    {"tlf. 70123456", ""},          /* already joined */
    {"den 01.07.2019", ""},         /* a date */
    {"kl. 10.00", ""},              /* a time */
    {"2.500,50 kr.", ""},           /* a decimal */
    {"2022-2026 og 2022–2026", ""}, /* ranges stay */
    {"SAG-2023-01438", ""},         /* a case number stays */
    {"10 20 30 40 50", ""},         /* more than a telephone number */
    {"3 12 34 56", ""},             /* a group of one digit */
    {"1.2345", ""},                 /* not a group of three */
    {"fra 2.500 til 3.000", "2.500=2500; 3.000=3000"},
    {"i 2022 2.500 borgere", "2.500=2500"},
};

static int
collect(void *ctx, size_t start, size_t len, const char *digits)
{
    char *out = ctx;
    const char *text = out + 512;
    char one[128];
    snprintf(one, sizeof one, "%s%.*s=%s", *out ? "; " : "", (int)len,
             text + start, digits);
    strncat(out, one, 511 - strlen(out));
    return 0;
}

static void
test_scan(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scans / sizeof *scans; i++) {
        char buf[1024] = ""; /* the result, then (at 512) the text */
        snprintf(buf + 512, 512, "%s", scans[i].text);
        agx_number_scan(buf + 512, strlen(buf + 512), collect, buf);
        if (strcmp(buf, scans[i].found) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", scans[i].text, buf,
                     scans[i].found);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
