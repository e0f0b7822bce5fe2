/* agx_date.h: meeting dates as agendex stores them.
 *
 * A date is as much as is known: YYYY-MM-DD, YYYY-MM or YYYY.  Its span
 * runs from its earliest to its latest possible day, written with 00 and
 * 99 for what is not known ("2023" spans 2023-00-00 to 2023-99-99), so
 * that plain string comparison tells whether a date lies within a range.
 */
#ifndef AGX_DATE_H
#define AGX_DATE_H

#include <stddef.h>

/* Is S (N bytes) a date: YYYY-MM-DD, YYYY-MM or YYYY, a real one? */
int agx_date_valid(const char *s, size_t n);

/* Writes the span of the date S (N bytes, valid) to LO and HI. */
void agx_date_span(const char *s, size_t n, char lo[11], char hi[11]);

#endif /* AGX_DATE_H */
