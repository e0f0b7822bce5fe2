/* agx_abbrev.h: abbreviations and what they stand for.
 *
 * Meeting documents define their abbreviations as they go: "Kommune-
 * kontaktrådet (KKR)", "Praktiserende Lægers Organisation (PLO)", and the
 * other way round, "KKR (Kommunekontaktrådet)".  agx_abbrev_scan() finds
 * such definitions with Schwartz and Hearst's algorithm (2003): the
 * abbreviation's letters must occur in order in the words before the
 * parenthesis, the first one at the start of a word, within at most
 * min(|A| + 5, 2|A|) words.  "samfundsansvar (CSR)" is no definition.
 *
 * agx_abbrev_builtin() is the curated list of Danish public-sector
 * abbreviations that ships inside the binary (stemmer/abbreviations.txt),
 * in the format of a user's own list: "ABBR<TAB>expansion" lines, "#"
 * comments.
 */
#ifndef AGX_ABBREV_H
#define AGX_ABBREV_H

#include <stddef.h>

/* Called for each definition found: SHORT (SHORT_LEN bytes) stands for
 * LONG (LONG_LEN bytes), both as the text has them.  Returns non-zero to
 * stop the scan. */
typedef int (*agx_abbrev_fn)(void *ctx, const char *short_form,
                             size_t short_len, const char *long_form,
                             size_t long_len);

/* Scans TEXT (LEN bytes of valid UTF-8) for definitions. */
void agx_abbrev_scan(const char *text, size_t len, agx_abbrev_fn fn,
                     void *ctx);

/* The built-in list, NUL-terminated. */
const char *agx_abbrev_builtin(void);

#endif /* AGX_ABBREV_H */
