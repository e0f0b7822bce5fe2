#!/usr/bin/env bash
# run.sh [--size PAGES] [--text] [--keep DIR] [--only-agendex]
# [--pages-per-doc N]: the
# benchmark, in one run on the same files and cores.  Makes a synthetic
# archive of PAGES pages (tools/bench/gen.c, from corpus/text) and
# measures, side by side for agendex, Xapian's omindex (xapian-omega) and
# recollindex (recollcmd):
#   - the extraction floor: pdftotext over every PDF, one at a time and
#     with every core;
#   - index from empty: seconds, pages/s, peak RSS, index size;
#   - index again with no change, and after touching 1% of the files;
#   - query latency, the whole process (agendex search, quest, recollq),
#     p50 and p99 over 20 fixed queries (words, a phrase, a case number,
#     filters, dates; agendex also counts its facets), each run 5 times.
# Prints one table, with ratios to the floor and to agendex.  The other
# tools are installed with apt-get when missing (as root); --only-agendex
# leaves them out.  Needs a build (tools/setup.sh demo or test); CI runs
# it only at the smallest size, as a smoke test.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
size=1000 text=0 keep= others=1 per_doc=10
while [ $# -gt 0 ]; do
    case "$1" in
    --size) size=$2; shift 2 ;;
    --text) text=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --only-agendex) others=0; shift ;;
    --pages-per-doc) per_doc=$2; shift 2 ;;
    *) echo "Usage: tools/bench/run.sh [--size PAGES] [--text] [--keep DIR] [--only-agendex] [--pages-per-doc N]" >&2; exit 2 ;;
    esac
done
build=${AGENDEX_BUILD:-$top/build}
agendex=${AGENDEX:-$build/cli/agendex}
gen=$build/tools/bench/agendex-gen
cores=$(nproc)
work=${keep:-$(mktemp -d)}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
arch=$work/archive

tools=(agendex)
if [ "$others" = 1 ]; then
    missing=()
    command -v omindex >/dev/null || missing+=(xapian-omega)
    command -v quest >/dev/null || missing+=(xapian-tools)
    command -v recollindex >/dev/null || missing+=(recollcmd)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "run.sh: missing ${missing[*]}: sudo apt-get install ${missing[*]}, or --only-agendex" >&2
            exit 2
        fi
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    tools+=(omindex recoll)
fi

# Bash's own clock: no process per reading (a `date` costs ~5 ms here,
# more than a search of a small index).
now() { echo "${EPOCHREALTIME/,/.}"; } # "," under a Danish locale
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# index TOOL [--fresh]: one indexing run of TOOL over the archive; prints
# "seconds peak-RSS-KB".
index() {
    local t=$1 fresh=${2:-}
    case $t in
    agendex)
        [ -z "$fresh" ] || rm -rf "$work/db"
        set -- "$agendex" index --quiet --db "$work/db" "$arch" ;;
    omindex)
        [ -z "$fresh" ] || rm -rf "$work/omega"
        set -- omindex --db "$work/omega" --url / --stemmer=danish "$arch" ;;
    recoll)
        if [ -n "$fresh" ]; then
            rm -rf "$work/recoll"
            mkdir -p "$work/recoll"
            printf 'topdirs = %s\nindexstemminglanguages = danish\nloglevel = 1\n' \
                "$arch" >"$work/recoll/recoll.conf"
        fi
        set -- recollindex -c "$work/recoll" ;;
    esac
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/$t.log" || true
    tail -n 1 "$work/time" # after "Command exited with non-zero status N"
}

size_mb() {
    case $1 in
    agendex) du -sm "$work/db" | cut -f1 ;;
    omindex) du -sm "$work/omega" | cut -f1 ;;
    recoll) du -sm "$work/recoll/xapiandb" | cut -f1 ;;
    esac
}

queries=(takstaftale kommune psykiatri '"det nære sundhedsvæsen"' SAG-2023-01438
    'klima udvalg:klimaudvalget' 'dato:2010..2015 budget' 'år:2012 skole'
    rammeaftale erhvervsfremme 'trafik OR mobilitet' 'sundhed -psykiatri'
    'type:referat borger' udsatte flygtninge rekruttering 'takst*'
    'titel:orientering' 'beskæftigelsesindsats' 'kollektiv trafik')

# latency TOOL: p50 and p99 in ms of the whole search process; each
# query's median goes to $work/latency-TOOL.txt (which queries cost).
latency() {
    local t=$1 q t0 t1
    : >"$work/lat"
    for q in "${queries[@]}"; do
        for _ in 1 2 3 4 5; do
            t0=${EPOCHREALTIME/,/.}
            case $t in
            agendex) "$agendex" search --db "$work/db" --json -- "$q" ;;
            omindex) quest -d "$work/omega" -s danish -o and -m 10 -- "$q" ;;
            recoll) recollq -c "$work/recoll" -n 10 -- "$q" ;;
            esac >/dev/null 2>&1 || true
            t1=${EPOCHREALTIME/,/.}
            awk -v a="$t0" -v b="$t1" -v q="$q" 'BEGIN { printf "%.1f\t%s\n", (b - a) * 1000, q }' >>"$work/lat"
        done
    done
    sort -t "$(printf '\t')" -k2,2 -k1,1n "$work/lat" |
        awk -F '\t' '$2 != q { if (n) print m[3] "\t" q; n = 0; q = $2 } { m[++n] = $1 } END { if (n) print m[3] "\t" q }' \
            >"$work/latency-$t.txt"
    cut -f1 "$work/lat" | sort -n >"$work/lat.sorted"
    local n
    n=$(wc -l <"$work/lat.sorted")
    echo "$(sed -n "$(((n + 1) / 2))p" "$work/lat.sorted") $(sed -n "$(((n * 99 + 99) / 100))p" "$work/lat.sorted")"
}

rm -rf "$arch"
"$gen" $([ "$text" = 1 ] && echo --text) --pages-per-doc "$per_doc" "$top/corpus/text" "$arch" "$size" >/dev/null
files=$(find "$arch" -type f | wc -l)

echo "benchmark: $size pages in $files files ($([ "$text" = 1 ] && echo text || echo PDF)), $cores cores"
floor=0
if [ "$text" = 0 ]; then
    t0=$(now)
    find "$arch" -name '*.pdf' -print0 | xargs -0 -n1 sh -c 'pdftotext -q "$0" /dev/null'
    t1=$(now)
    find "$arch" -name '*.pdf' -print0 | xargs -0 -n1 -P "$cores" sh -c 'pdftotext -q "$0" /dev/null'
    t2=$(now)
    floor=$(secs "$t1" "$t2")
    printf '%-44s %10s\n' "pdftotext, one at a time (s)" "$(secs "$t0" "$t1")"
    printf '%-44s %10s\n' "pdftotext, $cores at a time: the floor (s)" "$floor"
fi

declare -A full rss isize nochange touched p50 p99
for t in "${tools[@]}"; do
    read -r full[$t] rss[$t] < <(index "$t" --fresh)
    isize[$t]=$(size_mb "$t")
done
for t in "${tools[@]}"; do
    read -r nochange[$t] _ < <(index "$t")
done
find "$arch" -type f | awk 'NR % 100 == 1' | tr '\n' '\0' | xargs -0 touch
for t in "${tools[@]}"; do
    read -r touched[$t] _ < <(index "$t")
done
for t in "${tools[@]}"; do
    read -r p50[$t] p99[$t] < <(latency "$t")
done

row() { # LABEL ARRAY-NAME
    local -n a=$2
    printf '%-44s' "$1"
    for t in "${tools[@]}"; do printf ' %10s' "${a[$t]}"; done
    printf '\n'
}
declare -A vsfloor pps mb vsag
for t in "${tools[@]}"; do
    vsfloor[$t]=$(div "${full[$t]}" "$floor")
    pps[$t]=$(awk -v p="$size" -v s="${full[$t]}" 'BEGIN { printf "%.0f", p / (s > 0 ? s : 0.01) }')
    mb[$t]=$((${rss[$t]} / 1024))
    vsag[$t]=$(div "${full[$t]}" "${full[agendex]}")
done
printf '%-44s' "measure"
for t in "${tools[@]}"; do printf ' %10s' "$t"; done
printf '\n'
row "index from empty (s)" full
[ "$text" = 1 ] || row "  vs the floor" vsfloor
row "  vs agendex" vsag
row "  pages/s" pps
row "  peak RSS (MB)" mb
row "  index size (MB)" isize
row "index, no change (s)" nochange
row "index, 1% of files touched (s)" touched
row "search, p50 (ms, whole process)" p50
row "search, p99 (ms, whole process)" p99
