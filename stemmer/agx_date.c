/* agx_date.c: checking meeting dates and finding their spans. */
#include "agx_date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int
digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* The number the N digits at S write. */
static int
number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int
agx_date_valid(const char *s, size_t n)
{
    int y, m, d;

    if ((n != 4 && n != 7 && n != 10) || !digits(s, 4))
        return 0;
    y = number(s, 4);
    if (y < 1900 || y > 2999)
        return 0;
    if (n == 4)
        return 1;
    if (s[4] != '-' || !digits(s + 5, 2))
        return 0;
    m = number(s + 5, 2);
    if (m < 1 || m > 12)
        return 0;
    if (n == 7)
        return 1;
    if (s[7] != '-' || !digits(s + 8, 2))
        return 0;
    d = number(s + 8, 2);
    return d >= 1 && d <= days_in_month(y, m);
}

void
agx_date_span(const char *s, size_t n, char lo[11], char hi[11])
{
    int y = number(s, 4), m = n >= 7 ? number(s + 5, 2) : 0;

    memcpy(lo, s, n);
    memcpy(hi, s, n);
    lo[n] = hi[n] = '\0';
    if (n == 4) {
        memcpy(lo + 4, "-01-01", 7);
        memcpy(hi + 4, "-12-31", 7);
    } else if (n == 7) {
        int last = days_in_month(y, m);
        memcpy(lo + 7, "-01", 4);
        hi[7] = '-';
        hi[8] = (char)('0' + last / 10);
        hi[9] = (char)('0' + last % 10);
        hi[10] = '\0';
    }
}
