#!/usr/bin/env bash
# T180: an index made with --shards N, and its shards served by
# xapian-tcpsrv, answer exactly as one index of the same archive: hits and
# their order, totals, facets, snippets, case histories; also after a run
# that adds and deletes files.  A remote shard that is down is named, or,
# with --allow-partial, left out and said to be.
. "$(dirname "$0")/test-lib.sh"

queries=(takstaftale kommune sundhedsområdet SAG-2022-05370
    'psykiatri OR rammeaftale' 'udvalg:KD-Net' 'år:2023 borger' takstaftalr
    kkr '"det nære sundhedsvæsen"' 'type:referat' 'dato:2022-11-04')

# answers DB: the JSON answers to every query, a page per hit and by date
# too, and a case's history: everything but where a snippet's window
# starts.  Xapian 1.4 weighs a snippet's words by upper bounds each
# database keeps for itself, so on shards a snippet may show another
# stretch of the same page (1 hit in ~100 here, depending on which files
# share a shard); each snippet must still show a matched word, checked
# apart below.
answers() {
    local db=$1 q
    {
        for q in "${queries[@]}"; do
            agendex search --db "$db" --json --limit 50 -- "$q"
        done
        agendex search --db "$db" --json --pages --limit 40 kommune
        agendex search --db "$db" --json --sort date --limit 40 kommune
        agendex sag --db "$db" --json SAG-2022-05370
    } | jq -c 'del(.hits[]?.snippet)'
    # Wildcards: the same pages, totals and facets; not the same order (a
    # wildcard is one OP_SYNONYM, whose frequency Xapian estimates shard
    # by shard: docs/design.md, Wildcards).
    for q in 'takst*' 'nærhosp*' 'sundhedsva*'; do
        agendex search --db "$db" --json --pages --limit 10000 -- "$q" |
            jq -c '[.total, .facets, ([.hits[] | [.file, .page]] | sort)]'
    done
}
# unmarked DB: hits whose snippet shows no matched word, over the queries
# (one index has one: a page matched through "sundheds- og ældreområdet",
# whose implied word no snippet can mark).
unmarked() {
    local db=$1 q
    for q in takstaftale kommune sundhedsområdet 'psykiatri OR rammeaftale' kkr; do
        agendex search --db "$db" --json --limit 50 -- "$q" |
            jq -r '.hits[] | select(.snippet | test("\\[") | not) | .file'
    done
}

# docs DB: the number of pages in a Xapian database (one shard).
docs() { xapian-delve "$1" | awk -F' = ' '/number of documents/ {print $2}'; }

for kind in pdf text; do
    test_begin_subtest "$kind: 2 shards answer as one index"
    agendex index --quiet --db "$TMP/one-$kind" "$CORPUS/$kind" >/dev/null
    agendex index --quiet --shards 2 --db "$TMP/two-$kind" "$CORPUS/$kind" >/dev/null
    answers "$TMP/one-$kind" >"$TMP/one.json"
    answers "$TMP/two-$kind" >"$TMP/two.json"
    test_expect_equal_file "$TMP/two.json" "$TMP/one.json"
done

test_begin_subtest "counted on a thread of their own, the matches give the same answers"
# (AGENDEX_COUNT_APART=1: every search the tally table counts; the unit
# test shows that it is counted apart.)
for db in one-pdf two-pdf one-text two-text; do
    export AGENDEX_COUNT_APART=1
    answers "$TMP/$db" >"$TMP/apart-$db.json"
    export AGENDEX_COUNT_APART=0
    answers "$TMP/$db" >"$TMP/inline-$db.json"
    unset AGENDEX_COUNT_APART
done
test_expect_equal "$(cat "$TMP"/apart-*.json | md5sum)|$(cat "$TMP"/apart-*.json | wc -l)" \
    "$(cat "$TMP"/inline-*.json | md5sum)|$((4 * (${#queries[@]} + 6)))"

test_begin_subtest "snippets from the shards show a matched word wherever one index's do"
test_expect_equal "$(unmarked "$TMP/two-pdf")|$(unmarked "$TMP/two-text")" \
    "$(unmarked "$TMP/one-pdf")|$(unmarked "$TMP/one-text")"

test_begin_subtest "the shards split the pages between them, each file whole"
# The sample's 5 PDFs: every page in a shard, each file in one.  Which
# shard is a hash of the path (under a random $TMP), so 5 files all land
# in one shard 1 time in 16: that both get some is shown on 40 files.
d0=$(docs "$TMP/two-pdf/shard-0") d1=$(docs "$TMP/two-pdf/shard-1")
all=$(docs "$TMP/one-pdf")
f0=$(xapian-delve -1 -a "$TMP/two-pdf/shard-0" | grep -c '^P/')
f1=$(xapian-delve -1 -a "$TMP/two-pdf/shard-1" | grep -c '^P/')
mkdir -p "$TMP/many/KD-Net/2023-01-27"
for i in $(seq 40); do
    printf 'Punkt 1: Side %s\nOm kommune og klima.\n' "$i" >"$TMP/many/KD-Net/2023-01-27/m$i-referat.txt"
done
agendex index --quiet --shards 2 --db "$TMP/many-db" "$TMP/many" >/dev/null
m0=$(docs "$TMP/many-db/shard-0") m1=$(docs "$TMP/many-db/shard-1")
test_expect_equal "$((d0 + d1))|$((f0 + f1))|$(docs "$TMP/two-pdf/global")|$((m0 > 0 && m1 > 0))|$((m0 + m1))" \
    "$all|5|0|1|40"

test_begin_subtest "status counts the files of every shard"
test_expect_equal "$(agendex status --db "$TMP/two-pdf" | sed -n 2p)" \
    "$(agendex status --db "$TMP/one-pdf" | sed -n 2p)"

test_begin_subtest "after adding and deleting files, still as one index"
cp -r "$CORPUS/text" "$TMP/arch"
agendex index --quiet --db "$TMP/one" "$TMP/arch" >/dev/null
agendex index --quiet --shards 2 --db "$TMP/two" "$TMP/arch" >/dev/null
rm "$TMP"/arch/KD-Net/2023-01-27/*.txt
mkdir -p "$TMP/arch/KD-Net/2024-03-01"
# Copies of one file: pages that one index weighs alike and orders by
# date and path, on either shard (their weights may differ in the last
# bits there: design.md, Shards).
for d in 2024-03-01 2024-04-05 2024-05-03 2024-06-07; do
    mkdir -p "$TMP/arch/KD-Net/$d"
    cp "$TMP"/arch/KKR*/2023-02-10/*.txt "$TMP/arch/KD-Net/$d/copy-referat.txt"
done
agendex index --quiet --db "$TMP/one" "$TMP/arch" >/dev/null
agendex index --quiet --db "$TMP/two" "$TMP/arch" >/dev/null
answers "$TMP/one" >"$TMP/one.json"
answers "$TMP/two" >"$TMP/two.json"
test_expect_equal_file "$TMP/two.json" "$TMP/one.json"

test_begin_subtest "an index keeps its shard count; an unsharded one stays so"
c1=0 c2=0
agendex index --quiet --shards 3 --db "$TMP/two" "$TMP/arch" >/dev/null 2>"$TMP/e1" || c1=$?
agendex index --quiet --shards 2 --db "$TMP/one" "$TMP/arch" >/dev/null 2>"$TMP/e2" || c2=$?
test_expect_equal "$c1 $c2|$(sanitize "$TMP/e1")|$(sanitize "$TMP/e2")" \
    "2 2|agendex: cannot shard index 'TMP/two': index TMP/two has 2 shards, not 3: index into a new --db|agendex: cannot shard index 'TMP/one': index TMP/one is not sharded: index into a new --db"

test_begin_subtest "compact keeps a sharded index as it was"
answers "$TMP/two-pdf" >"$TMP/before.json"
agendex compact --db "$TMP/two-pdf" >/dev/null
answers "$TMP/two-pdf" >"$TMP/after.json"
test_expect_equal_file "$TMP/after.json" "$TMP/before.json"

test_begin_subtest "each shard keeps a tally table, through runs and compact; by value, the same"
s1=$(agendex status --db "$TMP/two" --json | jq -r .tally)
s2=$(agendex status --db "$TMP/two-pdf" --json | jq -r .tally)
answers "$TMP/two" >"$TMP/table.json"
mv "$TMP/two/shard-1/agendex.tally" "$TMP/shard-1.tally"
s3=$(agendex status --db "$TMP/two" --json | jq -r .tally)
answers "$TMP/two" >"$TMP/value.json"
mv "$TMP/shard-1.tally" "$TMP/two/shard-1/agendex.tally"
test_expect_equal "$s1 $s2 $s3 $(cmp -s "$TMP/table.json" "$TMP/value.json" && echo same) $(cmp -s "$TMP/table.json" "$TMP/one.json" && echo same)" \
    "current current stale same same"

# Two xapian-tcpsrv on loopback, one per shard; the stub names them and
# keeps the index as a whole (synonyms, spelling) here.
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
# shellcheck source=tools/bench/tcpsrv.sh
. "$SRCDIR/tools/bench/tcpsrv.sh"
read -r p0 pid0 < <(tcpsrv "$TMP/two-pdf/shard-0" "$TMP")
read -r p1 pid1 < <(tcpsrv "$TMP/two-pdf/shard-1" "$TMP")
pids+=("$pid0" "$pid1")
echo "# shards served on ports $p0 (pid $pid0) and $p1 (pid $pid1)"
printf 'auto %s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "$TMP/two-pdf/global" "$p0" "$p1" >"$TMP/remote.stub"

test_begin_subtest "two remote shards (xapian-tcpsrv) answer as one index"
answers "$TMP/remote.stub" >"$TMP/remote.json"
test_expect_equal_file "$TMP/remote.json" "$TMP/before.json"

test_begin_subtest "... with snippets made from the remote shards' text"
test_expect_equal "$(unmarked "$TMP/remote.stub")" "$(unmarked "$TMP/one-pdf")"

kill "$pid1"
wait "$pid1" 2>/dev/null
test_begin_subtest "a remote shard that is down: named, exit 2"
code=0
agendex search --db "$TMP/remote.stub" kommune >/dev/null 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(grep -c "shard remote 127.0.0.1:$p1: .*Couldn't connect" "$TMP/err")" "2|1"

test_begin_subtest "--allow-partial: the rest, flagged, with the rest's own total"
printf 'auto %s\nauto %s\n' "$TMP/two-pdf/global" "$TMP/two-pdf/shard-0" >"$TMP/half.stub"
agendex search --db "$TMP/remote.stub" --allow-partial --json kommune >"$TMP/part.json"
agendex search --db "$TMP/half.stub" --json kommune >"$TMP/half.json"
agendex search --db "$TMP/remote.stub" --allow-partial kommune >"$TMP/part.txt"
test_expect_equal "$(jq -r .partial "$TMP/part.json")|$(jq .total "$TMP/part.json")|$(grep -c "^PARTIAL: .*remote 127.0.0.1:$p1" "$TMP/part.txt")" \
    "remote 127.0.0.1:$p1|$(jq .total "$TMP/half.json")|1"

test_done
