/* worker.c: PDF extraction in a pool of worker processes, under limits.
 *
 * poppler is a large C++ library fed with files from anywhere: a damaged
 * or hostile PDF may crash it, hang it or make it allocate without end.
 * So PDFs are extracted in separate processes, the helper program
 * agendex-extract (extract_main.c), each under an address-space limit
 * and, per file, an alarm; a crash, a hang or an allocation bomb costs
 * that one file, never the run.
 *
 * Workers are started with posix_spawn(), once per run, and each serves
 * one path at a time over a socket (extract.h).  Not a fork() per file:
 * the writer's address space grows with Xapian's buffers, and a child
 * forked from it made every later write of the writer a copy-on-write
 * page fault (measured: 84% of a run went to the writer, a third of it in
 * the kernel, and indexing took 6-9x the extraction).  A spawned worker
 * shares nothing, and poppler and fontconfig start once per worker.
 *
 * A worker that dies (its alarm, its memory limit, a crash) fails the file
 * it had, with the reason from its exit status; the next file gets a new
 * worker.  Workers inherit no descriptor but their socket (the index's
 * lock is one) and die with the writer.
 *
 * The program using the indexer says where the helper is
 * (agx_index_set_extractor()).
 */
#include "indexer-private.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct {
    pid_t pid; /* -1: none running */
    int fd;    /* the socket, -1 with no worker */
    int busy;  /* a path was sent, its answer not read */
} slot;

struct agx_pool {
    /* Held while a slot changes hands or its worker changes (not while a
     * file is read): agx_pool_finish() runs in the thread analysing the
     * file, agx_pool_start() and agx_pool_interrupt() in the writer's. */
    pthread_mutex_t mu;
    agx_limits lim;
    char *exe; /* the helper program, or NULL: none */
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
    if (exe && !(p->exe = strdup(exe))) {
        free(p->slots);
        free(p);
        return NULL;
    }
    p->n = n ? n : 1;
    pthread_mutex_init(&p->mu, NULL);
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
    char *argv[] = {"agendex-extract", secs, mb, ppid, NULL};
    int sv[2], err;

    if (!p->exe) {
        *errmsg = agx_strdupf("a PDF needs the extraction helper "
                              "agendex-extract, and none was given");
        return -1;
    }
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

static int
start_locked(agx_pool *p, const char *path, int *which, char **errmsg)
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
    /* A worker that died idle (killed from outside) is replaced once. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (s->pid < 0 && spawn(p, s, errmsg) != 0)
            return -1;
        if (agx_wire_write(s->fd, &n, sizeof n) == 0 &&
            agx_wire_write(s->fd, path, len) == 0) {
            s->busy = 1;
            return 0;
        }
        reap(s);
    }
    *errmsg = agx_strdupf("cannot reach an extraction worker");
    return -1;
}

int
agx_pool_start(agx_pool *p, const char *path, int *which, char **errmsg)
{
    pthread_mutex_lock(&p->mu);
    int rc = start_locked(p, path, which, errmsg);
    pthread_mutex_unlock(&p->mu);
    return rc;
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
        if (agx_wire_read(s->fd, &kind, 1) != 0)
            break;
        if (kind == 'D') {
            pthread_mutex_lock(&p->mu);
            s->busy = 0;
            pthread_mutex_unlock(&p->mu);
            return *errmsg ? -1 : 0;
        }
        if ((kind != 'P' && kind != 'E') || agx_wire_read(s->fd, &n, 4) != 0 ||
            !(buf = malloc((size_t)n + 1)) || agx_wire_read(s->fd, buf, n) != 0)
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
    pthread_mutex_lock(&p->mu);
    if (s->pid > 0)
        kill(s->pid, SIGKILL); /* harmless if it is already gone */
    {
        int status = reap(s);
        if (!*errmsg)
            *errmsg = death_reason(p, status);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void
agx_pool_interrupt(agx_pool *p)
{
    pthread_mutex_lock(&p->mu);
    for (unsigned i = 0; i < p->n; i++)
        if (p->slots[i].busy && p->slots[i].pid > 0)
            kill(p->slots[i].pid, SIGKILL);
    pthread_mutex_unlock(&p->mu);
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
    pthread_mutex_destroy(&p->mu);
    free(p->slots);
    free(p->exe);
    free(p);
}
