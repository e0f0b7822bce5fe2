#!/usr/bin/env bash
# run.sh [--size PAGES] [--text] [--keep DIR]: the benchmark, in one run on
# the same files and cores.  Makes a synthetic archive of PAGES pages
# (tools/bench/gen.c, from corpus/text) and measures:
#   - the extraction floor: pdftotext over every PDF, one at a time and
#     with every core;
#   - agendex index from empty: seconds, pages/s, peak RSS, index size;
#   - agendex index again with no change, and after touching 1% of files;
#   - query latency, the whole agendex search process, p50 and p99 over
#     20 fixed queries (words, a phrase, a case number, filters, dates),
#     facets included, each run 5 times.
# Prints one table.  Needs a build (tools/setup.sh demo or test); CI runs
# it only at the smallest size, as a smoke test.  The comparison with
# omindex and recollindex (issue 7) is not in it yet.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
size=1000 text=0 keep=
while [ $# -gt 0 ]; do
    case "$1" in
    --size) size=$2; shift 2 ;;
    --text) text=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "Usage: tools/bench/run.sh [--size PAGES] [--text] [--keep DIR]" >&2; exit 2 ;;
    esac
done
build=${AGENDEX_BUILD:-$top/build}
agendex=${AGENDEX:-$build/cli/agendex}
gen=$build/tools/bench/agendex-gen
cores=$(nproc)
work=${keep:-$(mktemp -d)}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
arch=$work/archive db=$work/db

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
row() { printf '%-46s %12s %12s\n' "$1" "$2" "$3"; }

rm -rf "$arch" "$db"
"$gen" $([ "$text" = 1 ] && echo --text) "$top/corpus/text" "$arch" "$size" >/dev/null
files=$(find "$arch" -type f | wc -l)

echo "agendex benchmark: $size pages in $files files ($([ "$text" = 1 ] && echo text || echo PDF)), $cores cores"
row "measure" "value" "vs floor"
if [ "$text" = 0 ]; then
    t0=$(now)
    find "$arch" -name '*.pdf' -print0 | xargs -0 -n1 sh -c 'pdftotext -q "$0" /dev/null'
    t1=$(now)
    find "$arch" -name '*.pdf' -print0 | xargs -0 -n1 -P "$cores" sh -c 'pdftotext -q "$0" /dev/null'
    t2=$(now)
    floor_seq=$(secs "$t0" "$t1") floor=$(secs "$t1" "$t2")
    row "pdftotext, one at a time (s)" "$floor_seq" ""
    row "pdftotext, $cores at a time: the floor (s)" "$floor" "1.00"
fi

/usr/bin/time -f '%e %M' -o "$work/time" "$agendex" index --quiet --db "$db" "$arch" >/dev/null
read -r full rss <"$work/time"
ratio=
[ "$text" = 0 ] && ratio=$(awk -v a="$full" -v f="$floor" 'BEGIN { printf "%.2f", a / (f > 0 ? f : 1) }')
row "agendex index from empty (s)" "$full" "$ratio"
row "  pages/s" "$(awk -v p="$size" -v s="$full" 'BEGIN { printf "%.0f", p / (s > 0 ? s : 0.01) }')" ""
row "  peak RSS (MB)" "$(( rss / 1024 ))" ""
row "  index size (MB)" "$(du -sm "$db" | cut -f1)" ""

t0=$(now)
"$agendex" index --quiet --db "$db" "$arch" >/dev/null
row "agendex index, no change (s)" "$(secs "$t0" "$(now)")" ""
find "$arch" -type f | awk 'NR % 100 == 1' | tr '\n' '\0' | xargs -0 touch
t0=$(now)
"$agendex" index --quiet --db "$db" "$arch" >/dev/null
row "agendex index, 1% of files touched (s)" "$(secs "$t0" "$(now)")" ""

queries=(takstaftale kommune psykiatri '"det nære sundhedsvæsen"' SAG-2023-01438
    'klima udvalg:klimaudvalget' 'dato:2010..2015 budget' 'år:2012 skole'
    rammeaftale erhvervsfremme 'trafik OR mobilitet' 'sundhed -psykiatri'
    'type:referat borger' udsatte flygtninge rekruttering 'takst*'
    'titel:orientering' 'beskæftigelsesindsats' 'kollektiv trafik')
: >"$work/lat"
for q in "${queries[@]}"; do
    for _ in 1 2 3 4 5; do
        t0=$(now)
        "$agendex" search --db "$db" --json -- $q >/dev/null || true
        awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }' >>"$work/lat"
    done
done
sort -n "$work/lat" >"$work/lat.sorted"
n=$(wc -l <"$work/lat.sorted")
row "agendex search, p50 (ms, whole process)" "$(sed -n "$(( (n + 1) / 2 ))p" "$work/lat.sorted")" ""
row "agendex search, p99 (ms, whole process)" "$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$work/lat.sorted")" ""
