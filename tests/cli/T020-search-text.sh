#!/usr/bin/env bash
# T020: the same archive as text files: pages are form-feed pages (the
# sample's files have none, so each file is page 1), in UTF-8 or not.
. "$(dirname "$0")/test-lib.sh"

ARCHIVE=$(cd "$CORPUS/text" && pwd)
DB=$TMP/db
TAKST='(^|[^[:alnum:]])takstaftal(e|en|er|erne|ens|es)?([^[:alnum:]]|$)'

test_begin_subtest "index: every text file"
agendex index --db "$DB" "$ARCHIVE" >"$TMP/index.out" 2>&1
n=$(find "$ARCHIVE" -name '*.txt' | wc -l)
test_expect_equal "$(grep -o '^agendex index: .* pages' "$TMP/index.out")" \
    "agendex index: $n added, 0 updated, 0 removed, 0 unchanged, 0 failed, 0 skipped; $n pages"

test_begin_subtest "takstaftale finds exactly the files with a form of it"
pages_matching "$ARCHIVE" "$TAKST" >"$TMP/expected"
hits "$DB" takstaftale >"$TMP/actual"
test_expect_equal_file "$TMP/actual" "$TMP/expected"

test_begin_subtest "a phrase across the text files"
pages_matching "$ARCHIVE" 'det nære sundhedsvæsen' >"$TMP/expected"
hits "$DB" '"det nære sundhedsvæsen"' >"$TMP/actual"
test_expect_equal_file "$TMP/actual" "$TMP/expected"

test_begin_subtest "facet counts by udvalg equal the files per committee folder"
RAMME='(^|[^[:alnum:]])rammeaftal(e|en|er|erne|ens|es)?([^[:alnum:]]|$)'
expected=$(pages_matching "$ARCHIVE" "$RAMME" |
    awk -F'\t' -v root="$ARCHIVE/" '{ rel = substr($1, length(root) + 1)
        split(rel, part, "/"); u[part[1]]++ }
        END { for (k in u) print k, u[k] }' | sort)
actual=$(agendex search --db "$DB" --json rammeaftale |
    jq -r '.facets.udvalg[] | "\(.value) \(.count)"' | sort)
test_expect_equal "$actual" "$expected"

test_begin_subtest "form feeds split a text file into pages"
mkdir -p "$TMP/ff/KD-Net/2023-01-27"
printf 'Første side om budget.\fAnden side om takstaftalen.\fTredje side.\f' \
    >"$TMP/ff/KD-Net/2023-01-27/x-referat.txt"
agendex index --db "$TMP/ffdb" "$TMP/ff" >/dev/null 2>&1
test_expect_equal \
    "$(agendex search --db "$TMP/ffdb" --json takstaftale | jq -c '[.total, .hits[0].page, .hits[0].type]')" \
    '[1,2,"referat"]'

test_begin_subtest "a Windows-1252 copy indexes like the UTF-8 file, with a warning"
src=$(find "$ARCHIVE" -name '001_*.txt')
mkdir -p "$TMP/cp/KD-Net/2023-01-27"
iconv -f UTF-8 -t WINDOWS-1252//TRANSLIT "$src" \
    >"$TMP/cp/KD-Net/2023-01-27/001-dagsorden.txt"
agendex index --db "$TMP/cpdb" "$TMP/cp" >"$TMP/cp.out" 2>&1
# Words of the file with æ ø å, which the two encodings write differently.
words=$(grep -oE '[[:alpha:]]*[æøåÆØÅ][[:alpha:]]*' "$src" | sort -u | head -8)
for w in $words; do
    printf '%s ' "$(agendex search --db "$DB" --json "$w" udvalg:kd-net dato:2023-01-27 | jq .total)"
done >"$TMP/utf8"
for w in $words; do
    printf '%s ' "$(agendex search --db "$TMP/cpdb" --json "$w" | jq .total)"
done >"$TMP/cp1252"
utf8=$(cat "$TMP/utf8") cp1252=$(cat "$TMP/cp1252")
if [ "$utf8" = "$cp1252" ] && [ "$utf8" = "1 1 1 1 1 1 1 1 " ] &&
    grep -q 'warning: not UTF-8 (invalid byte at offset [0-9]*): read as Windows-1252' "$TMP/cp.out"
then test_ok; else test_fail "utf8=$utf8 cp1252=$cp1252" "$(cat "$TMP/cp.out")"; fi

test_begin_subtest "a double-encoded copy (Ã¦ for æ) is repaired, with a warning"
mkdir -p "$TMP/mo/KD-Net/2023-01-27"
# UTF-8 read as Windows-1252 and saved as UTF-8, as a Windows tool does it
# (the five bytes Windows-1252 leaves undefined kept as U+0081...).
perl -CO -Mutf8 -e '
    use Encode qw(decode);
    local $/; my $raw = <STDIN>;
    print join "", map { my $b = chr $_;
        ($_ == 0x81 || $_ == 0x8d || $_ == 0x8f || $_ == 0x90 || $_ == 0x9d)
            ? chr($_) : decode("cp1252", $b) } unpack "C*", $raw;
' <"$src" >"$TMP/mo/KD-Net/2023-01-27/001-dagsorden.txt"
agendex index --db "$TMP/modb" "$TMP/mo" >"$TMP/mo.out" 2>&1
for w in $words; do
    printf '%s ' "$(agendex search --db "$TMP/modb" --json "$w" | jq .total)"
done >"$TMP/mojibake"
if grep -q 'Ã' "$TMP/mo/KD-Net/2023-01-27/001-dagsorden.txt" &&
    [ "$(cat "$TMP/mojibake")" = "$utf8" ] &&
    grep -q 'warning: double-encoded UTF-8' "$TMP/mo.out"; then test_ok
else test_fail "utf8=$utf8 mojibake=$(cat "$TMP/mojibake")" "$(cat "$TMP/mo.out")"; fi

test_begin_subtest "the sample's own UTF-8 files are never 'repaired'"
test_expect_equal "$(grep -c 'double-encoded' "$TMP/index.out")" 0

test_begin_subtest "JSON output escapes the quotes and backslashes of a page's text"
mkdir -p "$TMP/esc/KD-Net/2023-01-27"
printf 'Punkt 1: Citat\nHan sagde "qzvokse" med C:\\sti\\fil og\ttabulator.\n' \
    >"$TMP/esc/KD-Net/2023-01-27/e-referat.txt"
agendex index --db "$TMP/escdb" "$TMP/esc" >/dev/null 2>&1
agendex search --db "$TMP/escdb" --json qzvokse >"$TMP/esc.json"
test_expect_equal "$(jq -r '.hits[0].snippet' "$TMP/esc.json" | grep -c 'sagde "\[qzvokse\]" med C:\\sti\\fil og')" 1

test_done
