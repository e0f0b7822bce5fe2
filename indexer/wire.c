/* wire.c: the framing of the socket between the indexer and its
 * extraction helper (extract.h). */
#include "extract.h"

#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

int
agx_wire_write(int fd, const void *buf, size_t n)
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

int
agx_wire_read(int fd, void *buf, size_t n)
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

int
agx_wire_record(int fd, char kind, const char *s, size_t n)
{
    uint32_t len = (uint32_t)n;
    return agx_wire_write(fd, &kind, 1) ||
           agx_wire_write(fd, &len, sizeof len) || agx_wire_write(fd, s, n);
}
