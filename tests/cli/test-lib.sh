# test-lib.sh: a small shell test library for agendex's CLI tests.
#
# Each test script sources this file, runs subtests, and ends with
# test_done.  Every script works in its own temporary folder ($TMP), which
# is removed at the end unless a subtest failed.  The environment gives
# AGENDEX (the binary), SRCDIR (the checkout) and CORPUS (its corpus/).
set -u

: "${AGENDEX:?AGENDEX must name the agendex binary}"
: "${SRCDIR:?SRCDIR must name the source checkout}"
CORPUS=${CORPUS:-$SRCDIR/corpus}
EXPECTED=$SRCDIR/tests/cli/expected
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agendex-test.XXXXXX")
export NO_COLOR=1 # snippets use [brackets], never escape codes
export LC_ALL=C.UTF-8 # sort by code point; grep -i knows æ ø å
unset AGENDEX_DB XDG_DATA_HOME

test_passed=0
test_failed=0
test_skipped=0
test_name=""

agendex() { "$AGENDEX" "$@"; }

test_begin_subtest() { test_name=$1; }

test_ok() {
    test_passed=$((test_passed + 1))
    echo "ok: $test_name"
}

# test_skip REASON: a subtest this build cannot run, said so (not "ok").
test_skip() {
    test_skipped=$((test_skipped + 1))
    echo "skip: $test_name ($1)"
}

test_fail() {
    test_failed=$((test_failed + 1))
    echo "FAIL: $test_name"
    [ $# -gt 0 ] && printf '  %s\n' "$@"
    return 0
}

# test_expect_equal ACTUAL EXPECTED
test_expect_equal() {
    if [ "$1" = "$2" ]; then test_ok; else
        test_fail "expected: $2" "actual:   $1"
    fi
}

# test_expect_equal_file ACTUAL_FILE EXPECTED_FILE
test_expect_equal_file() {
    if cmp -s "$1" "$2"; then test_ok; else
        test_fail "files differ: $1 $2"
        diff -u "$2" "$1" | head -40
    fi
}

# test_expect_success COMMAND...: the command exits 0.
test_expect_success() {
    if "$@" >"$TMP/.out" 2>&1; then test_ok; else
        test_fail "command failed: $*" "$(head -20 "$TMP/.out")"
    fi
}

# test_expect_code CODE COMMAND...: the command exits with CODE.
test_expect_code() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/.out" 2>&1 || got=$?
    if [ "$got" = "$want" ]; then test_ok; else
        test_fail "exit status $got, not $want: $*" "$(head -20 "$TMP/.out")"
    fi
}

# sanitize FILE: replaces the temporary and source folders by names.
sanitize() { sed -e "s|$TMP|TMP|g" -e "s|$SRCDIR|SRC|g" "$1"; }

# page_text FILE PAGE: a page of a PDF, by poppler-utils (not agendex).
page_text() { pdftotext -q -f "$2" -l "$2" "$1" - 2>/dev/null; }

# pdf_pages FILE: its number of pages, by pdfinfo.
pdf_pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }

# reader_text: standard input as a reader reads it, on one line: a word
# broken by a hyphen at a line end is whole again ("sundheds-" + newline +
# "væsen"), but not before og/eller/samt ("sundheds- og ældreområdet").
reader_text() {
    perl -CSD -0777 -pe \
        's/(\p{Ll})-\s+(?!(?:og|eller|samt)\b)(\p{Ll})/$1$2/g; s/\s+/ /g'
}

# reader_pages FILE: prints "FILE<tab>PAGE<tab>TEXT" for each page of FILE
# (a text file is page 1), TEXT as reader_text gives it; made once per file
# and kept in $TMP/pages.
reader_pages() {
    local f=$1 cache n p
    cache=$TMP/pages/$(printf '%s' "$f" | md5sum | cut -c1-16)
    if [ ! -f "$cache" ]; then
        mkdir -p "$TMP/pages"
        case "$f" in
        *.pdf)
            n=$(pdf_pages "$f")
            for p in $(seq 1 "$n"); do
                printf '%s\t%s\t%s\n' "$f" "$p" "$(page_text "$f" "$p" | reader_text)"
            done
            ;;
        *) printf '%s\t1\t%s\n' "$f" "$(reader_text <"$f")" ;;
        esac >"$cache"
    fi
    cat "$cache"
}

# pages_matching ARCHIVE ERE: "FILE<tab>PAGE" for every page (PDF) or file
# (text, page 1) under ARCHIVE whose text matches ERE, case-insensitive,
# as poppler-utils, perl and grep see it, sorted.
pages_matching() {
    local f tab=$'\t'
    find "$1" -type f \( -name '*.pdf' -o -name '*.txt' \) |
        while IFS= read -r f; do
            reader_pages "$f" | grep -iE "^[^$tab]*$tab[0-9]+$tab.*($2)" |
                cut -f1,2
        done | sort
    return 0
}

# hits DB QUERY...: "FILE<tab>PAGE" for every hit of QUERY, sorted.
hits() {
    local db=$1
    shift
    agendex search --db "$db" --json --pages --limit 10000 "$@" |
        jq -r '.hits[] | "\(.file)\t\(.page)"' | sort
}

test_done() {
    echo "$test_passed passed, $test_failed failed$([ "$test_skipped" -eq 0 ] || echo ", $test_skipped skipped")"
    if [ "$test_failed" -eq 0 ]; then
        rm -rf "$TMP"
        exit 0
    fi
    echo "(left $TMP for a look)"
    exit 1
}
