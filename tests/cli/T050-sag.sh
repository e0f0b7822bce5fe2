#!/usr/bin/env bash
# T050: case numbers.  Every SAG- number that pdftotext shows in the sample
# is found, on exactly the pages where it stands, oldest meeting first.
. "$(dirname "$0")/test-lib.sh"

ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
DB=$TMP/db
agendex index --db "$DB" "$ARCHIVE" >/dev/null 2>&1

# The case numbers in the sample, by poppler-utils and grep.
find "$ARCHIVE" -name '*.pdf' -exec pdftotext -q {} - \; |
    grep -oE 'SAG-[0-9]{4}-[0-9]{4,6}' | sort -u >"$TMP/cases"

test_begin_subtest "the sample has case numbers to find"
test_expect_equal "$(($(wc -l <"$TMP/cases") >= 5))" 1

test_begin_subtest "every case number: agendex sag lists exactly its pages"
bad=""
while IFS= read -r c; do
    pages_matching "$ARCHIVE" "$c" >"$TMP/expected"
    agendex sag --db "$DB" --json "$c" |
        jq -r '.references[] | "\(.file)\t\(.page)"' | sort -u >"$TMP/actual"
    cmp -s "$TMP/actual" "$TMP/expected" || bad="$bad $c"
done <"$TMP/cases"
test_expect_equal "$bad" ""

test_begin_subtest "SAG-2022-05370 is in 000 and 001, oldest meeting first"
agendex sag --db "$DB" --json SAG-2022-05370 |
    jq -r '.references[] | "\(.date) \(.file | split("/") | .[-1] | .[0:3])"' |
    uniq >"$TMP/order"
test_expect_equal "$(tr '\n' ' ' <"$TMP/order")" "2023-01-27 001 2023-02-10 000 "

test_begin_subtest "each reference names the item it stands in"
test_expect_equal \
    "$(agendex sag --db "$DB" --json SAG-2022-05370 | jq -r '[.references[] | select(.file | test("001_")) | .item.title] | unique | .[]')" \
    "Foreløbige punkter på møde i KKR Midtjylland d. 10. februar 2023"

test_begin_subtest "lower case and a bare number find the same pages"
a=$(agendex sag --db "$DB" --json SAG-2023-01438 | jq -c '[.references[] | .page]')
b=$(agendex sag --db "$DB" --json sag-2023-01438 | jq -c '[.references[] | .page]')
c=$(agendex sag --db "$DB" --json 2023-01438 | jq -c '[.references[] | .page]')
if [ "$a" = "$b" ] && [ "$b" = "$c" ] && [ "$a" != "[]" ]; then test_ok; else
    test_fail "$a / $b / $c"; fi

test_begin_subtest "search treats a case number as one, also inside a query"
whole=$(hits "$DB" SAG-2023-01438)
field=$(hits "$DB" sag:2023-01438)
inside=$(hits "$DB" 'sundhedsaftalen sag:SAG-2023-01438')
words=$(hits "$DB" sundhedsaftalen)
if [ "$whole" = "$field" ] && [ -n "$inside" ] &&
    [ "$inside" = "$(comm -12 <(echo "$whole") <(echo "$words"))" ]; then
    test_ok; else test_fail "whole=$whole" "inside=$inside"; fi

test_begin_subtest "every case number searched for: each page's snippet shows it, marked"
# (JSON marks a match [so]: docs/json.md)
bad=""
while IFS= read -r c; do
    agendex search --db "$DB" --json --pages --limit 1000 "$c" |
        jq -r --arg c "$c" '.hits[] | select(.snippet | ascii_downcase | contains("[" + ($c | ascii_downcase) + "]") | not) | "\(.file):\(.page)"' >"$TMP/unmarked"
    [ -s "$TMP/unmarked" ] && bad="$bad $c:$(wc -l <"$TMP/unmarked")"
done <"$TMP/cases"
test_expect_equal "$bad" ""

test_begin_subtest "... also with words beside it, written bare or in lower case"
s1=$(agendex search --db "$DB" --json --pages 'sundhedsaftalen sag-2023-01438' | jq -r '.hits[0].snippet')
s2=$(agendex search --db "$DB" --json --pages 'sag 2023-01438' | jq -r '.hits[0].snippet')
test_expect_equal "$(echo "$s1" | grep -c '\[SAG-2023-01438\]')|$(echo "$s1" | grep -ci '\[sundhedsaftalen')|$(echo "$s2" | grep -c '\[SAG-2023-01438\]')" "1|1|1"

test_begin_subtest "each page's item is one that agendex sag lists for that page"
bad=""
while IFS= read -r c; do
    agendex sag --db "$DB" --json "$c" |
        jq -r '.references[] | "\(.file)\t\(.page)\t\(.item.number // "")"' | sort -u >"$TMP/sag-items"
    agendex search --db "$DB" --json --pages --limit 1000 "$c" |
        jq -r '.hits[] | "\(.file)\t\(.page)\t\(.item.number // "")"' | sort -u >"$TMP/search-items"
    [ -s "$TMP/search-items" ] || bad="$bad $c:none"
    extra=$(comm -13 "$TMP/sag-items" "$TMP/search-items")
    [ -z "$extra" ] || bad="$bad $c:$(echo "$extra" | tr '\t\n' ': ')"
done <"$TMP/cases"
test_expect_equal "$bad" ""

test_begin_subtest "a case number not in the index: exit 1 and says so"
code=0
agendex sag --db "$DB" SAG-2099-00001 >"$TMP/out" 2>&1 || code=$?
test_expect_equal "$code|$(cat "$TMP/out")" "1|SAG-2099-00001 is not in the index."

test_begin_subtest "something that is not a case number: exit 2, clear message"
code=0
agendex sag --db "$DB" takstaftale >"$TMP/out" 2>&1 || code=$?
test_expect_equal "$code|$(cat "$TMP/out")" \
    "2|agendex: 'takstaftale' is not a case number: write it as SAG-2023-01438 or 2023-01438"

test_done
