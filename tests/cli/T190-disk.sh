#!/usr/bin/env bash
# T190: the night's run on a bad day.  A full disk and an index folder that
# cannot be written give a clear error, exit 2, and leave the last commit
# searchable; the next run with room finishes the work.  An encrypted PDF
# is named with its reason and costs that file.  (The disk is a small
# tmpfs, which needs root: as another user these subtests are skipped.)
. "$(dirname "$0")/test-lib.sh"

A=$TMP/archive
mkdir -p "$A/KD-Net/2023-01-27"
cp "$CORPUS"/text/KKR\ Midtjylland/2023/*.txt "$A/KD-Net/2023-01-27/small-referat.txt"

# total DB QUERY: the number of pages that match.
total() { agendex search --db "$1" --json "$2" | jq .total; }

D=$TMP/disk
mkdir -p "$D"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=1500k tmpfs "$D" 2>/dev/null; then
    trap 'umount "$D" 2>/dev/null' EXIT
    agendex index --quiet --db "$D/db" "$A" >/dev/null
    before=$(total "$D/db" kommune)
    cp -r "$CORPUS"/pdf/* "$A/"

    test_begin_subtest "a full disk: named, exit 2, the last commit kept"
    code=0
    # (Under ASan: a leak inside Xapian on this path, xapian-enospc.supp.)
    LSAN_OPTIONS=suppressions=$SRCDIR/tests/cli/xapian-enospc.supp \
        agendex index --quiet --db "$D/db" "$A" >/dev/null 2>"$TMP/err" || code=$?
    test_expect_equal "$code|$(grep -c 'No space left on device' "$TMP/err")|$(grep -c 'keeps its last commit' "$TMP/err")|$(total "$D/db" kommune)" \
        "2|1|1|$before"

    test_begin_subtest "with room again, the next run ends as a clean index"
    mount -o remount,size=64m "$D"
    agendex index --quiet --db "$D/db" "$A" >/dev/null
    agendex index --quiet --db "$TMP/clean" "$A" >/dev/null
    test_expect_equal "$(hits "$D/db" kommune | md5sum)|$(agendex status --db "$D/db" | sed -n 2p)" \
        "$(hits "$TMP/clean" kommune | md5sum)|$(agendex status --db "$TMP/clean" | sed -n 2p)"

    test_begin_subtest "an index on a read-only disk: named as such, not 'locked'"
    touch "$A/KD-Net/2023-01-27/small-referat.txt" # something to do
    echo "Ny side om kommune og klima." >"$A/KD-Net/2023-01-27/new-referat.txt"
    after=$(total "$D/db" kommune)
    mount -o remount,ro "$D"
    code=0
    agendex index --quiet --db "$D/db" "$A" >/dev/null 2>"$TMP/err" || code=$?
    test_expect_equal "$code|$(grep -c 'Read-only file system' "$TMP/err")|$(grep -c locked "$TMP/err")|$(total "$D/db" kommune)" \
        "2|1|0|$after"
    umount "$D"
else
    for t in "a full disk" "with room again" "a read-only disk"; do
        test_begin_subtest "$t (skipped: mounting a small disk needs root)"
        test_ok
    done
fi

test_begin_subtest "an encrypted PDF: named with its reason; one with an owner password only is read"
E=$TMP/enc/KD-Net/2020-01-24
mkdir -p "$E"
src=$(find "$CORPUS/pdf" -name '004_*.pdf')
qpdf --encrypt secret owner 256 -- "$src" "$E/locked-bilag.pdf"
qpdf --encrypt "" owner 256 -- "$src" "$E/open-bilag.pdf"
code=0
agendex index --db "$TMP/encdb" "$TMP/enc" >"$TMP/out" 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(sanitize "$TMP/err")|$(grep -o '1 added.*1 failed' "$TMP/out")|$(hits "$TMP/encdb" kommune | cut -f1 | sort -u | xargs -r -d '\n' -n1 basename)" \
    "2|agendex: TMP/enc/KD-Net/2020-01-24/locked-bilag.pdf: the PDF is encrypted with a password: it cannot be read without it|1 added, 0 updated, 0 removed, 0 unchanged, 1 failed|open-bilag.pdf"

test_done
