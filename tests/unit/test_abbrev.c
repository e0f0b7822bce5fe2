/* test_abbrev.c: abbreviations defined in the text, on sentences from the
 * sample archive; and the built-in list's format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_abbrev.h"

#include <stdio.h>
#include <string.h>

/* A text and the definitions in it, "SHORT=LONG" joined by "; ". */
static const struct {
    const char *text, *found;
} scans[] = {
    {"formand Johannes Lundsryd Jensen (S), Kommunekontaktrådet (KKR) i "
     "Syddanmark.",
     "KKR=Kommunekontaktrådet"},
    {"Med den nye overenskomst mellem regionerne og Praktiserende Lægers "
     "Organisation (PLO) er det aftalt",
     "PLO=Praktiserende Lægers Organisation"},
    {"Danmarks Erhvervsfremmebestyrelse (DEB) skal udarbejde en ny "
     "erhvervsfremmestrategi",
     "DEB=Danmarks Erhvervsfremmebestyrelse"},
    {"en udvidelse af integrationsgrunduddannelsen (IGU), der kan bidrage",
     "IGU=integrationsgrunduddannelsen"},
    {"3) Små- og mellemstore virksomheder (SMV).",
     "SMV=Små- og mellemstore virksomheder"},
    /* the other way round */
    {"hvert KKR (Kommunekontaktrådet) i forhold til",
     "KKR=Kommunekontaktrådet"},
    /* letters that are not there: no definition */
    {"grøn omstilling, samfundsansvar (CSR), krisehåndtering", ""},
    {"Xxxx Xxxxxx (FMD) | Holstebro |", ""},
    /* one letter, lower case, or no parenthesis closed */
    {"formand Stephanie Lose (V), Region Syddanmark", ""},
    {"mødet (evt. online) blev holdt", ""},
    {"Kommunekontaktrådet (KKR", ""},
    /* two in one text */
    {"Intelligente Transportsystemer (ITS) og Fælles Servicecenter for "
     "Telesundhed (FSC) blev",
     "ITS=Intelligente Transportsystemer; FSC=Fælles Servicecenter for "
     "Telesundhed"},
};

static int
collect(void *ctx, const char *s, size_t slen, const char *l, size_t llen)
{
    char *out = ctx;
    char one[512];
    snprintf(one, sizeof one, "%s%.*s=%.*s", *out ? "; " : "", (int)slen, s,
             (int)llen, l);
    strncat(out, one, 1023 - strlen(out));
    return 0;
}

static void
test_scan(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scans / sizeof *scans; i++) {
        char got[1024] = "";
        agx_abbrev_scan(scans[i].text, strlen(scans[i].text), collect, got);
        if (strcmp(got, scans[i].found) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", scans[i].text, got,
                     scans[i].found);
    }
}

/* Every line of the built-in list is a comment, or ABBR, a tab and an
 * expansion. */
static void
test_builtin(void **state)
{
    const char *p = agx_abbrev_builtin();
    unsigned entries = 0;

    (void)state;
    while (*p) {
        const char *nl = strchr(p, '\n'), *tab;
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && *p != '#') {
            tab = memchr(p, '\t', len);
            if (!tab || tab == p || tab + 1 == p + len)
                fail_msg("bad line: %.*s", (int)len, p);
            entries++;
        }
        p += len + (nl != NULL);
    }
    assert_true(entries >= 40);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
