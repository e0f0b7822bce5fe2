/* extract_main.c: agendex-extract, the PDF extraction helper.
 *
 *   agendex-extract SECONDS MEGABYTES PARENT-PID
 *
 * Started by `agendex index` (worker.c), never by hand: its standard input
 * and output are one socket to the indexer.  It reads a path, extracts
 * that PDF with poppler and sends the pages back (extract.h), then waits
 * for the next, until its input ends.  Each extraction runs under an alarm
 * of SECONDS, and the whole process under an address-space limit of
 * MEGABYTES (0: none), so that a PDF that hangs poppler or allocates
 * without end kills this process, not the indexer, which starts another.
 * The alarm stops before the pages are sent: waiting for a busy indexer is
 * not the file's time.  It ignores SIGINT and SIGTERM (the indexer decides
 * when to stop) and dies with the indexer.
 *
 * A separate program so that agendex itself never loads poppler and its
 * fifty libraries: they cost every search process ~20 ms to start.
 */
#include "extract.h"

#include "agx_stem.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* ASan and TSan reserve terabytes of address space: no limit on it. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define AGX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define AGX_SANITIZED 1
#endif
#endif

/* Extracts PATH and sends the answer.  Returns 0, or -1 if the socket
 * failed. */
static int
serve(const char *path, unsigned seconds)
{
    agx_pages pages = {0};
    char *err = NULL;
    int r, bad = 0;

    alarm(seconds);
    r = agx_extract_pdf(path, &pages, &err);
    alarm(0);
    if (r != 0)
        bad = agx_wire_record(1, 'E', err ? err : "?", err ? strlen(err) : 1);
    for (size_t i = 0; r == 0 && i < pages.n && !bad; i++)
        bad = agx_wire_record(1, 'P', pages.text[i], pages.len[i]);
    bad = bad || agx_wire_write(1, "D", 1);
    free(err);
    agx_pages_clear(&pages);
    return bad ? -1 : 0;
}

int
main(int argc, char **argv)
{
    unsigned long seconds, memory_mb, parent;

    if (argc != 4) {
        fputs("agendex-extract: started by 'agendex index', not by hand\n",
              stderr);
        return 2;
    }
    seconds = strtoul(argv[1], NULL, 10);
    memory_mb = strtoul(argv[2], NULL, 10);
    parent = strtoul(argv[3], NULL, 10);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if ((unsigned long)getppid() != parent)
        return 3; /* the indexer is already gone */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
#ifndef AGX_SANITIZED
    if (memory_mb) {
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)memory_mb << 20;
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    (void)memory_mb;
#endif
    for (;;) {
        uint32_t len;
        char *path;
        int r = agx_wire_read(0, &len, sizeof len);

        if (r != 0)
            return r < 0 ? 3 : 0; /* the end of input: the run is over */
        if (len == 0 || len > AGX_WIRE_MAX_PATH || !(path = malloc(len + 1)))
            return 3;
        if (agx_wire_read(0, path, len) != 0) {
            free(path);
            return 3;
        }
        path[len] = '\0';
        r = serve(path, (unsigned)seconds);
        free(path);
        if (r != 0)
            return 3;
    }
}
