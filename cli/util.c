/* util.c: what every agendex program's commands share: messages, the
 * index folder, numbers from options, the terminal, and where the helper
 * programs are. */
#include "agendex.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void
agx_cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("agendex: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

char *
agx_cli_db_path(const char *db)
{
    const char *env = getenv("AGENDEX_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char *path = NULL;

    if (db && *db)
        return strdup(db);
    if (env && *env)
        return strdup(env);
    if (xdg && *xdg) {
        if (asprintf(&path, "%s/agendex/db", xdg) < 0)
            path = NULL;
        return path;
    }
    if (home && *home) {
        if (asprintf(&path, "%s/.local/share/agendex/db", home) < 0)
            path = NULL;
        return path;
    }
    agx_cli_error("no index folder: give --db DIR, or set AGENDEX_DB");
    return NULL;
}

int
agx_cli_number(const char *name, const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n;

    errno = 0;
    n = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || n > max) {
        agx_cli_error("%s wants a whole number from 0 to %u, not '%s'", name,
                      max, s);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

int
agx_cli_term_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");

    if (!isatty(STDOUT_FILENO))
        return 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (cols && atoi(cols) > 0)
        return atoi(cols);
    return 80;
}

int
agx_cli_use_color(void)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
           !(term && strcmp(term, "dumb") == 0);
}

char *
agx_cli_helper(const char *name)
{
    const char *env = getenv("AGENDEX_LIBEXEC");
    char self[PATH_MAX], *slash, *path = NULL;
    ssize_t n;

    if (env && *env) {
        if (asprintf(&path, "%s/%s", env, name) >= 0 && access(path, X_OK) == 0)
            return path;
        agx_cli_error("cannot run %s/%s (AGENDEX_LIBEXEC): %s", env, name,
                      strerror(errno));
        free(path);
        return NULL;
    }
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        agx_cli_error("cannot find %s: /proc/self/exe: %s", name,
                      strerror(errno));
        return NULL;
    }
    self[n] = '\0';
    slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    if (asprintf(&path, "%s/%s", self, name) >= 0 && access(path, X_OK) == 0)
        return path;
    free(path);
    path = NULL;
    if (asprintf(&path, "%s/../libexec/agendex/%s", self, name) >= 0 &&
        access(path, X_OK) == 0)
        return path;
    free(path);
    agx_cli_error("cannot find %s, agendex's helper program, beside %s or in "
                  "%s/../libexec/agendex (set AGENDEX_LIBEXEC to its folder)",
                  name, self, self);
    return NULL;
}
