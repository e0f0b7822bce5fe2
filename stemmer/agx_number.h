/* agx_number.h: numbers written with their digits apart.
 *
 * Meeting documents write 2.500 and 2500, 1.250.000 kr., a telephone
 * number as 70 12 34 56, 7012 3456 or 70123456.  A search engine that
 * indexes words sees "2.500" and "2500", or four numbers for one phone,
 * and the forms do not find each other.  agx_number_scan() finds the split
 * forms so that the indexer can index, and the query module search, the
 * digits joined: thousands grouped by dots (1 to 3 digits, then groups of
 * 3; not a date 01.07.2019 nor a decimal 2.500,50) and eight-digit
 * telephone numbers in groups of 2 to 4 digits split by single spaces.
 * Dates, case numbers (2023-01438) and ranges (2022-2026) are none of
 * these and are left alone.
 */
#ifndef AGX_NUMBER_H
#define AGX_NUMBER_H

#include <stddef.h>

/* Called for each number: it is TEXT[START, START + LEN), and DIGITS
 * (NUL-terminated, valid during the call) its digits joined.  Returns
 * non-zero to stop. */
typedef int (*agx_number_fn)(void *ctx, size_t start, size_t len,
                             const char *digits);

/* Scans TEXT (LEN bytes). */
void agx_number_scan(const char *text, size_t len, agx_number_fn fn,
                     void *ctx);

#endif /* AGX_NUMBER_H */
