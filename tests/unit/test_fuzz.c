/* test_fuzz.c: thousands of random and hostile queries against a real
 * index of the sample's text files.  Each must end as an answer or as the
 * user's error (AGX_ERR_QUERY), never as a crash, a hang, a leak or an
 * internal error; answers must print in both formats.  The seed is fixed
 * (and printed), so a failure can be replayed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agx_index.h"
#include "agx_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROUNDS = 3000 };

static char dir[] = "/tmp/agx-test-fuzz.XXXXXX";
static agx_searcher *searcher;

/* Pieces a hostile query is made of. */
static const char *const pieces[] = {
    "takstaftale",
    "Takstaftalen",
    "kommune",
    "ældreområdet",
    "boern",
    "AND",
    "OR",
    "NOT",
    "XOR",
    "NEAR",
    "NEAR/3",
    "ADJ/2",
    "(",
    ")",
    "((",
    "\"",
    "\"det nære",
    "*",
    "takst*",
    "-",
    "+",
    "-kommune",
    "+møde",
    "sag:",
    "sag:2023-01438",
    "SAG-2023-01438",
    "SAG",
    "2023-01438",
    "dato:",
    "dato:2023",
    "dato:2023-13",
    "dato:..",
    "dato:2022..2023",
    "dato:2023-01-27..2022-01-01",
    "udvalg:",
    "udvalg:\"KKR",
    "år:2023",
    "år:",
    "type:bilag",
    "titel:",
    "titel:\"",
    ":",
    "::",
    "..",
    "\\",
    "'",
    "&",
    "<script>",
    "%",
    "\xc3\xa6",
    "\xe2\x80\x93",
    "\xf0\x9f\x98\x80",
    "\xff",
    "\xc3",
    "\xe2\x80",
    "\x01",
    "\x7f",
    "\t",
    "\n",
    " ",
    "",
};

static void
hostile(char *buf, size_t cap, unsigned *seed)
{
    size_t n = 0, words = (size_t)(rand_r(seed) % 12);

    buf[0] = '\0';
    for (size_t i = 0; i < words; i++) {
        const char *p;
        char raw[8];
        if (rand_r(seed) % 8 == 0) {
            /* A few random bytes. */
            size_t k = 1 + (size_t)(rand_r(seed) % 6);
            for (size_t j = 0; j < k; j++)
                raw[j] = (char)(1 + rand_r(seed) % 255);
            raw[k] = '\0';
            p = raw;
        } else {
            p = pieces[rand_r(seed) % (sizeof pieces / sizeof *pieces)];
        }
        if (n + strlen(p) + 2 >= cap)
            break;
        n += (size_t)sprintf(buf + n, "%s%s", i && rand_r(seed) % 3 ? " " : "",
                             p);
    }
}

static void
one(const char *q)
{
    agx_request req = {.text = q, .limit = 5};
    agx_answer *ans = NULL;
    char *err = NULL;
    agx_status st = agx_query_run(searcher, &req, &ans, &err);

    if (st != AGX_OK && st != AGX_ERR_QUERY)
        fail_msg("query '%s': status %d: %s", q, (int)st, err ? err : "");
    if (st == AGX_OK) {
        FILE *null = fopen("/dev/null", "w");
        agx_printer *p = agx_print_json_new(null);
        agx_answer_print(ans, p);
        p->free(p);
        p = agx_print_text_new(null, 1, 80);
        agx_answer_print(ans, p);
        p->free(p);
        fclose(null);
    } else {
        assert_non_null(err);
        assert_null(ans);
    }
    agx_answer_free(ans);
    free(err);
}

static void
test_random_queries(void **state)
{
    unsigned seed = 20261123;
    char q[600];
    (void)state;
    printf("seed %u\n", seed);
    for (int i = 0; i < ROUNDS; i++) {
        hostile(q, sizeof q, &seed);
        one(q);
    }
}

static void
test_huge_queries(void **state)
{
    size_t n = 10000 * 6;
    char *q = malloc(n + 1);
    (void)state;
    for (size_t i = 0; i < n; i += 6)
        memcpy(q + i, "møde ", 6);
    q[n - 1] = '\0';
    one(q); /* 10,000 words: the length limit says so */
    memset(q, '(', n);
    q[n] = '\0';
    one(q);
    one("");
    one("     ");
    one("AND OR NOT");
    free(q);
}

static void
test_case_lookups(void **state)
{
    static const char *const raw[] = {
        "",     "SAG-",        "SAG-2023-01438", "sag:sag:2023-01438",
        "\xff", "2023-01438-1"};
    (void)state;
    for (size_t i = 0; i < sizeof raw / sizeof *raw; i++) {
        agx_answer *ans = NULL;
        char *err = NULL;
        agx_status st = agx_query_case(searcher, raw[i], &ans, &err);
        assert_true(st == AGX_OK || st == AGX_ERR_QUERY);
        agx_answer_free(ans);
        free(err);
    }
}

static int
setup(void **state)
{
    char db[600], *err = NULL;
    agx_indexer *ix = NULL;
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/db", dir);
    if (agx_index_open(db, NULL, &ix, &err) != AGX_OK ||
        agx_index_root(ix, AGX_CORPUS "/text", &err) != AGX_OK ||
        agx_index_commit(ix, &err) != AGX_OK) {
        fprintf(stderr, "cannot build the index: %s\n", err ? err : "?");
        free(err);
        agx_index_close(ix);
        return -1;
    }
    agx_index_close(ix);
    if (agx_query_open(db, 0, &searcher, &err) != AGX_OK) {
        free(err);
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    char cmd[700];
    (void)state;
    agx_query_close(searcher);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_queries),
        cmocka_unit_test(test_huge_queries),
        cmocka_unit_test(test_case_lookups),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
