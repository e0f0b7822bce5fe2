#!/usr/bin/env bash
# T160: the search page in a real browser: headless Chromium (Debian's
# package) driven by Playwright (tests/browser, npm), by keyboard alone.
# Type a query, see the hits, follow a facet and see the filtered count,
# open a hit; the page's screenshot is kept beside the test's output.
. "$(dirname "$0")/test-lib.sh"

BROWSER=$SRCDIR/tests/browser
if [ ! -d "$BROWSER/node_modules/playwright-core" ] || [ ! -x /usr/bin/chromium ]; then
    echo "T160 needs chromium and tests/browser's npm packages: tools/setup.sh test installs both" >&2
    exit 1
fi
ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
DB=$TMP/db
agendex index --db "$DB" "$ARCHIVE" >/dev/null 2>&1

PORT=$((20000 + RANDOM % 20000))
"$AGENDEX" serve --db "$DB" --listen "127.0.0.1:$PORT" --quiet &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.1
done

SHOT=$PWD/T160-result.png
node "$BROWSER/search.mjs" "http://127.0.0.1:$PORT" "$SHOT" >"$TMP/seen.json" 2>"$TMP/node.err"
seen() { jq -r "$1" "$TMP/seen.json"; }

test_begin_subtest "the browser ran the page"
if [ -s "$TMP/seen.json" ]; then test_ok; else test_fail "$(cat "$TMP/node.err")"; fi

test_begin_subtest "typing in the focused box and Enter shows the hits and the CLI's counts"
cli=$(agendex search --db "$DB" --json kommune)
test_expect_equal "$(seen .focused)|$(seen .total)|$(seen .hits)" \
    "q|$(echo "$cli" | jq .total) sider i $(echo "$cli" | jq .documents) dokumenter.|$(echo "$cli" | jq '.hits | length')"

test_begin_subtest "every control has a label"
test_expect_equal "$(seen .unlabelled)" "0"

test_begin_subtest "following a facet shows the filtered count, and the filter"
v=$(seen .facet)
f=$(agendex search --db "$DB" --json --udvalg "$v" kommune)
test_expect_equal "$(seen .facet_count)|$(seen .filtered_total)|$(seen .filters)" \
    "$(echo "$f" | jq .total)|$(echo "$f" | jq .total) sider i $(echo "$f" | jq .documents) dokumenter.|Filtre: $v × "

test_begin_subtest "a hit opens its PDF at its page, and the page logs no errors"
if [ "$(seen .opened)" = "200 application/pdf" ] && [[ "$(seen .href)" == *"#page="* ]] &&
    [ "$(seen .console_errors)" = 0 ]; then
    test_ok
else test_fail "$(cat "$TMP/seen.json")"; fi

test_begin_subtest "the screenshot of the result page is kept"
if [ -s "$SHOT" ]; then echo "  (screenshot: $SHOT)"; test_ok; else test_fail "no $SHOT"; fi

test_done
