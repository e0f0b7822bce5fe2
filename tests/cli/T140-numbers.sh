#!/usr/bin/env bash
# T140: numbers written in several ways find each other: 2.500 and 2500,
# 70 12 34 56 and 70123456, 5-årig and 5 årig, 2022-2026 and 2022–2026;
# dates and case numbers are left as they were.
. "$(dirname "$0")/test-lib.sh"

A=$TMP/a/Udvalg/2024-01-01
mkdir -p "$A"
printf 'Punkt 1: A\nEn 5-årig aftale for 2022-2026 om 2.500 kr. og 1.250.000 kr. Ring 70 12 34 56.\n' >"$A/a-referat.txt"
printf 'Punkt 1: B\nEn 5 årig aftale for 2022–2026 om 2500 kr. og 1250000 kr. Ring 70123456.\n' >"$A/b-referat.txt"
printf 'Punkt 1: C\nMødet den 01.07.2019 kl. 10.00, sag SAG-2023-01438, 2,5 mio.\n' >"$A/c-referat.txt"
agendex index --db "$TMP/db" "$TMP/a" >/dev/null 2>&1

found() {
    agendex search --db "$TMP/db" --json -- "$@" |
        jq -r '[.hits[].file | split("/") | .[-1][0:1]] | sort | join(",")'
}

while IFS= read -r q; do
    test_begin_subtest "$q finds both ways of writing it"
    test_expect_equal "$(found "$q")" "a,b"
done <<'TABLE'
2.500
2500
1.250.000
1250000
70 12 34 56
70123456
7012 3456
5-årig
5 årig
2022-2026
2022–2026
TABLE

test_begin_subtest "a snippet marks the number as the page writes it, however typed"
snip() {
    agendex search --db "$TMP/db" --json -- "$1" |
        jq -r '.hits[] | select(.file | endswith("a-referat.txt")) | .snippet' |
        grep -o '\[[^]]*\]' | tr '\n' ' '
}
test_expect_equal "$(snip 2500)|$(snip 2.500)|$(snip 1250000)|$(snip 70123456)|$(snip '70 12 34 56')" \
    "[2.500] |[2.500] |[1.250.000] |[70 12 34 56] |[70 12 34 56] "

test_begin_subtest "... also on a page with zero-width spaces of its own"
mkdir -p "$TMP/z/U/2024-01-01"
printf 'Punkt 1: Z\nAfsat 3.750 kr. til noget\xe2\x80\x8busynligt.\n' >"$TMP/z/U/2024-01-01/z-referat.txt"
agendex index --db "$TMP/zdb" "$TMP/z" >/dev/null 2>&1
test_expect_equal "$(agendex search --db "$TMP/zdb" --json 3750 | jq -r '.hits[0].snippet')" \
    "Punkt 1: Z Afsat [3.750] kr. til nogetusynligt."

test_begin_subtest "dates, times and case numbers are found as written"
test_expect_equal "$(found 01.07.2019)|$(found SAG-2023-01438)|$(found 10.00)" "c|c|c"

test_begin_subtest "a number in a phrase is searched as written"
test_expect_equal "$(found '"2.500 kr"')" "a"

test_done
