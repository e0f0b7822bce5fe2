/* agx_number.c: numbers written with their digits apart (agx_number.h). */
#include "agx_number.h"

#include <ctype.h>
#include <string.h>

enum { PHONE_DIGITS = 8, MAX_DIGITS = 24 };

static int
digit(const char *t, size_t len, size_t i)
{
    return i < len && isdigit((unsigned char)t[i]);
}

/* Digits from I on: how many. */
static size_t
run(const char *t, size_t len, size_t i)
{
    size_t n = 0;
    while (digit(t, len, i + n))
        n++;
    return n;
}

/* 2.500, 1.250.000 at I: its length, the digits joined into OUT. */
static size_t
thousands(const char *t, size_t len, size_t i, char out[MAX_DIGITS + 1])
{
    size_t n = run(t, len, i), end, k = 0, groups = 0;

    if (n < 1 || n > 3)
        return 0;
    memcpy(out, t + i, n);
    k = n;
    end = i + n;
    while (end < len && t[end] == '.' && run(t, len, end + 1) == 3 &&
           k + 3 <= MAX_DIGITS) {
        memcpy(out + k, t + end + 1, 3);
        k += 3;
        end += 4;
        groups++;
    }
    /* Not a decimal (2.500,50), nor part of a longer dotted string. */
    if (!groups || (end < len && (t[end] == '.' || t[end] == ',') &&
                    digit(t, len, end + 1)))
        return 0;
    out[k] = '\0';
    return end - i;
}

/* 70 12 34 56, 7012 3456 at I: its length, the digits joined into OUT. */
static size_t
phone(const char *t, size_t len, size_t i, char out[MAX_DIGITS + 1])
{
    size_t end = i, k = 0, groups = 0;

    for (;;) {
        size_t n = run(t, len, end);
        if (n < 2 || n > 4 || k + n > PHONE_DIGITS)
            return 0;
        memcpy(out + k, t + end, n);
        k += n;
        end += n;
        groups++;
        if (k == PHONE_DIGITS)
            break;
        if (end >= len || t[end] != ' ' || !digit(t, len, end + 1))
            return 0;
        end++;
    }
    /* Eight digits, and no more groups after them. */
    if (groups < 2 ||
        (end + 1 < len && t[end] == ' ' && digit(t, len, end + 1)))
        return 0;
    out[k] = '\0';
    return end - i;
}

void
agx_number_scan(const char *text, size_t len, agx_number_fn fn, void *ctx)
{
    for (size_t i = 0; i < len; i++) {
        char digits[MAX_DIGITS + 1];
        size_t n;
        int after_group;

        if (!digit(text, len, i))
            continue;
        /* A number begins here: not after a digit, nor after a dot or a
         * comma that follow one. */
        if (i > 0 && (isdigit((unsigned char)text[i - 1]) ||
                      ((text[i - 1] == '.' || text[i - 1] == ',') && i > 1 &&
                       isdigit((unsigned char)text[i - 2])))) {
            i += run(text, len, i) - 1;
            continue;
        }
        /* A telephone number is no group of a longer run of numbers. */
        after_group =
            i > 1 && text[i - 1] == ' ' && isdigit((unsigned char)text[i - 2]);
        if ((n = thousands(text, len, i, digits)) != 0 ||
            (!after_group && (n = phone(text, len, i, digits)) != 0)) {
            if (fn(ctx, i, n, digits))
                return;
            i += n - 1;
        } else {
            i += run(text, len, i) - 1;
        }
    }
}
