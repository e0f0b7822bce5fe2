#!/usr/bin/env bash
# T120: abbreviations.  Each entry of the built-in list finds its long form
# and back; the archive's own definitions do too; a list of one's own
# (beside the index or --synonyms) is read; an acronym matches no word
# that merely contains its letters.
. "$(dirname "$0")/test-lib.sh"

LIST=$SRCDIR/stemmer/abbreviations.txt

# A fixture: for each entry, one page with only the abbreviation and one
# with only the long form.
A=$TMP/a/Udvalg/2024-03-01
mkdir -p "$A"
i=0
grep -v '^#' "$LIST" | grep . | while IFS=$'\t' read -r short long; do
    i=$((i + 1))
    printf 'Punkt 1: Orientering\nSagen blev drøftet med %s på mødet.\n' "$short" >"$A/s$i-referat.txt"
    printf 'Punkt 1: Orientering\nSagen blev drøftet med %s på mødet.\n' "$long" >"$A/l$i-referat.txt"
done
printf 'Punkt 1: Klima\nKlimaplan og kloakering, kl. 10.\n' >"$A/klima-referat.txt"
agendex index --db "$TMP/db" "$TMP/a" >/dev/null 2>&1

# "s3 l3" for the files a query finds among the fixture's.
found() {
    agendex search --db "$TMP/db" --json --pages --limit 1000 -- "$@" |
        jq -r '.hits[].file | split("/") | .[-1] | sub("-referat.txt"; "")' | sort | tr '\n' ' '
}

test_begin_subtest "every built-in abbreviation finds its long form, and back"
bad=
i=0
while IFS=$'\t' read -r short long; do
    i=$((i + 1))
    a=$(found "$short") b=$(found "$long")
    case " $a" in *" s$i "*) ;; *) bad="$bad $short(s$i):$a" ;; esac
    case " $a" in *" l$i "*) ;; *) bad="$bad $short->$long(l$i):$a" ;; esac
    case " $b" in *" s$i "*) ;; *) bad="$bad $long->$short(s$i):$b" ;; esac
done < <(grep -v '^#' "$LIST" | grep .)
test_expect_equal "$bad" ""

test_begin_subtest "an acronym matches no word that merely holds its letters"
# KL finds the word "kl." (it is one), never klima or kloakering.
test_expect_equal "$(found KL | tr ' ' '\n' | grep -c klima)" "1"
test_expect_equal "$(found klimaplan | tr ' ' '\n' | grep -vc klima)" "0"

test_begin_subtest "a list of one's own: --synonyms FILE, and DB/synonyms.txt"
printf 'Punkt 1: Orientering\nÆldreudvalget holdt møde.\n' >"$A/own-referat.txt"
agendex index --db "$TMP/db" "$TMP/a" >/dev/null 2>&1
printf '# ours\nÆU\tÆldreudvalget\n' >"$TMP/ours.txt"
before=$(found ÆU)
with=$(agendex search --db "$TMP/db" --synonyms "$TMP/ours.txt" --json ÆU | jq .total)
cp "$TMP/ours.txt" "$TMP/db/synonyms.txt"
beside=$(found aeu)
test_expect_equal "$before|$with|$beside" "|1|own "

test_begin_subtest "a --synonyms file that cannot be read: exit 2, named"
code=0
agendex search --db "$TMP/db" --synonyms "$TMP/nowhere.txt" x 2>"$TMP/err" || code=$?
test_expect_equal "$code|$(grep -c nowhere.txt "$TMP/err")" "2|1"

test_begin_subtest "the archive's definitions that begin with æ ø å, either way"
# A search looks up the archive's definitions by the letters its words
# begin with, and a query spells æ ø å the ASCII way.
C=$TMP/c/Udvalg/2024-04-01
mkdir -p "$C"
printf 'Punkt 1: Orientering\nÆldrerådet (ÆR) holdt møde om budgettet.\n' >"$C/d1-referat.txt"
printf 'Punkt 1: Orientering\nSagen blev sendt til ÆR til høring.\n' >"$C/d2-referat.txt"
printf 'Punkt 1: Orientering\nÆldrerådets høringssvar kom i går.\n' >"$C/d3-referat.txt"
printf 'Punkt 1: Orientering\nØkonomisk Analyse og Styring (ØAS) har regnet.\n' >"$C/d4-referat.txt"
printf 'Punkt 1: Orientering\nSpørgsmålet gik til ØAS.\n' >"$C/d5-referat.txt"
printf 'Punkt 1: Orientering\nEnheden for økonomisk analyse og styring svarede.\n' >"$C/d6-referat.txt"
agendex index --db "$TMP/cdb" "$TMP/c" >/dev/null 2>&1
found_c() {
    agendex search --db "$TMP/cdb" --json --pages -- "$@" |
        jq -r '.hits[].file | split("/") | .[-1] | sub("-referat.txt"; "")' | sort | tr '\n' ' '
}
test_expect_equal "$(found_c ÆR)|$(found_c aer)|$(found_c ældrerådet)" \
    "d1 d2 d3 |d1 d2 d3 |d1 d2 d3 "
test_expect_equal "$(found_c ØAS)|$(found_c økonomisk analyse og styring)" \
    "d4 d5 d6 |d4 d5 d6 "

# The archive's own definitions, in the sample.
ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
agendex index --db "$TMP/sdb" "$ARCHIVE" >/dev/null 2>&1

test_begin_subtest "a definition in the archive: STAR and its long form find each other"
# 003 p25 says only STAR; 004 p11 only "Styrelsen for Arbejdsmarked og
# rekruttering"; 003 p20 defines one by the other.
short=$(pages_matching "$ARCHIVE" '(^|[^[:alnum:]])STAR([^[:alnum:]]|$)')
long=$(pages_matching "$ARCHIVE" 'styrelsen for arbejdsmarked og rekruttering')
expected=$(sort -u <(echo "$short") <(echo "$long"))
test_expect_equal "$(hits "$TMP/sdb" STAR)|$(hits "$TMP/sdb" Styrelsen for Arbejdsmarked og Rekruttering)" \
    "$expected|$expected"

test_begin_subtest "agendex synonyms names where an abbreviation comes from"
out=$(agendex synonyms --db "$TMP/sdb" deb)
if echo "$out" | grep -qP '^abbreviation\tdeb\tdanmarks erhvervsfremmebestyrelse\t(archive|built-in)$' &&
    echo "$out" | grep -qP '\tarchive$' && echo "$out" | grep -qP '\tbuilt-in$'; then
    test_ok
else test_fail "got: $out"; fi

test_done
