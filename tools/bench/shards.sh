#!/usr/bin/env bash
# shards.sh [--archive DIR] [--rounds N]: what shards cost a search.
# Indexes ARCHIVE (default: corpus/pdf) three ways: one index, 2 shards
# (a stub), and the same 2 shards each served by xapian-tcpsrv on
# loopback (a stub with remote lines).  Times the same queries over each,
# interleaved, as a whole `agendex search --json` process and inside
# `agendex serve` (its own log's times), and counts the connections serve
# holds to the shards once every thread has answered.  Prints one table;
# docs/scale.md has the figures.  Needs a build and xapian-tcpsrv
# (xapian-tools).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
archive=$top/corpus/pdf rounds=5
while [ $# -gt 0 ]; do
    case "$1" in
    --archive) archive=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "Usage: tools/bench/shards.sh [--archive DIR] [--rounds N]" >&2; exit 2 ;;
    esac
done
agendex=${AGENDEX:-${AGENDEX_BUILD:-$top/build}/cli/agendex}
command -v xapian-tcpsrv >/dev/null || { echo "shards.sh: needs xapian-tcpsrv (xapian-tools)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

queries=(takstaftale kommune sundhedsområdet SAG-2022-05370
    'psykiatri OR rammeaftale' 'udvalg:KD-Net' 'år:2023 borger' kkr
    '"det nære sundhedsvæsen"')

"$agendex" index --quiet --db "$work/one" "$archive" >/dev/null
"$agendex" index --quiet --shards 2 --db "$work/two" "$archive" >/dev/null

# shellcheck source=tools/bench/tcpsrv.sh
. "$(dirname "$0")/tcpsrv.sh"
read -r p0 pid0 < <(tcpsrv "$work/two/shard-0" "$work")
read -r p1 pid1 < <(tcpsrv "$work/two/shard-1" "$work")
pids+=("$pid0" "$pid1")
printf 'auto %s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "$work/two/global" "$p0" "$p1" >"$work/remote.stub"

setups=(one two remote)
db_of() { case $1 in one) echo "$work/one" ;; two) echo "$work/two" ;; remote) echo "$work/remote.stub" ;; esac; }

# Whole processes, the set-ups interleaved query by query.
for s in "${setups[@]}"; do : >"$work/cli-$s"; done
for q in "${queries[@]}"; do
    for s in "${setups[@]}"; do "$agendex" search --db "$(db_of "$s")" --json -- "$q" >/dev/null; done
    for _ in $(seq "$rounds"); do
        for s in "${setups[@]}"; do
            t0=${EPOCHREALTIME/,/.}
            "$agendex" search --db "$(db_of "$s")" --json -- "$q" >/dev/null
            t1=${EPOCHREALTIME/,/.}
            awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >>"$work/cli-$s"
        done
    done
done

# Inside agendex serve: one server per set-up, each query asked once to
# warm (and to let every pool thread open its searcher), then timed.
enc() { jq -rn --arg s "$1" '$s | @uri'; }
for s in "${setups[@]}"; do
    port=$((20000 + RANDOM % 30000))
    "$agendex" serve --db "$(db_of "$s")" --listen "127.0.0.1:$port" 2>"$work/serve-$s.log" &
    srv=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
    for q in "${queries[@]}"; do
        for _ in $(seq $((rounds + 1))); do
            curl -s -o /dev/null "http://127.0.0.1:$port/api/search?q=$(enc "$q")"
        done
    done
    # connections from this server to the shards' ports, still open
    conns=0
    if [ "$s" = remote ]; then
        if command -v ss >/dev/null; then
            conns=$(ss -tnH state established "( dport = :$p0 or dport = :$p1 )" | wc -l)
        else
            conns=- # (no ss: iproute2)
        fi
    fi
    echo "$conns" >"$work/conns-$s"
    kill "$srv"
    wait "$srv" 2>/dev/null || true
    awk -v r=$((rounds + 1)) '/^GET \/api\/search/ { n++; if ((n - 1) % r) print $NF == "ms" ? $(NF-1) : $NF }' \
        "$work/serve-$s.log" >"$work/serve-$s"
done

# pct FILE P: the P-th percentile (nearest rank) of the numbers in FILE.
pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'; }
printf '%-28s %10s %10s %10s %10s %12s\n' "index ($(basename "$archive"))" "CLI p50" "CLI p90" "serve p50" "serve p90" "open conns"
for s in "${setups[@]}"; do
    case $s in one) name="one index" ;; two) name="2 local shards (stub)" ;; remote) name="2 shards, xapian-tcpsrv" ;; esac
    printf '%-28s %8s ms %8s ms %8s ms %8s ms %12s\n' "$name" \
        "$(pct "$work/cli-$s" 50)" "$(pct "$work/cli-$s" 90)" \
        "$(pct "$work/serve-$s" 50)" "$(pct "$work/serve-$s" 90)" "$(cat "$work/conns-$s")"
done
echo "(${#queries[@]} queries x $rounds rounds; serve on $(nproc) cores, its pool's searchers kept)"
