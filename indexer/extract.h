/* extract.h: what the indexer and its extraction helper (agendex-extract)
 * share: a file's pages, the PDF extractor, and the framing of their
 * socket.  Nothing here needs Xapian, and only extract_pdf.c needs
 * poppler, so that the agendex program itself never loads poppler. */
#ifndef AGX_EXTRACT_H
#define AGX_EXTRACT_H

#include <stddef.h>

/* The pages of one file: TEXT[i] (LEN[i] bytes, malloc'd, NUL-terminated)
 * is page i + 1.  Freed with agx_pages_clear(). */
typedef struct {
    char **text;
    size_t *len;
    size_t n, cap;
} agx_pages;

/* Appends a copy of S (LEN bytes) as the next page.  Returns 0, or -1 if
 * memory ran out. */
int agx_pages_add(agx_pages *pages, const char *s, size_t len);
void agx_pages_clear(agx_pages *pages);

/* Extract the pages of the PDF at PATH into PAGES.  Return 0; or -1 with
 * *errmsg a message from malloc() (without the path: the caller adds it). */
int agx_extract_pdf(const char *path, agx_pages *pages, char **errmsg);

/* The helper's socket (wire.c).  A request is <u32 length> <path>; the
 * answer is records, <kind> <u32 length> <bytes>: 'P' a page, in order,
 * 'E' the extraction's error; then 'D' alone: done. */
enum { AGX_WIRE_MAX_PATH = 65536 };
/* Writes all of BUF (never raising SIGPIPE).  Returns 0 or -1. */
int agx_wire_write(int fd, const void *buf, size_t n);
/* Reads exactly N bytes.  Returns 0, 1 at the end of input before any
 * byte, or -1. */
int agx_wire_read(int fd, void *buf, size_t n);
/* Writes the record KIND with S (N bytes).  Returns 0 or -1. */
int agx_wire_record(int fd, char kind, const char *s, size_t n);

#endif /* AGX_EXTRACT_H */
