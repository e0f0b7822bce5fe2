/* agx_stem.h: Danish word analysis for index and query alike.
 *
 * A word is put in Unicode NFC and case-folded (GLib), then stemmed by
 * libstemmer's Danish Snowball stemmer, so "TAKSTAFTALEN", "Takstaftalen"
 * and "takstaftalen" (even with "å" typed as "a" + a combining ring) give one
 * stem.  The module also normalises whole texts (NFC, lower case) for the
 * query module, which must not reach into GLib itself.
 *
 * One agx_stem per thread: libstemmer's stemmers are not thread-safe.
 */
#ifndef AGX_STEM_H
#define AGX_STEM_H

#include <stddef.h>

typedef struct agx_stem agx_stem;

/* Creates a Danish stemmer.
 * Return value: the stemmer, freed with agx_stem_free(); NULL if memory
 * ran out or libstemmer has no Danish stemmer. */
agx_stem *agx_stem_new(void);

/* Frees ST.  NULL is a no-op. */
void agx_stem_free(agx_stem *st);

/* Stems WORD, LEN bytes of UTF-8 in any case and Unicode form.
 * Return value: the stem, *OUT_LEN bytes followed by a NUL, in a buffer
 * that belongs to ST and is valid until the next call on ST; NULL if WORD
 * is not valid UTF-8 or memory ran out. */
const char *agx_stem_word(agx_stem *st, const char *word, size_t len,
                          size_t *out_len);

/* agx_stem_word() with ST as a void pointer: the shape of agx_stem_fn in
 * agx_xapian.h, so that Xapian stems through libstemmer. */
const char *agx_stem_callback(void *st, const char *word, size_t len,
                              size_t *out_len);

/* Checks that S (LEN bytes) is valid UTF-8.
 * Return value: 1 if it is; 0 if not, with *BAD_OFFSET (if not NULL) set to
 * the offset of the first invalid byte. */
int agx_text_valid(const char *s, size_t len, size_t *bad_offset);

/* Returns S (LEN bytes of valid UTF-8) in Unicode NFC, lower-cased if LOWER
 * is non-zero, as a NUL-terminated string from malloc() that the caller
 * frees with free(); NULL if S is not valid UTF-8 or memory ran out. */
char *agx_text_normalize(const char *s, size_t len, int lower);

/* Writes WORD (lower-case UTF-8, LEN bytes) with æ ø å spelt the ASCII
 * way (ae oe aa), as Danish is typed without them, into a malloc'd string
 * (free()).  Returns NULL if memory ran out. */
char *agx_text_fold_ascii(const char *word, size_t len);

/* Does WORD (LEN bytes) hold æ, ø or å (either case)? */
int agx_text_has_danish(const char *word, size_t len);

/* A printf() into a new string from malloc() (free() it); NULL if memory
 * ran out.  Every module's messages are made with it. */
char *agx_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* AGX_STEM_H */
