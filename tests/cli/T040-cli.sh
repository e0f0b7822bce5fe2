#!/usr/bin/env bash
# T040: the command line itself: help texts, exit statuses, where the index
# lives by default.
. "$(dirname "$0")/test-lib.sh"

test_begin_subtest "agendex --help"
agendex --help >"$TMP/out"
test_expect_equal_file "$TMP/out" "$EXPECTED/help.txt"

for cmd in index search sag status compact; do
    test_begin_subtest "agendex $cmd --help and agendex help $cmd agree"
    agendex "$cmd" --help >"$TMP/h1"
    agendex help "$cmd" >"$TMP/h2"
    test_expect_equal_file "$TMP/h1" "$EXPECTED/$cmd-help.txt"
    test_begin_subtest "... and 'help $cmd' prints the same"
    test_expect_equal_file "$TMP/h2" "$TMP/h1"
done

test_begin_subtest "no command: usage on stderr, exit 2"
test_expect_code 2 agendex

test_begin_subtest "an unknown command: exit 2 with its name"
code=0
agendex frobnicate 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(cat "$TMP/err")" \
    "2|agendex: no such command: 'frobnicate' (see 'agendex help')"

test_begin_subtest "a bad --limit: exit 2 with the value"
code=0
agendex search --db "$TMP/db" --limit ten x 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(cat "$TMP/err")" \
    "2|agendex: --limit wants a whole number from 0 to 10000, not 'ten'"

test_begin_subtest "index without an archive: exit 2"
test_expect_code 2 agendex index --db "$TMP/db"

# A small archive for the rest.
mkdir -p "$TMP/a/KD-Net/2023-01-27"
cp "$(find "$CORPUS/text" -name '001_*.txt')" "$TMP/a/KD-Net/2023-01-27/"
cp -r "$CORPUS/pdf" "$TMP/pdf"

test_begin_subtest "the index defaults to \$XDG_DATA_HOME/agendex/db"
XDG_DATA_HOME=$TMP/xdg agendex index "$TMP/a" >/dev/null 2>&1
test_expect_success test -d "$TMP/xdg/agendex/db"

test_begin_subtest "... else ~/.local/share/agendex/db"
HOME=$TMP/home agendex index "$TMP/a" >/dev/null 2>&1
test_expect_success test -d "$TMP/home/.local/share/agendex/db"

test_begin_subtest "\$AGENDEX_DB comes before XDG, --db before both"
AGENDEX_DB=$TMP/env XDG_DATA_HOME=$TMP/xdg2 agendex index "$TMP/a" >/dev/null 2>&1
AGENDEX_DB=$TMP/env2 agendex index --db "$TMP/opt" "$TMP/a" >/dev/null 2>&1
if [ -d "$TMP/env" ] && [ ! -e "$TMP/xdg2" ] && [ -d "$TMP/opt" ] &&
    [ ! -e "$TMP/env2" ]; then test_ok; else test_fail "wrong index folder"; fi

test_begin_subtest "search reads \$AGENDEX_DB"
test_expect_equal "$(AGENDEX_DB=$TMP/env agendex search --json kommune | jq .total)" 1

test_begin_subtest "--offset and --limit page through the same ranking"
agendex index --db "$TMP/pdfdb" "$TMP/pdf" >/dev/null 2>&1
all=$(agendex search --db "$TMP/pdfdb" --json --pages --limit 6 kommune |
    jq -c '[.hits[] | [.rank, .file, .page]] | .[2:5]')
page=$(agendex search --db "$TMP/pdfdb" --json --pages --offset 2 --limit 3 kommune |
    jq -c '[.hits[] | [.rank, .file, .page]]')
if [ "$all" = "$page" ] && [ "$(echo "$page" | jq length)" = 3 ]; then
    test_ok; else test_fail "$all" "$page"; fi

test_begin_subtest "no hits: no facet headings in text, empty lists in JSON"
agendex search --db "$TMP/pdfdb" xylofonstemning >"$TMP/out" || true
json=$(agendex search --db "$TMP/pdfdb" --json xylofonstemning | jq -c .facets)
test_expect_equal "$(cat "$TMP/out")|$json" \
    'No pages match.|{"udvalg":[],"meeting":[],"year":[],"month":[],"type":[]}'

test_begin_subtest "a query word that starts with - is a word, not an option"
test_expect_code 0 agendex search --db "$TMP/env" kommune -xylofon

test_begin_subtest "options may follow the query's words"
before=$(agendex search --db "$TMP/pdfdb" --json --limit 2 --udvalg KD-Net kommune)
after=$(agendex search --db "$TMP/pdfdb" kommune --json --udvalg KD-Net --limit 2)
if [ "$before" = "$after" ] && [ "$(echo "$after" | jq '.hits | length')" = 2 ] &&
    [ "$(echo "$after" | jq -c '[.facets.udvalg[].value]')" = '["KD-Net"]' ]; then
    test_ok; else test_fail "$before" "$after"; fi

test_begin_subtest "... so an empty query with --udvalg lists the committee's pages"
test_expect_equal \
    "$(agendex search --db "$TMP/pdfdb" '' --udvalg KD-Net --json | jq -c '[.total, .facets.udvalg]')" \
    "$(agendex search --db "$TMP/pdfdb" --json udvalg:kd-net | jq -c '[.total, .facets.udvalg]')"

test_begin_subtest "... an unknown one after them is named, exit 2"
code=0
agendex search --db "$TMP/pdfdb" kommune --jsno >"$TMP/out" 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(head -1 "$TMP/err")|$(cat "$TMP/out")" \
    "2|agendex search: unrecognized option '--jsno'|"

test_begin_subtest "... and after -- every word is the query's"
test_expect_equal \
    "$(agendex search --db "$TMP/pdfdb" --json -- --limit 1 kommune | jq -c '[.query, .total]')" \
    '["--limit 1 kommune",0]'

test_begin_subtest "text output: heading, hit line, file, snippet, facets"
agendex search --db "$TMP/env" --limit 1 takstaftale >"$TMP/out"
sanitize "$TMP/out" | sed -n '1p;3,6p' >"$TMP/head"
cat >"$TMP/head.expected" <<'EOT'
1 page in 1 document matches; showing 1-1.
1.  KD-Net  2023-01-27  dagsorden  page 1
   punkt 12: Præcisering af takstaftalen
   minutes of the meeting KD-Net 2022-11-04
   TMP/a/KD-Net/2023-01-27/001_53b8b7c743800ad7-dagsorden.txt
EOT
if cmp -s "$TMP/head" "$TMP/head.expected" &&
    sed -n 7p "$TMP/out" | grep -q '\[[Tt]akstaftale' &&
    grep -q '^By udvalg:  KD-Net (1)$' "$TMP/out" &&
    grep -A1 '^By year:$' "$TMP/out" | grep -q '^  2023 #* 1$'; then test_ok; else
    test_fail "$(cat "$TMP/out")"; fi

test_done
