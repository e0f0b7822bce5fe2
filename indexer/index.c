/* index.c: the indexer's main loop.
 *
 * For each file the walk lists: extract all its pages (so that a file that
 * fails half way leaves the index as it was), clean each page, find its
 * agenda items and build one document per page with the layout's metadata
 * and the titles of its items (analyse_job(), in analysis threads a few
 * files ahead); then, in the writer and in the archive's order, delete what
 * the index had of the file and add its documents (write_job()).  Each
 * file's outcome is sorted in one place (finish_job()): a file that cannot
 * be read is reported and skipped; an error of the index stops the run.
 * Commits come every COMMIT_EVERY pages or files
 * (agx_index_set_commit_every()), so a killed run loses at most that much
 * work and never the last commit.
 */
#include "agx_index.h"

#include "agx_abbrev.h"
#include "agx_buf.h"
#include "agx_casenum.h"
#include "agx_compound.h"
#include "agx_number.h"
#include "agx_schema.h"
#include "agx_stem.h"
#include "indexer-private.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

/* The default of agx_index_set_commit_every().  A commit's cost grows with
 * the index (Xapian rewrites the block of each word's postings and
 * positions that the new pages go to), which favours larger batches; the
 * pages between commits are held in memory, in maps that slow down as
 * they grow, which favours smaller ones (agx_index.h has the figures). */
enum { COMMIT_EVERY = 2000 };

/* The default of agx_index_set_segment_pages(): the pages a run adds to
 * one Xapian database.  One writer took 13 minutes for the first 196,000
 * of a million text pages and as long again for the next 22,000: each
 * commit rewrites blocks spread over ever larger tables. */
enum { SEGMENT_PAGES = 100000 };

struct agx_indexer {
    agx_db *db;
    char *dbpath;
    char *writer_file; /* DBPATH/agendex.writer: who holds the lock */
    agx_stem *stem;
    agx_analyser *an; /* the writer's own, for what it analyses itself */
    agx_index_report report;
    agx_index_stats stats;
    unsigned long uncommitted;       /* files added since the last commit */
    unsigned long uncommitted_pages; /* and their pages */
    unsigned long commit_every;      /* pages or files between commits */
    unsigned long segment_pages;     /* pages a run adds to one database */
    unsigned long written;           /* pages added to the current one */
    agx_catalog *catalog;      /* the current root's, or NULL */
    agx_limits limits;         /* of each PDF's extraction */
    size_t jobs;               /* extractions and analyses at once */
    agx_pool *pool;            /* their workers, during agx_index_root() */
    char *extractor;           /* the workers' program, or NULL */
    int changing;              /* this run marked the vocabulary stale */
    int allow_mass_delete;     /* remove however many files vanished */
    int reread;                /* read every file again, as if it changed */
    double max_delete;         /* else, at most this share of a root's */
    size_t merged; /* segments a stopped run left, merged at the open */
    GHashTable *records; /* path -> agx_record*, owned: the index's file
                            records, read once a run (at its first root)
                            and kept with each record the run writes */
};

static void
report_file(agx_indexer *ix, const char *path, unsigned pages,
            unsigned long long bytes, const char *error)
{
    if (ix->report.file_done)
        ix->report.file_done(ix->report.ctx, path, pages, bytes, error);
}

static void
walk_error(void *ctx, const char *path, const char *error)
{
    agx_indexer *ix = ctx;
    ix->stats.failed++;
    report_file(ix, path, 0, 0, error);
}

static void
walk_warning(void *ctx, const char *where, const char *why)
{
    agx_indexer *ix = ctx;
    if (ix->report.warning)
        ix->report.warning(ix->report.ctx, where, why);
}

/* Makes *errmsg the index's last error, prefixed with WHAT. */
static agx_status mark_changing(agx_indexer *ix);

static agx_status
db_failed(agx_indexer *ix, agx_status st, const char *what, char **errmsg)
{
    *errmsg = agx_strdupf("%s: %s", what, agx_db_last_error(ix->db));
    return st;
}

/* Writes who holds the lock, now that we do, for a refused second writer
 * to say (Xapian does not say).  Failing to is no error. */
static void
note_writer(agx_indexer *ix, const char *dbpath)
{
    char host[256] = "?", when[32];
    time_t now = time(NULL);
    struct tm tm;
    FILE *f;

    ix->writer_file = agx_strdupf("%s/agendex.writer", dbpath);
    if (!ix->writer_file)
        return;
    gethostname(host, sizeof host - 1);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    f = fopen(ix->writer_file, "w");
    if (f) {
        fprintf(f, "pid %ld on %s, since %s\n", (long)getpid(), host, when);
        fclose(f);
    }
}

char *
agx_index_lock_holder(const char *dbpath)
{
    char *path = agx_strdupf("%s/agendex.writer", dbpath), line[512];
    FILE *f = path ? fopen(path, "r") : NULL;
    char *ret = NULL;

    if (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        ret = strdup(line);
    }
    if (f)
        fclose(f);
    free(path);
    return ret;
}

/* The folder of the index's segments, and segment N's in it.  Malloc'd,
 * or NULL if memory ran out. */
static char *
segments_dir(const agx_indexer *ix)
{
    return agx_strdupf("%s/segments", ix->dbpath);
}

static char *
segment_dir(const agx_indexer *ix, size_t n)
{
    return agx_strdupf("%s/segments/%zu", ix->dbpath, n);
}

/* Merges into the index the segments a stopped or killed run left behind
 * (each consistent with the index, as agx_db_commit() commits the index
 * first).  *MERGED says how many there were: IX's writer is closed if
 * any. */
static agx_status
merge_left_segments(agx_indexer *ix, size_t *merged, char **errmsg)
{
    char *dir = segments_dir(ix);
    GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
    const char *name;
    agx_status st = dir ? AGX_OK : AGX_ERR_NOMEM;
    size_t n = 0;

    *merged = 0;
    while (st == AGX_OK && d && (name = g_dir_read_name(d))) {
        char *seg = agx_strdupf("%s/%s", dir, name);
        if (!seg)
            st = AGX_ERR_NOMEM;
        else if (g_file_test(seg, G_FILE_TEST_IS_DIR)) {
            /* A segment whose making a kill cut short has no version
             * file yet, so no commit: nothing to merge, and Xapian cannot
             * open it. */
            char *version = agx_strdupf("%s/iamglass", seg);
            if (!version)
                st = AGX_ERR_NOMEM;
            else if (!g_file_test(version, G_FILE_TEST_EXISTS))
                agx_remove_folder(seg);
            else {
                st = agx_db_add_segment(ix->db, seg);
                n += st == AGX_OK;
            }
            free(version);
        }
        free(seg);
    }
    if (d)
        g_dir_close(d);
    free(dir);
    if (st == AGX_ERR_NOMEM) {
        *errmsg = agx_strdupf("out of memory");
        return st;
    }
    if (st != AGX_OK)
        return db_failed(ix, st, "cannot open a stopped run's segment",
                         errmsg);
    if (!n)
        return AGX_OK;
    if (ix->report.warning) {
        char *why = agx_strdupf("merging %zu segment%s that a stopped run "
                                "left into the index",
                                n, n == 1 ? "" : "s");
        if (why)
            ix->report.warning(ix->report.ctx, ix->dbpath, why);
        free(why);
    }
    *merged = n;
    return agx_index_compact(ix, errmsg);
}

/* Before a file is indexed: if the database that takes its pages has
 * taken this run's share, commit and go on in a new segment. */
static agx_status
next_segment(agx_indexer *ix, char **errmsg)
{
    char *dir;
    agx_status st;

    if (!ix->segment_pages || ix->written < ix->segment_pages ||
        agx_db_shard_count(ix->db))
        return AGX_OK;
    st = agx_index_commit(ix, errmsg);
    if (st != AGX_OK)
        return st;
    dir = segments_dir(ix);
    if (dir)
        (void)g_mkdir_with_parents(dir, 0777);
    free(dir);
    dir = segment_dir(ix, agx_db_segment_count(ix->db) + 1);
    if (!dir) {
        *errmsg = agx_strdupf("out of memory");
        return AGX_ERR_NOMEM;
    }
    st = agx_db_add_segment(ix->db, dir);
    if (st != AGX_OK)
        db_failed(ix, st, dir, errmsg);
    free(dir);
    ix->written = 0;
    return st;
}

agx_status
agx_index_open(const char *dbpath, const agx_index_report *report,
               agx_indexer **out, char **errmsg)
{
    agx_indexer *ix = calloc(1, sizeof *ix);
    char *dberr = NULL, *schema = NULL;
    agx_status st;
    size_t merged = 0;

    *out = NULL;
    *errmsg = NULL;
    if (!ix || !(ix->stem = agx_stem_new())) {
        free(ix);
        *errmsg = agx_strdupf("out of memory, or no Danish stemmer");
        return AGX_ERR_NOMEM;
    }
    if (report)
        ix->report = *report;
    ix->max_delete = 0.5;
    ix->jobs = 1;
    ix->commit_every = COMMIT_EVERY;
    ix->segment_pages = SEGMENT_PAGES;
    ix->limits.seconds = 120;
    ix->limits.memory_mb = 2048;
    /* Xapian creates the index folder but not its parents.  If this fails,
     * Xapian's own error below names the problem better. */
    (void)g_mkdir_with_parents(dbpath, 0777);
    st = agx_db_open(dbpath, AGX_DB_WRITE, &ix->db, &dberr);
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("cannot open index '%s' for writing: %s", dbpath,
                              dberr ? dberr : agx_status_str(st));
        free(dberr);
        agx_stem_free(ix->stem);
        free(ix);
        return st;
    }
    agx_db_set_stemmer(ix->db, agx_stem_callback, ix->stem);
    note_writer(ix, dbpath);
    ix->dbpath = strdup(dbpath);
    ix->an = agx_analyser_new(agx_stem_callback, ix->stem);
    if (!ix->dbpath || !ix->an) {
        *errmsg = agx_strdupf("out of memory");
        agx_index_close(ix);
        return AGX_ERR_NOMEM;
    }
    st = agx_db_get_metadata(ix->db, AGX_META_SCHEMA, &schema);
    if (st == AGX_OK && *schema && strcmp(schema, AGX_SCHEMA_VERSION) != 0) {
        *errmsg = agx_strdupf("index '%s' has schema version %s, this "
                              "agendex writes %s: index into a new --db",
                              dbpath, schema, AGX_SCHEMA_VERSION);
        st = AGX_ERR_CORRUPT;
    } else if (st == AGX_OK && !*schema) {
        st = agx_db_set_metadata(ix->db, AGX_META_SCHEMA, AGX_SCHEMA_VERSION);
    }
    if (st != AGX_OK && !*errmsg)
        db_failed(ix, st, "cannot read the index's schema", errmsg);
    free(schema);
    if (st == AGX_OK) {
        /* Searches count by document id where the index keeps this. */
        static const unsigned tally[] = AGX_TALLY_SLOTS;
        st = agx_db_keep_tally(ix->db, AGX_SLOT_TALLY,
                               sizeof tally / sizeof *tally);
        if (st != AGX_OK)
            db_failed(ix, st, "cannot read the index's tally table", errmsg);
    }
    if (st == AGX_OK)
        st = merge_left_segments(ix, &merged, errmsg);
    if (st == AGX_OK && merged) {
        /* The writer went with the old folder: open the merged one. */
        agx_index_close(ix);
        st = agx_index_open(dbpath, report, out, errmsg);
        if (st == AGX_OK)
            (*out)->merged = merged;
        return st;
    }
    if (st != AGX_OK) {
        agx_index_close(ix);
        return st;
    }
    *out = ix;
    return AGX_OK;
}

agx_status
agx_index_create_shards(const char *dbpath, unsigned n, char **errmsg)
{
    char *err = NULL;
    agx_status st;

    *errmsg = NULL;
    (void)g_mkdir_with_parents(dbpath, 0777);
    st = agx_db_create_shards(dbpath, n, &err);
    if (st != AGX_OK)
        *errmsg = agx_strdupf("cannot shard index '%s': %s", dbpath,
                              err ? err : agx_status_str(st));
    free(err);
    return st;
}

void
agx_index_close(agx_indexer *ix)
{
    if (!ix)
        return;
    if (ix->writer_file)
        unlink(ix->writer_file);
    free(ix->writer_file);
    free(ix->dbpath);
    free(ix->extractor);
    if (ix->records)
        g_hash_table_destroy(ix->records);
    agx_db_close(ix->db);
    agx_analyser_free(ix->an);
    agx_stem_free(ix->stem);
    free(ix);
}

int
agx_index_compact_due(agx_indexer *ix)
{
    unsigned long pages = 0;

    if (ix->db && agx_db_segment_count(ix->db))
        return 2;
    if (!ix->db || !ix->stats.pages ||
        agx_db_doc_count(ix->db, &pages) != AGX_OK)
        return 0;
    return ix->stats.pages >= pages / 4;
}

agx_status
agx_index_compact(agx_indexer *ix, char **errmsg)
{
    agx_status st;

    *errmsg = NULL;
    if (!ix->db) {
        *errmsg = agx_strdupf("the index is closed");
        return AGX_ERR_INTERNAL;
    }
    st = agx_index_compact_db(&ix->db, ix->dbpath, errmsg);
    if (st == AGX_OK) {
        /* Our note on the lock went with the old folder; the one there now
         * may be the next indexer's. */
        free(ix->writer_file);
        ix->writer_file = NULL;
    }
    return st;
}

size_t
agx_index_merged(const agx_indexer *ix)
{
    return ix->merged;
}

void
agx_index_get_stats(const agx_indexer *ix, agx_index_stats *out)
{
    *out = ix->stats;
}

agx_status
agx_index_commit(agx_indexer *ix, char **errmsg)
{
    agx_status st = agx_db_commit(ix->db);
    if (st != AGX_OK)
        return db_failed(ix, st, "cannot commit the index", errmsg);
    ix->uncommitted = 0;
    ix->uncommitted_pages = 0;
    return AGX_OK;
}

agx_status
agx_index_finish(agx_indexer *ix, const char *summary, char **errmsg)
{
    char when[32], *value;
    time_t now = time(NULL);
    struct tm tm;
    agx_status st;

    /* The vocabulary's relations, when the vocabulary may have changed (in
     * this run, or in one killed before it got here) or the index was made
     * before they were. */
    agx_db_route(ix->db, NULL);
    st = agx_db_get_metadata(ix->db, AGX_META_VOCAB, &value);
    if (st == AGX_OK) {
        int stale = strcmp(value, AGX_VOCAB_VERSION) != 0;
        free(value);
        if (stale || ix->stats.added || ix->stats.updated || ix->stats.removed)
            st = agx_vocab_update(ix->db, ix->stem);
        agx_db_route(ix->db, NULL);
        if (st == AGX_OK && (stale || ix->changing))
            st = agx_db_set_metadata(ix->db, AGX_META_VOCAB, AGX_VOCAB_VERSION);
        ix->changing = 0;
    }
    if (st != AGX_OK)
        return db_failed(ix, st, "cannot update the synonyms", errmsg);

    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    value = agx_strdupf("%s\t%s", when, summary);
    if (!value) {
        *errmsg = agx_strdupf("out of memory");
        return AGX_ERR_NOMEM;
    }
    agx_db_route(ix->db, NULL);
    st = agx_db_set_metadata(ix->db, AGX_META_LASTRUN, value);
    free(value);
    if (st != AGX_OK)
        return db_failed(ix, st, "cannot record the run", errmsg);
    return agx_index_commit(ix, errmsg);
}

/* The boolean term PREFIX + lower-cased VALUE, or NULL if VALUE is empty or
 * memory ran out. */
static char *
filter_term(const char *prefix, const char *value)
{
    char *low, *term;

    if (!*value)
        return NULL;
    low = agx_text_normalize(value, strlen(value), 1);
    term = low ? agx_strdupf("%s%s", prefix, low) : NULL;
    free(low);
    return term;
}

/* The term that names every page of the file at PATH. */
static char *
path_term(const char *path)
{
    char *sum, *term;

    if (strlen(path) + strlen(AGX_PREFIX_PATH) <= AGX_MAX_TERM)
        return agx_strdupf("%s%s", AGX_PREFIX_PATH, path);
    sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, path, -1);
    term = sum ? agx_strdupf("%s#%s", AGX_PREFIX_PATH, sum) : NULL;
    g_free(sum);
    return term;
}

/* What one page adds to the index besides its text. */
typedef struct {
    unsigned no;  /* 1-based */
    char *titles; /* the titles of the items on the page, a line each */
    char *item;   /* its main item, "<number>\t<title>", or "" */
    /* Its parts by item: from byte OFFSET on, ITEM's text (NULL: none
     * known); the first part starts at 0 with the item the page continues. */
    struct {
        size_t offset;
        const agx_item *item;
    } parts[32];
    size_t n_parts;
    char *cases; /* "<case>\t<item number>\t<item title>\n" per case */
    size_t cases_len, cases_cap;
    const agx_minutes *minutes; /* the minutes it is part of, or NULL */
} page_info;

static void
page_info_clear(page_info *pi)
{
    free(pi->titles);
    free(pi->item);
    free(pi->cases);
    memset(pi, 0, sizeof *pi);
}

/* A page's document being filled by a scan, and how it went. */
typedef struct abbrev_terms {
    agx_doc *doc;
    agx_status st;
} abbrev_terms;

/* A definition on the page, "Kommunekontaktrådet (KKR)", as the boolean
 * term XA<kkr>:<kommunekontaktrådet> (agx_schema.h). */
static int
on_abbrev(void *ctx, const char *s, size_t slen, const char *l, size_t llen)
{
    abbrev_terms *at = ctx;
    char *shrt = agx_text_normalize(s, slen, 1);
    char *lng = agx_text_normalize(l, llen, 1);
    char *term = NULL;

    if (shrt && lng) {
        /* One space between words, as a query's phrase has them. */
        char *w = lng;
        for (const char *r = lng; *r; r++)
            if (!g_ascii_isspace(*r))
                *w++ = *r;
            else if (w > lng && w[-1] != ' ')
                *w++ = ' ';
        *w = '\0';
        term = agx_strdupf("%s%s:%s", AGX_PREFIX_ABBREV, shrt, lng);
    }
    if (!term)
        at->st = AGX_ERR_NOMEM;
    else if (strlen(term) <= AGX_MAX_TERM)
        at->st = agx_doc_add_boolean(at->doc, term);
    free(shrt);
    free(lng);
    free(term);
    return at->st != AGX_OK;
}

/* A number written with its digits apart, "2.500", "70 12 34 56": its
 * digits joined, as another word of the page ("2500"). */
static int
on_number(void *ctx, size_t start, size_t len, const char *digits)
{
    abbrev_terms *at = ctx; /* the page's document and its status */
    (void)start;
    (void)len;
    at->st = agx_doc_add_term(at->doc, digits, 1);
    return at->st != AGX_OK;
}

/* "sundheds- og ældreområdet": XKsundheds:ældreområdet, for the
 * vocabulary pass to resolve into the compound it implies. */
static int
on_coordination(void *ctx, const char *mod, size_t mod_len, const char *word,
                size_t word_len)
{
    abbrev_terms *at = ctx;
    char *m = agx_text_normalize(mod, mod_len, 1);
    char *w = agx_text_normalize(word, word_len, 1);
    char *term =
        m && w ? agx_strdupf("%s%s:%s", AGX_PREFIX_COORDINATION, m, w) : NULL;

    if (!term)
        at->st = AGX_ERR_NOMEM;
    else if (strlen(term) <= AGX_MAX_TERM)
        at->st = agx_doc_add_term(at->doc, term, 1);
    free(m);
    free(w);
    free(term);
    return at->st != AGX_OK;
}

/* "klima-strategi": "klimastrategi", as another word of the page, and
 * its stem (a query for "klimastrategien" finds it; prepare.c does the
 * same for a query that writes the hyphen). */
static int
on_hyphenated(void *ctx, const char *word, size_t len)
{
    abbrev_terms *at = ctx;
    char *w = agx_text_normalize(word, len, 1);
    size_t k = 0;

    if (!w) {
        at->st = AGX_ERR_NOMEM;
        return 1;
    }
    for (const char *r = w; *r; r++)
        if (*r != '-')
            w[k++] = *r;
    w[k] = '\0';
    if (k <= AGX_MAX_TERM - 1)
        at->st = agx_doc_add_word(at->doc, w, 1);
    free(w);
    return at->st != AGX_OK;
}

/* Builds with AN the document of page PI of the file at PATH: TEXT (LEN
 * bytes, cleaned), in *out (the caller's to free; NULL on an error). */
static agx_status
build_page(agx_analyser *an, const char *path, const char *pterm,
           const char *hash, const agx_meta *m, const page_info *pi,
           const char *text, size_t len, agx_doc **out)
{
    const char *prefixes[] = {AGX_PREFIX_UDVALG, AGX_PREFIX_DATE,
                              AGX_PREFIX_YEAR, AGX_PREFIX_TYPE,
                              AGX_PREFIX_MEETING};
    const char *titles = pi->titles;
    char page[16], month[8], *meeting = NULL, *records = NULL, *order;
    agx_buf regions = {0};
    agx_doc *doc = NULL;
    agx_status st;

    snprintf(page, sizeof page, "%06u", pi->no);
    order = agx_strdupf("%s\x1f%s\x1f%s", m->date, path, page);
    snprintf(month, sizeof month, "%.7s", strlen(m->date) >= 7 ? m->date : "");
    if (*m->udvalg && *m->date)
        meeting = agx_strdupf("%s %s", m->udvalg, m->date);
    const char *values[] = {m->udvalg, m->date, m->year, m->type,
                            meeting ? meeting : ""};
    *out = NULL;
    st = agx_doc_new(an, &doc);
    /* The text part by part, noting where each agenda item's words begin,
     * so that a hit can name the item its matches are in. */
    for (size_t k = 0; st == AGX_OK && k < pi->n_parts; k++) {
        size_t from = pi->parts[k].offset;
        size_t to = k + 1 < pi->n_parts ? pi->parts[k + 1].offset : len;
        char *label;
        if (to <= from)
            continue;
        label = agx_item_label(pi->parts[k].item);
        if (!label) {
            st = AGX_ERR_NOMEM;
            break;
        }
        agx_buf_printf(&regions, "%u\t%s\n", agx_doc_position(doc),
                       *label ? label : "\t");
        free(label);
        st = agx_doc_index_text(doc, text + from, to - from, 1, "");
    }
    if (st == AGX_OK && *titles)
        st = agx_doc_index_text(doc, titles, strlen(titles), 1,
                                AGX_PREFIX_TITLE);
    if (st == AGX_OK)
        st = agx_doc_set_data(doc, text, len);
    if (st == AGX_OK)
        st = agx_doc_add_boolean(doc, pterm);
    if (st == AGX_OK && *hash) {
        char *term = filter_term(AGX_PREFIX_CONTENT, hash);
        st = term ? agx_doc_add_boolean(doc, term) : AGX_ERR_NOMEM;
        free(term);
    }
    for (size_t i = 0; st == AGX_OK && i < sizeof prefixes / sizeof *prefixes;
         i++) {
        char *term = filter_term(prefixes[i], values[i]);
        if (term)
            st = agx_doc_add_boolean(doc, term);
        free(term);
    }
    if (pi->minutes) {
        /* Found by dato: as the meeting they record, too. */
        char *term = filter_term(AGX_PREFIX_RECORDS, pi->minutes->date);
        if (st == AGX_OK)
            st = term ? agx_doc_add_boolean(doc, term) : AGX_ERR_NOMEM;
        free(term);
        records = agx_strdupf("%s\t%s", pi->minutes->own ? m->udvalg : "",
                              pi->minutes->date);
        if (!records && st == AGX_OK)
            st = AGX_ERR_NOMEM;
    }
    if (st == AGX_OK) {
        abbrev_terms at = {doc, AGX_OK};
        agx_abbrev_scan(text, len, on_abbrev, &at);
        if (at.st == AGX_OK)
            agx_number_scan(text, len, on_number, &at);
        if (at.st == AGX_OK)
            agx_compound_coordinations(text, len, on_coordination, &at);
        if (at.st == AGX_OK)
            agx_compound_hyphenated(text, len, on_hyphenated, &at);
        st = at.st;
    }
    for (const char *c = pi->cases; st == AGX_OK && c && *c;) {
        size_t n = strcspn(c, "\t");
        char *term = agx_strdupf("%s%.*s", AGX_PREFIX_CASE, (int)n, c);
        st = term ? agx_doc_add_boolean(doc, term) : AGX_ERR_NOMEM;
        free(term);
        c = strchr(c, '\n');
        c = c ? c + 1 : NULL;
    }
    const struct {
        unsigned slot;
        const char *value;
    } slots[] = {
        {AGX_SLOT_FILE, path},
        {AGX_SLOT_PAGE, page},
        {AGX_SLOT_UDVALG, m->udvalg},
        {AGX_SLOT_DATE, m->date},
        {AGX_SLOT_YEAR, m->year},
        {AGX_SLOT_TYPE, m->type},
        {AGX_SLOT_MEETING, meeting ? meeting : ""},
        {AGX_SLOT_ITEM, pi->item},
        {AGX_SLOT_CASES, pi->cases ? pi->cases : ""},
        {AGX_SLOT_RECORDS, records ? records : ""},
        {AGX_SLOT_MONTH, month},
        {AGX_SLOT_ORDER, order ? order : ""},
        {AGX_SLOT_REGIONS, regions.s ? regions.s : ""},
        {AGX_SLOT_CONTENT, hash},
    };
    if (st == AGX_OK && regions.failed)
        st = AGX_ERR_NOMEM;
    for (size_t i = 0; st == AGX_OK && i < sizeof slots / sizeof *slots; i++)
        st = agx_doc_set_value(doc, slots[i].slot, slots[i].value);
    static const unsigned tally[] = AGX_TALLY_SLOTS;
    if (st == AGX_OK)
        st = agx_doc_pack_values(doc, AGX_SLOT_TALLY, tally,
                                 sizeof tally / sizeof *tally);
    if (st == AGX_OK)
        *out = doc;
    else
        agx_doc_free(doc);
    free(meeting);
    free(records);
    free(order);
    free(regions.s);
    return st;
}

/* The titles that page PAGE_NO is under, one a line, in a malloc'd
 * string: the document's, the item the page continues, and those that
 * open on it. */
static char *
page_titles(const agx_items *items, const char *doc_title, unsigned page_no)
{
    const agx_item *first = agx_items_at(items, page_no, 0);
    size_t from = first ? (size_t)(first - items->items) : 0;
    size_t len = strlen(doc_title) + 2;
    char *s, *o;

    for (size_t i = from; i < items->n && items->items[i].page <= page_no; i++)
        len += strlen(items->items[i].title) +
               strlen(items->items[i].attachment) + 2;
    s = o = malloc(len);
    if (!s)
        return NULL;
    if (*doc_title) {
        memcpy(o, doc_title, strlen(doc_title));
        o += strlen(doc_title);
        *o++ = '\n';
    }
    for (size_t i = from; i < items->n && items->items[i].page <= page_no;
         i++) {
        /* An item's title, and an attachment's. */
        for (int f = 0; f < 2; f++) {
            const char *t =
                f ? items->items[i].attachment : items->items[i].title;
            size_t n = strlen(t);
            if (!n)
                continue;
            memcpy(o, t, n);
            o += n;
            *o++ = '\n';
        }
    }
    *o = '\0';
    return s;
}

/* The page's main item: the one in force over most of its LEN bytes, as
 * "<number>\t<title>" (malloc'd; "" if none). */
static char *
page_item(const agx_items *items, unsigned page_no, size_t len)
{
    const agx_item *best = NULL, *cur = agx_items_at(items, page_no, 0);
    size_t best_len = 0, from = 0;

    for (size_t i = 0; i <= items->n; i++) {
        const agx_item *next = i < items->n ? &items->items[i] : NULL;
        size_t to;
        if (next && next->page != page_no)
            continue;
        to = next ? next->offset : len;
        if (cur && to - from >= best_len && to > from) {
            best = cur;
            best_len = to - from;
        }
        if (!next)
            break;
        cur = next;
        from = next->offset;
    }
    return agx_item_label(best);
}

typedef struct {
    page_info *pi;
    const agx_items *items;
    int failed;
} case_scan;

/* Does LINES (each ending in '\n') hold LINE (ending in '\n') whole? */
static int
has_line(const char *lines, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = lines; p && *p;) {
        if (strncmp(p, line, n) == 0)
            return 1;
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    return 0;
}

/* Notes a case number found on the page, with the item it stands in, once
 * per (case, item). */
static int
on_case(void *ctx, const char *norm, size_t start, size_t len)
{
    case_scan *cs = ctx;
    page_info *pi = cs->pi;
    char *label = agx_item_label(agx_items_at(cs->items, pi->no, start));
    char *line = label ? agx_strdupf("%s\t%s\n", norm, *label ? label : "\t")
                       : NULL;
    size_t n;

    free(label);

    (void)len;
    if (!line) {
        cs->failed = 1;
        return 1;
    }
    n = strlen(line);
    if (pi->cases && has_line(pi->cases, line)) {
        free(line);
        return 0;
    }
    if (pi->cases_len + n + 1 > pi->cases_cap) {
        size_t cap = (pi->cases_len + n + 1) * 2;
        char *p = realloc(pi->cases, cap);
        if (!p) {
            free(line);
            cs->failed = 1;
            return 1;
        }
        pi->cases = p;
        pi->cases_cap = cap;
    }
    memcpy(pi->cases + pi->cases_len, line, n + 1);
    pi->cases_len += n;
    free(line);
    return 0;
}

/* Fills PI for page PAGE_NO (TEXT, LEN bytes) of the document titled
 * DOC_TITLE ("" if not known).  Returns 0, or -1 if memory ran out. */
static int
page_info_make(page_info *pi, const agx_items *items, const char *doc_title,
               unsigned page_no, const char *text, size_t len)
{
    case_scan cs = {pi, items, 0};

    memset(pi, 0, sizeof *pi);
    pi->no = page_no;
    pi->titles = page_titles(items, doc_title, page_no);
    pi->item = page_item(items, page_no, len);
    if (!pi->titles || !pi->item)
        return -1;
    pi->parts[0].offset = 0;
    pi->parts[0].item = agx_items_at(items, page_no, 0);
    pi->n_parts = 1;
    for (size_t i = 0; i < items->n; i++) {
        const agx_item *it = &items->items[i];
        if (it->page != page_no || it->offset >= len)
            continue;
        if (it->offset == 0)
            pi->parts[0].item = it;
        else if (pi->n_parts < sizeof pi->parts / sizeof *pi->parts) {
            pi->parts[pi->n_parts].offset = it->offset;
            pi->parts[pi->n_parts++].item = it;
        }
    }
    agx_casenum_scan(text, len, on_case, &cs);
    return cs.failed ? -1 : 0;
}

static void
report_meta(agx_indexer *ix, const char *path, const agx_meta *m)
{
    agx_file_meta fm = {m->udvalg,     m->date,     m->type,     m->title,
                        m->udvalg_src, m->date_src, m->type_src, m->title_src};
    if (ix->report.metadata)
        ix->report.metadata(ix->report.ctx, path, &fm);
}

/* Does the page hold anything but white space? */
static int
has_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t')
            return 1;
    return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* A file this run must index: its new record, and whether the index had
 * it up to date before (an update, not an addition); then what analysing
 * it made (analyse_job()), until the writer has written it. */
typedef struct {
    const char *path, *rel;
    agx_record rec; /* path borrowed; the rest filled */
    int had_it;
    int pdf;            /* a PDF (fixed at plan) */
    int worker;         /* the pool's worker extracting it, or -1 */
    int start_failed;   /* its extraction could not start: */
    char *start_error;  /* why (NULL if memory ran out) */
    const char *source; /* a file of the same content whose pages the
                           index has (or the file itself, REANALYSE): read
                           those, do not extract */
    int reanalyse;      /* indexed as it is, by an older analysis: its own
                           pages read back by an analysis thread */
    int in_writer;      /* analysed by the writer itself (fixed at plan) */
    int unread;         /* REANALYSE, but its pages could not be read back:
                           the writer extracts it (set by its analyst) */
    int analysed;       /* set under the analysts' lock when it is */
    /* The analysis: */
    int extracted;      /* its pages were read (else WHY says why not) */
    agx_meta meta;      /* what is known of it, once extracted */
    agx_doc **docs;     /* a document for each page with text, in order */
    size_t n_docs;
    char *warning;      /* of its extraction, or NULL */
    char *why;          /* why the file fails, or NULL */
    agx_status st;      /* not AGX_OK: the run's error (memory), ERROR */
    char *error;
} job;

/* Frees what J's analysis made. */
static void
job_clear_analysis(job *j)
{
    for (size_t i = 0; i < j->n_docs; i++)
        agx_doc_free(j->docs[i]);
    free(j->docs);
    j->docs = NULL;
    j->n_docs = 0;
    free(j->warning);
    free(j->why);
    free(j->error);
    j->warning = j->why = j->error = NULL;
}

/* Analyses J in the calling thread, with AN: its pages (GIVEN, taken;
 * else from its PDF's worker or its text file), cleaned, their agenda
 * items found, and a document built for each page with text.  What it
 * touches besides J and AN: the pool's slot J->worker, and what no one
 * changes during a run (the catalogue).  So the analyses of different
 * files can run in threads of their own while the writer writes. */
static void
analyse_job(agx_indexer *ix, job *j, agx_analyser *an, agx_pages *given)
{
    agx_pages pages = {0};
    agx_items items = {0};
    agx_minutes_list minutes = {0};
    char *pterm = NULL;
    agx_status st = AGX_OK;
    int rc;

    if (given) {
        pages = *given; /* taken */
        memset(given, 0, sizeof *given);
        rc = 0;
    } else if (j->pdf) {
        rc = agx_pool_finish(ix->pool, j->worker, &pages, &j->why);
    } else {
        rc = agx_extract_text(j->path, &pages, &j->warning, &j->why);
    }
    if (rc != 0)
        goto out;
    j->extracted = 1;
    pterm = path_term(j->path);
    if (!pterm) {
        st = AGX_ERR_NOMEM;
        goto out;
    }
    /* Clean every page first: the structure is found on clean text. */
    for (size_t i = 0; i < pages.n; i++) {
        size_t len;
        char *clean = agx_clean_text(pages.text[i], pages.len[i], &len);
        if (!clean) {
            /* Extractors give valid UTF-8, so only memory can fail here. */
            st = AGX_ERR_NOMEM;
            goto out;
        }
        free(pages.text[i]);
        pages.text[i] = clean;
        pages.len[i] = len;
    }
    if (agx_structure_items(pages.text, pages.n, &items) != 0) {
        st = AGX_ERR_NOMEM;
        goto out;
    }
    memset(&j->meta, 0, sizeof j->meta);
    agx_meta_from_catalog(ix->catalog, j->rel, &j->meta);
    agx_meta_from_path(j->rel, &j->meta);
    if (pages.n)
        agx_meta_from_text(pages.text[0], &j->meta);
    if (agx_structure_minutes(pages.text, pages.n, &items, j->meta.udvalg,
                              &minutes) != 0 ||
        !(j->docs = calloc(pages.n ? pages.n : 1, sizeof *j->docs))) {
        st = AGX_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; st == AGX_OK && i < pages.n; i++) {
        page_info pi;
        if (!has_text(pages.text[i]))
            continue;
        if (page_info_make(&pi, &items, j->meta.title, (unsigned)(i + 1),
                           pages.text[i], pages.len[i]) != 0) {
            st = AGX_ERR_NOMEM;
        } else {
            for (size_t k = 0; k < minutes.n; k++) {
                const agx_minutes *mk = &minutes.list[k];
                if (mk->from <= i + 1 && i + 1 <= mk->to)
                    pi.minutes = mk;
            }
            st = build_page(an, j->path, pterm, j->rec.hash, &j->meta, &pi,
                            pages.text[i], pages.len[i], &j->docs[j->n_docs]);
        }
        page_info_clear(&pi);
        if (st == AGX_OK)
            j->n_docs++;
    }
    if (st == AGX_OK && j->n_docs == 0)
        j->why = agx_strdupf("no text in %zu page(s): a scanned document "
                             "needs OCR first",
                             pages.n);
out:
    if (st != AGX_OK) {
        const char *e = agx_analyser_last_error(an);
        j->error = agx_strdupf("%s: %s", j->path, *e ? e : "out of memory");
    }
    j->st = st;
    free(pterm);
    agx_items_clear(&items);
    agx_minutes_clear(&minutes);
    agx_pages_clear(&pages);
}

/* Writes what analysing J made: the index's pages of the file replaced by
 * J's documents (none if the file failed to extract: it stays as it was).
 * *n_pages: the pages written.  Returns the index's error, or AGX_OK. */
static agx_status
write_job(agx_indexer *ix, job *j, unsigned *n_pages)
{
    char *pterm;
    agx_status st;

    *n_pages = 0;
    if (j->warning && ix->report.warning)
        ix->report.warning(ix->report.ctx, j->path, j->warning);
    if (j->extracted)
        report_meta(ix, j->path, &j->meta);
    if (j->st != AGX_OK || !j->extracted)
        return j->st;
    pterm = path_term(j->path);
    if (!pterm)
        return AGX_ERR_NOMEM;
    st = mark_changing(ix);
    agx_db_route(ix->db, j->path);
    if (st == AGX_OK)
        st = agx_db_delete_term(ix->db, pterm);
    for (size_t i = 0; st == AGX_OK && i < j->n_docs; i++)
        st = agx_db_add(ix->db, j->docs[i]);
    if (st == AGX_OK && !j->why)
        *n_pages = (unsigned)j->n_docs;
    free(pterm);
    return st;
}

static int
indexable(const char *path)
{
    return ends_with(path, ".pdf") || ends_with(path, ".txt") ||
           ends_with(path, ".text");
}

/* The records of files under a root, by path, and whether this run saw
 * each of them. */
typedef struct {
    const char *root; /* absolute */
    size_t root_len;
    GHashTable *records; /* path -> agx_record*, owned */
    GHashTable *seen;    /* paths seen this run (keys borrowed) */
} root_records;

static void
record_free(gpointer p)
{
    agx_record_clear(p);
    free(p);
}

static agx_record *
record_dup(const agx_record *r)
{
    agx_record *copy = malloc(sizeof *copy);

    if (!copy)
        return NULL;
    *copy = *r;
    copy->path = strdup(r->path);
    copy->reason = strdup(r->reason ? r->reason : "");
    if (!copy->path || !copy->reason) {
        record_free(copy);
        return NULL;
    }
    return copy;
}

typedef struct {
    GHashTable *records;
    int failed;
} record_load;

static int
on_record(void *ctx, const char *key, const char *value)
{
    record_load *load = ctx;
    agx_record *r = calloc(1, sizeof *r);

    (void)key;
    if (!r) {
        load->failed = 1;
        return 1;
    }
    if (agx_record_parse(value, r) != 0) {
        record_free(r); /* not ours: skipped */
        return 0;
    }
    g_hash_table_replace(load->records, r->path, r);
    return 0;
}

/* Reads the index's file records into IX->records, once a run: a run over
 * twenty archive folders read all 100,000 records twenty times (0.8 s of
 * a 3 s run with no change). */
static agx_status
load_records(agx_indexer *ix)
{
    record_load load = {NULL, 0};
    agx_status st;

    if (ix->records)
        return AGX_OK;
    load.records =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, record_free);
    st = agx_db_metadata_each(ix->db, AGX_RECORD_PREFIX, on_record, &load);
    if (st == AGX_OK && load.failed)
        st = AGX_ERR_NOMEM;
    if (st != AGX_OK) {
        g_hash_table_destroy(load.records);
        return st;
    }
    ix->records = load.records;
    return AGX_OK;
}

/* Copies into RR->records the run's records of files under RR->root. */
static int
root_records_fill(agx_indexer *ix, root_records *rr)
{
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, ix->records);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        const agx_record *r = value;
        agx_record *copy;
        if (!(strcmp(r->path, rr->root) == 0 ||
              (strncmp(r->path, rr->root, rr->root_len) == 0 &&
               r->path[rr->root_len] == '/')))
            continue;
        if (!(copy = record_dup(r)))
            return -1;
        g_hash_table_replace(rr->records, copy->path, copy);
    }
    return 0;
}

/* Writes R's record (in the open transaction). */
static agx_status
put_record(agx_indexer *ix, const agx_record *r)
{
    char key[AGX_RECORD_KEY], *value;
    agx_status st;

    if (agx_record_key(r->path, key) != 0 || !(value = agx_record_format(r)))
        return AGX_ERR_NOMEM;
    agx_db_route(ix->db, r->path);
    st = agx_db_set_metadata(ix->db, key, value);
    free(value);
    if (st == AGX_OK && ix->records) {
        agx_record *copy = record_dup(r);
        if (!copy)
            return AGX_ERR_NOMEM;
        g_hash_table_replace(ix->records, copy->path, copy);
    }
    return st;
}

/* Marks the vocabulary's relations as out of date before the run's first
 * change, in the index as a whole, which commits first: a run killed
 * after some commits leaves the mark, and the next run, even with nothing
 * left to change, derives them again (agx_index_finish()). */
static agx_status
mark_changing(agx_indexer *ix)
{
    agx_status st = AGX_OK;
    if (!ix->changing) {
        agx_db_route(ix->db, NULL);
        st = agx_db_set_metadata(ix->db, AGX_META_VOCAB, "changing");
        ix->changing = st == AGX_OK;
    }
    return st;
}

/* Records that PATH failed with WHY (malloc'd, taken), keeping what the
 * index had of it. */
static agx_status
file_failed(agx_indexer *ix, agx_record *rec, char *why)
{
    agx_status st = AGX_OK;

    ix->stats.failed++;
    report_file(ix, rec->path, 0, (unsigned long long)rec->size, why);
    if (rec->hash[0]) {
        rec->failed = 1;
        rec->reason = why;
        st = put_record(ix, rec);
    }
    free(why);
    ix->uncommitted++;
    return st;
}

/* Whether OLD, a file's record, stands for what this run would index of
 * the same content, whose record is NOW. */
static int
current(const agx_indexer *ix, const agx_record *old, const agx_record *now)
{
    return !ix->reread && old->extraction == AGX_EXTRACTION &&
           old->analysis == AGX_ANALYSIS &&
           strcmp(old->catalog, now->catalog) == 0;
}

/* Decides what PATH needs, cheaply (stat, and the content's hash only when
 * size or time changed): nothing (counted here), or indexing (*needed set,
 * J filled).  Returns the index's error, or AGX_OK. */
static agx_status
plan_file(agx_indexer *ix, root_records *rr, const agx_walk_file *f, job *j,
          int *needed)
{
    const char *path = f->path;
    agx_record *old = g_hash_table_lookup(rr->records, path);
    char *why = NULL;

    *needed = 0;
    memset(j, 0, sizeof *j);
    j->worker = -1;
    j->path = path;
    j->rel = path + f->rel;
    j->rec.path = (char *)path;
    g_hash_table_add(rr->seen, (gpointer)path);
    /* The walk stat'ed it, relative to its folder: no second lookup. */
    if (f->error)
        return file_failed(ix, &j->rec, agx_strdupf("%s", strerror(f->error)));
    j->rec.size = f->size;
    j->rec.mtime_ns = f->mtime_ns;
    j->rec.extraction = AGX_EXTRACTION;
    j->rec.analysis = AGX_ANALYSIS;
    agx_catalog_digest(ix->catalog, j->rel, j->rec.catalog);
    j->rec.reason = "";
    if (old && old->size == j->rec.size && old->mtime_ns == j->rec.mtime_ns) {
        /* Not opened: a failed file is tried again once it changes. */
        if (old->failed) {
            ix->stats.failed++;
            return AGX_OK;
        }
        if (current(ix, old, &j->rec)) {
            ix->stats.unchanged++;
            return AGX_OK;
        }
        memcpy(j->rec.hash, old->hash, sizeof j->rec.hash);
    } else {
        if (agx_file_hash(path, j->rec.hash, &why) != 0)
            return file_failed(ix, &j->rec, why);
        if (old && !old->failed && strcmp(old->hash, j->rec.hash) == 0 &&
            current(ix, old, &j->rec)) {
            /* Touched, not changed: remember the new mtime. */
            ix->stats.unchanged++;
            return put_record(ix, &j->rec);
        }
    }
    /* A file that only ever failed was never in the index: it is new. */
    j->had_it = old && !old->failed;
    j->pdf = ends_with(path, ".pdf");
    /* The same content, its pages as this agendex extracts them: only
     * their analysis is older, or what the catalogue says of it changed. */
    j->reanalyse = j->had_it && !ix->reread &&
                   strcmp(old->hash, j->rec.hash) == 0 &&
                   old->extraction == AGX_EXTRACTION;
    *needed = 1;
    return AGX_OK;
}

static int
on_stored_page(void *ctx, const char *page, const char *data, size_t len)
{
    agx_pages *pages = ctx;
    long no = strtol(page, NULL, 10);

    if (no <= 0 || no > 1000000)
        return 0;
    /* Pages without text were not stored: they come back empty. */
    while (pages->n < (size_t)no - 1)
        if (agx_pages_add(pages, "", 0) != 0)
            return 1;
    if (pages->n == (size_t)no - 1 && agx_pages_add(pages, data, len) != 0)
        return 1;
    return 0;
}

/* The pages DB holds of SOURCE (its cleaned text, which cleaning leaves
 * as it is), in PAGES; none if it has none. */
static agx_status
pages_from_index(agx_db *db, const char *source, agx_pages *pages)
{
    char *pterm = path_term(source);
    agx_status st;

    if (!pterm)
        return AGX_ERR_NOMEM;
    /* Posting order is document order, which is page order. */
    st = agx_db_docs_each(db, pterm, AGX_SLOT_PAGE, on_stored_page, pages);
    free(pterm);
    return st;
}

/* J's own pages, as the index's last commit holds them, read by an
 * analysis thread with its reader *DB (opened at the first need; NULL
 * again if it cannot be), into PAGES.  The writer replaces J's pages only
 * when it writes J, after this, so the last commit has them; a reader
 * left behind by two commits since is brought up to date and reads again.
 * Returns 0, or -1 if they cannot be read (none, or any error): then the
 * writer extracts J instead. */
static int
own_pages(agx_indexer *ix, agx_db **db, const job *j, agx_pages *pages)
{
    agx_status st = AGX_ERR_MODIFIED;

    if (!*db && agx_db_open(ix->dbpath, AGX_DB_READ, db, NULL) != AGX_OK)
        *db = NULL;
    for (int tries = 0; *db && st == AGX_ERR_MODIFIED && tries < 3; tries++) {
        agx_pages_clear(pages);
        st = pages_from_index(*db, j->path, pages);
        if (st == AGX_ERR_MODIFIED && agx_db_reopen(*db) != AGX_OK)
            break;
    }
    if (st == AGX_OK && pages->n)
        return 0;
    agx_pages_clear(pages);
    return -1;
}

/* Starts J's extraction in a worker, if it is a PDF.  A worker that cannot
 * start is the run's error, not the file's: finish_job() reports it. */
static void
start_job(agx_indexer *ix, job *j)
{
    if (j->source)
        return; /* its text is in the index already */
    if (j->pdf &&
        agx_pool_start(ix->pool, j->path, &j->worker, &j->start_error) != 0)
        j->start_failed = 1; /* finish_job reports it */
}

/* The analysis threads of a run.  They take the jobs in order, each once,
 * at most AHEAD past the last one written, and a PDF only once its
 * extraction has started (jobs before STARTED); the writer takes each
 * job's analysis in order (analysed_wait()).  A job the writer analyses
 * itself (in_writer) is passed over.  MU guards NEXT, WRITTEN, STARTED,
 * STOP and each job's ANALYSED; a job's analysis belongs to the thread
 * that took it until ANALYSED is set, and to the writer after. */
typedef struct analysts analysts;

typedef struct {
    analysts *a;
    size_t i;
} analyst_arg;

struct analysts {
    agx_indexer *ix;
    job *jobs;
    size_t n, next, written, started, ahead;
    int stop;
    int live; /* analysts_start() was called */
    pthread_mutex_t mu;
    pthread_cond_t cond;
    size_t size;      /* of the arrays below */
    size_t n_threads; /* started */
    pthread_t *threads;
    agx_stem **stems; /* each thread's own stemmer and analyser, */
    agx_analyser **an;
    agx_db **readers; /* and reader of the index (NULL until needed) */
    analyst_arg *args;
};

static int
ready(const analysts *a, size_t k)
{
    /* (PDF is fixed at plan; START_FAILED and WORKER are set before the
     * job counts as STARTED.) */
    return k < a->written + a->ahead && (!a->jobs[k].pdf || k < a->started);
}

static void *
analyst_main(void *data)
{
    analyst_arg *arg = data;
    analysts *a = arg->a;
    agx_analyser *an = a->an[arg->i];
    agx_db **reader = &a->readers[arg->i];

    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!a->stop && a->next < a->n && !ready(a, a->next))
            pthread_cond_wait(&a->cond, &a->mu);
        if (a->stop || a->next >= a->n)
            break;
        job *j = &a->jobs[a->next++];
        if (j->in_writer)
            continue;
        pthread_mutex_unlock(&a->mu);
        if (j->reanalyse) {
            agx_pages own = {0};
            if (own_pages(a->ix, reader, j, &own) == 0)
                analyse_job(a->ix, j, an, &own);
            else
                j->unread = 1;
            agx_pages_clear(&own);
        } else if (!j->start_failed) { /* else the writer says why not */
            analyse_job(a->ix, j, an, NULL);
        }
        pthread_mutex_lock(&a->mu);
        j->analysed = 1;
        pthread_cond_broadcast(&a->cond);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* Starts A's threads, N of them, over JOBS[0..N_JOBS), of which the first
 * STARTED have their extractions started.  Returns 0, or -1 (*errmsg); A
 * is ended with analysts_end() either way. */
static int
analysts_start(analysts *a, agx_indexer *ix, job *jobs, size_t n_jobs,
               size_t started, size_t n, char **errmsg)
{
    memset(a, 0, sizeof *a);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cond, NULL);
    a->live = 1;
    a->ix = ix;
    a->jobs = jobs;
    a->n = n_jobs;
    a->started = started;
    /* Far enough ahead that a thread seldom waits for the writer, near
     * enough that the documents waiting stay few (a file's each). */
    a->ahead = 2 * n;
    a->threads = calloc(n, sizeof *a->threads);
    a->stems = calloc(n, sizeof *a->stems);
    a->an = calloc(n, sizeof *a->an);
    a->args = calloc(n, sizeof *a->args);
    a->readers = calloc(n, sizeof *a->readers);
    if (!a->threads || !a->stems || !a->an || !a->args || !a->readers) {
        *errmsg = agx_strdupf("out of memory");
        return -1;
    }
    a->size = n;
    for (size_t i = 0; i < n; i++) {
        int err;
        a->stems[i] = agx_stem_new();
        a->an[i] = a->stems[i] ? agx_analyser_new(agx_stem_callback,
                                                  a->stems[i])
                               : NULL;
        a->args[i].a = a;
        a->args[i].i = i;
        if (!a->an[i]) {
            *errmsg = agx_strdupf("out of memory, or no Danish stemmer");
            return -1;
        }
        err = pthread_create(&a->threads[i], NULL, analyst_main, &a->args[i]);
        if (err != 0) {
            *errmsg = agx_strdupf("cannot start an analysis thread: %s",
                                  strerror(err));
            return -1;
        }
        a->n_threads = i + 1;
    }
    return 0;
}

/* Waits until J's analysis is done (J is not the writer's own). */
static void
analysed_wait(analysts *a, job *j)
{
    pthread_mutex_lock(&a->mu);
    while (!j->analysed)
        pthread_cond_wait(&a->cond, &a->mu);
    pthread_mutex_unlock(&a->mu);
}

/* The writer has written the first WRITTEN jobs, and started the
 * extractions of the first STARTED. */
static void
analysts_progress(analysts *a, size_t written, size_t started)
{
    pthread_mutex_lock(&a->mu);
    a->written = written;
    a->started = started;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->mu);
}

/* Ends A: each thread finishes the file it is in (POOL's busy workers are
 * stopped first, so that a PDF being extracted fails at once) and ends;
 * then what A holds is freed. */
static void
analysts_end(analysts *a, agx_pool *pool)
{
    if (!a->live)
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->mu);
    if (pool && a->n_threads)
        agx_pool_interrupt(pool);
    for (size_t i = 0; i < a->n_threads; i++)
        pthread_join(a->threads[i], NULL);
    for (size_t i = 0; i < a->size; i++) {
        agx_analyser_free(a->an[i]);
        agx_stem_free(a->stems[i]);
        if (a->readers[i])
            agx_db_close(a->readers[i]);
    }
    free(a->threads);
    free(a->stems);
    free(a->an);
    free(a->args);
    free(a->readers);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->mu);
    memset(a, 0, sizeof *a);
}

/* Writes J, sorting the outcome into the stats: its analysis done by a
 * thread of A, or here (a copy's pages read back from the index, a file
 * whose own pages could not be read back, or a PDF's extraction that
 * could not start).  Returns the index's error, or AGX_OK. */
static agx_status
finish_job(agx_indexer *ix, analysts *a, job *j)
{
    unsigned pages = 0;
    agx_pages copy = {0};
    agx_status st;

    if (!j->in_writer)
        analysed_wait(a, j);
    if (j->unread) {
        /* (Its analyst is done with it: extracted, as if new.) */
        j->source = NULL;
        j->reanalyse = 0;
    }
    if (j->in_writer || j->unread) {
        if (j->source) {
            st = pages_from_index(ix->db, j->source, &copy);
            if (st != AGX_OK)
                return st;
            if (!copy.n)
                j->source = NULL; /* its copy failed, or went: extract it */
            else if (!j->reanalyse)
                ix->stats.copied++;
        }
        if (j->pdf && !j->source && j->worker < 0 && !j->start_failed)
            start_job(ix, j);
        if (!j->start_failed)
            analyse_job(ix, j, ix->an, j->source ? &copy : NULL);
        agx_pages_clear(&copy);
    }
    if (j->start_failed)
        return AGX_ERR_INTERNAL;
    st = write_job(ix, j, &pages);
    j->worker = -1;
    if (st != AGX_OK)
        return st;
    if (j->why) {
        char *why = j->why;
        j->why = NULL;
        return file_failed(ix, &j->rec, why);
    }
    st = put_record(ix, &j->rec);
    if (st != AGX_OK)
        return st;
    if (j->had_it)
        ix->stats.updated++;
    else
        ix->stats.added++;
    ix->stats.reanalysed += j->reanalyse;
    ix->stats.pages += pages;
    report_file(ix, j->path, pages, (unsigned long long)j->rec.size, NULL);
    ix->uncommitted++;
    ix->uncommitted_pages += pages;
    ix->written += pages;
    return AGX_OK;
}

/* Removes what the index has of files under the root that this run did
 * not see, unless that is more than the allowed share (an unmounted share,
 * a sync in progress). */
static agx_status
remove_vanished(agx_indexer *ix, root_records *rr, const char *root)
{
    GHashTableIter it;
    gpointer path, value;
    unsigned long gone = 0, known = g_hash_table_size(rr->records);
    agx_status st = AGX_OK;

    g_hash_table_iter_init(&it, rr->records);
    while (g_hash_table_iter_next(&it, &path, &value))
        gone += !g_hash_table_contains(rr->seen, path);
    if (!gone)
        return AGX_OK;
    if (!ix->allow_mass_delete && (double)gone > ix->max_delete * known) {
        char *msg = agx_strdupf(
            "%lu of %lu indexed files are gone from the archive: nothing "
            "removed (more than %.0f%%; is it mounted?  --allow-mass-delete "
            "removes them)",
            gone, known, ix->max_delete * 100);
        if (ix->report.warning && msg)
            ix->report.warning(ix->report.ctx, root, msg);
        free(msg);
        ix->stats.held += gone;
        return AGX_OK;
    }
    g_hash_table_iter_init(&it, rr->records);
    while (st == AGX_OK && g_hash_table_iter_next(&it, &path, &value)) {
        char key[AGX_RECORD_KEY], *pterm;
        if (g_hash_table_contains(rr->seen, path))
            continue;
        pterm = path_term(path);
        if (!pterm || agx_record_key(path, key) != 0) {
            free(pterm);
            return AGX_ERR_NOMEM;
        }
        st = mark_changing(ix);
        agx_db_route(ix->db, path);
        if (st == AGX_OK)
            st = agx_db_delete_term(ix->db, pterm);
        if (st == AGX_OK)
            st = agx_db_set_metadata(ix->db, key, "");
        if (st == AGX_OK && ix->records)
            g_hash_table_remove(ix->records, path);
        free(pterm);
        ix->stats.removed++;
    }
    return st;
}

agx_status
agx_index_root(agx_indexer *ix, const char *root, char **errmsg)
{
    agx_walk_file *files = NULL;
    char *walk_err = NULL, *abs = NULL;
    size_t n = 0;
    agx_status st = AGX_OK;
    root_records rr = {0};
    job *jobs = NULL;
    size_t n_jobs = 0;
    int cancelled = 0;
    analysts an = {0};

    *errmsg = NULL;
    if (agx_walk(root, &files, &n, walk_error, ix, &walk_err) != 0) {
        /* Nothing is removed: a missing archive is not an empty one. */
        *errmsg = agx_strdupf("cannot read archive '%s': %s", root, walk_err);
        free(walk_err);
        return AGX_ERR_NOT_FOUND;
    }
    abs = realpath(root, NULL);
    rr.root = abs ? abs : root;
    rr.root_len = strlen(rr.root);
    rr.records =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, record_free);
    rr.seen = g_hash_table_new(g_str_hash, g_str_equal);
    st = load_records(ix);
    if (st != AGX_OK) {
        db_failed(ix, st, "cannot read the index's file records", errmsg);
        goto out;
    }
    if (root_records_fill(ix, &rr) != 0) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    if (agx_catalog_load(root, &ix->catalog, walk_warning, ix, &walk_err) !=
        0) {
        /* An unreadable catalogue is that root's failure, not the run's. */
        walk_error(ix, root, walk_err);
        free(walk_err);
        walk_err = NULL;
    }
    /* What each file needs: cheap, in order. */
    jobs = calloc(n ? n : 1, sizeof *jobs);
    if (!jobs) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && st == AGX_OK; i++) {
        int needed = 0;
        if (!indexable(files[i].path)) {
            /* The catalogue is read, not indexed. */
            if (strcmp(files[i].path + files[i].rel, "agendex.tsv") != 0)
                ix->stats.skipped++;
            continue;
        }
        st = plan_file(ix, &rr, &files[i], &jobs[n_jobs], &needed);
        if (st != AGX_OK)
            db_failed(ix, st, files[i].path, errmsg);
        n_jobs += needed;
    }
    /* A PDF whose content the index has already, under another path (it
     * moved, or the same bilag is filed under two meetings), is not
     * extracted again: its pages are read back from the index.  Sources:
     * files this run leaves as they are or that vanished (removed only at
     * the end), if this agendex would extract them alike, and files
     * indexed earlier in this run.  A PDF the same as indexed, but by an
     * older analysis, is read back from its own pages. */
    if (st == AGX_OK) {
        GHashTable *by_hash = g_hash_table_new(g_str_hash, g_str_equal);
        GHashTable *redone = g_hash_table_new(g_str_hash, g_str_equal);
        GHashTableIter it;
        gpointer key, value;

        for (size_t k = 0; k < n_jobs; k++)
            g_hash_table_add(redone, (gpointer)jobs[k].path);
        g_hash_table_iter_init(&it, rr.records);
        while (g_hash_table_iter_next(&it, &key, &value)) {
            agx_record *r = value;
            if (!r->failed && r->hash[0] && r->extraction == AGX_EXTRACTION &&
                !g_hash_table_contains(redone, key))
                g_hash_table_insert(by_hash, r->hash, key);
        }
        for (size_t k = 0; k < n_jobs; k++) {
            job *j = &jobs[k];
            if (!j->pdf)
                continue;
            /* Analysed again: from the pages the index has of it. */
            j->source = j->reanalyse
                            ? j->path
                            : g_hash_table_lookup(by_hash, j->rec.hash);
            if (!j->source)
                g_hash_table_insert(by_hash, j->rec.hash, (gpointer)j->path);
            /* A copy's source may be written just before it: the writer
             * reads it back and analyses it when it comes to it.  A file's
             * own pages stay as the last commit has them until it is
             * written: an analysis thread reads them (own_pages()). */
            j->in_writer = j->source != NULL && !j->reanalyse;
        }
        g_hash_table_destroy(redone);
        g_hash_table_destroy(by_hash);
    }
    if (st == AGX_OK && ix->report.planned) {
        unsigned long long bytes = 0;
        for (size_t k = 0; k < n_jobs; k++)
            bytes += (unsigned long long)jobs[k].rec.size;
        ix->report.planned(ix->report.ctx, (unsigned long)n_jobs, bytes);
    }
    /* The extractions run ahead, up to JOBS at once, in worker processes,
     * and the analyses in as many threads, a little further ahead; one
     * writer writes what they made in the archive's order. */
    ix->pool = agx_pool_new(&ix->limits, (unsigned)ix->jobs, ix->extractor);
    if (!ix->pool && st == AGX_OK) {
        st = AGX_ERR_NOMEM;
        *errmsg = agx_strdupf("out of memory");
    }
    if (st != AGX_OK)
        n_jobs = 0;
    for (size_t k = 0; k < n_jobs && k < ix->jobs; k++)
        start_job(ix, &jobs[k]);
    if (n_jobs && analysts_start(&an, ix, jobs, n_jobs, MIN(n_jobs, ix->jobs),
                                 MIN(n_jobs, ix->jobs), errmsg) != 0)
        st = AGX_ERR_NOMEM;
    for (size_t k = 0; k < n_jobs && st == AGX_OK; k++) {
        st = finish_job(ix, &an, &jobs[k]);
        if (st != AGX_OK && jobs[k].start_error)
            *errmsg = agx_strdupf("%s", jobs[k].start_error);
        else if (st != AGX_OK && jobs[k].error)
            *errmsg = agx_strdupf("%s", jobs[k].error);
        else if (st != AGX_OK)
            db_failed(ix, st, jobs[k].path, errmsg);
        else if (ix->uncommitted >= ix->commit_every ||
                 ix->uncommitted_pages >= ix->commit_every)
            st = agx_index_commit(ix, errmsg);
        if (st == AGX_OK)
            st = next_segment(ix, errmsg);
        job_clear_analysis(&jobs[k]);
        if (k + ix->jobs < n_jobs)
            start_job(ix, &jobs[k + ix->jobs]);
        analysts_progress(&an, k + 1, MIN(n_jobs, k + 1 + ix->jobs));
        if (ix->report.cancelled && ix->report.cancelled(ix->report.ctx)) {
            cancelled = 1;
            break; /* stopped: nothing is removed after a partial run */
        }
    }
    analysts_end(&an, ix->pool);
    agx_pool_free(ix->pool);
    ix->pool = NULL;
    for (size_t k = 0; k < n_jobs; k++) {
        job_clear_analysis(&jobs[k]);
        free(jobs[k].start_error);
    }
    if (cancelled)
        goto out;
    if (st == AGX_OK)
        st = remove_vanished(ix, &rr, root);
    if (st != AGX_OK && !*errmsg)
        db_failed(ix, st, "cannot remove vanished files", errmsg);
out:
    agx_walk_free(files, n);
    free(jobs);
    g_hash_table_destroy(rr.seen);
    g_hash_table_destroy(rr.records);
    free(abs);
    agx_catalog_free(ix->catalog);
    ix->catalog = NULL;
    return st;
}

void
agx_index_set_limits(agx_indexer *ix, const agx_limits *lim)
{
    ix->limits = *lim;
}

void
agx_index_set_extractor(agx_indexer *ix, const char *path)
{
    free(ix->extractor);
    ix->extractor = path ? strdup(path) : NULL;
}

void
agx_index_set_reread(agx_indexer *ix, int reread)
{
    ix->reread = reread;
}

void
agx_index_set_jobs(agx_indexer *ix, unsigned jobs)
{
    ix->jobs = jobs ? jobs : 1;
}

void
agx_index_set_segment_pages(agx_indexer *ix, unsigned long n)
{
    ix->segment_pages = n;
}

void
agx_index_set_commit_every(agx_indexer *ix, unsigned long n)
{
    ix->commit_every = n ? n : COMMIT_EVERY;
}

void
agx_index_set_mass_delete(agx_indexer *ix, int allow, double share)
{
    ix->allow_mass_delete = allow;
    ix->max_delete = share;
}
