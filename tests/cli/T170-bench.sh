#!/usr/bin/env bash
# T170: the benchmark scripts must not rot: run.sh at a tiny size runs to
# the end and prints every row, with agendex, omindex and recollindex side
# by side; shards.sh prints a row for each set-up.  It asserts nothing of
# the figures (those are measured by hand, tools/bench/run.sh --size 10000
# and shards.sh, docs/performance.md and docs/scale.md).
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

test_begin_subtest "tools/bench/shards.sh --rounds 1 completes and prints every set-up"
if AGENDEX=$AGENDEX "$SRCDIR/tools/bench/shards.sh" --rounds 1 >"$TMP/shards" 2>&1; then
    test_expect_equal "$(grep -cE '^(one index|2 local shards \(stub\)|2 shards, xapian-tcpsrv) +[0-9.]+ ms +[0-9.]+ ms +[0-9.]+ ms +[0-9.]+ ms +([0-9]+|-)$' "$TMP/shards")" 3
else
    test_fail "$(cat "$TMP/shards")"
fi

test_done
