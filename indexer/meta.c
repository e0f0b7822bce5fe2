/* meta.c: what a file's place in the archive says about it.
 *
 * The layout is <udvalg>/<date>/<file>.  The date folder must be a real
 * date, YYYY-MM-DD, or as much of one as is known (YYYY-MM, YYYY); only
 * then is the folder above it taken as the committee.  The document type is
 * the first of dagsorden, referat and bilag that the file name contains.
 * Whatever the layout does not say stays empty.
 */
#include "indexer-private.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int
digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Returns 1 if the N bytes at S are a date as agendex stores it. */
static int
is_date(const char *s, size_t n)
{
    int y, m, d;

    if (n != 4 && n != 7 && n != 10)
        return 0;
    if (!digits(s, 4))
        return 0;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    if (y < 1900 || y > 2999)
        return 0;
    if (n == 4)
        return 1;
    if (s[4] != '-' || !digits(s + 5, 2))
        return 0;
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12)
        return 0;
    if (n == 7)
        return 1;
    if (s[7] != '-' || !digits(s + 8, 2))
        return 0;
    d = (s[8] - '0') * 10 + (s[9] - '0');
    return d >= 1 && d <= days_in_month(y, m);
}

/* Does the file name NAME (not its folders) contain WORD, any case? */
static int
name_says(const char *name, const char *word)
{
    return strcasestr(name, word) != NULL;
}

void
agx_meta_from_path(const char *rel, agx_meta *meta)
{
    static const char *const types[] = {"dagsorden", "referat", "bilag"};
    const char *name = strrchr(rel, '/');
    const char *date_dir, *udvalg_dir;

    memset(meta, 0, sizeof *meta);
    name = name ? name + 1 : rel;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (name_says(name, types[i])) {
            snprintf(meta->type, sizeof meta->type, "%s", types[i]);
            break;
        }
    }
    if (name == rel)
        return; /* no folder: nothing more to say */
    /* The folder holding the file... */
    date_dir = name - 1;
    while (date_dir > rel && date_dir[-1] != '/')
        date_dir--;
    if (!is_date(date_dir, (size_t)(name - 1 - date_dir)))
        return;
    memcpy(meta->date, date_dir, (size_t)(name - 1 - date_dir));
    memcpy(meta->year, date_dir, 4);
    /* ...and the one above it. */
    if (date_dir == rel)
        return;
    udvalg_dir = date_dir - 1;
    while (udvalg_dir > rel && udvalg_dir[-1] != '/')
        udvalg_dir--;
    snprintf(meta->udvalg, sizeof meta->udvalg, "%.*s",
             (int)(date_dir - 1 - udvalg_dir), udvalg_dir);
}
