#!/usr/bin/env bash
# T100: the nightly reindex: incremental runs that follow the archive as
# files are added, touched, changed, moved and deleted; failures recorded;
# the mass-delete guard; a second indexer refused; kill -9 mid-run, also
# while files change between the runs; --reread.
. "$(dirname "$0")/test-lib.sh"

A=$TMP/archive
DB=$TMP/db
mkdir -p "$A"
cp -r "$CORPUS/text/." "$A/"
summary() { agendex index --db "$DB" "$@" "$A" 2>"$TMP/err" | sed -n 's/^agendex index: \([^;]*\);.*/\1/p'; }
# Pages the index has per file, by search (every file holds "og").
index_files() { agendex search --db "$DB" --json --pages --limit 10000 og |
    jq -r '.hits[].file' | sort -u; }
archive_files() { find "$A" -name '*.txt' | sort; }

test_begin_subtest "first run adds every file"
test_expect_equal "$(summary)" "5 added, 0 updated, 0 removed, 0 unchanged, 0 failed, 0 skipped"

test_begin_subtest "a run with no change opens nothing and changes nothing"
test_expect_equal "$(summary)" "0 added, 0 updated, 0 removed, 5 unchanged, 0 failed, 0 skipped"

test_begin_subtest "a touched file is unchanged (same content)"
touch "$A"/KD-Net/2020-01-24/*.txt
test_expect_equal "$(summary)" "0 added, 0 updated, 0 removed, 5 unchanged, 0 failed, 0 skipped"

test_begin_subtest "a changed file is indexed again, without duplicates"
f=$(find "$A" -name '002_*.txt')
echo "Tilføjet: xylofonordet." >>"$f"
s=$(summary)
test_expect_equal "$s|$(hits "$DB" xylofonordet | wc -l)|$(hits "$DB" xylofonordet | cut -f1)" \
    "0 added, 1 updated, 0 removed, 4 unchanged, 0 failed, 0 skipped|1|$f"

test_begin_subtest "a deleted file leaves the index"
rm "$(find "$A" -name '003_*.txt')"
s=$(summary)
test_expect_equal "$s|$(index_files)" \
    "0 added, 0 updated, 1 removed, 4 unchanged, 0 failed, 0 skipped|$(archive_files)"

test_begin_subtest "a moved file is found at its new place only, with its new metadata"
mkdir -p "$A/KKR Syddanmark/2023-03-01"
mv "$f" "$A/KKR Syddanmark/2023-03-01/"
summary >/dev/null
test_expect_equal "$(index_files)|$(agendex search --db "$DB" --json xylofonordet | jq -r '.hits[0].udvalg')" \
    "$(archive_files)|KKR Syddanmark"

test_begin_subtest "a failed file is recorded, not retried until it changes"
printf 'ikke en pdf' >"$A/KD-Net/2023-01-27/x-bilag.pdf"
s1=$(summary); e1=$(grep -c 'x-bilag.pdf' "$TMP/err")
s2=$(summary); e2=$(grep -c 'x-bilag.pdf' "$TMP/err")
agendex status --db "$DB" --json >"$TMP/status.json"
test_expect_equal "$(echo "$s1" | grep -o '[0-9]* failed')|$e1|$(echo "$s2" | grep -o '[0-9]* failed')|$e2|$(jq -r '.failures[0].reason' "$TMP/status.json")" \
    "1 failed|1|1 failed|0|PDF document is damaged"

test_begin_subtest "once repaired, it is indexed"
cp "$(find "$CORPUS/pdf" -name '004_*.pdf')" "$A/KD-Net/2023-01-27/x-bilag.pdf"
test_expect_equal "$(summary)" "1 added, 0 updated, 0 removed, 4 unchanged, 0 failed, 0 skipped"

test_begin_subtest "status: files, pages and the last run"
agendex status --db "$DB" --json >"$TMP/status.json"
test_expect_equal "$(jq -c '[.files, .failing, (.last_run.summary | startswith("1 added"))]' "$TMP/status.json")" "[5,0,true]"

test_begin_subtest "a run over several folders: each file once, each change seen by the next"
# The run reads the index's records once and keeps them as it writes: the
# second folder must see what the first indexed or removed.
k=$(find "$A/KD-Net" -type f | wc -l) all=$(find "$A" -type f | wc -l)
g=$(find "$A/KD-Net" -name '*.txt' | head -1)
echo "Tilføjet: marimbaordet." >>"$g"
s1=$(agendex index --db "$DB" "$A/KD-Net" "$A" 2>/dev/null | sed -n 's/^agendex index: \([^;]*\);.*/\1/p')
mv "$A/KD-Net" "$TMP/KD-Net.away"
s2=$(agendex index --allow-mass-delete --db "$DB" "$A" "$A" 2>/dev/null | sed -n 's/^agendex index: \([^;]*\);.*/\1/p')
mv "$TMP/KD-Net.away" "$A/KD-Net"
s3=$(summary)
test_expect_equal "$s1|$s2|$s3|$(hits "$DB" marimbaordet | cut -f1)|$(index_files)" \
    "0 added, 1 updated, 0 removed, $((k - 1 + all)) unchanged, 0 failed, 0 skipped|0 added, 0 updated, $k removed, $((2 * (all - k))) unchanged, 0 failed, 0 skipped|$k added, 0 updated, 0 removed, $((all - k)) unchanged, 0 failed, 0 skipped|$g|$(find "$A" -type f | sort)"

# The tally table (facets by document id) through the runs above, a
# compaction, and without it: the same answers.
tally_answers() {
    local q
    for q in og takstaftale 'type:referat kommune' SAG-2023-01438; do
        agendex search --db "$DB" --json --facets 0 "$q" | jq -c 'del(.hits[].snippet)'
        agendex search --db "$DB" --json --pages --limit 500 "$q" | jq -c 'del(.hits[].snippet)'
    done
}
test_begin_subtest "the tally table stays current through runs and a compaction"
t1=$(jq -r .tally "$TMP/status.json")
agendex compact --db "$DB" >/dev/null
t2=$(agendex status --db "$DB" --json | jq -r .tally)
tally_answers >"$TMP/with-table"
mv "$DB/agendex.tally" "$TMP/table"
t3=$(agendex status --db "$DB" --json | jq -r .tally)
tally_answers >"$TMP/by-value"
printf 'garbage' | dd of="$TMP/table" bs=1 seek=200 conv=notrunc 2>/dev/null
cp "$TMP/table" "$DB/agendex.tally"
t4=$(agendex status --db "$DB" --json | jq -r .tally)
tally_answers >"$TMP/damaged"
test_expect_equal "$t1 $t2 $t3 $t4 $(cmp -s "$TMP/with-table" "$TMP/by-value" && echo same) $(cmp -s "$TMP/damaged" "$TMP/by-value" && echo same)" \
    "current current none stale same same"
agendex index --db "$DB" "$A" >/dev/null 2>&1 # (writes it afresh)

test_begin_subtest "most of the archive gone at once: nothing removed, exit 2"
mv "$A" "$TMP/away" && mkdir -p "$A/KD-Net" && cp -r "$TMP/away/KD-Net/2020-01-24" "$A/KD-Net/"
before=$(agendex search --db "$DB" --json og | jq .total)
code=0
agendex index --db "$DB" "$A" >/dev/null 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(agendex search --db "$DB" --json og | jq .total)|$(grep -c 'nothing removed' "$TMP/err")" \
    "2|$before|1"

test_begin_subtest "... and --allow-mass-delete removes them"
agendex index --db "$DB" --allow-mass-delete "$A" >/dev/null 2>&1
test_expect_equal "$(index_files)" "$(archive_files)"

test_begin_subtest "a missing archive: exit 2, nothing removed"
rm -rf "$TMP/away"
mv "$A" "$TMP/away"
code=0
agendex index --db "$DB" "$A" >/dev/null 2>&1 || code=$?
mv "$TMP/away" "$A"
test_expect_equal "$code|$(index_files)" "2|$(archive_files)"

test_begin_subtest "compact: smaller or equal, same answers, records kept"
before=$(agendex search --db "$DB" --json --pages --limit 10000 og | jq -c '[.hits[] | [.file, .page]] | sort')
agendex compact --db "$DB" >"$TMP/compact.out" 2>&1
after=$(agendex search --db "$DB" --json --pages --limit 10000 og | jq -c '[.hits[] | [.file, .page]] | sort')
sizes=$(sed -n 's/^agendex compact: \([0-9]*\) bytes before, \([0-9]*\) after$/\1 \2/p' "$TMP/compact.out")
test_expect_equal "$([ "$before" = "$after" ] && echo same)|$(echo "$sizes" | awk '{ print ($2 <= $1) }')|$(summary | grep -o '[0-9]* unchanged')" \
    "same|1|$(archive_files | wc -l) unchanged"

test_begin_subtest "a first run ends compacted: smaller than without, the same index, no copy left"
agendex index --db "$TMP/c1.db" --no-compact "$CORPUS/pdf" >"$TMP/c1.out" 2>&1
agendex index --db "$TMP/c2.db" "$CORPUS/pdf" >"$TMP/c2.out" 2>&1
q() { agendex search --db "$1" --json --pages --limit 10000 kommune | jq -c '[.hits[] | [.file, .page, .score]]'; }
s1=$(du -sb "$TMP/c1.db" | cut -f1) s2=$(du -sb "$TMP/c2.db" | cut -f1)
test_expect_equal "$(grep -c compacted "$TMP/c1.out")|$(grep -c '; compacted [0-9.]* -> [0-9.]* MB' "$TMP/c2.out")|$((s2 * 10 < s1 * 9))|$([ "$(q "$TMP/c1.db")" = "$(q "$TMP/c2.db")" ] && echo same)|$(ls "$TMP" | grep -c compacting)" \
    "0|1|1|same|0"

test_begin_subtest "a small run after it does not compact again"
cp "$(find "$CORPUS/text" -name '002_*.txt')" "$A/KD-Net/extra-referat.txt"
agendex index --db "$TMP/c2.db" "$A" >/dev/null 2>&1 # a text archive: many pages
echo "Tilføjet: klarinetordet." >>"$A/KD-Net/extra-referat.txt"
test_expect_equal "$(agendex index --db "$TMP/c2.db" "$A" 2>&1 | grep -c compacted)" 0

test_begin_subtest "a compaction killed halfway leaves a copy the next one removes"
mkdir -p "$TMP/c2.db.compacting" && echo junk >"$TMP/c2.db.compacting/postlist.glass"
agendex compact --db "$TMP/c2.db" >/dev/null 2>&1
test_expect_equal "$(ls "$TMP" | grep -c compacting)|$(hits "$TMP/c2.db" klarinetordet | wc -l)" "0|1"

test_begin_subtest "an index reached by a symbolic link stays a link, to the compacted index"
ln -s "$TMP/c2.db" "$TMP/link.db"
agendex compact --db "$TMP/link.db" >/dev/null 2>&1
test_expect_equal "$([ -L "$TMP/link.db" ] && echo link)|$(hits "$TMP/link.db" klarinetordet | wc -l)|$(ls "$TMP" | grep -c compacting)" \
    "link|1|0"

test_begin_subtest "status counts a stopped run's segments and their pages; compact merges them: none lost"
# A segment as a stopped run leaves one: a database of its own under
# DB/segments/, with the pages and records of files the index lacks.
C=$TMP/cseg
mkdir -p "$C/a" "$C/b"
cp -r "$CORPUS/text/KD-Net" "$C/a/"
cp -r "$CORPUS/text/KKR Midtjylland" "$CORPUS/text/KKR Syddanmark" "$C/b/"
agendex index --quiet --db "$C/db" "$C/a" >/dev/null 2>&1
agendex index --quiet --no-compact --db "$C/db/segments/1" "$C/b" >/dev/null 2>&1
rm -f "$C/db/segments/1/agendex.writer"
agendex index --quiet --db "$C/clean.db" "$C/a" "$C/b" >/dev/null 2>&1
# status counts the segment and the pages in it, as the segment says.
segs=$(agendex status --db "$C/db" --json | jq -r '"\(.segments) \(.segment_pages)"')
segp=$(agendex status --db "$C/db/segments/1" --json | jq .pages)
agendex compact --db "$C/db" >"$C/compact.out" 2>&1
segs="$segs $(agendex status --db "$C/db" --json | jq .segments)"
cpages() { agendex search --db "$1" --json --pages --limit 10000 og | jq -c '[.total, ([.hits[] | [.file, .page]] | sort)]'; }
test_expect_equal "$segs|$(grep -c 'merging 1 segment that a stopped run left' "$C/compact.out")|$(ls "$C/db/segments" 2>/dev/null | wc -l)|$([ "$(cpages "$C/db")" = "$(cpages "$C/clean.db")" ] && echo same)|$(agendex index --db "$C/db" "$C/a" "$C/b" 2>&1 | grep -o '0 added, 0 updated, 0 removed, [0-9]* unchanged')" \
    "1 $segp 0|1|0|same|0 added, 0 updated, 0 removed, $(find "$C/a" "$C/b" -type f | wc -l) unchanged"

# A larger archive for the last two: copies of the sample PDFs.
B=$TMP/big
for i in $(seq 1 12); do
    mkdir -p "$B/U$i/2023-01-0$((i % 9 + 1))"
    for p in "$CORPUS"/pdf/*/*/*.pdf; do cp "$p" "$B/U$i/2023-01-0$((i % 9 + 1))/"; done
done

test_begin_subtest "a second indexer is refused at once, naming the lock"
"$AGENDEX" index --db "$TMP/big.db" "$B" >/dev/null 2>&1 &
first=$!
for _ in $(seq 1 50); do [ -e "$TMP/big.db/flintlock" ] && break; sleep 0.1; done
sleep 0.3
code=0
agendex index --db "$TMP/big.db" "$B" >/dev/null 2>"$TMP/err" || code=$?
wait $first
test_expect_equal "$code|$(sed -e "s|$TMP|TMP|" -e 's/since [0-9TZ:-]*/since T/' "$TMP/err")" \
    "2|agendex: index 'TMP/big.db' is locked: another 'agendex index' is writing it (pid $first on $(hostname), since T)"

test_begin_subtest "status says an indexer is running, and who, while one is; then no more"
"$AGENDEX" index --log-every 1 --db "$TMP/st.db" "$B" >/dev/null 2>"$TMP/st.err" &
first=$!
for _ in $(seq 1 50); do [ -e "$TMP/st.db/agendex.writer" ] && break; sleep 0.1; done
during=$(agendex status --db "$TMP/st.db" --json | jq -r '.writer // "none"' | sed 's/since [0-9TZ:-]*/since T/')
text=$(agendex status --db "$TMP/st.db" | grep -c "^an indexer is running: pid $first ")
wait $first
after=$(agendex status --db "$TMP/st.db" --json | jq -r '.writer // "none"')
test_expect_equal "$during|$text|$after" "pid $first on $(hostname), since T|1|none"

test_begin_subtest "... and its log (stderr, not a terminal) said how far it was, in order"
# (the run takes seconds: 60 PDFs to extract)
lines=$(grep -c '^agendex index: [0-9]* of [0-9]* files so far, [0-9.]* files/s, about [0-9]* \(s\|min\|h [0-9][0-9] min\) left$' "$TMP/st.err")
test_expect_equal "$((lines > 0))|$(wc -l <"$TMP/st.err")|$(sed -n 's/^agendex index: \([0-9]*\) of.*/\1/p' "$TMP/st.err" | sort -n -c && echo in order)" \
    "1|$lines|in order"

test_begin_subtest "the note of who holds the lock goes with the writer"
test_expect_equal "$(ls "$TMP/big.db" | grep -c agendex.writer)" 0

test_begin_subtest "searches during a run never fail; they see the last commit"
rm -rf "$TMP/live.db"
agendex index --db "$TMP/live.db" "$CORPUS/text" >/dev/null 2>&1 # a first commit
"$AGENDEX" index --db "$TMP/live.db" "$B" >/dev/null 2>&1 &
writer=$!
errors=0 rounds=0
while kill -0 $writer 2>/dev/null && [ $rounds -lt 400 ]; do
    code=0
    agendex search --db "$TMP/live.db" --json kommune >/dev/null 2>>"$TMP/live.err" || code=$?
    [ $code -le 1 ] || errors=$((errors + 1))
    rounds=$((rounds + 1))
done
wait $writer
test_expect_equal "$errors|$((rounds > 5))|$(cat "$TMP/live.err")" "0|1|"

test_begin_subtest "a symbolic link loop in the archive: the run ends, the rest is indexed"
mkdir -p "$TMP/loop/KD-Net/2023-01-27"
cp "$(find "$CORPUS/text" -name '001_*.txt')" "$TMP/loop/KD-Net/2023-01-27/"
ln -s .. "$TMP/loop/KD-Net/2023-01-27/up"
ln -s "$TMP/loop" "$TMP/loop/KD-Net/self"
ln -s "$TMP/loop/KD-Net/2023-01-27/001_53b8b7c743800ad7-dagsorden.txt" "$TMP/loop/link-referat.txt"
timeout 20 "$AGENDEX" index --db "$TMP/loop.db" "$TMP/loop" >"$TMP/out" 2>&1
code=$?
test_expect_equal "$code|$(grep -o '^agendex index: [0-9]* added' "$TMP/out")" "0|agendex index: 2 added"

# kill -9 at 20 moments, on an archive big enough (60 PDFs and 300 short
# text files, which come first) that a run commits in between (every 200
# pages or files, --commit-every).  Each time, the
# index opens and holds no page twice; runs go on from what was committed,
# and the run that is let finish ends equal to a clean index.
for i in $(seq 1 60); do
    mkdir -p "$B/T$i/2022"
    for f in "$CORPUS"/text/*/*/*.txt; do
        head -c 3000 "$f" >"$B/T$i/2022/$(basename "$f")" # a page each
    done
done
agendex index --quiet --db "$TMP/clean.db" "$B" >/dev/null 2>&1
# pages DB: every page of the index that holds "og", as "file page" lines.
pages() { agendex search --db "$1" --json --pages --limit 10000 og |
    jq -r '.hits[] | "\(.file) \(.page)"' | sort; }
pages "$TMP/clean.db" >"$TMP/clean.pages"

# index_until_done DB [ARCHIVE]: a rerun, as an operator would, waiting
# out the moment Xapian's lock outlives a killed writer.
index_until_done() {
    for _ in $(seq 1 50); do
        agendex index --quiet --db "$1" "${2:-$B}" >"$TMP/rerun.out" 2>&1 && return 0
        grep -q 'is locked' "$TMP/rerun.out" || return 1
        sleep 0.1
    done
    return 1
}

# wait_commits DB K PID: waits until PID has committed K times to DB or
# its segments (a commit writes a segment's or the index's iamglass anew),
# or has ended.  Moments counted so fall alike across a run whatever the
# build's speed: a sanitizer's build is several times slower.
wait_commits() {
    local seen=0
    touch "$TMP/mark"
    while [ $seen -lt "$2" ] && kill -0 "$3" 2>/dev/null; do
        if [ -n "$(find "$1" -name iamglass -newer "$TMP/mark" 2>/dev/null | head -n 1)" ]; then
            touch "$TMP/mark"
            seen=$((seen + 1))
        fi
        sleep 0.02
    done
}

# kill_runs N DB EVERY OPTION...: N runs of agendex index --commit-every
# EVERY OPTION... into DB, each killed -9 at a moment drawn from $RANDOM:
# after 0 to all of the commits the run has ahead of it (the pages it
# lacks, EVERY a commit), and up to half a second more (stderr to
# DB.err).  After each, adds to $bad what is wrong (the index does not
# open, holds a page twice or one a clean run lacks) and counts in
# $partial the runs that left part of the pages.
bad= partial=0
kill_runs() {
    local n=$1 db=$2 every=$3 i victim code got=0 all commits
    shift 3
    all=$(wc -l <"$TMP/clean.pages")
    for i in $(seq 1 "$n"); do
        commits=$(((all - got) / every + 2))
        # The binary itself, not the agendex() function: $! must be its pid.
        "$AGENDEX" index --quiet --commit-every "$every" "$@" --db "$db" "$B" >/dev/null 2>>"$db.err" &
        victim=$!
        wait_commits "$db" $((RANDOM % commits)) $victim
        sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
        kill -9 $victim 2>/dev/null
        wait $victim 2>/dev/null
        code=0
        pages "$db" >"$TMP/killed.pages" 2>/dev/null || code=$?
        agendex search --db "$db" --json og >/dev/null 2>&1 || code=$?
        [ "$code" -lt 2 ] || bad="$bad run $i: does not open;"
        [ "$(sort "$TMP/killed.pages" | uniq -d | wc -l)" = 0 ] || bad="$bad run $i: pages twice;"
        comm -23 "$TMP/killed.pages" "$TMP/clean.pages" | grep -q . && bad="$bad run $i: pages a clean run lacks;"
        got=$(wc -l <"$TMP/killed.pages")
        [ "$got" -gt 0 ] && [ "$got" -lt "$all" ] && partial=$((partial + 1))
    done
}

test_begin_subtest "kill -9 at 20 moments: each time the index opens, no page twice"
RANDOM=7 # the same moments every time
kill_runs 20 "$TMP/killed.db" 200
# Some kills must have struck between commits, or the test proves little.
test_expect_equal "$bad|$(($(wc -l <"$TMP/clean.pages") > 2000))|$((partial > 0))" "|1|1"

test_begin_subtest "... and the run let finish equals a clean run"
index_until_done "$TMP/killed.db"
pages "$TMP/killed.db" >"$TMP/killed.pages"
test_expect_equal "$(cmp -s "$TMP/killed.pages" "$TMP/clean.pages" && echo same)|$(agendex status --db "$TMP/killed.db" | sed -n 2p)" \
    "same|$(agendex status --db "$TMP/clean.db" | sed -n 2p)"

# Segments (--segment-pages): a run that adds more than that to one Xapian
# database goes on in segments, merged at its end.
# facts DB: what searches answer: every page of a broad word with its
# metadata and facets, a document count, a spelling suggestion.
facts() {
    agendex search --db "$1" --json --pages --limit 10000 og |
        jq -c '[.total, .facets, ([.hits[] | [.file, .page, .udvalg, .date, .type]] | sort)]'
    agendex search --db "$1" --json --limit 10000 kommune |
        jq -c '[.total, .documents, ([.hits[] | [.file, .more_pages]] | sort)]'
    agendex search --db "$1" --json takstaftalr | jq -c '.suggestion'
}
# Files change between the runs, as they do between nightly ones, so that
# every run has files to update, remove and add when it is killed: a file's
# record committed without its pages, or its pages without their record,
# would show at the end as a difference from a clean index of the archive.
M=$TMP/changing
cp -r "$B" "$M"
rwords=(alfaord betaord gammaord deltaord epsilonord zetaord etaord thetaord iotaord kappaord)
# pick P SEED: each line of stdin kept with chance P.
pick() { awk -v s="$2" -v p="$1" 'BEGIN { srand(s) } rand() < p'; }
# change_archive R: a tenth of the text files get round R's word, one in a
# hundred goes, three are added (with the word); a PDF goes, another is
# filed under a second meeting.  ($RANDOM is read here, not in a subshell,
# which would draw its own numbers: the same changes every time.)
change_archive() {
    local r=$1 w=${rwords[$1]} f i n s1=$RANDOM s2=$RANDOM
    find "$M" -name '*.txt' | sort | pick 0.1 "$s1" | while IFS= read -r f; do
        printf '\nÆndret i runde %s: %s.\n' "$r" "$w" >>"$f"
    done
    find "$M" -name '*.txt' | sort | pick 0.01 "$s2" | while IFS= read -r f; do rm "$f"; done
    for i in 1 2 3; do
        n=$((RANDOM % 5 + 1))
        f=$(find "$CORPUS/text" -name '*.txt' | sort | sed -n "${n}p")
        n=$((RANDOM % 60 + 1))
        { head -c 2500 "$f"; printf '\nNy i runde %s: %s.\n' "$r" "$w"; } >"$M/T$n/2022/ny-$r-$i-referat.txt"
    done
    n=$((RANDOM % 40 + 1))
    rm "$(find "$M" -name '*.pdf' | sort | sed -n "${n}p")"
    n=$((RANDOM % 5 + 1))
    mkdir -p "$M/U$((r % 12 + 1))/2023-02-0$((r % 9 + 1))"
    cp "$(find "$CORPUS/pdf" -name '*.pdf' | sort | sed -n "${n}p")" \
        "$M/U$((r % 12 + 1))/2023-02-0$((r % 9 + 1))/kopi-$r-bilag.pdf"
}

test_begin_subtest "kill -9 in 10 runs over files that change between them, half in segments: each time the index opens, no page twice, none of a file never there"
agendex index --quiet --db "$TMP/mut.db" "$M" >/dev/null 2>&1
RANDOM=11
bad= partial=0
for r in $(seq 0 9); do
    find "$M" -type f | sort >"$TMP/was.files"
    change_archive "$r"
    find "$M" -type f | sort | sort -m - "$TMP/was.files" | uniq >"$TMP/may.files"
    changed=$(grep -rlw -- "${rwords[$r]}" "$M" | wc -l)
    # odd rounds in segments of 20 pages: a changed file's old pages are
    # deleted in the index, its new ones written to a segment
    seg=()
    [ $((r % 2)) = 1 ] && seg=(--segment-pages 20)
    "$AGENDEX" index --quiet --commit-every 5 "${seg[@]}" --db "$TMP/mut.db" "$M" >/dev/null 2>>"$TMP/mut.db.err" &
    victim=$!
    wait_commits "$TMP/mut.db" $((RANDOM % (changed / 5 + 1))) $victim
    sleep "0.0$((RANDOM % 10))"
    kill -9 $victim 2>/dev/null
    wait $victim 2>/dev/null
    code=0
    pages "$TMP/mut.db" >"$TMP/killed.pages" 2>/dev/null || code=$?
    [ "$code" -lt 2 ] || bad="$bad run $r: does not open;"
    [ "$(uniq -d "$TMP/killed.pages" | wc -l)" = 0 ] || bad="$bad run $r: pages twice;"
    cut -d' ' -f1 "$TMP/killed.pages" | uniq | comm -23 - "$TMP/may.files" | grep -q . &&
        bad="$bad run $r: a file never in the archive;"
    got=$(agendex search --db "$TMP/mut.db" --json --limit 10000 "${rwords[$r]}" | jq .documents)
    [ "$got" -gt 0 ] && [ "$got" -lt "$changed" ] && partial=$((partial + 1))
    index_until_done "$TMP/mut.db" "$M" || bad="$bad run $r: the rerun failed: $(head -1 "$TMP/rerun.out");"
    [ -d "$TMP/mut.db/segments" ] && bad="$bad run $r: segments left;"
done
# Kills must have struck between two commits of a run's changes: a run
# left part of its round's word in the index (9 of the 10 do here).
test_expect_equal "$bad|$((partial > 2))" "|1"

test_begin_subtest "... and the index after them answers as a clean index of the changed archive"
agendex index --quiet --db "$TMP/mut-clean.db" "$M" >/dev/null 2>&1
# every round's word: the pages that hold it
rounds() {
    local w
    for w in "${rwords[@]}"; do
        agendex search --db "$1" --json --pages --limit 10000 "$w" | jq -c '[.total, ([.hits[] | [.file, .page]] | sort)]'
    done
}
{ pages "$TMP/mut.db"; facts "$TMP/mut.db"; } >"$TMP/mut.answers"
{ pages "$TMP/mut-clean.db"; facts "$TMP/mut-clean.db"; } >"$TMP/mut-clean.answers"
rounds "$TMP/mut.db" >"$TMP/mut.rounds"
rounds "$TMP/mut-clean.db" >"$TMP/mut-clean.rounds"
# (and every round's word is found: the changes were made)
test_expect_equal "$(cmp -s "$TMP/mut.answers" "$TMP/mut-clean.answers" && echo same)|$(cmp -s "$TMP/mut.rounds" "$TMP/mut-clean.rounds" && echo same)|$(grep -c '^\[[1-9]' "$TMP/mut.rounds")|$(agendex status --db "$TMP/mut.db" | sed -n 2p)" \
    "same|same|10|$(agendex status --db "$TMP/mut-clean.db" | sed -n 2p)"

test_begin_subtest "a run in segments of 500 pages answers as one written whole, and leaves none"
agendex index --quiet --segment-pages 500 --db "$TMP/seg.db" "$B" >/dev/null 2>&1
facts "$TMP/clean.db" >"$TMP/clean.facts"
facts "$TMP/seg.db" >"$TMP/seg.facts"
test_expect_equal "$(cmp -s "$TMP/seg.facts" "$TMP/clean.facts" && echo same)|$(ls "$TMP/seg.db/segments" 2>/dev/null | wc -l)|$(agendex status --db "$TMP/seg.db" | sed -n 2p)" \
    "same|0|$(agendex status --db "$TMP/clean.db" | sed -n 2p)"

test_begin_subtest "... and so does a later run in segments that changes and deletes files"
S=$TMP/segarch
cp -r "$B" "$S"
agendex index --quiet --db "$TMP/seg2.db" "$S" >/dev/null 2>&1
for i in $(seq 1 40); do
    for f in "$S/T$i/2022"/*.txt; do printf '\nSegmenttilføjelse %s\n' "$i" >>"$f"; done
done
rm -r "$S/T41" "$S/KD-Net"
agendex index --quiet --segment-pages 50 --db "$TMP/seg2.db" "$S" >"$TMP/seg2.out" 2>&1
agendex index --quiet --db "$TMP/seg2-clean.db" "$S" >/dev/null 2>&1
facts "$TMP/seg2-clean.db" >"$TMP/clean.facts"
facts "$TMP/seg2.db" >"$TMP/seg.facts"
test_expect_equal "$(cmp -s "$TMP/seg.facts" "$TMP/clean.facts" && echo same)|$(agendex search --db "$TMP/seg2.db" --json Segmenttilføjelse | jq .documents)|$(agendex status --db "$TMP/seg2.db" | sed -n 2p)" \
    "same|200|$(agendex status --db "$TMP/seg2-clean.db" | sed -n 2p)"

test_begin_subtest "kill -9 at 10 moments of a run in segments: each time the index opens, no page twice; the last run equals a clean one"
bad= partial=0
kill_runs 10 "$TMP/ks.db" 100 --segment-pages 300
for _ in $(seq 1 50); do
    agendex index --quiet --segment-pages 300 --db "$TMP/ks.db" "$B" >"$TMP/rerun.out" 2>&1 && break
    grep -q 'is locked' "$TMP/rerun.out" || break
    sleep 0.1
done
pages "$TMP/ks.db" >"$TMP/killed.pages"
# and some runs must have found segments a killed one left
test_expect_equal "$bad|$((partial > 0))|$(($(grep -c 'merging [0-9]* segments* that a stopped run left' "$TMP/ks.db.err") > 0))|$(cmp -s "$TMP/killed.pages" "$TMP/clean.pages" && echo same)|$(ls "$TMP/ks.db/segments" 2>/dev/null | wc -l)|$(agendex status --db "$TMP/ks.db" | sed -n 2p)" \
    "|1|1|same|0|$(agendex status --db "$TMP/clean.db" | sed -n 2p)"

test_begin_subtest "a segment a kill left half made (no version file) is removed, not a stop"
# What a kill -9 while Xapian creates a segment leaves: its lock, empty
# tables, the version file still being written.
half=$TMP/ks.db/segments/9
mkdir -p "$half"
: >"$half/flintlock"
: >"$half/postlist.glass"
: >"$half/termlist.glass"
printf 'partial' >"$half/v.tmp"
code=0
agendex index --quiet --segment-pages 300 --db "$TMP/ks.db" "$B" >"$TMP/rerun.out" 2>&1 || code=$?
pages "$TMP/ks.db" >"$TMP/killed.pages"
test_expect_equal "$code|$(ls "$TMP/ks.db/segments" 2>/dev/null | wc -l)|$(cmp -s "$TMP/killed.pages" "$TMP/clean.pages" && echo same)" \
    "0|0|same"

# PDFs moved, and filed twice: their text is read back from the index,
# not extracted again, and the index ends as a clean run over the same
# archive would make it.
P=$TMP/pdfs
mkdir -p "$P"
cp -r "$CORPUS"/pdf/* "$P/"
agendex index --quiet --db "$TMP/p.db" "$P" >/dev/null
mkdir -p "$P/KD-Net/2020-02" "$P/KKR Midtjylland/2023-03-01"
mv "$P"/KD-Net/2020-01-24/*.pdf "$P/KD-Net/2020-02/moved-bilag.pdf"
cp "$P"/KD-Net/2023-01-27/*.pdf "$P/KKR Midtjylland/2023-03-01/same-bilag.pdf"
# answers DB: every page of three searches, with their metadata and
# scores.  Not their snippets: Xapian weighs a passage's words by the most
# each could weigh, from bounds it never lowers when pages are deleted
# ("kommunalt": wdf_max 19 after the move, 17 in a clean run, the same 20
# occurrences), so two passages of a page that score alike can swap.
answers() {
    local q
    for q in kommune takstaftale 'udvalg:"KKR Midtjylland"'; do
        agendex search --db "$1" --json --pages --limit 1000 "$q" |
            jq -c 'del(.hits[].snippet)'
    done
}

test_begin_subtest "a moved PDF and a copy under another meeting are not extracted again"
agendex index --quiet --db "$TMP/p.db" "$P" >"$TMP/out"
test_expect_equal "$(sed -n 's/^agendex index: \([^;]*\);.*; \([0-9]* PDFs not extracted again\).*/\1|\2/p' "$TMP/out")" \
    "2 added, 0 updated, 1 removed, 4 unchanged, 0 failed, 0 skipped|2 PDFs not extracted again"

test_begin_subtest "... and the index answers as a clean run's; each hit names its other meeting"
agendex index --quiet --db "$TMP/p-clean.db" "$P" >/dev/null
answers "$TMP/p.db" >"$TMP/p.json"
answers "$TMP/p-clean.db" >"$TMP/p-clean.json"
# Each meeting's hit names the other meeting it is filed under.
both=$(agendex search --db "$TMP/p.db" --json --limit 50 takstaftale |
    jq -r '[.hits[] | "\(.udvalg) \(.date) also \(.copies | map("\(.udvalg) \(.date)") | join("+"))"] | join(",")')
if cmp -s "$TMP/p.json" "$TMP/p-clean.json"; then
    test_expect_equal "$both" "KD-Net 2023-01-27 also KKR Midtjylland 2023-03-01,KKR Midtjylland 2023-03-01 also KD-Net 2023-01-27"
else
    test_fail "answers differ from a clean run's" "$(diff "$TMP/p.json" "$TMP/p-clean.json" | head -5)"
fi

# Files are analysed in threads (--jobs of them), a little ahead of the
# one writer, which writes them in the archive's order: the index is the
# same whatever the number of threads, word for word, position for
# position, value for value, page text and spelling data too.
stored() {
    local n r=()
    n=$(xapian-delve "$1" | awk -F' = ' '/number of documents/ {print $2}')
    for i in $(seq 1 "$n"); do r+=(-r "$i"); done
    xapian-delve -a -1 -vv "$1"
    xapian-delve -V "$1"
    xapian-delve -d -1 -v "${r[@]}" "$1"
}
contents() {
    stored "$1"
    agendex search --db "$1" --json lægevagtn | jq -c .corrected
}
test_begin_subtest "the index is the same with one analysis thread or four"
agendex index --quiet --jobs 1 --db "$TMP/j1.db" "$CORPUS" >/dev/null
agendex index --quiet --jobs 4 --db "$TMP/j4.db" "$CORPUS" >/dev/null
contents "$TMP/j1.db" | grep -v '^UUID = ' >"$TMP/j1.txt"
contents "$TMP/j4.db" | grep -v '^UUID = ' >"$TMP/j4.txt"
if [ "$(wc -l <"$TMP/j1.txt")" -gt 50000 ] && grep -q '"lægevagten"' "$TMP/j1.txt"; then
    test_expect_equal_file "$TMP/j4.txt" "$TMP/j1.txt"
else
    test_fail "too little to compare: $(wc -l <"$TMP/j1.txt") lines" "$(tail -1 "$TMP/j1.txt")"
fi

# --reread reads every file again, as if each had changed, and leaves the
# index as a clean run makes it.  Its pages are new documents: compared
# once xapian-compact has numbered them from 1 again, and without the
# bound on page lengths, which Xapian never raises as pages are deleted.
test_begin_subtest "--reread reads every file again; the index is then a clean run's"
s=$(agendex index --db "$TMP/j4.db" --reread "$CORPUS" | sed -n 's/^agendex index: \([^;]*\);.*/\1/p')
xapian-compact -s "$TMP/j4.db" "$TMP/j4c.db" >/dev/null
{
    stored "$TMP/j4c.db"
    agendex search --db "$TMP/j4.db" --json lægevagtn | jq -c .corrected
} | grep -v -e '^UUID = ' -e '^revision = ' -e '^document length lower bound' >"$TMP/j4c.txt"
grep -v -e '^revision = ' -e '^document length lower bound' "$TMP/j1.txt" >"$TMP/j1c.txt"
if [ "$s" = "0 added, 10 updated, 0 removed, 0 unchanged, 0 failed, 0 skipped" ]; then
    test_expect_equal_file "$TMP/j4c.txt" "$TMP/j1c.txt"
else
    test_fail "summary: $s"
fi

# The spelling data counts each word as often as the pages have it: a
# changed file's old pages take theirs off.  Before, each change counted
# the file's words once more, and the corrector, which weighs neighbours
# by those counts, came to prefer a word by how often its file changed.
test_begin_subtest "a file changed three times counts its words once in the spelling data"
mkdir -p "$TMP/sp/U/2024-01-01"
printf 'Punkt 1: A\nEt plovjern i marken.\n' >"$TMP/sp/U/2024-01-01/a-referat.txt"
printf 'Punkt 1: B\nEt plovjarn og endnu et plovjarn.\n' >"$TMP/sp/U/2024-01-01/b-referat.txt"
agendex index --quiet --db "$TMP/sp.db" "$TMP/sp" >/dev/null
before=$(agendex search --db "$TMP/sp.db" --json plovjirn | jq -r .corrected)
for i in 1 2 3; do
    echo "Linje $i." >>"$TMP/sp/U/2024-01-01/a-referat.txt"
    agendex index --quiet --db "$TMP/sp.db" "$TMP/sp" >/dev/null
done
after=$(agendex search --db "$TMP/sp.db" --json plovjirn | jq -r .corrected)
rm "$TMP/sp/U/2024-01-01/b-referat.txt"
agendex index --quiet --db "$TMP/sp.db" "$TMP/sp" >/dev/null
gone=$(agendex search --db "$TMP/sp.db" --json plovjirn | jq -r .corrected)
test_expect_equal "$before|$after|$gone" "plovjarn|plovjarn|plovjern"

test_done
