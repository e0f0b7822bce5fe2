/* print.h: one interface for every output format (notmuch's sprinter).
 *
 * A command walks its results once, calling these functions in order, and
 * never asks which format it writes: the JSON printer makes one JSON object
 * of the walk, the text printer a screenful for people.  Text needs a few
 * hints JSON has no use for: each key's LABEL (how text shows the value),
 * separator() (a line ends) and heading() (a line of text only).
 */
#ifndef AGX_PRINT_H
#define AGX_PRINT_H

#include <stdio.h>

/* The markers around matched words inside a snippet (see agx_xapian.h). */
#define AGX_MARK_START "\x01"
#define AGX_MARK_END "\x02"

typedef struct agx_printer agx_printer;

struct agx_printer {
    void (*begin_map)(agx_printer *p);
    void (*begin_list)(agx_printer *p);
    void (*end)(agx_printer *p); /* ends the innermost map or list */
    /* Names the next value KEY.  LABEL is how text shows it: a printf
     * format with one %s for the value (or, before a map or a list, a
     * heading), NULL to show the value bare, "" to leave it out of text.
     * A label that starts with '+' follows the previous value after one
     * space instead of two ("+(%s)" prints "KD-Net (12)").  A list whose
     * label starts with '#' is drawn as a bar chart, a line per map of
     * (string, integer) in it, in the strings' order. */
    void (*map_key)(agx_printer *p, const char *key, const char *label);
    void (*string)(agx_printer *p, const char *s); /* NULL: unknown */
    void (*integer)(agx_printer *p, long n);
    void (*number)(agx_printer *p, double d);
    /* S is a snippet: & < > HTML-escaped, matched words between
     * AGX_MARK_START and AGX_MARK_END. */
    void (*snippet)(agx_printer *p, const char *s);
    void (*separator)(agx_printer *p);
    void (*heading)(agx_printer *p, const char *text);
    /* Finishes the output and frees P. */
    void (*free)(agx_printer *p);
};

/* A printer for people.  COLOR: bold matches (else [brackets]); WIDTH: wrap
 * snippets to that many columns (0: no wrapping).  Returns NULL if memory
 * ran out; OUT stays the caller's. */
agx_printer *agx_print_text_new(FILE *out, int color, int width);

/* A printer of one compact JSON object, then a newline. */
agx_printer *agx_print_json_new(FILE *out);

/* A printer of CSV for spreadsheets: a header and a row per hit (the maps
 * of the list under "hits"), nested maps as dotted columns. */
agx_printer *agx_print_csv_new(FILE *out);

/* Copies the snippet S into a new malloc'd string with entities decoded,
 * white space runs folded to one space, and the markers replaced by OPEN
 * and CLOSE.  NULL if memory ran out. */
char *agx_snippet_plain(const char *s, const char *open, const char *close);

#endif /* AGX_PRINT_H */
