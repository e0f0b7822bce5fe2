#!/usr/bin/env bash
# T090: ranking quality on the relevance test set (tests/relevance): the
# suite fails if nDCG@10 or MRR drops below the level reached.  Raise the
# floor when a change raises the score; never lower it to let one pass.
. "$(dirname "$0")/test-lib.sh"

MIN_NDCG=0.911 # measured 0.916 (37 queries; 2026-11-23, session 7)
MIN_MRR=0.965  # measured 0.973

agendex index --db "$TMP/db" "$CORPUS/pdf" >/dev/null 2>&1

test_begin_subtest "nDCG@10 >= $MIN_NDCG and MRR >= $MIN_MRR"
if AGENDEX=$AGENDEX "$SRCDIR/tests/relevance/eval.sh" "$TMP/db" "$MIN_NDCG" "$MIN_MRR" >"$TMP/scores"; then
    test_ok
else
    test_fail "$(cat "$TMP/scores")"
fi
tail -1 "$TMP/scores"

test_begin_subtest "the same queries typed with ae oe aa for æ ø å score as high"
# 8 of the 37 have æ ø å ("det naere sundhedsvaesen", Laegevagten, boern).
sed -e 's/æ/ae/g; s/ø/oe/g; s/å/aa/g; s/Æ/Ae/g; s/Ø/Oe/g; s/Å/Aa/g' \
    "$SRCDIR/tests/relevance/queries.tsv" >"$TMP/ascii.tsv"
if [ "$(grep -c 'ae\|oe\|aa' "$TMP/ascii.tsv")" -ge 8 ] &&
    QUERIES=$TMP/ascii.tsv AGENDEX=$AGENDEX "$SRCDIR/tests/relevance/eval.sh" "$TMP/db" "$MIN_NDCG" "$MIN_MRR" >"$TMP/ascii-scores"; then
    test_ok
else
    test_fail "$(tail -1 "$TMP/ascii-scores")"
fi

test_begin_subtest "the judgments are about real pages of the sample"
bad=$(grep -v '^#' "$SRCDIR/tests/relevance/qrels.tsv" | cut -f2 | sort -u |
    while IFS=- read -r id page; do
        f=$(find "$CORPUS/pdf" -name "${id}_*.pdf")
        [ -n "$f" ] && [ "$page" -ge 1 ] && [ "$page" -le "$(pdf_pages "$f")" ] ||
            echo "$id-$page"
    done)
test_expect_equal "$bad" ""

test_done
