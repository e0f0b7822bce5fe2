/* agx_index.h: the indexer, from an archive folder to a Xapian index.
 *
 * An archive is a folder laid out as <udvalg>/<date>/<file>, where <date> is
 * YYYY-MM-DD, YYYY-MM or YYYY (as much as is known) and the file name says
 * dagsorden, referat or bilag.  The indexer walks it, extracts each PDF
 * (poppler, page by page) or text file (pages split on form feeds), cleans
 * the text and adds one Xapian document per page, with the metadata the
 * layout gives.  Files outside the layout are indexed with that metadata
 * left empty, never guessed.
 *
 * A file that cannot be read is reported through the report callback and
 * skipped; only an error of the index itself (locked, damaged, disk full)
 * stops the run.  Work is committed in batches, so a killed run leaves the
 * last commit intact.
 */
#ifndef AGX_INDEX_H
#define AGX_INDEX_H

#include "agx_xapian.h"

typedef struct agx_indexer agx_indexer;

/* Where a piece of a file's metadata came from, strongest first. */
typedef enum {
    AGX_SOURCE_NONE = 0, /* unknown */
    AGX_SOURCE_CATALOG,  /* the archive's agendex.tsv */
    AGX_SOURCE_LAYOUT,   /* the folders <udvalg>/<date>/ and the file name */
    AGX_SOURCE_TEXT,     /* the first page's heading */
} agx_meta_source;

/* The metadata a file was indexed with: "" where unknown. */
typedef struct {
    const char *udvalg, *date, *type, *title;
    agx_meta_source udvalg_src, date_src, type_src, title_src;
} agx_file_meta;

/* A static name of SRC: "catalogue", "layout", "text" or "unknown". */
const char *agx_meta_source_str(agx_meta_source src);

/* What the indexer tells its caller, file by file. */
typedef struct {
    /* Called for each ARCHIVE once it is walked and each file's need is
     * known: how many more files it will report with file_done() (the
     * new and changed ones, which it reads) and their size in BYTES.  A
     * file it cannot even look at is reported before. */
    void (*planned)(void *ctx, unsigned long files, unsigned long long bytes);
    /* Called once per file read or failed: PAGES indexed, or ERROR (NULL
     * on success) saying why the file was not indexed; BYTES: its size
     * (0 if not known).  Unchanged files are not reported.  The strings
     * are valid during the call. */
    void (*file_done)(void *ctx, const char *path, unsigned pages,
                      unsigned long long bytes, const char *error);
    /* Called for something worth saying of a file that is still indexed
     * (it was not UTF-8, say), or of a catalogue line.  May be NULL. */
    void (*warning)(void *ctx, const char *path, const char *message);
    /* Called for each file indexed, with its metadata.  May be NULL. */
    void (*metadata)(void *ctx, const char *path, const agx_file_meta *meta);
    /* Asked after each file: non-zero stops the run there (SIGTERM, say);
     * nothing is then removed.  May be NULL. */
    int (*cancelled)(void *ctx);
    void *ctx;
} agx_index_report;

/* What one PDF's extraction may take (0: no limit). */
typedef struct {
    unsigned seconds;   /* wall clock */
    unsigned memory_mb; /* address space of the extracting process */
} agx_limits;

/* Counts of one run, in files but for PAGES. */
typedef struct {
    unsigned long added;     /* new, indexed */
    unsigned long updated;   /* changed, indexed again */
    unsigned long unchanged; /* same size and time, or same content */
    unsigned long removed;   /* gone from the archive, gone from the index */
    unsigned long failed;    /* cannot be indexed (new failures are reported;
                                old ones wait until the file changes) */
    unsigned long skipped;   /* neither PDF nor text */
    unsigned long held;      /* gone, but kept: the mass-delete guard */
    unsigned long pages;     /* of the files added and updated */
    unsigned long copied;    /* PDFs whose content the index had under
                                another path: read back, not extracted */
    unsigned long reanalysed; /* of the updated, files the same as indexed
                                 but by an older analysis: analysed again
                                 (a PDF from the pages the index has) */
} agx_index_stats;

/* Opens (creating if need be) the index in DBPATH for writing.  REPORT may
 * be NULL; it is copied.
 * Return value:
 * AGX_OK: *out is the indexer; agx_index_close() frees it.
 * AGX_ERR_LOCKED: another indexer is writing DBPATH.
 * Any other status: the index cannot be opened.
 * On failure *out is NULL and *errmsg is a message from malloc() for the
 * caller to free(). */
agx_status agx_index_open(const char *dbpath, const agx_index_report *report,
                          agx_indexer **out, char **errmsg);

/* Makes DBPATH an index of N shards (N Xapian databases, and one for the
 * index as a whole, listed in a Xapian stub, DBPATH/XAPIANDB), unless it
 * is one already: call it before agx_index_open().  Each file goes to the
 * shard a stable hash of its path names; searches open the stub as one
 * index.  An existing index of another shard count, or without shards, is
 * an error: the shard count is fixed when an index is made.
 * Returns AGX_OK, or the error with *errmsg (malloc'd). */
agx_status agx_index_create_shards(const char *dbpath, unsigned n,
                                   char **errmsg);

/* Brings the index up to date with ROOT (a folder, or one file): new and
 * changed PDF and text files are indexed (a file whose size and time are
 * as recorded is not opened; one whose content hash is as recorded is not
 * indexed again), and files the index has under ROOT that are gone are
 * removed, unless more than the allowed share of them is gone at once
 * (agx_index_set_mass_delete()).  Files that fail are counted and
 * reported, and the rest go on; a failed file is tried again once it
 * changes.
 * Return value: AGX_OK, or the index's error (the run must stop), with
 * *errmsg a message from malloc() for the caller to free(). */
agx_status agx_index_root(agx_indexer *ix, const char *root, char **errmsg);

/* ALLOW: remove however many files vanished; else at most SHARE (0..1) of
 * a root's files in one run, the rest held back with a warning.  The
 * default is 0.5. */
void agx_index_set_mass_delete(agx_indexer *ix, int allow, double share);

/* Extract each PDF in a worker process under LIM (the default: 120 s a
 * file, 2048 MB a worker), so that a crash, a hang or an allocation bomb
 * costs that file alone; a zero LIM->seconds and memory_mb still isolate
 * the process. */
void agx_index_set_limits(agx_indexer *ix, const agx_limits *lim);

/* The workers run the helper program at PATH (agendex-extract; copied).
 * Without one, a run that meets a PDF says so and stops. */
void agx_index_set_extractor(agx_indexer *ix, const char *path);

/* REREAD: read every file again, as if each had changed (PDFs are
 * extracted anew): after a change to poppler, say.  Without it, a run
 * reads a file again only if it changed, or if its record says an older
 * agendex extracted it (AGX_EXTRACTION); one that an older agendex
 * analysed (AGX_ANALYSIS) is analysed again from the pages the index
 * keeps. */
void agx_index_set_reread(agx_indexer *ix, int reread);

/* Runs up to JOBS extractions at once (worker processes; one writer).
 * The default is 1. */
void agx_index_set_jobs(agx_indexer *ix, unsigned jobs);

/* Commits every N pages or N files, whichever comes first (0: the
 * default, 2,000).  A killed run loses at most that much work; the pages
 * between two commits are held in memory (10,000 text pages: 1,000 a
 * commit 19 s and 70 MB, 2,000 22 s and 124 MB, 10,000 32 s and 550 MB). */
void agx_index_set_commit_every(agx_indexer *ix, unsigned long n);

/* A run adds at most N pages to one Xapian database (0: no limit; the
 * default 100,000), in an index without shards: past that, the pages and
 * records of further files go to a new segment, DB/segments/K, which the
 * run's end merges into the index (agx_index_compact_due() then says 2).
 * Searches see a segment's pages only once it is merged.  A segment a
 * stopped or killed run leaves is merged when the index is next opened
 * for writing. */
void agx_index_set_segment_pages(agx_indexer *ix, unsigned long n);

/* Records SUMMARY (one line) as the last run's, for agendex status, and
 * commits.  Same return as agx_index_root(). */
agx_status agx_index_finish(agx_indexer *ix, const char *summary,
                            char **errmsg);

/* Whether this run wrote enough of the index (a quarter of its pages, or
 * more) that compacting it pays: Xapian's tables, written in no order,
 * are about twice their compacted size, and compacting costs a few
 * percent of what writing them did.  2: the run made segments, which only
 * compacting merges into the index: due whatever the caller's policy.
 * Call after agx_index_finish(). */
int agx_index_compact_due(agx_indexer *ix);

/* Compacts the index (agx_index_compact_db()).  IX is done after it,
 * whatever the outcome: only agx_index_close() may follow.  Returns
 * AGX_OK, or the error with *errmsg (malloc'd); on error the index is as
 * the last commit left it. */
agx_status agx_index_compact(agx_indexer *ix, char **errmsg);

/* How many segments a stopped run had left, which agx_index_open() merged
 * into the index (a compaction of it with them): 0 if none. */
size_t agx_index_merged(const agx_indexer *ix);

/* Puts a compacted copy of the index at DBPATH in its place, while *W (a
 * writer the caller opened, and committed) keeps other indexers out; *W is
 * closed and set to NULL once the copy is in place.  Searches find an
 * index there all the while.  Returns AGX_OK, or the error with *errmsg
 * (malloc'd), the index then left as it was. */
agx_status agx_index_compact_db(agx_db **w, const char *dbpath,
                                char **errmsg);

/* Commits what is not yet committed.  Same return as agx_index_root(). */
agx_status agx_index_commit(agx_indexer *ix, char **errmsg);

/* Stores the counts so far in *out. */
void agx_index_get_stats(const agx_indexer *ix, agx_index_stats *out);

/* Who holds DBPATH's write lock, as the holder wrote it when it took the
 * lock ("pid 1234 on host, since 2026-11-23T02:30:00Z"), in a malloc'd
 * string; NULL if that is not known. */
char *agx_index_lock_holder(const char *dbpath);

/* Closes IX WITHOUT committing: what was added since the last commit is
 * dropped.  NULL is a no-op. */
void agx_index_close(agx_indexer *ix);

/* A file that cannot be indexed, and why. */
typedef struct {
    char *path, *reason;
} agx_index_failure;

/* What an index says about itself. */
typedef struct {
    unsigned long pages;         /* documents: pages */
    unsigned long files;         /* files indexed and up to date */
    unsigned long outdated;      /* of those, indexed by an older agendex:
                                    the next run updates them (setting
                                    agx_index_set_reread() aside) */
    agx_index_failure *failures; /* files that fail, N_FAILURES of them */
    size_t n_failures;
    char *last_run; /* "<UTC time>\t<summary>", or "" */
    agx_tally_state tally; /* whether searches count by document id */
    unsigned long segments; /* a stopped run's, not yet merged (nor
                               searched): DB/segments/N with a commit;
                               or, while WRITER, the running one's */
    unsigned long segment_pages; /* the pages they hold (last commits) */
    char *writer; /* an indexer holds the index's lock: who ("pid 123 on
                     host, since <UTC time>", or "" if it did not say);
                     NULL if none does */
} agx_index_status;

/* Reads DBPATH's status into *out (read-only; a running indexer is no
 * obstacle: its last commit is what is read).  agx_index_status_clear()
 * frees it.  Returns AGX_OK, or the error with *errmsg (malloc'd). */
agx_status agx_index_status_read(const char *dbpath, agx_index_status *out,
                                 char **errmsg);
void agx_index_status_clear(agx_index_status *st);

#endif /* AGX_INDEX_H */
