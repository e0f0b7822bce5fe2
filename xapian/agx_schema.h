/* agx_schema.h: how agendex lays out its documents inside Xapian.
 *
 * One Xapian document is one page of one file (a PDF page, or a text file's
 * form-feed page).  The indexer writes this layout and the query module
 * reads it; it lives here, beside the shim, so that neither depends on the
 * other.  Changing a slot or a prefix changes the index format: bump
 * AGX_SCHEMA_VERSION, which the indexer stores in the index's metadata.
 * Changing what a page's text gives under this layout (a new term for the
 * same words, say) is not a new format: bump AGX_ANALYSIS
 * (indexer/indexer-private.h), and the next run analyses each file again.
 *
 * Boolean terms (exact filters, values lower-cased):
 *   P<path>     every page of the file at <path> (absolute); paths too long
 *               for a term (Xapian's limit is 245 bytes) become P#<sha1>
 *   XU<udvalg>  the committee, e.g. XUkd-net
 *   XD<date>    the meeting date as known: YYYY-MM-DD, YYYY-MM or YYYY
 *   XY<year>    the meeting's year
 *   XT<type>    dagsorden, referat or bilag
 *   XS<case>    a case number on the page, normalised: XS2023-01438
 *   XM<meeting> the meeting, "<udvalg> <date>" lower-cased (the meeting
 *               facet's value, so that it can filter)
 *   XA<abbr>:<long>  the page defines an abbreviation, "Kommune-
 *               kontaktrådet (KKR)": XAkkr:kommunekontaktrådet, both lower
 *               case; a query for either form also finds the other
 *   XK<mod>:<word>  (wdf 1) the page writes a compound coordinated,
 *               "sundheds- og ældreområdet": XKsundheds:ældreområdet
 *   XR<date>    on a page of minutes inside another document (an agenda
 *               carrying the last meeting's referat): the date of the
 *               meeting they record.  dato: ranges look at XD and XR;
 *               år: and the facets only at the document's own meeting.
 * Free text: unprefixed terms with positions, and Z-prefixed Danish stems;
 * a compound written with a hyphen ("klima-strategi") also as its joined
 * word and stem ("klimastrategi", "Zklimastrategi"), without positions.
 * Titles of the agenda items on the page (and the document's title): the
 * same again under S (and ZS for stems), so that a search can weigh a match
 * in a title more.  Not as free text: a page matches only words it holds.
 * Document data: the page's cleaned text, from which snippets are cut.
 * Synonyms, derived from the vocabulary after each run (indexer/vocab.c):
 *   - each word with æ ø å under its ASCII spelling ("boern" -> "børn"),
 *     and the same for their Z stems; a query spells æ ø å the ASCII way,
 *     so either spelling finds both;
 *   - XCH<stem> -> Z<stem of a compound> whose head is the word of that
 *     stem ("XCHpsykiatri" -> "Zvoksenpsykiatri"), and XCM<stem> for the
 *     compounds it is a modifier of ("XCMpsykiatri" -> "Zpsykiatriforum").
 *   - XCC<stem> -> XK<mod>:<word> for the compound a coordination implies
 *     ("XCCsundhedsområd" -> "XKsundheds:ældreområdet"), searched as the
 *     word itself.
 *     The parser never produces an XC term: the query module looks them up
 *     and adds the compounds, weighted less, to each stemmed word.
 * Spelling data: every word.
 */
#ifndef AGX_SCHEMA_H
#define AGX_SCHEMA_H

#define AGX_SCHEMA_VERSION "2"
#define AGX_META_SCHEMA "agendex.schema"
#define AGX_META_LASTRUN "agendex.lastrun" /* "<UTC time>\t<summary>" */
/* User metadata keys "F<sha1 of path>" are the indexer's file records
 * (indexer/record.c). */

#define AGX_PREFIX_PATH "P"
#define AGX_PREFIX_UDVALG "XU"
#define AGX_PREFIX_DATE "XD"
#define AGX_PREFIX_YEAR "XY"
#define AGX_PREFIX_TYPE "XT"
#define AGX_PREFIX_CASE "XS"
#define AGX_PREFIX_MEETING "XM"
#define AGX_PREFIX_RECORDS "XR"
#define AGX_PREFIX_CONTENT "XH" /* + the SHA-1 of the file's content: its
                                   copies under other paths */
#define AGX_PREFIX_TITLE "S"
#define AGX_PREFIX_ABBREV "XA"
#define AGX_MAX_TERM 240 /* bytes: Xapian's limit is 245 */
#define AGX_PREFIX_COORDINATION "XK"
#define AGX_PREFIX_COMPOUND_COORD "XCC"
#define AGX_PREFIX_COMPOUND_HEAD "XCH"
#define AGX_PREFIX_COMPOUND_MOD "XCM"

/* Value slots, every one a string ("" when unknown). */
enum {
    AGX_SLOT_FILE = 0,    /* the absolute path the file was indexed from */
    AGX_SLOT_PAGE = 1,    /* the 1-based page number, 6 digits: 000017 */
    AGX_SLOT_UDVALG = 2,  /* the committee, as the archive spells it */
    AGX_SLOT_DATE = 3,    /* YYYY-MM-DD, YYYY-MM or YYYY: what is known */
    AGX_SLOT_YEAR = 4,    /* YYYY */
    AGX_SLOT_TYPE = 5,    /* dagsorden, referat, bilag or "" */
    AGX_SLOT_MEETING = 6, /* "<udvalg> <date>", or "" if either is unknown */
    AGX_SLOT_ITEM = 7,    /* the page's main agenda item: "<number>\t<title>" */
    AGX_SLOT_CASES = 8,   /* its case numbers, a line each:
                             "<case>\t<item number>\t<item title>" */
    AGX_SLOT_RECORDS = 9, /* minutes inside: "<udvalg>\t<date>" of the
                             meeting they record (udvalg "" if unknown) */
    AGX_SLOT_MONTH = 10,  /* YYYY-MM, when the month is known */
    AGX_SLOT_ORDER = 11,  /* "<date>\x1f<file>\x1f<page>": the archive's
                             order, oldest first, one value because
                             Xapian's remote backend sorts by one value
                             only (version 2) */
    AGX_SLOT_REGIONS = 12, /* the page's parts by agenda item, a line each:
                              "<position>\t<number>\t<title>": the item
                              whose words come after term position
                              <position> (version 2) */
    AGX_SLOT_CONTENT = 13, /* the SHA-1 of the file's content, hex: the
                              same bilag filed under several meetings
                              (version 2) */
    /* 14: the facets packed, without the file (written only by a
     * development build; read by none) */
    AGX_SLOT_TALLY = 15, /* the values of AGX_TALLY_SLOTS together, in that
                            order, each as "<length>:<bytes>": what a
                            search counts over every match (the facets,
                            and the file: documents, and pages per file),
                            one value read a match instead of six
                            (version 2; pages indexed before it lack it,
                            and a search then counts slot by slot) */
};

/* The slots AGX_SLOT_TALLY packs, in order. */
#define AGX_TALLY_SLOTS                                                       \
    {AGX_SLOT_UDVALG, AGX_SLOT_MEETING, AGX_SLOT_YEAR, AGX_SLOT_MONTH,       \
     AGX_SLOT_TYPE,   AGX_SLOT_FILE}

#endif /* AGX_SCHEMA_H */
