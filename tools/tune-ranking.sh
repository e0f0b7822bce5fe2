#!/usr/bin/env bash
# tune-ranking.sh [DB]: measure the ranking parameters on the relevance
# test set (tests/relevance): nDCG@10 and MRR for a grid of title weight,
# exact-form weight and BM25 k1 and b, one line each, best last.  The
# chosen values live in query/search.c (RANKING) and docs/ranking.md;
# AGENDEX_TUNE is how this script tries others without a rebuild.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export AGENDEX=${AGENDEX:-$top/build/cli/agendex}
db=${1:-}
if [ -z "$db" ]; then
    db=$(mktemp -d)/db
    "$AGENDEX" index --quiet --db "$db" "$top/corpus/pdf" >/dev/null
fi
for title in 0 0.5 1 2; do
    for exact in 0 0.25 0.5; do
        for k1 in 0.6 1 1.5; do
            for b in 0.3 0.5 0.75; do
                t="title=$title,exact=$exact,k1=$k1,b=$b"
                s=$(AGENDEX_TUNE=$t "$top/tests/relevance/eval.sh" "$db" | tail -1)
                echo "$t  $s"
            done
        done
    done
done | sort -t' ' -k5,5n -k7,7n
