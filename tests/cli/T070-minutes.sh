#!/usr/bin/env bash
# T070: minutes inside another document are found as the meeting they
# record, and the outer document's structure stays as it was.
. "$(dirname "$0")/test-lib.sh"

ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
DB=$TMP/db
agendex index --db "$DB" "$ARCHIVE" >/dev/null 2>&1
doc=$(find "$ARCHIVE" -name '001_*.pdf')

# The minutes of 4 November 2022 in 001, by pdftotext: from the page with
# their heading to the page where the agenda's next item (Punkt 3) opens,
# the table of contents on page 1 aside.
first=$(pages_matching "$doc" 'Referat fra møde i kommunaldirektørnetværket' |
    head -1 | cut -f2)
last=$(pages_matching "$doc" 'Punkt 3: Udkast til disposition' |
    awk -F'\t' '$2 > 1 {print $2; exit}')

test_begin_subtest "the span was found independently (the test can fail)"
test_expect_equal "$((first >= 1 && last > first))" 1

test_begin_subtest "dato:2022-11-04 finds exactly the pages of those minutes"
expected=$(seq "$first" "$last" | tr '\n' ' ')
actual=$(agendex search --db "$DB" --json --pages --limit 1000 dato:2022-11-04 |
    jq -r '.hits[] | select(.file | test("001_")) | .page' | sort -n | tr '\n' ' ')
test_expect_equal "$actual" "$expected"

test_begin_subtest "dato:2022 finds them too; the outer meeting stays 2023-01-27"
test_expect_equal \
    "$(agendex search --db "$DB" --json --limit 1 'rammeaftalen dato:2022 udvalg:kd-net' |
        jq -c '.hits[0] | [.date, .records.date, .records.udvalg]')" \
    '["2023-01-27","2022-11-04","KD-Net"]'

test_begin_subtest "pages outside the minutes record nothing"
test_expect_equal \
    "$(agendex search --db "$DB" --json --pages --limit 1000 'udvalg:kd-net dato:2023-01-27' |
        jq "[.hits[] | select(.file | test(\"001_\")) | select(.page > $last) | .records] | unique")" \
    "[
  null
]"

test_begin_subtest "år: is the document's own meeting year, as the year facet counts"
test_expect_equal \
    "$(agendex search --db "$DB" --json 'rammeaftalen år:2022 udvalg:kd-net' | jq .total)" 0

test_begin_subtest "minutes in a bilag: the date, and no committee invented"
test_expect_equal \
    "$(agendex search --db "$DB" --json --limit 1 dato:2019-10-25 | jq -c '.hits[0].records')" \
    '{"udvalg":null,"date":"2019-10-25"}'

test_begin_subtest "a sentence naming earlier minutes is not minutes"
# 001 says "Referat af møde i KD-Net den 26. august 2022 er vedlagt som
# bilag": nothing of 001 is filed under that date.
test_expect_equal \
    "$(agendex search --db "$DB" --json dato:2022-08-26 | jq .total)" 0

test_done
