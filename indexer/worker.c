/* worker.c: PDF extraction in a pool of worker processes, under limits.
 *
 * poppler is a large C++ library fed with files from anywhere: a damaged
 * or hostile PDF may crash it, hang it or make it allocate without end.
 * So PDFs are extracted in separate processes, each under an address-space
 * limit and, per file, an alarm; a crash, a hang or an allocation bomb
 * costs that one file, never the run.
 *
 * The workers are the agendex program itself, started with posix_spawn()
 * as `agendex AGX_WORKER_COMMAND SECONDS MEGABYTES PARENT-PID` (the
 * program's main() hands that to agx_extract_worker_main()).  Not fork():
 * the writer's address space grows with Xapian's buffers, and a child
 * forked from it made every later write of the parent a copy-on-write page
 * fault (measured: 84% of a run went to the parent, a third of it in the
 * kernel).  A spawned worker shares nothing, and it lives for the whole
 * run, so poppler and fontconfig start once per worker, not once per file.
 *
 * Each worker talks to the writer over one socket (its standard input and
 * output).  The request is <u32 length> <path>; the answer, records:
 *
 *   'P' <u32 length> <bytes>   a page, in order
 *   'E' <u32 length> <bytes>   the extraction's own error
 *   'D'                        done; the worker waits for the next path
 *
 * The alarm covers the extraction only, not the sending: a worker whose
 * socket is full waits for the writer without its time running out.  A
 * worker that dies (killed by its alarm, its memory limit, or a crash)
 * fails the file it had, with the reason from its exit status; the next
 * file gets a new worker.  Workers inherit no descriptor but their socket
 * (the index's lock is one), ignore the terminal's SIGINT (the writer
 * decides when to stop), and die with the writer.
 */
#include "indexer-private.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define AGX_ASAN 1 /* ASan reserves terabytes of address space */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AGX_ASAN 1
#endif
#endif

extern char **environ;

/* The longest path a worker accepts. */
#define MAX_PATH_BYTES 65536

static int
write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads exactly N bytes.  Returns 0, 1 at the end of input before any
 * byte, or -1. */
static int
read_exact(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return got ? -1 : 1;
        got += (size_t)r;
    }
    return 0;
}

static int
send_msg(int fd, char kind, const char *s, size_t n)
{
    uint32_t len = (uint32_t)n;
    return write_all(fd, &kind, 1) || write_all(fd, &len, sizeof len) ||
           write_all(fd, s, n);
}

/* ---- the worker's side ---- */

int
agx_extract_worker_main(int argc, char **argv)
{
    unsigned long seconds, memory_mb, parent;
    char *path = NULL;
    int rc = 0;

    if (argc != 4) {
        fprintf(stderr, "agendex: %s is started by agendex index\n", argv[0]);
        return 2;
    }
    seconds = strtoul(argv[1], NULL, 10);
    memory_mb = strtoul(argv[2], NULL, 10);
    parent = strtoul(argv[3], NULL, 10);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if ((unsigned long)getppid() != parent)
        return 3; /* the writer is already gone */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
#ifndef AGX_ASAN
    if (memory_mb) {
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)memory_mb << 20;
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    (void)memory_mb;
#endif
    for (;;) {
        agx_pages pages = {0};
        char *err = NULL;
        uint32_t len;
        int r = read_exact(0, &len, sizeof len), bad;

        if (r != 0) {
            rc = r < 0 ? 3 : 0; /* the end of input: the run is over */
            break;
        }
        if (len == 0 || len > MAX_PATH_BYTES || !(path = malloc(len + 1)) ||
            read_exact(0, path, len) != 0) {
            rc = 3;
            break;
        }
        path[len] = '\0';
        alarm((unsigned)seconds);
        r = agx_extract_pdf(path, &pages, &err);
        alarm(0);
        bad = 0;
        if (r != 0) {
            bad = send_msg(1, 'E', err ? err : "?", err ? strlen(err) : 1);
        } else {
            for (size_t i = 0; i < pages.n && !bad; i++)
                bad = send_msg(1, 'P', pages.text[i], pages.len[i]);
        }
        bad = bad || write_all(1, "D", 1);
        free(err);
        agx_pages_clear(&pages);
        free(path);
        path = NULL;
        if (bad) {
            rc = 3;
            break;
        }
    }
    free(path);
    return rc;
}

/* ---- the writer's side ---- */

typedef struct {
    pid_t pid; /* -1: none running */
    int fd;    /* the socket, -1 with no worker */
    int busy;  /* a path was sent, its answer not read */
} slot;

struct agx_pool {
    agx_limits lim;
    const char *exe;
    unsigned n;
    slot *slots;
};

agx_pool *
agx_pool_new(const agx_limits *lim, unsigned n, const char *exe)
{
    agx_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->slots = calloc(n ? n : 1, sizeof *p->slots))) {
        free(p);
        return NULL;
    }
    p->lim = *lim;
    p->exe = exe ? exe : "/proc/self/exe";
    p->n = n ? n : 1;
    for (unsigned i = 0; i < p->n; i++) {
        p->slots[i].pid = -1;
        p->slots[i].fd = -1;
    }
    return p;
}

/* Waits for S's worker (closing its socket first) and returns its wait
 * status. */
static int
reap(slot *s)
{
    int status = 0;
    if (s->fd >= 0)
        close(s->fd);
    if (s->pid > 0)
        while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
            ;
    s->pid = -1;
    s->fd = -1;
    s->busy = 0;
    return status;
}

static int
spawn(agx_pool *p, slot *s, char **errmsg)
{
    posix_spawn_file_actions_t fa;
    char secs[24], mb[24], ppid[24];
    char *argv[] = {"agendex", AGX_WORKER_COMMAND, secs, mb, ppid, NULL};
    int sv[2], err;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        *errmsg = agx_strdupf("cannot start an extraction worker: %s",
                              strerror(errno));
        return -1;
    }
    snprintf(secs, sizeof secs, "%u", p->lim.seconds);
    snprintf(mb, sizeof mb, "%u", p->lim.memory_mb);
    snprintf(ppid, sizeof ppid, "%ld", (long)getpid());
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    fflush(NULL);
    err = posix_spawn(&s->pid, p->exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    if (err != 0) {
        close(sv[0]);
        s->pid = -1;
        *errmsg = agx_strdupf("cannot start an extraction worker (%s): %s",
                              p->exe, strerror(err));
        return -1;
    }
    s->fd = sv[0];
    return 0;
}

int
agx_pool_start(agx_pool *p, const char *path, int *which, char **errmsg)
{
    size_t len = strlen(path);
    uint32_t n = (uint32_t)len;
    slot *s = NULL;

    *which = -1;
    for (unsigned i = 0; i < p->n && !s; i++)
        if (!p->slots[i].busy)
            s = &p->slots[i], *which = (int)i;
    if (!s) {
        *errmsg = agx_strdupf("no extraction worker is free");
        return -1;
    }
    if (len == 0 || len > MAX_PATH_BYTES) {
        *errmsg = agx_strdupf("path too long to extract");
        return -1;
    }
    /* A worker that died idle (killed from outside) is replaced once. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (s->pid < 0 && spawn(p, s, errmsg) != 0)
            return -1;
        if (write_all(s->fd, &n, sizeof n) == 0 &&
            write_all(s->fd, path, len) == 0) {
            s->busy = 1;
            return 0;
        }
        reap(s);
    }
    *errmsg = agx_strdupf("cannot reach an extraction worker");
    return -1;
}

/* The reason a worker that stopped with STATUS gives for its file. */
static char *
death_reason(const agx_pool *p, int status)
{
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        return agx_strdupf("extraction took longer than %u s: given up",
                           p->lim.seconds);
    if (WIFSIGNALED(status))
        return agx_strdupf("extraction crashed (signal %d, %s)%s",
                           WTERMSIG(status), strsignal(WTERMSIG(status)),
                           p->lim.memory_mb ? ": a damaged PDF, or more "
                                              "memory than the limit"
                                            : "");
    return agx_strdupf("extraction stopped early (exit status %d)",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int
agx_pool_finish(agx_pool *p, int which, agx_pages *pages, char **errmsg)
{
    slot *s = &p->slots[which];
    char *buf = NULL;
    int rc = -1;

    for (;;) {
        char kind;
        uint32_t n;
        if (read_exact(s->fd, &kind, 1) != 0)
            break;
        if (kind == 'D') {
            s->busy = 0;
            return *errmsg ? -1 : 0;
        }
        if ((kind != 'P' && kind != 'E') || read_exact(s->fd, &n, 4) != 0 ||
            !(buf = malloc((size_t)n + 1)) || read_exact(s->fd, buf, n) != 0)
            break;
        if (kind == 'E' && !*errmsg)
            *errmsg = agx_strdupf("%.*s", (int)n, buf);
        else if (kind == 'P' && !*errmsg && agx_pages_add(pages, buf, n) != 0)
            *errmsg = agx_strdupf("out of memory");
        free(buf);
        buf = NULL;
    }
    /* The worker died, or spoke nonsense: it goes, its file fails. */
    free(buf);
    if (s->pid > 0)
        kill(s->pid, SIGKILL); /* harmless if it is already gone */
    {
        int status = reap(s);
        if (!*errmsg)
            *errmsg = death_reason(p, status);
    }
    return rc;
}

void
agx_pool_free(agx_pool *p)
{
    if (!p)
        return;
    for (unsigned i = 0; i < p->n; i++) {
        /* An idle worker leaves at the end of its input; a busy one is in
         * a file nobody will read. */
        if (p->slots[i].busy && p->slots[i].pid > 0)
            kill(p->slots[i].pid, SIGKILL);
        reap(&p->slots[i]);
    }
    free(p->slots);
    free(p);
}
