/* worker.c: extraction in a child process, under a time and memory limit.
 *
 * poppler is a large C++ library fed with files from anywhere: a damaged
 * or hostile PDF may crash it, hang it or make it allocate without end.
 * So each PDF is extracted by a forked child with an alarm (wall clock)
 * and an address-space limit, which writes its pages into an anonymous
 * in-memory file (memfd) that the parent reads once the child is done.
 * (Not a pipe: a child whose pipe is full would wait for the parent, which
 * may be busy with another file, and its time limit would run out while it
 * waits.)  The records:
 *
 *   'P' <u32 length> <bytes>   a page, in order
 *   'W' <u32 length> <bytes>   a warning
 *   'E' <u32 length> <bytes>   the extraction's own error
 *   'D'                        done
 *
 * The parent reaps the child and reads the file: a child killed by a
 * signal, or one that stopped before 'D', costs that file (with the
 * reason), never the run.  The child leaves with _exit(), so no
 * atexit handler of the parent's runs twice.
 *
 * The child closes every descriptor it inherited but its file: one of them
 * carries the index's write lock (Xapian's lock belongs to the open file),
 * which a child outliving a killed indexer would otherwise keep.  And it
 * dies with its parent.
 */
#include "indexer-private.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#if defined(__SANITIZE_ADDRESS__)
#define AGX_ASAN 1 /* ASan reserves terabytes of address space */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AGX_ASAN 1
#endif
#endif

static int
write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
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

static void
child(const char *path, const agx_limits *lim, int fd)
{
    agx_pages pages = {0};
    char *err = NULL;
    int rc;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
        _exit(3); /* the parent is already gone */
    /* One call each side of FD (closing each possible descriptor in turn
     * cost more than the extraction of a short PDF). */
    if (fd > 3)
        close_range(3, (unsigned)fd - 1, 0);
    close_range((unsigned)fd + 1, ~0U, 0);

#ifndef AGX_ASAN
    if (lim->memory_mb) {
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)lim->memory_mb << 20;
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    if (lim->seconds)
        alarm(lim->seconds);
    rc = agx_extract_pdf(path, &pages, &err);
    if (rc != 0) {
        send_msg(fd, 'E', err ? err : "?", err ? strlen(err) : 1);
    } else {
        for (size_t i = 0; i < pages.n; i++)
            if (send_msg(fd, 'P', pages.text[i], pages.len[i]) != 0)
                _exit(3);
    }
    if (write_all(fd, "D", 1) != 0)
        _exit(3);
    _exit(0);
}

/* Reads the whole of FD into a growing buffer.  Returns 0 or -1. */
static int
read_all(int fd, char **buf, size_t *len)
{
    size_t cap = 65536;
    *len = 0;
    *buf = malloc(cap);
    if (!*buf)
        return -1;
    for (;;) {
        ssize_t r;
        if (*len == cap) {
            char *p = realloc(*buf, cap * 2);
            if (!p)
                return -1;
            *buf = p;
            cap *= 2;
        }
        r = read(fd, *buf + *len, cap - *len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        *len += (size_t)r;
    }
}

int
agx_worker_start(const char *path, const agx_limits *lim, agx_worker *w,
                 char **errmsg)
{
    int fd;

    w->pid = -1;
    w->fd = -1;
    fd = memfd_create("agendex-extraction", MFD_CLOEXEC);
    if (fd < 0) {
        *errmsg =
            agx_strdupf("cannot start an extraction: %s", strerror(errno));
        return -1;
    }
    fflush(NULL); /* nothing buffered is written twice */
    w->pid = fork();
    if (w->pid < 0) {
        *errmsg =
            agx_strdupf("cannot start an extraction: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (w->pid == 0)
        child(path, lim, fd);
    w->fd = fd;
    w->seconds = lim->seconds;
    w->memory_mb = lim->memory_mb;
    return 0;
}

int
agx_worker_finish(agx_worker *w, agx_pages *pages, char **errmsg)
{
    int status = 0, done = 0, rc = -1;
    char *buf = NULL;
    size_t len = 0, at = 0;

    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = -1;
    if (lseek(w->fd, 0, SEEK_SET) != 0 || read_all(w->fd, &buf, &len) != 0)
        *errmsg = agx_strdupf("cannot read the extraction back");
    close(w->fd);
    w->fd = -1;
    if (*errmsg)
        goto out;
    while (at < len && !done) {
        char kind = buf[at++];
        uint32_t n;
        if (kind == 'D') {
            done = 1;
            break;
        }
        if (len - at < sizeof n)
            break;
        memcpy(&n, buf + at, sizeof n);
        at += sizeof n;
        if (len - at < n)
            break;
        if (kind == 'P') {
            if (agx_pages_add(pages, buf + at, n) != 0) {
                *errmsg = agx_strdupf("out of memory");
                goto out;
            }
        } else if (kind == 'E') {
            *errmsg = agx_strdupf("%.*s", (int)n, buf + at);
            goto out;
        }
        at += n;
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        *errmsg = agx_strdupf("extraction took longer than %u s: given up",
                              w->seconds);
    else if (WIFSIGNALED(status))
        *errmsg = agx_strdupf("extraction crashed (signal %d, %s)%s",
                              WTERMSIG(status), strsignal(WTERMSIG(status)),
                              w->memory_mb ? ": a damaged PDF, or more "
                                             "memory than the limit"
                                           : "");
    else if (!done)
        *errmsg = agx_strdupf("extraction stopped early (exit status %d)",
                              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    else
        rc = 0;
out:
    free(buf);
    return rc;
}

void
agx_worker_abandon(agx_worker *w)
{
    if (w->pid > 0) {
        kill(w->pid, SIGKILL);
        if (w->fd >= 0)
            close(w->fd);
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    w->pid = -1;
    w->fd = -1;
}
