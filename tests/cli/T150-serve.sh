#!/usr/bin/env bash
# T150: agendex serve, over HTTP on loopback: the page, the JSON API (the
# same as --json), facet filters, paging, the case page, files (only the
# index's), 400s for bad input, path traversal refused, text from the
# index shown as text, hostile queries survived, serving on while the
# indexer commits, and each thread's searcher following the index.
. "$(dirname "$0")/test-lib.sh"

# An archive of the sample's PDFs, one text file with markup in it, and a
# symlink to a file outside.
ARCH=$TMP/archive
mkdir -p "$ARCH" "$TMP/outside"
cp -r "$CORPUS/pdf/." "$ARCH/"
mkdir -p "$ARCH/KD-Net/2024-05-01"
printf 'Punkt 1: Sikkerhed\nEn <script>alert(1)</script> og "onload=alert(2) i teksten.\n' \
    >"$ARCH/KD-Net/2024-05-01/x-referat.txt"
printf 'hemmelig adgangskode\n' >"$TMP/outside/secret.txt"
ln -s "$TMP/outside/secret.txt" "$ARCH/KD-Net/2024-05-01/leak-referat.txt"
DB=$TMP/db
agendex index --db "$DB" "$ARCH" >/dev/null 2>&1

PORT=$((20000 + RANDOM % 20000))
# The program itself in the background (not the agendex function's
# subshell), so that $! is the server.
"$AGENDEX" serve --db "$DB" --listen "127.0.0.1:$PORT" --archive-root "$ARCH" \
    --quiet 2>"$TMP/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
URL=http://127.0.0.1:$PORT
for _ in $(seq 50); do
    curl -s -o /dev/null "$URL/" && break
    sleep 0.1
done

get() { curl -s --max-time 20 "$URL$1"; }
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$@"; }
enc() { jq -rn --arg s "$1" '$s | @uri'; }

test_begin_subtest "the page answers, with the headers that keep it safe"
curl -s -D "$TMP/h" -o "$TMP/page.html" "$URL/?q=takstaftale"
if grep -q "^HTTP/1.1 200" "$TMP/h" &&
    grep -qi "^Content-Security-Policy: default-src 'none'" "$TMP/h" &&
    grep -qi '^X-Content-Type-Options: nosniff' "$TMP/h" &&
    grep -qi '^Referrer-Policy: no-referrer' "$TMP/h" &&
    grep -q 'Præcisering af takstaftalen' "$TMP/page.html"; then
    test_ok
else test_fail "$(cat "$TMP/h")"; fi

test_begin_subtest "/api/search is agendex search --json"
test_expect_equal "$(get "/api/search?q=takstaftale&limit=5" | jq -S .)" \
    "$(agendex search --db "$DB" --json --limit 5 takstaftale | jq -S .)"

test_begin_subtest "each udvalg facet, as a filter, counts what the CLI counts"
bad=
while IFS= read -r v; do
    web=$(get "/api/search?q=kommune&udvalg=$(enc "$v")" | jq .total)
    cli=$(agendex search --db "$DB" --json --udvalg "$v" kommune | jq .total)
    [ "$web" = "$cli" ] && [ "$web" -gt 0 ] || bad="$bad $v:$web/$cli"
done < <(get "/api/search?q=kommune" | jq -r '.facets.udvalg[].value')
test_expect_equal "$bad" ""

test_begin_subtest "the page's facet links filter, and show the filtered count"
link=$(get "/?q=kommune" | grep -o 'href="/?q=kommune&amp;udvalg=[^"]*"' | head -1 |
    sed 's/^href="//; s/"$//; s/&amp;/\&/g')
v=$(echo "$link" | sed 's/.*udvalg=//' | jq -Rr @text | python3 -c 'import sys,urllib.parse;print(urllib.parse.unquote(sys.stdin.read().strip()))')
total=$(agendex search --db "$DB" --json --udvalg "$v" kommune | jq .total)
test_expect_equal "$(get "$link" | grep -o '<p class="total">[0-9]* sider' | grep -o '[0-9]*')" "$total"

test_begin_subtest "each hit says how many more of its pages match: \"1 side\", \"N sider\""
q=$(enc "kommune sundhedsaftale")
expected=$(get "/api/search?q=$q&limit=50" | jq -r '.hits[] | .more_pages |
    if . == 0 then "" elif . == 1 then " (og 1 side mere)" else " (og \(.) sider mere)" end')
actual=$(get "/?q=$q&limit=50" | grep -o '<p class="where">side [0-9]*[^·]*·' |
    sed 's/^<p class="where">side [0-9]*//; s/ ·$//')
if echo "$expected" | grep -q "1 side mere"; then
    test_expect_equal "$actual" "$expected"
else test_fail "no hit with one more page: the test proves nothing"; fi

test_begin_subtest "facets=N: the API lists N values a facet, the page says how many more"
api=$(get "/api/search?q=kommune&facets=1")
more=$(( $(echo "$api" | jq .facet_values.meeting) - 1 ))
test_expect_equal "$(echo "$api" | jq -c '[.facets[] | length] | unique')|$(get "/?q=kommune&facets=1" | grep -c "<li class=\"more\">og $more flere</li>")|$(code "$URL/api/search?q=kommune&facets=x")" \
    "[1]|1|400"

test_begin_subtest "paging: the second page starts at 11, with a way back"
p2=$(get "/?q=kommune&pages=1&offset=10")
if echo "$p2" | grep -q '<ol class="hits" start="11">' && echo "$p2" | grep -q 'rel="prev"'; then
    test_ok
else test_fail "no second page"; fi

test_begin_subtest "a case number shows its history as a timeline"
n=$(agendex sag --db "$DB" --json SAG-2023-01438 | jq '.references | length')
test_expect_equal "$(get "/?q=SAG-2023-01438" | sed -n '/class="timeline"/,/<\/ol>/p' | grep -c '<li>')|$(code "$URL/api/sag/SAG-2023-01438")|$(code "$URL/api/sag/SAG-2099-99999")" \
    "$n|200|404"

test_begin_subtest "a hit's link serves its PDF, the same bytes"
href=$(get "/?q=takstaftale" | grep -o 'href="/file?path=[^"]*"' | head -1 |
    sed 's/^href="//; s/"$//; s/&amp;/\&/g')
file=$(agendex search --db "$DB" --json takstaftale | jq -r '.hits[0].file')
curl -s -o "$TMP/got.pdf" "$URL${href%%#*}"
if [ -n "$href" ] && cmp -s "$TMP/got.pdf" "$file" && [[ "$href" == *"#page=48" ]]; then
    test_ok
else test_fail "href=$href file=$file"; fi

test_begin_subtest "bad input: 400 with a message, never a crash"
long=$(printf 'a%.0s' $(seq 3000))
codes="$(code "$URL/api/search?q=x&sort=newest") $(code "$URL/api/search?q=x&limit=1000")"
codes="$codes $(code "$URL/api/search?q=%FF%FE") $(code "$URL/api/search?q=$long")"
codes="$codes $(code "$URL/api/search?q=%22unclosed") $(code "$URL/api/search?q=")"
codes="$codes $(code "$URL/?q=x&offset=abc") $(code "$URL/api/sag/hello")"
codes="$codes $(code "$URL/nowhere") $(code -X POST "$URL/api/search?q=x")"
test_expect_equal "$codes" "400 400 400 400 200 400 400 400 404 405"

test_begin_subtest "path traversal and files outside the index are refused"
secret=$(enc "$TMP/outside/secret.txt")
leak=$(enc "$ARCH/KD-Net/2024-05-01/leak-referat.txt")
codes=
for p in "$(enc /etc/passwd)" "$(enc "$ARCH/../outside/secret.txt")" \
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd" "../../etc/passwd" "$secret" "$leak"; do
    codes="$codes $(code "$URL/file?path=$p")"
done
body=$(get "/file?path=$leak")
if [ "$(echo $codes | tr ' ' '\n' | grep -vc '^40[034]$')" = 0 ] &&
    ! echo "$body" | grep -q hemmelig; then
    test_ok
else test_fail "codes:$codes body: $body"; fi

test_begin_subtest "text from the index is shown as text, never as markup"
page=$(get "/?q=alert")
if echo "$page" | grep -q '&lt;script&gt;' && ! echo "$page" | grep -q '<script' &&
    ! echo "$page" | grep -q '"onload' && echo "$page" | grep -q '&quot;onload'; then
    test_ok
else test_fail "$(echo "$page" | grep -i alert)"; fi

test_begin_subtest "the hostile queries of the query tests, over HTTP"
for q in '"' '(((' 'AND' 'NOT NOT' 'a NEAR/3' 'OR NEAR/2 b' '*' 'dato:2023-13' \
    'udvalg:' '"a" "b" (c' 'SAG-' 'sag:' '-' '+' 'a AND OR b' "$(printf 'x%.0s' $(seq 2000))" \
    '<script>' '%00' '\\' "'" 'titel:"' 'møde:"x'; do
    code "$URL/api/search?q=$(enc "$q")" >/dev/null
    code "$URL/?q=$(enc "$q")" >/dev/null
done
test_expect_equal "$(code "$URL/api/search?q=takstaftale")|$(kill -0 $SERVER && echo alive)" "200|alive"

test_begin_subtest "under load (wrk, 8 connections), on the thread pool"
# Threads share no Xapian object: a static Query::MatchAll once did (its
# reference count is not atomic), and a case lookup under load freed it.
for p in "/api/sag/SAG-2023-01438" "/api/search?q=kommune&udvalg=KD-Net" "/?q=takstaftale"; do
    wrk -t2 -c8 -d3s "$URL$p" >>"$TMP/wrk.txt" 2>&1
done
test_expect_equal "$(code "$URL/api/search?q=takstaftale")|$(kill -0 $SERVER && echo alive)|$(grep -c 'Sanitizer' "$TMP/serve.err")" "200|alive|0"

test_begin_subtest "it serves on while the indexer commits, and sees the new files"
mkdir -p "$ARCH/KD-Net/2024-06-01"
for i in $(seq 40); do
    printf 'Punkt 1: Ny\nEt nyt ord zyxvandrefalk nummer %s.\n' "$i" >"$ARCH/KD-Net/2024-06-01/n$i-referat.txt"
done
agendex index --db "$DB" "$ARCH" >/dev/null 2>&1 &
INDEXER=$!
fails=0
while kill -0 $INDEXER 2>/dev/null; do
    c=$(code "$URL/api/search?q=kommune")
    [ "$c" = 200 ] || fails=$((fails + 1))
done
wait $INDEXER
test_expect_equal "$fails|$(get "/api/search?q=zyxvandrefalk" | jq .total)" "0|40"

test_begin_subtest "the page names a hit's other meetings, and the meeting its minutes record"
mkdir -p "$ARCH/KKR Nordjylland/2023-03-01"
cp "$ARCH"/KD-Net/2023-01-27/*.pdf "$ARCH/KKR Nordjylland/2023-03-01/same-dagsorden.pdf"
agendex index --db "$DB" "$ARCH" >/dev/null 2>&1
get "/?q=takstaftale" >"$TMP/copies.html"
get "/?q=$(enc 'dato:2019-10-25')" >"$TMP/records.html"
# the copy's link opens it at the hit's page: the content is the same
page=$(get "/api/search?q=takstaftale" | jq -r '[.hits[] | select(.copies | length > 0) | .page] | first')
test_expect_equal "$(grep -c "Også lagt under: <a href=\"/file?path=[^\"]*same-dagsorden.pdf#page=$page\">KKR Nordjylland · 2023-03-01</a>" "$TMP/copies.html")|$(grep -c '<p class="records">Referat af mødet [^<]*2019-10-25</p>' "$TMP/records.html")" "1|1"

test_begin_subtest "each thread's searcher follows the index: rebuilt in place, compacted, a new synonyms.txt"
# Every pool thread has answered by now; each must notice on its own.
mkdir -p "$TMP/arch2/KD-Net/2024-07-01"
printf 'Punkt 1: Fjord\nOrdet qwertyfjord står her.\n' >"$TMP/arch2/KD-Net/2024-07-01/f-referat.txt"
mv "$DB" "$TMP/db.old"
agendex index --db "$DB" "$TMP/arch2" >/dev/null 2>&1
rebuilt=""
for _ in 1 2 3 4 5 6 7 8; do
    rebuilt="$rebuilt$(get "/api/search?q=qwertyfjord" | jq .total)$(get "/api/search?q=zyxvandrefalk" | jq .total)"
done
agendex compact --db "$DB" >/dev/null 2>&1
compacted=""
for _ in 1 2 3 4 5 6 7 8; do
    compacted="$compacted$(get "/api/search?q=qwertyfjord" | jq .total)"
done
printf 'QWF\tqwertyfjord\n' >"$DB/synonyms.txt"
listed=""
for _ in 1 2 3 4 5 6 7 8; do
    listed="$listed$(get "/api/search?q=qwf" | jq .total)"
done
test_expect_equal "$rebuilt|$compacted|$listed" "1010101010101010|11111111|11111111"

test_begin_subtest "SIGTERM stops it cleanly: exit 0, nothing leaked (under ASan)"
kill -TERM $SERVER
status=0
wait $SERVER || status=$?
trap - EXIT
test_expect_equal "$status|$(grep -c 'Sanitizer' "$TMP/serve.err")" "0|0"

test_done
