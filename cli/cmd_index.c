/* cmd_index.c: `agendex index`: index archives into the index folder.
 *
 * Each file that fails is named on stderr with its reason and the rest go
 * on; the run ends with one summary line on stdout and exits 2 if any file
 * failed, so that a nightly job's monitoring sees it.  On a terminal a
 * progress line on stderr shows the new and changed files done, files per
 * second and the time left, reckoned by their bytes (one PDF of 300 pages
 * takes as long as many of one); elsewhere (a job's log) a line says the
 * same every --log-every seconds.  SIGINT and SIGTERM stop after the
 * current file and commit.
 */
#include "agendex.h"

#include "agx_index.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cmd_index_usage[] =
    "Usage: agendex index [--db DIR] [--quiet | --verbose] "
    "[--allow-mass-delete] ARCHIVE...\n"
    "\n"
    "Bring the index up to date with each ARCHIVE folder (or file): new\n"
    "and changed PDF (.pdf) and text (.txt) files are indexed, unchanged\n"
    "ones are not opened, and files gone from the archive leave the index,\n"
    "unless more than half of an archive's files are gone at once (an\n"
    "unmounted share?): then nothing is removed and the run exits 2.\n"
    "A file that fails is tried again once it changes.  Each PDF is read by\n"
    "a process of its own under a time and memory limit, so a damaged one\n"
    "costs that file, never the run.\n"
    "\n"
    "An archive is laid out as UDVALG/DATE/FILE, DATE being YYYY-MM-DD, or\n"
    "YYYY-MM or YYYY where the day or month is not known; a file name that\n"
    "says dagsorden, referat or bilag gives the document type.  Files\n"
    "outside that layout get what their first page says of itself\n"
    "(\"KD-Net (Dagsorden)\" over \"27-01-2023\"); what nothing says stays\n"
    "unknown.  An agendex.tsv file in the ARCHIVE folder overrides both\n"
    "(docs/archive.md).  Inside an ARCHIVE, a symbolic link to a file is\n"
    "followed and one to a folder is not (a link back up would loop): name\n"
    "such a folder as an ARCHIVE of its own, or bind-mount it.\n"
    "\n"
    "Options:\n"
    "  --db DIR     the index folder (default: $AGENDEX_DB, else\n"
    "               $XDG_DATA_HOME/agendex/db)\n"
    "  -q, --quiet  print only failures and the summary line\n"
    "  -v, --verbose  print each file's metadata and where it came from\n"
    "  --allow-mass-delete  remove files gone from the archive, however many\n"
    "  -j, --jobs N  extract N PDFs and analyse N files at once (default: the\n"
    "               number of cores); one writer writes them in order\n"
    "  --extract-timeout S  give up a PDF after S seconds (default 120)\n"
    "  --extract-memory MB  give up a PDF that needs more (default 2048)\n"
    "  --shards N   make a new index of N shards (Xapian databases searched\n"
    "               as one; a file's shard is a hash of its path); an index\n"
    "               keeps the count it was made with (docs/scale.md)\n"
    "  --no-compact  do not compact the index after a large run (below)\n"
    "  --commit-every N  commit every N pages or files (default 2000): a\n"
    "               killed run loses at most that much; the pages between\n"
    "               commits are held in memory\n"
    "  --segment-pages N  add at most N pages to one Xapian database\n"
    "               (default 100000; 0: no limit): a large run goes on in\n"
    "               segments, merged into the index at its end (below)\n"
    "  --log-every S  when stderr is not a terminal (a job's log), say how\n"
    "               far the run is every S seconds (default 60; 0: never)\n"
    "  --reread     read every file again, as if each had changed (PDFs\n"
    "               are extracted anew): after an upgrade of poppler, say\n"
    "  -h, --help   show this help\n"
    "\n"
    "Prints one summary line: added, updated, removed, unchanged, failed,\n"
    "skipped, pages, seconds.  agendex status shows it again, with the\n"
    "files that fail and why.  A run that wrote a quarter of the index's\n"
    "pages or more (the first one, say) ends by compacting it, which about\n"
    "halves its size and costs a few percent of the run; the summary then\n"
    "says so.  Searches go on meanwhile.  A run that adds more than\n"
    "--segment-pages pages to an index without shards writes the rest in\n"
    "segments (DB/segments/), which searches see once the run's end merges\n"
    "them in (whatever --no-compact says); a stopped run's segments are\n"
    "merged by the next.\n"
    "\n"
    "A file indexed by an older agendex whose analysis (words, stems,\n"
    "agenda items, case numbers) has changed since, or whose line in\n"
    "agendex.tsv has, is analysed again from the page text the index\n"
    "keeps, without extracting its PDF again; one whose extraction has\n"
    "changed is read again.  The summary line counts them, and agendex\n"
    "status counts the files an older agendex indexed.\n"
    "\n"
    "Exit status: 0 if every file is indexed; 2 if any failed (new ones are\n"
    "named on stderr with their reason), removal was held back, the run\n"
    "was stopped, or the index could not be written.\n";

enum { MAX_UNKNOWN = 20 }; /* files named as lacking udvalg or date */

typedef struct {
    int progress;       /* draw a progress line on stderr */
    unsigned log_every; /* or write one every so many seconds (0: never) */
    double logged;      /* when the last was written, from start */
    int verbose;  /* print each file's metadata */
    unsigned long planned, done; /* files to read, and read (or failed) */
    unsigned long long planned_bytes, done_bytes;
    struct timespec start;
    int drawn; /* a progress line is on the screen */
    /* How many files got udvalg, date, type from each source. */
    unsigned long sources[3][AGX_SOURCE_TEXT + 1];
    char *unknown[MAX_UNKNOWN]; /* files without udvalg or date */
    unsigned long n_unknown;
} progress;

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double
seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
clear_progress(progress *pr)
{
    if (pr->drawn)
        fputs("\r\033[K", stderr);
    pr->drawn = 0;
}

static void
on_planned(void *ctx, unsigned long files, unsigned long long bytes)
{
    progress *pr = ctx;
    pr->planned = pr->done + files;
    pr->planned_bytes = pr->done_bytes + bytes;
}

/* SECONDS as a reader takes it in: "40 s", "12 min", "2 h 05 min". */
static void
format_duration(double seconds, char *buf, size_t size)
{
    unsigned long s = seconds > 0 ? (unsigned long)(seconds + 0.5) : 0;
    if (s < 60)
        snprintf(buf, size, "%lu s", s);
    else if (s < 3600)
        snprintf(buf, size, "%lu min", (s + 30) / 60);
    else
        snprintf(buf, size, "%lu h %02lu min", s / 3600, (s % 3600 + 30) / 60);
}

static void
on_file(void *ctx, const char *path, unsigned pages, unsigned long long bytes,
        const char *error)
{
    progress *pr = ctx;
    double s, rate, byte_rate;
    char left[32];

    (void)pages;
    pr->done++;
    pr->done_bytes += bytes;
    if (error) {
        clear_progress(pr);
        agx_cli_error("%s: %s", path, error);
    }
    if (!pr->progress && !pr->log_every)
        return;
    s = seconds_since(&pr->start);
    if (!pr->progress && s - pr->logged < pr->log_every)
        return;
    rate = s > 0 ? (double)pr->done / s : 0;
    byte_rate = s > 0 ? (double)pr->done_bytes / s : 0;
    format_duration(byte_rate > 0 && pr->planned_bytes > pr->done_bytes
                        ? (double)(pr->planned_bytes - pr->done_bytes) /
                              byte_rate
                        : 0,
                    left, sizeof left);
    if (pr->progress) {
        fprintf(stderr, "\r\033[K%lu/%lu files  %.1f files/s  %s left",
                pr->done, pr->planned, rate, left);
        pr->drawn = 1;
    } else {
        /* (planned grows as each ARCHIVE is walked: "so far") */
        fprintf(stderr,
                "agendex index: %lu of %lu files so far, %.1f files/s, "
                "about %s left\n",
                pr->done, pr->planned, rate, left);
        fflush(stderr);
        pr->logged = s;
    }
}

static int
on_cancel(void *ctx)
{
    (void)ctx;
    return stop_requested != 0;
}

static void
on_warning(void *ctx, const char *path, const char *message)
{
    clear_progress(ctx);
    agx_cli_error("%s: warning: %s", path, message);
}

static void
on_metadata(void *ctx, const char *path, const agx_file_meta *m)
{
    progress *pr = ctx;
    pr->sources[0][m->udvalg_src]++;
    pr->sources[1][m->date_src]++;
    pr->sources[2][m->type_src]++;
    if (!*m->udvalg || !*m->date) {
        if (pr->n_unknown < MAX_UNKNOWN)
            pr->unknown[pr->n_unknown] = strdup(path);
        pr->n_unknown++;
    }
    if (!pr->verbose)
        return;
    clear_progress(pr);
    printf("%s\n  udvalg %s (%s), date %s (%s), type %s (%s)", path,
           *m->udvalg ? m->udvalg : "-", agx_meta_source_str(m->udvalg_src),
           *m->date ? m->date : "-", agx_meta_source_str(m->date_src),
           *m->type ? m->type : "-", agx_meta_source_str(m->type_src));
    if (*m->title)
        printf(", title \"%s\" (%s)", m->title,
               agx_meta_source_str(m->title_src));
    putchar('\n');
}

/* Prints which sources the metadata came from, and which files lack it. */
static void
print_metadata(progress *pr)
{
    static const char *const fields[] = {"udvalg", "date", "type"};

    printf("metadata:");
    for (int f = 0; f < 3; f++) {
        int first = 1;
        printf("%s %s", f ? ";" : "", fields[f]);
        for (int src = AGX_SOURCE_CATALOG; src <= AGX_SOURCE_TEXT; src++) {
            if (!pr->sources[f][src])
                continue;
            printf("%s %lu from %s", first ? "" : ",", pr->sources[f][src],
                   agx_meta_source_str((agx_meta_source)src));
            first = 0;
        }
        if (pr->sources[f][AGX_SOURCE_NONE])
            printf("%s %lu unknown", first ? "" : ",",
                   pr->sources[f][AGX_SOURCE_NONE]);
    }
    putchar('\n');
    if (!pr->n_unknown)
        return;
    printf("%lu file%s without udvalg or date (lay them out as "
           "UDVALG/DATE/FILE, or name them in agendex.tsv):\n",
           pr->n_unknown, pr->n_unknown == 1 ? "" : "s");
    for (unsigned long i = 0; i < pr->n_unknown && i < MAX_UNKNOWN; i++)
        printf("  %s\n", pr->unknown[i] ? pr->unknown[i] : "?");
    if (pr->n_unknown > MAX_UNKNOWN)
        printf("  ... and %lu more (see --verbose)\n",
               pr->n_unknown - MAX_UNKNOWN);
}

/* Compacts the index after a large run, merging its segments (MERGE),
 * noting the sizes in NOTE.  A failure costs only the space, or, with
 * segments, the time until the next run merges them: the index stays as
 * the run committed it. */
static void
compact_index(agx_indexer *ix, const char *db, int merge, char *note,
              size_t size)
{
    struct timespec t0;
    long long before = agx_cli_folder_bytes(db), after;
    char *err = NULL;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (agx_index_compact(ix, &err) != AGX_OK) {
        agx_cli_error("%s", err);
        if (merge)
            agx_cli_error("the pages in %s/segments are not searchable yet: "
                          "the next agendex index or agendex compact "
                          "merges them", db);
        else
            agx_cli_error("the index is complete, only not compacted "
                          "(agendex compact tries again)");
        free(err);
        return;
    }
    after = agx_cli_folder_bytes(db);
    snprintf(note, size, "; %s %.1f -> %.1f MB in %.1f s",
             merge ? "merged its segments and compacted" : "compacted",
             (double)before / 1e6, (double)after / 1e6, seconds_since(&t0));
}

int
cmd_index(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"allow-mass-delete", no_argument, NULL, 'M'},
        {"extract-timeout", required_argument, NULL, 'T'},
        {"jobs", required_argument, NULL, 'j'},
        {"extract-memory", required_argument, NULL, 'm'},
        {"shards", required_argument, NULL, 'S'},
        {"no-compact", no_argument, NULL, 'C'},
        {"commit-every", required_argument, NULL, 'E'},
        {"segment-pages", required_argument, NULL, 'G'},
        {"log-every", required_argument, NULL, 'L'},
        {"reread", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    progress pr = {0};
    agx_index_report report = {on_planned,  on_file,   on_warning,
                               on_metadata, on_cancel, &pr};
    agx_indexer *ix = NULL;
    agx_index_stats stats;
    const char *db_opt = NULL;
    char *db = NULL, *err = NULL, *extractor = NULL;
    agx_status st = AGX_OK;
    int quiet = 0, allow_mass_delete = 0, compact = 1, reread = 0, due, c;
    int ret = AGX_EXIT_ERROR;
    agx_limits limits = {120, 2048};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = cores > 0 ? (unsigned)cores : 1, shards = 0;
    unsigned commit_every = 0, segment_pages = 100000, log_every = 60;
    char summary[400], copied[96] = "", reanalysed[128] = "",
                       compacted[96] = "";

    optind = 1;
    while ((c = getopt_long(argc, argv, "qvhj:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'v':
            pr.verbose = 1;
            break;
        case 'M':
            allow_mass_delete = 1;
            break;
        case 'R':
            reread = 1;
            break;
        case 'C':
            compact = 0;
            break;
        case 'j':
            if (agx_cli_number("--jobs", optarg, 256, &jobs) != 0 || !jobs) {
                if (!jobs)
                    agx_cli_error("--jobs wants 1 or more");
                return AGX_EXIT_ERROR;
            }
            break;
        case 'T':
            if (agx_cli_number("--extract-timeout", optarg, 86400,
                               &limits.seconds) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'm':
            if (agx_cli_number("--extract-memory", optarg, 1u << 20,
                               &limits.memory_mb) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'G':
            if (agx_cli_number("--segment-pages", optarg, 1u << 30,
                               &segment_pages) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'L':
            if (agx_cli_number("--log-every", optarg, 86400, &log_every) != 0)
                return AGX_EXIT_ERROR;
            break;
        case 'E':
            if (agx_cli_number("--commit-every", optarg, 1u << 30,
                               &commit_every) != 0 ||
                !commit_every) {
                if (!commit_every)
                    agx_cli_error("--commit-every wants 1 or more");
                return AGX_EXIT_ERROR;
            }
            break;
        case 'S':
            if (agx_cli_number("--shards", optarg, 1024, &shards) != 0 ||
                !shards) {
                if (!shards)
                    agx_cli_error("--shards wants 1 or more");
                return AGX_EXIT_ERROR;
            }
            break;
        case 'h':
            agx_cli_usage("index");
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex index --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    if (optind >= argc) {
        agx_cli_error("index: name at least one ARCHIVE folder");
        fputs("Try 'agendex index --help'.\n", stderr);
        return AGX_EXIT_ERROR;
    }
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    extractor = agx_cli_helper("agendex-extract");
    if (!extractor) {
        free(db);
        return AGX_EXIT_ERROR;
    }
    pr.progress = !quiet && isatty(STDERR_FILENO);
    pr.log_every = quiet || pr.progress ? 0 : log_every;
    clock_gettime(CLOCK_MONOTONIC, &pr.start);

    if (shards)
        st = agx_index_create_shards(db, shards, &err);
    if (st == AGX_OK)
        st = agx_index_open(db, &report, &ix, &err);
    if (st != AGX_OK) {
        if (st == AGX_ERR_LOCKED) {
            agx_cli_locked(db);
        } else
            agx_cli_error("%s", err);
        goto out;
    }
    agx_index_set_mass_delete(ix, allow_mass_delete, 0.5);
    agx_index_set_reread(ix, reread);
    agx_index_set_limits(ix, &limits);
    agx_index_set_jobs(ix, jobs);
    agx_index_set_commit_every(ix, commit_every);
    agx_index_set_segment_pages(ix, segment_pages);
    agx_index_set_extractor(ix, extractor);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    for (int i = optind; i < argc && st == AGX_OK && !stop_requested; i++) {
        st = agx_index_root(ix, argv[i], &err);
        if (st == AGX_ERR_NOT_FOUND) {
            /* An archive that is not there is that archive's failure. */
            clear_progress(&pr);
            agx_cli_error("%s", err);
            free(err);
            err = NULL;
            st = AGX_OK;
            ret = -1; /* remember: the run had a failure */
        }
    }
    agx_index_get_stats(ix, &stats);
    if (stats.copied)
        snprintf(copied, sizeof copied,
                 "; %lu PDF%s not extracted again (same content as one "
                 "indexed)",
                 stats.copied, stats.copied == 1 ? "" : "s");
    if (stats.reanalysed)
        snprintf(reanalysed, sizeof reanalysed,
                 "; %lu of them the same files, analysed again (agendex or "
                 "the catalogue changed)",
                 stats.reanalysed);
    snprintf(summary, sizeof summary,
             "%lu added, %lu updated, %lu removed, %lu unchanged, %lu "
             "failed, %lu skipped; %lu pages; %.1f s%s%s%s%s",
             stats.added, stats.updated, stats.removed, stats.unchanged,
             stats.failed, stats.skipped, stats.pages, seconds_since(&pr.start),
             reanalysed, copied, stats.held ? "; removal held back" : "",
             stop_requested ? "; interrupted" : "");
    if (st == AGX_OK)
        st = agx_index_finish(ix, summary, &err);
    clear_progress(&pr);
    if (st != AGX_OK) {
        agx_cli_error("%s", err);
        agx_cli_error("the index keeps its last commit");
        goto out;
    }
    due = stop_requested ? 0 : agx_index_compact_due(ix);
    if (due == 2 || (compact && due))
        compact_index(ix, db, due == 2, compacted, sizeof compacted);
    printf("agendex index: %s%s\n", summary, compacted);
    if (!quiet)
        print_metadata(&pr);
    ret = (stats.failed || stats.held || ret == -1 || stop_requested)
              ? AGX_EXIT_ERROR
              : AGX_EXIT_HITS;
out:
    for (unsigned long i = 0; i < pr.n_unknown && i < MAX_UNKNOWN; i++)
        free(pr.unknown[i]);
    agx_index_close(ix);
    free(err);
    free(db);
    free(extractor);
    return ret;
}
