/* agx_casenum.h: case numbers (sagsnumre) in text and in queries.
 *
 * KL's case numbers look like SAG-2023-01438: the year and a five- or
 * six-digit serial.
 * People write them in upper or lower case, with a hyphen or a space after
 * SAG, or bare (2023-01438) after a word that says case ("Sags ID:",
 * "sagsnr.", "sag nr.").  agendex stores them normalised as
 * "YYYY-NNNNN", the digits as written, and shows them as "SAG-YYYY-NNNNN".
 */
#ifndef AGX_CASENUM_H
#define AGX_CASENUM_H

#include <stddef.h>

/* Room for a normalised case number and its NUL ("2023-014380"). */
#define AGX_CASENUM_MAX 16

/* Called for each case number found: NORM is the normalised form, START
 * and LEN where it stands in the text.  Return non-zero to stop. */
typedef int (*agx_casenum_fn)(void *ctx, const char *norm, size_t start,
                              size_t len);

/* Calls FN for every case number in TEXT (LEN bytes of UTF-8), in order.
 * Returns what the last call of FN returned, or 0. */
int agx_casenum_scan(const char *text, size_t len, agx_casenum_fn fn,
                     void *ctx);

/* If S (LEN bytes) is exactly one case number in any of the forms above
 * (with or without "SAG"), writes its normalised form to OUT and returns
 * 1; else returns 0. */
int agx_casenum_parse(const char *s, size_t len, char out[AGX_CASENUM_MAX]);

#endif /* AGX_CASENUM_H */
