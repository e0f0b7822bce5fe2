/* agx_compound.h: Danish compounds split into the words they are made of.
 *
 * Danish writes compounds as one word: "voksenpsykiatrien" is "voksen" +
 * "psykiatrien", "mobilitetssamarbejdet" is "mobilitet" + the linking "s" +
 * "samarbejdet".  The splitter knows the morphology (linking -s- and -e-,
 * a modifier that drops its final e: "arbejds" from "arbejde", the
 * inflected head) and which short words never make a part; which strings
 * are words at all it asks a lexicon, the caller's: the archive's own
 * vocabulary.  A split is made only where every part is a word of the
 * lexicon, and not much rarer than the whole word, and of the possible
 * splits the one whose parts are most common
 * (the geometric mean of their frequencies, after Koehn and Knight 2003)
 * wins.
 */
#ifndef AGX_COMPOUND_H
#define AGX_COMPOUND_H

#include <stddef.h>

/* The lexicon: how many documents hold FORM (LEN bytes, lower case) as a
 * word of its own, 0 if none.  HEAD is non-zero when FORM ends the
 * compound, so that it may be inflected ("psykiatrien"): the lexicon then
 * also answers for FORM's stem. */
typedef unsigned long (*agx_lexicon_fn)(void *ctx, const char *form, size_t len,
                                        int head);

enum {
    AGX_COMPOUND_MIN_WORD = 6,   /* characters of a word worth splitting */
    AGX_COMPOUND_MIN_PART = 3,   /* characters of a part */
    AGX_COMPOUND_MAX_BYTES = 64, /* longer words are not split */
    AGX_COMPOUND_RARITY = 4      /* a part is in at least 1/4 as many
                                    documents as the whole word */
};

/* One part of a compound: its lexicon form (the modifier "arbejde" for the
 * "arbejds" of "arbejdsmarked"), and whether it ends the word. */
typedef struct agx_compound_part {
    char form[AGX_COMPOUND_MAX_BYTES + 2];
    int head;
} agx_compound_part;

enum { AGX_COMPOUND_MAX_PARTS = 8 };

/* Splits WORD (LEN bytes of lower-case UTF-8) with the lexicon FN.
 * PARTS receives the parts at every level of the split: "erhvervsfremme-
 * strategi" gives "erhvervsfremme", "erhverv", "fremme" and the head
 * "strategi".
 * Return value: the number of parts written, 0 if WORD is no compound the
 * lexicon supports. */
size_t agx_compound_split(const char *word, size_t len, agx_lexicon_fn fn,
                          void *ctx,
                          agx_compound_part parts[AGX_COMPOUND_MAX_PARTS]);

/* Coordinated compounds: "sundheds- og ældreområdet" is "sundhedsområdet"
 * and "ældreområdet", the first written with only its modifier and a
 * hyphen.  Calls FN for each modifier so written, MOD (without its
 * hyphen; MOD_LEN bytes), with the whole word WORD (WORD_LEN bytes) that
 * lends it its head; in "social-, sundheds- og ældreområdet" both social
 * and sundheds lend from ældreområdet.  The words are joined by og,
 * eller, samt or a comma.  FN returns non-zero to stop. */
typedef int (*agx_coordination_fn)(void *ctx, const char *mod, size_t mod_len,
                                   const char *word, size_t word_len);
void agx_compound_coordinations(const char *text, size_t len,
                                agx_coordination_fn fn, void *ctx);

/* Compounds written with a hyphen: "klima-strategi", "IT-løsninger",
 * "KKR-møde" are the words "klimastrategi", "itløsninger", "kkrmøde" too.
 * Calls FN for each word of two or more parts of letters joined by single
 * hyphens (WORD, LEN bytes, hyphens included), with no digit or hyphen
 * next to it: not "5-årig", "covid-19", "2022-2026", nor the "sundheds-"
 * of a coordination.  FN returns non-zero to stop. */
typedef int (*agx_hyphenated_fn)(void *ctx, const char *word, size_t len);
void agx_compound_hyphenated(const char *text, size_t len, agx_hyphenated_fn fn,
                             void *ctx);

/* The head that WORD's split (PARTS, N of them, from agx_compound_split())
 * ends on: the longest part that ends the word; NULL if none. */
const char *agx_compound_head(const agx_compound_part *parts, size_t n);

#endif /* AGX_COMPOUND_H */
