/* record.c: what the index remembers of each file it has seen.
 *
 * A record lives in the index's user metadata, so that it commits (or
 * not) with the file's pages, in one transaction: key "F" + SHA-1 of the
 * path (paths may be longer than a key may be), value
 * "<size>\t<mtime ns>\t<sha1 of content>\t<ok|failed>\t<reason>\t
 * <extraction>.<analysis>[.<catalogue digest>]\t<path>", the path last as
 * the one field that may hold anything.  A rerun compares size and mtime first
 * (no file opened), then the content's hash.  Records written before the
 * versions were kept lack that field (their sixth field is the path, which is
 * absolute) and read as 1.1.
 */
#include "indexer-private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
agx_record_key(const char *path, char out[AGX_RECORD_KEY])
{
    gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, path, -1);
    if (!sum)
        return -1;
    snprintf(out, AGX_RECORD_KEY, "%s%s", AGX_RECORD_PREFIX, sum);
    g_free(sum);
    return 0;
}

void
agx_record_clear(agx_record *r)
{
    free(r->path);
    free(r->reason);
    memset(r, 0, sizeof *r);
}

int
agx_record_parse(const char *value, agx_record *r)
{
    const char *f[6], *path;
    char *end;
    size_t len;
    unsigned long v[2];

    /* Six fields, split at the first five tabs, and maybe a seventh: the
     * path (last) may hold anything.  (sscanf would not do: its "\t"
     * skips any white space, empty fields included.) */
    memset(r, 0, sizeof *r);
    f[0] = value;
    for (int i = 1; i < 6; i++) {
        const char *tab = strchr(f[i - 1], '\t');
        if (!tab)
            return -1;
        f[i] = tab + 1;
    }
    r->size = strtoll(f[0], &end, 10);
    if (end != f[1] - 1)
        return -1;
    r->mtime_ns = strtoll(f[1], &end, 10);
    if (end != f[2] - 1)
        return -1;
    len = (size_t)(f[3] - 1 - f[2]);
    if (len != 40)
        return -1;
    memcpy(r->hash, f[2], 40);
    r->hash[40] = '\0';
    r->failed = strncmp(f[3], "failed\t", 7) == 0;
    /* The versions, where the record has them; the path follows. */
    path = f[5];
    r->extraction = r->analysis = 1;
    if (g_ascii_isdigit(*path)) {
        v[0] = strtoul(path, &end, 10);
        if (*end != '.' || !g_ascii_isdigit(end[1]))
            return -1;
        v[1] = strtoul(end + 1, &end, 10);
        if (*end == '.') {
            /* what the catalogue said: hex digits */
            len = strspn(end + 1, "0123456789abcdef");
            if (len >= AGX_CATALOG_DIGEST)
                return -1;
            memcpy(r->catalog, end + 1, len);
            r->catalog[len] = '\0';
            end += 1 + len;
        }
        if (*end != '\t' || v[0] > UINT_MAX || v[1] > UINT_MAX)
            return -1;
        r->extraction = (unsigned)v[0];
        r->analysis = (unsigned)v[1];
        path = end + 1;
    }
    r->reason = g_strndup(f[4], (gsize)(f[5] - 1 - f[4]));
    r->path = strdup(path);
    return r->reason && r->path ? 0 : -1;
}

char *
agx_record_format(const agx_record *r)
{
    char *reason = strdup(r->reason ? r->reason : "");
    char *value;

    if (!reason)
        return NULL;
    for (char *p = reason; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    value = agx_strdupf("%lld\t%lld\t%s\t%s\t%s\t%u.%u%s%s\t%s", r->size,
                        r->mtime_ns, r->hash, r->failed ? "failed" : "ok",
                        reason, r->extraction, r->analysis,
                        r->catalog[0] ? "." : "", r->catalog, r->path);
    free(reason);
    return value;
}

int
agx_file_hash(const char *path, char out[41], char **errmsg)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
    unsigned char buf[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
    ssize_t n;

    if (fd < 0) {
        *errmsg = agx_strdupf("%s", strerror(errno));
        g_checksum_free(sum);
        return -1;
    }
    while ((n = read(fd, buf, sizeof buf)) > 0)
        g_checksum_update(sum, buf, n);
    if (n < 0) {
        *errmsg = agx_strdupf("%s", strerror(errno));
    } else {
        snprintf(out, 41, "%s", g_checksum_get_string(sum));
        rc = 0;
    }
    close(fd);
    g_checksum_free(sum);
    return rc;
}
