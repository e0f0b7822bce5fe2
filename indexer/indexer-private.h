/* indexer-private.h: what the indexer's files share and nobody else sees. */
#ifndef AGX_INDEXER_PRIVATE_H
#define AGX_INDEXER_PRIVATE_H

#include <stddef.h>

#include "agx_index.h"
#include "extract.h"

/* A pool of N extraction workers under LIM (worker.c): agx_extract_pdf()
 * in the helper program EXE (agendex-extract), one process per worker, so that
 * a crash, a hang or an allocation bomb fails the file, with the reason.
 * Workers start when first needed and serve one file at a time:
 * agx_pool_start() hands PATH to a free worker, *which says which;
 * agx_pool_finish() reads its pages into PAGES (0), or says why the file
 * failed (-1, *errmsg malloc'd).  agx_pool_start() fails (-1, *errmsg)
 * only when no worker can be started at all: the run's error, not the
 * file's.  agx_pool_finish() may run in another thread than the rest
 * (the one analysing the file), one thread a worker.
 * agx_pool_interrupt() kills the workers whose files are not finished, so
 * that their agx_pool_finish() returns at once (the file failed).
 * agx_pool_free() ends the workers, killing any whose file is not
 * finished; no agx_pool_finish() may be running.  NULL is a no-op. */
typedef struct agx_pool agx_pool;
agx_pool *agx_pool_new(const agx_limits *lim, unsigned n, const char *exe);
int agx_pool_start(agx_pool *p, const char *path, int *which, char **errmsg);
int agx_pool_finish(agx_pool *p, int which, agx_pages *pages, char **errmsg);
void agx_pool_interrupt(agx_pool *p);
void agx_pool_free(agx_pool *p);

/* Reads a text file's pages (split on form feeds) into PAGES.  Returns 0;
 * or -1 with *errmsg a message from malloc().  A text file that is not
 * UTF-8 is read as Windows-1252; *warning is then set to a malloc'd note
 * naming the first bad offset (NULL otherwise). */
int agx_extract_text(const char *path, agx_pages *pages, char **warning,
                     char **errmsg);

/* Cleans one page of extracted text (valid UTF-8) for indexing and
 * snippets: NFC, ligatures spelled out, control characters other than
 * newline and tab dropped.  Returns a malloc'd string, or NULL if memory ran
 * out. */
char *agx_clean_text(const char *s, size_t len, size_t *out_len);

/* What is known of a file: each field a NUL-terminated string, "" when
 * unknown, with the source it came from. */
typedef struct {
    char udvalg[256];
    char date[11]; /* YYYY-MM-DD, YYYY-MM or YYYY */
    char year[5];
    char type[10]; /* dagsorden, referat, bilag */
    char title[256];
    agx_meta_source udvalg_src, date_src, type_src, title_src;
} agx_meta;

/* Each of these fills the fields of META that are still empty, from one
 * source, strongest first: the catalogue, the layout, the text. */

/* From REL, a file's path relative to the archive root: the layout
 * <udvalg>/<date>/<file>, and the type from the file name. */
void agx_meta_from_path(const char *rel, agx_meta *meta);

/* From the cleaned text of the file's first page: a heading such as "KD-Net
 * (Dagsorden)" over "27-01-2023 10:00", "Møde i KD-Net, den 24. januar
 * 2020", or "Indholdsfortegnelse - Bilag"; only in its first lines, where
 * a document names itself. */
void agx_meta_from_text(const char *page1, agx_meta *meta);

/* Reads the first date in S (LEN bytes): 27-01-2023, 27.01.2023, "4.
 * november 2022", "d. 4. nov. 2022".  Writes it as YYYY-MM-DD to OUT and
 * returns 1, or returns 0. */
int agx_date_from_text(const char *s, size_t len, char out[11]);

/* The catalogue: agendex.tsv in an archive's root (docs/archive.md). */
typedef struct agx_catalog agx_catalog;

/* Reads ROOT/agendex.tsv into *out (NULL if there is none).  A bad line is
 * passed to ON_BAD with its number and skipped.  Returns 0, or -1 with
 * *errmsg set if the file exists but cannot be read. */
int agx_catalog_load(const char *root, agx_catalog **out,
                     void (*on_bad)(void *ctx, const char *where,
                                    const char *why),
                     void *ctx, char **errmsg);

/* Fills META from the entry for REL (its own line, else the longest folder
 * line above it).  CAT may be NULL. */
void agx_meta_from_catalog(const agx_catalog *cat, const char *rel,
                           agx_meta *meta);

/* What CAT says of REL, in short: 16 hex digits of the SHA-1 of its entry
 * for REL (agx_meta_from_catalog()'s), or "" if none.  A file's record
 * keeps it, so that a run sees the catalogue change for a file that did
 * not. */
#define AGX_CATALOG_DIGEST 17
void agx_catalog_digest(const agx_catalog *cat, const char *rel,
                        char out[AGX_CATALOG_DIGEST]);

/* Frees CAT.  NULL is a no-op. */
void agx_catalog_free(agx_catalog *cat);

/* A section of a document: an agenda item, or an attachment (bilag) of
 * one.  NUMBER is the item's number as written ("12", "3.1"), TITLE its
 * title ("" where only a list of attachments names the item), ATTACHMENT
 * the attachment's title as its list gives it ("Bilag 1: Debatindlæg om
 * nærhospitalet"; "" in the item's own text).  The section opens on page
 * PAGE (1-based) at byte OFFSET of that page's text. */
typedef struct {
    char number[16];
    char title[200];
    char attachment[200];
    unsigned page;
    size_t offset;
} agx_item;

/* IT as the index stores it: "<number>\t<title>", with "\t<attachment>"
 * after it in an attachment; "" for NULL.  malloc'd; NULL if memory ran
 * out. */
char *agx_item_label(const agx_item *it);

/* The agenda items of one document, in order.  Freed with
 * agx_items_clear(). */
typedef struct {
    agx_item *items;
    size_t n, cap;
} agx_items;

/* Finds the sections in the N_PAGES cleaned pages TEXT[] of one document,
 * in order: agenda items, from headings of the forms "Punkt 12: Title" and
 * "3.1 Title" (or "3.1. Title") at a line start, leaving out a table of
 * contents (three or more headings a few lines apart); and the attachments
 * a list names ("Bilag 1: Title" under an item of the table of contents,
 * or a bilagsliste's rows "2 | Title |"), where the text shows their
 * start.  Returns 0, or -1 if memory ran out. */
int agx_structure_items(char *const *text, size_t n_pages, agx_items *out);
void agx_items_clear(agx_items *items);

/* Minutes inside a document (an agenda carrying the minutes of the last
 * meeting, a bilag that is a referat): the meeting they record and the
 * pages they span. */
typedef struct {
    char date[11];     /* YYYY-MM-DD of the meeting they record */
    int own;           /* the minutes of the document's own committee */
    unsigned from, to; /* first and last page, 1-based */
} agx_minutes;

typedef struct {
    agx_minutes *list;
    size_t n, cap;
} agx_minutes_list;

/* Finds minutes inside the cleaned pages TEXT[] of a document: a line
 * "Referat fra/af møde i ... <date>" that ends with the date or is
 * followed by "Tid og sted", outside the first page's opening lines.  They
 * run to the next agenda item of ITEMS (or the end).  They are the
 * committee UDVALG's own when the line names it, or when they stand in an
 * item that approves minutes ("Godkendelse af referat...").  Returns 0, or
 * -1 if memory ran out; free with agx_minutes_clear(). */
int agx_structure_minutes(char *const *text, size_t n_pages,
                          const agx_items *items, const char *udvalg,
                          agx_minutes_list *out);
void agx_minutes_clear(agx_minutes_list *list);

/* The item in force at byte OFFSET of page PAGE, or NULL if none has
 * opened by then.  The pointer is into ITEMS. */
const agx_item *agx_items_at(const agx_items *items, unsigned page,
                             size_t offset);

/* One file of an archive, as the walk found it: its malloc'd absolute path,
 * where the part relative to the root starts, and its size and time (of
 * the file a link names), or the errno that stat-ing it gave. */
typedef struct {
    char *path;
    size_t rel;
    long long size, mtime_ns;
    int error;
} agx_walk_file;

/* Lists the files under ROOT (or ROOT itself, if it is a file), sorted by
 * path, in *out (*n of them; free with agx_walk_free).  Folders that cannot
 * be read are reported through ON_ERROR and skipped; symbolic links to
 * folders are not followed (no loops).  Returns 0, or -1 with *errmsg set if
 * ROOT itself cannot be read. */
typedef void (*agx_walk_error_fn)(void *ctx, const char *path,
                                  const char *error);
int agx_walk(const char *root, agx_walk_file **out, size_t *n,
             agx_walk_error_fn on_error, void *ctx, char **errmsg);
void agx_walk_free(agx_walk_file *files, size_t n);

/* What the index remembers of a file (record.c). */
#define AGX_RECORD_PREFIX "F"
#define AGX_RECORD_KEY 42 /* "F" + 40 hex digits + NUL */
typedef struct {
    char *path;
    long long size, mtime_ns;
    char hash[41]; /* SHA-1 of the content, hex */
    int failed;
    char *reason; /* why it failed, or "" */
    unsigned extraction, analysis; /* the versions it was indexed by */
    char catalog[AGX_CATALOG_DIGEST]; /* what the catalogue said of it */
} agx_record;

/* What an indexed file's pages depend on besides its content, each a
 * number kept in the file's record.  Bump AGX_EXTRACTION when a change to
 * extraction or cleaning alters the text a page keeps: the next run reads
 * each file again (PDFs extracted anew).  Bump AGX_ANALYSIS when a change
 * alters what that text gives (terms, structure, values) but not the text:
 * the next run analyses each file again from the pages the index keeps
 * (no PDF is extracted).  Records older than these numbers say 1.1.
 *   analysis 2: a compound written with a hyphen is indexed joined too. */
#define AGX_EXTRACTION 1u
#define AGX_ANALYSIS 2u

/* The metadata key of PATH's record.  Returns 0, or -1 if memory ran out. */
int agx_record_key(const char *path, char out[AGX_RECORD_KEY]);

/* Reads a record's VALUE into R (agx_record_clear() frees it).  Returns 0,
 * or -1 if VALUE is no record. */
int agx_record_parse(const char *value, agx_record *r);

/* R as a metadata value (malloc'd), or NULL if memory ran out. */
char *agx_record_format(const agx_record *r);
void agx_record_clear(agx_record *r);

/* The SHA-1 of PATH's content, in hex.  Returns 0, or -1 with *errmsg. */
int agx_file_hash(const char *path, char out[41], char **errmsg);

/* agx_strdupf(), a printf() into a malloc'd string, is stemmer's. */
char *agx_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Brings DB's synonym table in line with its vocabulary (vocab.c): the
 * ASCII spellings of words with æ ø å, and the parts of compounds, STEM
 * stemming.  Only the differences are written; the caller commits. */
typedef struct agx_stem agx_stem; /* stemmer/agx_stem.h */
#define AGX_META_VOCAB "agendex.vocab"
#define AGX_VOCAB_VERSION "2" /* bump when the relations change */
agx_status agx_vocab_update(agx_db *db, agx_stem *stem);

/* Removes the folder DIR, its files and its folders (a sharded index's
 * parts, a segment).  Never follows a symbolic link. */
void agx_remove_folder(const char *dir);

#endif /* AGX_INDEXER_PRIVATE_H */
