#!/usr/bin/env bash
# T170: the benchmark script must not rot: at a tiny size it runs to the
# end and prints every row, with agendex, omindex and recollindex side by
# side.  It asserts nothing of the figures (those are
# measured by hand, tools/bench/run.sh --size 10000, docs/performance.md).
. "$(dirname "$0")/test-lib.sh"

build=$(cd "$(dirname "$AGENDEX")/.." && pwd)
test_begin_subtest "tools/bench/run.sh --size 40 completes and prints every row"
if AGENDEX_BUILD=$build AGENDEX=$AGENDEX "$SRCDIR/tools/bench/run.sh" --size 40 --keep "$TMP/bench" >"$TMP/out" 2>&1; then
    missing=
    for r in "pdftotext, one at a time" "the floor" "agendex *omindex *recoll" \
        "index from empty" "vs the floor" "vs agendex" "pages/s" "peak RSS" \
        "index size" "no change" "1% of files touched" "p50" "p99"; do
        grep -q -- "$r" "$TMP/out" || missing="$missing [$r]"
    done
    test_expect_equal "$missing" ""
else
    test_fail "$(cat "$TMP/out")"
fi

test_done
