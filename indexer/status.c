/* status.c: what an index says about itself, for agendex status: its
 * documents, the last run's summary, and the files it holds or that fail,
 * from the file records (record.c). */
#include "agx_index.h"

#include "agx_schema.h"
#include "indexer-private.h"

#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    agx_index_status *st;
    int nomem;
} status_scan;

static int
on_record(void *ctx, const char *key, const char *value)
{
    status_scan *ss = ctx;
    agx_record r;

    (void)key;
    if (agx_record_parse(value, &r) != 0)
        return 0;
    if (!r.failed) {
        ss->st->files++;
        ss->st->outdated +=
            r.extraction != AGX_EXTRACTION || r.analysis != AGX_ANALYSIS;
    } else {
        agx_index_failure *f =
            realloc(ss->st->failures, (ss->st->n_failures + 1) * sizeof *f);
        if (!f) {
            ss->nomem = 1;
            agx_record_clear(&r);
            return 1;
        }
        ss->st->failures = f;
        f[ss->st->n_failures].path = r.path;
        f[ss->st->n_failures].reason = r.reason;
        ss->st->n_failures++;
        r.path = r.reason = NULL;
    }
    agx_record_clear(&r);
    return 0;
}

/* The segments a stopped run left in DBPATH/segments that hold a commit
 * (those the next writer merges; one without is removed), and the pages
 * their last commits hold, in *pages. */
static unsigned long
count_segments(const char *dbpath, unsigned long *pages)
{
    char *dir = g_build_filename(dbpath, "segments", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    unsigned long n = 0;

    *pages = 0;
    while (d && (name = g_dir_read_name(d))) {
        char *seg = g_build_filename(dir, name, NULL);
        char *version = g_build_filename(seg, "iamglass", NULL);
        agx_db *db = NULL;
        char *err = NULL;
        unsigned long k = 0;
        if (g_file_test(version, G_FILE_TEST_EXISTS)) {
            n++;
            /* A reader: a writer adding to it is no obstacle. */
            if (agx_db_open(seg, AGX_DB_READ, &db, &err) == AGX_OK &&
                agx_db_doc_count(db, &k) == AGX_OK)
                *pages += k;
            agx_db_close(db);
            free(err);
        }
        g_free(version);
        g_free(seg);
    }
    if (d)
        g_dir_close(d);
    g_free(dir);
    return n;
}

/* Does a process hold the Xapian write lock of DB, a database folder
 * (DB/flintlock)?  Asked with F_GETLK, which takes no lock: a status
 * read never stands in an indexer's way. */
static int
lock_held(const char *db)
{
    char *path = g_build_filename(db, "flintlock", NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC), held = 0;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

    if (fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0)
        held = fl.l_type != F_UNLCK;
    if (fd >= 0)
        close(fd);
    g_free(path);
    return held;
}

/* Is an indexer writing to DBPATH: does anything hold the lock of the
 * index, or of one of its parts (a sharded index's global/ and shard-N/
 * folders)? */
static int
writer_running(const char *dbpath)
{
    GDir *d;
    const char *name;
    int held = lock_held(dbpath);

    if (held || !(d = g_dir_open(dbpath, 0, NULL)))
        return held;
    while (!held && (name = g_dir_read_name(d))) {
        char *part = g_build_filename(dbpath, name, NULL);
        held = g_file_test(part, G_FILE_TEST_IS_DIR) && lock_held(part);
        g_free(part);
    }
    g_dir_close(d);
    return held;
}

agx_status
agx_index_status_read(const char *dbpath, agx_index_status *out, char **errmsg)
{
    agx_db *db = NULL;
    char *dberr = NULL;
    status_scan ss = {out, 0};
    agx_status st;

    memset(out, 0, sizeof *out);
    *errmsg = NULL;
    st = agx_db_open(dbpath, AGX_DB_READ, &db, &dberr);
    if (st != AGX_OK) {
        *errmsg = agx_strdupf("cannot open index '%s': %s", dbpath,
                              dberr ? dberr : agx_status_str(st));
        free(dberr);
        return st;
    }
    st = agx_db_doc_count(db, &out->pages);
    if (st == AGX_OK)
        st = agx_db_get_metadata(db, AGX_META_LASTRUN, &out->last_run);
    if (st == AGX_OK)
        st = agx_db_metadata_each(db, AGX_RECORD_PREFIX, on_record, &ss);
    if (st == AGX_OK) {
        static const unsigned tally[] = AGX_TALLY_SLOTS;
        out->tally = agx_db_tally_state(db, AGX_SLOT_TALLY,
                                        sizeof tally / sizeof *tally);
        out->segments = count_segments(dbpath, &out->segment_pages);
        if (writer_running(dbpath)) {
            char *who = agx_index_lock_holder(dbpath);
            out->writer = who ? who : strdup("");
            if (!out->writer)
                ss.nomem = 1;
        }
    }
    if (st == AGX_OK && ss.nomem)
        st = AGX_ERR_NOMEM;
    if (st != AGX_OK)
        *errmsg = agx_strdupf("cannot read index '%s': %s", dbpath,
                              agx_db_last_error(db));
    agx_db_close(db);
    if (st != AGX_OK)
        agx_index_status_clear(out);
    return st;
}

void
agx_index_status_clear(agx_index_status *st)
{
    for (size_t i = 0; i < st->n_failures; i++) {
        free(st->failures[i].path);
        free(st->failures[i].reason);
    }
    free(st->failures);
    free(st->last_run);
    free(st->writer);
    memset(st, 0, sizeof *st);
}
