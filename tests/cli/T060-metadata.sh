#!/usr/bin/env bash
# T060: metadata from the catalogue, the layout and the first page, and
# the report of where each came from.
. "$(dirname "$0")/test-lib.sh"

test_begin_subtest "the sample's metadata equals the table of shared/corpus/README.md"
agendex index --db "$TMP/db" "$CORPUS/pdf" >/dev/null 2>&1
agendex search --db "$TMP/db" --json --limit 1000 'kommune OR og' |
    jq -r '.hits[] | "\(.file | split("/") | .[-1] | .[0:20]) \(.udvalg) \(.date) \(.type)"' |
    sort -u >"$TMP/actual"
# The README's table, with what it says of 002 and 003 (day not printed)
# kept to what is known: the year.
cat >"$TMP/expected" <<'EOT'
000_548f463e661f83a9 KKR Midtjylland 2023-02-10 bilag
001_53b8b7c743800ad7 KD-Net 2023-01-27 dagsorden
002_81f81eea32fa446a KKR Midtjylland 2023 dagsorden
003_58a2d8c16a959350 KKR Syddanmark 2022 bilag
004_fd299ac4985349b7 KD-Net 2020-01-24 bilag
EOT
test_expect_equal_file "$TMP/actual" "$TMP/expected"

# The same files with no layout and no type in their names.
mkdir -p "$TMP/flat"
for f in "$CORPUS"/pdf/*/*/*.pdf; do
    cp "$f" "$TMP/flat/$(basename "$f" | cut -c1-3).pdf"
done

test_begin_subtest "without a layout: what the first page says, nothing invented"
agendex index --db "$TMP/flatdb" --verbose "$TMP/flat" >"$TMP/out" 2>&1
sanitize "$TMP/out" | grep -A1 '^TMP/flat/' | grep -v '^--' >"$TMP/actual"
cat >"$TMP/expected" <<'EOT'
TMP/flat/000.pdf
  udvalg - (unknown), date - (unknown), type bilag (text)
TMP/flat/001.pdf
  udvalg KD-Net (text), date 2023-01-27 (text), type dagsorden (text)
TMP/flat/002.pdf
  udvalg - (unknown), date - (unknown), type - (unknown)
TMP/flat/003.pdf
  udvalg - (unknown), date - (unknown), type bilag (text)
TMP/flat/004.pdf
  udvalg KD-Net (text), date 2020-01-24 (text), type bilag (text)
EOT
test_expect_equal_file "$TMP/actual" "$TMP/expected"

test_begin_subtest "the run names the files whose udvalg or date is unknown"
sanitize "$TMP/out" | sed -n '/without udvalg or date/,$p' >"$TMP/actual"
cat >"$TMP/expected" <<'EOT'
3 files without udvalg or date (lay them out as UDVALG/DATE/FILE, or name them in agendex.tsv):
  TMP/flat/000.pdf
  TMP/flat/002.pdf
  TMP/flat/003.pdf
EOT
test_expect_equal_file "$TMP/actual" "$TMP/expected"

test_begin_subtest "the catalogue comes first; folder lines; bad lines named"
mkdir -p "$TMP/flat/sub" && mv "$TMP/flat/002.pdf" "$TMP/flat/sub/"
mkdir -p "$TMP/flat/KD-Net/2023-01-27" && mv "$TMP/flat/001.pdf" "$TMP/flat/KD-Net/2023-01-27/"
printf '%s\n' '# path	udvalg	date	type	title' \
    'sub/	KKR Midtjylland	2023-05	dagsorden	Dagsorden om PFAS og xylofonmøder' \
    'KD-Net/2023-01-27/001.pdf	KD-Net Midt	2023-01-27' \
    '003.pdf	KKR Syddanmark	2022-13	bilag' \
    'no tabs here' >"$TMP/flat/agendex.tsv"
agendex index --db "$TMP/catdb" --verbose "$TMP/flat" >"$TMP/out" 2>"$TMP/err"
sanitize "$TMP/out" |
    grep -A1 -E '^TMP/flat/(sub/002|KD-Net/2023-01-27/001|003)\.pdf$' |
    grep '^  ' >"$TMP/actual"
cat >"$TMP/expected" <<'EOT'
  udvalg - (unknown), date - (unknown), type bilag (text)
  udvalg KD-Net Midt (catalogue), date 2023-01-27 (catalogue), type dagsorden (text)
  udvalg KKR Midtjylland (catalogue), date 2023-05 (catalogue), type dagsorden (catalogue), title "Dagsorden om PFAS og xylofonmøder" (catalogue)
EOT
sanitize "$TMP/err" >"$TMP/err.actual"
cat >"$TMP/err.expected" <<'EOT'
agendex: TMP/flat/agendex.tsv:4: warning: the date is not YYYY-MM-DD, YYYY-MM or YYYY
agendex: TMP/flat/agendex.tsv:5: warning: wants PATH<tab>UDVALG<tab>DATE<tab>TYPE<tab>TITLE
EOT
if cmp -s "$TMP/actual" "$TMP/expected" && cmp -s "$TMP/err.actual" "$TMP/err.expected"
then test_ok; else test_fail "$(cat "$TMP/out" "$TMP/err")"; fi

test_begin_subtest "a catalogue title weighs in ranking, and matches no page by itself"
# PFAS stands on a page of 002; with the title, that page scores more.
with=$(agendex search --db "$TMP/catdb" --json pfas | jq '.hits[] | select(.file | test("/002")) | .score')
without=$(agendex search --db "$TMP/flatdb" --json pfas | jq '.hits[] | select(.file | test("/002")) | .score')
only_title=$(agendex search --db "$TMP/catdb" --json xylofonmøder | jq .total)
test_expect_equal "$(awk -v a="$with" -v b="$without" 'BEGIN { print (a > b) }')|$only_title" "1|0"

test_begin_subtest "the catalogue is not counted as a skipped file"
test_expect_equal "$(grep -c ', 0 skipped;' "$TMP/out")" 1

test_begin_subtest "a catalogue changed applies at the next run: the files it changes analysed again, not extracted"
# The files are as they were; what the catalogue says of two changed.
# No extractor runs: their pages are read back from the index.
printf '%s\n' '# path	udvalg	date	type	title' \
    'KD-Net/2023-01-27/001.pdf	KD-Net Nord	2023-01-27' \
    '003.pdf	KKR Syddanmark	2022-13	bilag' >"$TMP/flat/agendex.tsv"
mkdir -p "$TMP/noextract"
printf '#!/bin/sh\nexit 1\n' >"$TMP/noextract/agendex-extract"
chmod +x "$TMP/noextract/agendex-extract"
s=$(AGENDEX_LIBEXEC=$TMP/noextract agendex index --db "$TMP/catdb" "$TMP/flat" 2>/dev/null |
    sed -n 's/^agendex index: \([^;]*\);[^;]*;[^;]*; \([0-9]* of them the same files\).*/\1|\2/p')
udvalg=$(agendex search --db "$TMP/catdb" --json --facets 0 --udvalg 'KD-Net Nord' '' | jq -r '.facets.udvalg | map("\(.value) \(.count)") | join(",")')
old=$(agendex search --db "$TMP/catdb" --json --udvalg 'KD-Net Midt' '' | jq .total)
title=$(agendex search --db "$TMP/catdb" --json xylofonmøder | jq .total)
with=$(agendex search --db "$TMP/catdb" --json pfas | jq '.hits[] | select(.file | test("/002")) | .score')
test_expect_equal "$s|$udvalg|$old|$title|$with" \
    "0 added, 2 updated, 0 removed, 3 unchanged, 0 failed, 0 skipped|2 of them the same files|KD-Net Nord $(pdf_pages "$TMP/flat/KD-Net/2023-01-27/001.pdf")|0|0|$without"

test_done
