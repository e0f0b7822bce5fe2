/* agx_date.h: meeting dates as agendex stores them.
 *
 * A date is as much as is known: YYYY-MM-DD, YYYY-MM or YYYY.  Its span
 * runs from its earliest to its latest possible day ("2023" spans
 * 2023-01-01 to 2023-12-31, "2024-02" 2024-02-01 to 2024-02-29), so that
 * plain string comparison tells whether a date lies within a range, also
 * one typed to the day: a meeting known as "2023-03" is in
 * 2023-01-01..2023-03-31.
 */
#ifndef AGX_DATE_H
#define AGX_DATE_H

#include <stddef.h>

/* Is S (N bytes) a date: YYYY-MM-DD, YYYY-MM or YYYY, a real one? */
int agx_date_valid(const char *s, size_t n);

/* Writes the span of the date S (N bytes, valid) to LO and HI. */
void agx_date_span(const char *s, size_t n, char lo[11], char hi[11]);

#endif /* AGX_DATE_H */
