#!/usr/bin/env bash
# T010: index the sample archive's PDFs and search it end to end.  Every
# expected count comes from poppler-utils and grep, never from agendex.
. "$(dirname "$0")/test-lib.sh"

ARCHIVE=$(cd "$CORPUS/pdf" && pwd)
DB=$TMP/db
# Forms of a word: grep's view of what the Danish stemmer joins.
TAKST='(^|[^[:alnum:]])takstaftal(e|en|er|erne|ens|es)?([^[:alnum:]]|$)'

test_begin_subtest "index: every PDF, every page"
agendex index --db "$DB" "$ARCHIVE" >"$TMP/index.out" 2>&1
files=$(find "$ARCHIVE" -name '*.pdf' | wc -l)
pages=0
while IFS= read -r f; do pages=$((pages + $(pdf_pages "$f"))); done \
    < <(find "$ARCHIVE" -name '*.pdf')
test_expect_equal "$(grep -o '^agendex index: .* pages' "$TMP/index.out")" \
    "agendex index: $files added, 0 updated, 0 removed, 0 unchanged, 0 failed, 0 skipped; $pages pages"

test_begin_subtest "takstaftale finds exactly the pages with a form of it"
pages_matching "$ARCHIVE" "$TAKST" >"$TMP/takst.expected"
hits "$DB" takstaftale >"$TMP/takst.actual"
test_expect_equal_file "$TMP/takst.actual" "$TMP/takst.expected"

test_begin_subtest "the expected set is not empty (the test can fail)"
test_expect_equal "$(($(wc -l <"$TMP/takst.expected") >= 3))" 1

test_begin_subtest "Punkt 12 (Præcisering af takstaftalen) ranks first"
# The pages of 001 under agenda item 12, found with pdftotext: from the
# page holding the item's heading (not the table of contents on page 1)
# to the page holding the next item's.
doc=$(find "$ARCHIVE" -name '001_*.pdf')
first=$(pages_matching "$doc" 'Punkt 12: Præcisering af takstaftalen' |
    awk -F'\t' '$2 > 1 {print $2; exit}')
last=$(pages_matching "$doc" 'Punkt 13: Udpegninger' |
    awk -F'\t' '$2 > 1 {print $2; exit}')
item_pages=$(for p in $(seq "$first" "$last"); do
    page_text "$doc" "$p" | reader_text | grep -qiE "$TAKST" &&
        echo "$p"; done | sort -n | tr '\n' ' ')
n=$(echo $item_pages | wc -w)
top=$(agendex search --db "$DB" --json --pages --limit "$n" takstaftale |
    jq -r '.hits[].page' | sort -n | tr '\n' ' ')
test_expect_equal "$top" "$item_pages"

test_begin_subtest "a hit names the item its matches are in, not the page's main item"
# The page where item 12 begins is mostly item 11 (the page's main item);
# its takstaftale is item 12's.
test_expect_equal "$(agendex search --db "$DB" --json --pages --limit "$n" takstaftale |
    jq -r --argjson p "$first" '.hits[] | select(.page == $p) | "\(.item.number) \(.item.title)"')|$(agendex search --db "$DB" --json --pages --limit 200 'udvalg:KD-Net lægevagten' |
    jq -r --argjson p "$first" '.hits[] | select(.page == $p) | .item.number')" \
    "12 Præcisering af takstaftalen|11"

test_begin_subtest "a phrase's hit names the item the phrase stands in, not the one its small words fill"
# For each hit, where the phrase's words stand in a row on the page (their
# positions, read with xapian-delve) and the page's parts by agenda item
# (value 12, AGX_SLOT_REGIONS: "<first position>\t<number>\t..." lines).
# The phrases begin with words found all over a page ("det", "i", "med").
phrases=('"af de nationale"' '"det er derfor"' '"det er et"' '"i det midtjyske"'
    '"i en endelig"' '"med fokus på"' '"det nære sundhedsvæsen"' '"i handlingsorienterede partnerskaber"')
for q in "${phrases[@]}"; do
    agendex search --db "$DB" --json --pages --limit 100 "$q" |
        jq -r --arg q "$q" '.hits[] | [$q, .file, .page, (.item.number // "")] | @tsv'
done >"$TMP/phrase-hits"
xapian-delve -V0 "$DB" >"$TMP/value0"
xapian-delve -V1 "$DB" >"$TMP/value1"
perl -CSD -e '
    sub values_of { open my $f, "<:encoding(UTF-8)", $_[0] or die; local $/; my $s = <$f>;
        $s =~ s/^[^:]*: //; my %v = $s =~ /(?:^| )(\d+):(.*?)(?= \d+:|\s*\z)/gs; %v }
    my %file = values_of($ARGV[0]); my %page = values_of($ARGV[1]);
    my %doc; $doc{"$file{$_}\t" . ($page{$_} + 0)} = $_ for keys %file;
    my ($hits, $right, $decisive) = (0, 0, 0);
    open my $h, "<:encoding(UTF-8)", $ARGV[2] or die;
    while (<$h>) {
        chomp; my ($q, $f, $p, $item) = split /\t/, $_, -1;
        my $did = $doc{"$f\t$p"} // die "no document for $f page $p\n";
        my $v = `xapian-delve -V12 -r $did "$ARGV[3]"`; utf8::decode($v);
        ($v) = $v =~ /^Value 12 for record #\d+: (.*)$/m;
        my @parts = map { [split /\\x09/] } grep { length } split /\\x0a/, $v;
        next if @parts < 2;
        (my $words = $q) =~ s/"//g; my @w = split / /, $words;
        my @pos = map { my $t = $_; my %at;
            $at{$_} = 1 for grep { /^\d+$/ } split /\n/, `xapian-delve -1 -t "$t" -r $did "$ARGV[3]"`;
            \%at } @w;
        my $part = sub { my $r = 0; $r++ while $r + 1 < @parts && $parts[$r + 1][0] < $_[0]; $r };
        my (%phrase_in, @single);
        for my $at (keys %{$pos[0]}) {
            next if grep { !$pos[$_]{$at + $_} } 1 .. $#w;
            $phrase_in{$parts[$part->($at)][1]} = 1;
        }
        for my $i (0 .. $#w) { $single[$part->($_)]++ for keys %{$pos[$i]} }
        my $best = 0; for my $r (1 .. $#parts) { $best = $r if ($single[$r] // 0) > ($single[$best] // 0) }
        $hits++;
        if ($phrase_in{$item}) { $right++ } else { print "$q: $f page $p: item $item, the phrase is in ", join(" ", sort keys %phrase_in), "\n" }
        $decisive++ unless $phrase_in{$parts[$best][1]};
    }
    print "$right of $hits hits right; word by word, $decisive would not be\n";
' "$TMP/value0" "$TMP/value1" "$TMP/phrase-hits" "$DB" >"$TMP/phrase-items" 2>&1
if awk '/hits right/ {exit !($1 == $3 && $1 > 0 && $10 >= 3)}' "$TMP/phrase-items"; then
    test_ok
else
    test_fail "$(cat "$TMP/phrase-items")"
fi

test_begin_subtest "a capital or upper case word is stemmed like lower case"
hits "$DB" Takstaftalen >"$TMP/cap.actual"
hits "$DB" TAKSTAFTALER >"$TMP/upper.actual"
if cmp -s "$TMP/cap.actual" "$TMP/takst.expected" &&
    cmp -s "$TMP/upper.actual" "$TMP/takst.expected"; then test_ok; else
    test_fail "Takstaftalen/TAKSTAFTALER differ from takstaftale"
fi

test_begin_subtest "æ ø å match in any case"
hits "$DB" ældreområdet >"$TMP/lower.actual"
hits "$DB" ÆLDREOMRÅDET >"$TMP/upper.actual"
if [ -s "$TMP/lower.actual" ] && cmp -s "$TMP/lower.actual" "$TMP/upper.actual"
then test_ok; else test_fail "ÆLDREOMRÅDET differs from ældreområdet"; fi

test_begin_subtest "facet counts equal an independent count per udvalg and year"
# rammeaftale spans several committees and years.
RAMME='(^|[^[:alnum:]])rammeaftal(e|en|er|erne|ens|es)?([^[:alnum:]]|$)'
pages_matching "$ARCHIVE" "$RAMME" >"$TMP/ramme.pages"
# The archive layout is <udvalg>/<date>/<file>: count by folder.
expected=$(awk -F'\t' -v root="$ARCHIVE/" '{
        rel = substr($1, length(root) + 1); split(rel, part, "/")
        u[part[1]]++; y[substr(part[2], 1, 4)]++ }
    END { for (k in u) print "udvalg", k, u[k]; for (k in y) print "year", k, y[k] }' \
    "$TMP/ramme.pages" | sort)
actual=$(agendex search --db "$DB" --json rammeaftale | jq -r '
    (.facets.udvalg[] | "udvalg \(.value) \(.count)"),
    (.facets.year[] | "year \(.value) \(.count)")' | sort)
test_expect_equal "$actual" "$expected"

test_begin_subtest "--facets N lists each facet's N most frequent, and says how many it has"
agendex search --db "$DB" --json --facets 0 kommune >"$TMP/all.json"
agendex search --db "$DB" --json --facets 2 kommune >"$TMP/two.json"
# every facet's two largest counts of the full lists, and each full list's
# length (year and month are listed in time order: compared as counts)
want=$(jq -c '[.facets | to_entries[] | {(.key): ([.value[] | .count] | sort | reverse | .[:2])}] | add' "$TMP/all.json")
lens=$(jq -c '[.facets | to_entries[] | {(.key): (.value | length)}] | add' "$TMP/all.json")
agendex search --db "$DB" --facets 2 kommune >"$TMP/two.txt"
test_expect_equal "$(jq -c '[.facets | to_entries[] | {(.key): ([.value[] | .count] | sort | reverse)}] | add' "$TMP/two.json")|$(jq -c .facet_values "$TMP/two.json")|$(jq -c .facet_values "$TMP/all.json")|$(grep -c '^(2 of [0-9]* udvalg values, 2 of [0-9]* meeting values, .* listed, the most frequent; --facets 0 lists all)$' "$TMP/two.txt")" \
    "$want|$lens|$lens|1"

test_begin_subtest "years and months are listed in time order, the others most first"
order=
for f in "$TMP/all.json" "$TMP/two.json"; do
    order="$order $(jq -c '[(.facets.year, .facets.month | [.[].value] | . == sort),
        (.facets.udvalg, .facets.meeting, .facets.type | [.[].count] | . == (sort | reverse))] | all' "$f")"
done
test_expect_equal "$order" " true true"

test_begin_subtest "the facet counts above span more than one udvalg"
test_expect_equal "$(($(echo "$expected" | grep -c '^udvalg') > 1))" 1

test_begin_subtest "documents and each hit's more pages equal an independent count per file"
# From the pages above: "FILE PAGES" for each file, and the number of files.
expected=$(cut -f1 "$TMP/ramme.pages" | uniq -c |
    awk '{ n = $1; $1 = ""; print substr($0, 2), n - 1 }' | sort)
expected="$(cut -f1 "$TMP/ramme.pages" | uniq | wc -l) documents
$expected"
agendex search --db "$DB" --json --limit 1000 rammeaftale >"$TMP/ramme.json"
actual="$(jq -r '"\(.documents) documents"' "$TMP/ramme.json")
$(jq -r '.hits[] | "\(.file) \(.more_pages)"' "$TMP/ramme.json" | sort)"
test_expect_equal "$actual" "$expected"

test_begin_subtest "... and a terminal says \"+1 more page\", \"+2 more pages\""
for q in rammeaftale sundhedsaftale; do
    agendex search --db "$DB" --json --limit 1000 "$q" |
        jq -r '.hits[] | "\(.page) \(.more_pages)"' | while read -r page more; do
        case $more in 0) echo "page $page" ;; 1) echo "page $page (+1 more page)" ;;
        *) echo "page $page (+$more more pages)" ;; esac
    done
done >"$TMP/more.expected"
for q in rammeaftale sundhedsaftale; do
    agendex search --db "$DB" --limit 1000 "$q" | grep -o 'page [0-9]*\( (+[0-9]* more pages\?)\)\?$'
done >"$TMP/more.actual"
if grep -q '(+1 more page)' "$TMP/more.expected"; then
    test_expect_equal_file "$TMP/more.actual" "$TMP/more.expected"
else test_fail "no hit with one more page: the test proves nothing"; fi

test_begin_subtest "a phrase matches only pages that hold the phrase"
pages_matching "$ARCHIVE" 'det nære sundhedsvæsen' >"$TMP/phrase.expected"
hits "$DB" '"det nære sundhedsvæsen"' >"$TMP/phrase.actual"
if [ -s "$TMP/phrase.expected" ]; then
    test_expect_equal_file "$TMP/phrase.actual" "$TMP/phrase.expected"
else test_fail "the sample has no such phrase: the test proves nothing"; fi

test_begin_subtest "the phrase's words apart match more pages than the phrase"
n_words=$(hits "$DB" det nære sundhedsvæsen | wc -l)
test_expect_equal "$((n_words > $(wc -l <"$TMP/phrase.expected")))" 1

test_begin_subtest "AND, OR and NOT combine as sets"
hits "$DB" takstaftale >"$TMP/a"
hits "$DB" rammeaftale >"$TMP/b"
and=$(hits "$DB" takstaftale AND rammeaftale)
or=$(hits "$DB" takstaftale OR rammeaftale)
not=$(hits "$DB" takstaftale NOT rammeaftale)
if [ "$and" = "$(comm -12 "$TMP/a" "$TMP/b")" ] &&
    [ "$or" = "$(sort -u "$TMP/a" "$TMP/b")" ] &&
    [ "$not" = "$(comm -23 "$TMP/a" "$TMP/b")" ] && [ -n "$and" ] &&
    [ -n "$not" ]; then test_ok; else test_fail "set algebra broken"; fi

test_begin_subtest "a word absent from the archive: no hits, exit status 1"
grep -rqi xylofonstemning "$CORPUS/text" && test_fail "word is in the corpus"
test_expect_code 1 agendex search --db "$DB" xylofonstemning

test_begin_subtest "--json has every documented field"
agendex search --db "$DB" --json takstaftale >"$TMP/out.json"
test_expect_success jq -e '
    (.query | type == "string") and (.total | type == "number") and
    (.hits | length > 0) and
    (.hits | all(has("rank") and has("score") and has("file") and
        has("page") and has("udvalg") and has("date") and has("type") and
        has("snippet"))) and
    (.hits[0].snippet | test("\\[[Tt]akstaftale")) and
    (.facets | has("udvalg") and has("meeting") and has("year")) and
    ([.facets[][]] | all(has("value") and has("count")))' "$TMP/out.json"

test_begin_subtest "snippets mark the inflected forms of a word, and only them"
# (takstaftalen is found by its stem alone: the snippets' stemmer's part)
agendex search --db "$DB" --json --pages --limit 100 takstaftale |
    jq -r '.hits[].snippet' | grep -o '\[[^]]*\]' | tr 'A-ZÆØÅ' 'a-zæøå' | sort -u >"$TMP/marked"
test_expect_equal "$(grep -c '^\[takstaftalen\]$' "$TMP/marked")|$(grep -vc '^\[takstaftal' "$TMP/marked")" "1|0"

test_begin_subtest "hits carry the layout's metadata; a year-only date stays so"
agendex search --db "$DB" --json --limit 1000 kommune |
    jq -r '.hits[] | "\(.file | split("/") | .[-3]) \(.udvalg) \(.date) \(.type)"' |
    sort -u >"$TMP/meta.actual"
(cd "$ARCHIVE" && find . -name '*.pdf' | awk -F/ '{
    type = $4; sub(/\.pdf$/, "", type); sub(/^[^-]*-/, "", type)
    print $2, $2, $3, type }' | sort -u) >"$TMP/meta.expected"
test_expect_equal_file "$TMP/meta.actual" "$TMP/meta.expected"

test_begin_subtest "indexing again replaces, never duplicates"
before=$(agendex search --db "$DB" --json kommune | jq .total)
agendex index --db "$DB" "$ARCHIVE" >/dev/null 2>&1
after=$(agendex search --db "$DB" --json kommune | jq .total)
test_expect_equal "$after" "$before"

test_begin_subtest "a hit in an attachment names it: a bilagsliste's row, a TOC's Bilag line"
# The titles as the documents list them, read from the text files.
row4=$(grep -m1 '^4 | ' "$CORPUS"/text/KD-Net/2020-01-24/004_*.txt | sed 's/^4 | \(.*\) |$/\1/')
bilag2=$(grep -m1 '^Bilag 2: Svar' "$CORPUS"/text/KKR\ Syddanmark/2022/003_*.txt | sed 's/\.\.\.\..*//')
a=$(agendex search --db "$DB" --json --pages --limit 1 'sundhedskoordinator udvalg:kd-net' | jq -c '.hits[0].item')
b=$(agendex search --db "$DB" --json --limit 1 '"henvendelse og debatindlæg"' | jq -c '.hits[0].item')
test_expect_equal "$a|$b" \
    "$(jq -nc --arg t "$row4" '{number: "4", title: null, attachment: $t}')|$(jq -nc --arg t "$bilag2" '{number: "2.1", title: "Siden sidst", attachment: $t}')"

test_begin_subtest "... and says so on a terminal"
test_expect_equal "$(agendex search --db "$DB" --limit 1 '"henvendelse og debatindlæg"' | grep -c 'punkt 2.1: Siden sidst · Bilag 2: Svar på henvendelse')" 1

test_done
