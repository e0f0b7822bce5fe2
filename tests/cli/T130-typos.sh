#!/usr/bin/env bash
# T130: misspelt words.  A word the archive lacks (or has far less often
# than a word a letter or two away) is searched as the archive spells it
# too, and the answer says so; --exact turns that off; right words,
# inflections, short words and capitals are never "corrected".
. "$(dirname "$0")/test-lib.sh"

ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
DB=$TMP/db
agendex index --db "$DB" "$ARCHIVE" >/dev/null 2>&1

# typed: what the archive has (names, and a two-word query, included)
while IFS=: read -r typed right; do
    test_begin_subtest "$typed: searched as $right, and said so"
    json=$(agendex search --db "$DB" --json --pages --limit 1000 -- $typed)
    got=$(echo "$json" | jq -r '.hits[] | "\(.file)\t\(.page)"' | sort)
    test_expect_equal "$(echo "$json" | jq -r .corrected)|$got" \
        "$right|$(hits "$DB" $right)"

    test_begin_subtest "$typed --exact: as typed, nothing corrected"
    test_expect_equal "$(agendex search --db "$DB" --exact --json -- $typed | jq -c '[.corrected, .total]')" \
        '[null,0]'
done <<'TABLE'
erhversfremme:erhvervsfremme
takstafale:takstaftale
kolektiv trafik:kollektiv trafik
Midtjyland:midtjylland
sundhedskordinator:sundhedskoordinator
TABLE

test_begin_subtest "the text output says what was searched"
agendex search --db "$DB" erhversfremme >"$TMP/out"
test_expect_equal "$(head -1 "$TMP/out")" \
    "Viser resultater for: erhvervsfremme  (--exact: kun de skrevne ord)"

test_begin_subtest "right words, inflections, short words and capitals stay as typed"
# takstaftaler: an inflection the archive lacks, found by its stem;
# nærhospitaller: in the archive; KKR: capitals; sag, kl: short.
bad=
for q in takstaftaler nærhospitaller psykiatri KKR sag kl Takstaftalen; do
    c=$(agendex search --db "$DB" --json -- "$q" | jq -r .corrected)
    [ "$c" = null ] || bad="$bad $q->$c"
done
test_expect_equal "$bad" ""

test_begin_subtest "a word typed with ae oe aa is no typo: its pages, nothing corrected"
# aeldre is ældre, not aldre (one letter from aeldre, two from ældre).
bad=
for pair in aeldre:ældre aeldreomraadet:ældreområdet naerhospital:nærhospital hoeretab:høretab; do
    json=$(agendex search --db "$DB" --json --pages --limit 1000 -- "${pair%%:*}")
    got=$(echo "$json" | jq -r '.hits[] | "\(.file)\t\(.page)"' | sort)
    [ "$(echo "$json" | jq -r .corrected)" = null ] && [ -n "$got" ] &&
        [ "$got" = "$(hits "$DB" "${pair#*:}")" ] || bad="$bad ${pair%%:*}"
done
test_expect_equal "$bad" ""

test_begin_subtest "phrases and fields are left alone"
test_expect_equal "$(agendex search --db "$DB" --json '"erhversfremme"' | jq -c '[.corrected, .total]')|$(agendex search --db "$DB" --json 'titel:erhversfremme' | jq -c '[.corrected, .total]')" \
    '[null,0]|[null,0]'

test_done
