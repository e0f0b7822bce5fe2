#!/usr/bin/env bash
# eval.sh DB [MIN_NDCG MIN_MRR]: runs tests/relevance/queries.tsv against
# the index DB (of corpus/pdf) and reports nDCG@10 and MRR over pages,
# from the graded judgments in qrels.tsv (written by reading the pages;
# see README.md).  With MIN_*, exits 1 if a score falls below it.
# QUERIES=FILE runs FILE's queries instead (the same ids).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=$1 min_ndcg=${2:-0} min_mrr=${3:-0}
agendex=${AGENDEX:-agendex}
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT

grep -v '^#' "${QUERIES:-$here/queries.tsv}" | while IFS=$'\t' read -r id query; do
    "$agendex" search --db "$db" --json --pages --limit 10 -- $query 2>/dev/null |
        jq -r --arg id "$id" '.hits[] | "\($id)\t\(.file | split("/") | .[-1] | .[0:3])-\(.page)\t\(.rank)"' || true
    echo -e "$id\t-\t0" # every query appears, even with no hits
done >"$runs"

awk -F'\t' -v min_ndcg="$min_ndcg" -v min_mrr="$min_mrr" '
    FNR == NR { if ($0 !~ /^#/) { grade[$1 SUBSEP $2] = $3; n[$1]++; g[$1, n[$1]] = $3 } next }
    $3 > 0 { rel = grade[$1 SUBSEP $2] + 0
             dcg[$1] += (2 ^ rel - 1) / (log($3 + 1) / log(2))
             if (rel >= 2 && !rr[$1]) rr[$1] = 1 / $3 }
    { seen[$1] = 1 }
    END {
        for (q in seen) {
            # the ideal DCG: the judged grades, best first, top 10
            m = n[q]; delete s
            for (i = 1; i <= m; i++) s[i] = g[q, i]
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
                if (s[j] > s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
            idcg = 0
            for (i = 1; i <= m && i <= 10; i++) idcg += (2 ^ s[i] - 1) / (log(i + 1) / log(2))
            nd = idcg ? dcg[q] / idcg : 0
            printf "%s\tnDCG@10 %.3f\tRR %.3f\n", q, nd, rr[q] + 0 | "sort"
            sum_nd += nd; sum_rr += rr[q]; k++
        }
        close("sort")
        printf "queries %d  nDCG@10 %.3f  MRR %.3f\n", k, sum_nd / k, sum_rr / k
        if (sum_nd / k < min_ndcg || sum_rr / k < min_mrr) {
            printf "below the floor: nDCG@10 %.3f (min %s), MRR %.3f (min %s)\n", sum_nd / k, min_ndcg, sum_rr / k, min_mrr
            exit 1
        }
    }' "$here/qrels.tsv" "$runs"
