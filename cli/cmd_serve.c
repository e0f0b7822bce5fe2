/* cmd_serve.c: `agendex serve`: the search page for the browser. */
#include "agendex.h"

#include "agx_web.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char cmd_serve_usage[] =
    "Usage: agendex serve [--db DIR] [--listen HOST:PORT]\n"
    "                     [--archive-root DIR]... [--max-connections N]\n"
    "\n"
    "Serve the search page to browsers: one search box (the query language\n"
    "of agendex search), hits with their agenda item and a snippet, facets\n"
    "to click, a case number's history, and the PDF opened at the page.\n"
    "Also a JSON API, the same as --json: /api/search?q=...&udvalg=...,\n"
    "/api/sag/NUMBER (docs/web.md).  The server only reads the index and\n"
    "sees each night's new commit without a restart.  Stop it with Ctrl-C\n"
    "or SIGTERM.\n"
    "\n"
    "Options:\n"
    "  --db DIR              the index folder (default: $AGENDEX_DB, else\n"
    "                        $XDG_DATA_HOME/agendex/db)\n"
    "  --listen HOST:PORT    where to listen (default 127.0.0.1:8080; only\n"
    "                        this machine: put a reverse proxy in front for\n"
    "                        others, see docs/web.md); [::1]:8080 for IPv6\n"
    "  --archive-root DIR    serve files only from under DIR (repeat for\n"
    "                        several); without it, any file of the index\n"
    "  --max-connections N   at once, from everyone (default 64)\n"
    "  --quiet               no line per request on stderr\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 when stopped, 2 if the server cannot start.\n";

/* HOST:PORT, [V6]:PORT or PORT into CFG (HOST is kept in BUF). */
static int
listen_at(const char *arg, agx_web_config *cfg, char *buf, size_t size)
{
    const char *colon = strrchr(arg, ':');
    char *end;
    unsigned long port;

    if (!colon) {
        colon = arg - 1; /* a port alone */
        snprintf(buf, size, "127.0.0.1");
    } else if (arg[0] == '[') {
        if (colon < arg + 2 || colon[-1] != ']')
            return -1;
        snprintf(buf, size, "%.*s", (int)(colon - arg - 2), arg + 1);
    } else {
        snprintf(buf, size, "%.*s", (int)(colon - arg), arg);
    }
    port = strtoul(colon + 1, &end, 10);
    if (!colon[1] || *end || port == 0 || port > 65535 || !*buf)
        return -1;
    cfg->host = buf;
    cfg->port = (unsigned short)port;
    return 0;
}

int
cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"archive-root", required_argument, NULL, 'r'},
        {"max-connections", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum { MAX_ROOTS = 32 };
    const char *roots[MAX_ROOTS], *db_opt = NULL;
    char host[256], *db = NULL, *err = NULL;
    agx_web_config cfg = {.host = "127.0.0.1", .port = 8080, .roots = roots};
    unsigned conns = 64;
    int c, ret = AGX_EXIT_ERROR;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'l':
            if (listen_at(optarg, &cfg, host, sizeof host) != 0) {
                agx_cli_error("--listen wants HOST:PORT, such as "
                              "127.0.0.1:8080, not '%s'",
                              optarg);
                return AGX_EXIT_ERROR;
            }
            break;
        case 'r':
            if (cfg.n_roots == MAX_ROOTS) {
                agx_cli_error("at most %d --archive-root", MAX_ROOTS);
                return AGX_EXIT_ERROR;
            }
            roots[cfg.n_roots++] = optarg;
            break;
        case 'm':
            if (agx_cli_number("--max-connections", optarg, 10000, &conns) !=
                    0 ||
                conns == 0) {
                agx_cli_error("--max-connections wants 1 to 10000");
                return AGX_EXIT_ERROR;
            }
            break;
        case 'q':
            cfg.quiet = 1;
            break;
        case 'h':
            fputs(cmd_serve_usage, stdout);
            return AGX_EXIT_HITS;
        default:
            fputs("Try 'agendex serve --help'.\n", stderr);
            return AGX_EXIT_ERROR;
        }
    }
    if (optind < argc) {
        agx_cli_error("serve takes no arguments, only options");
        return AGX_EXIT_ERROR;
    }
    cfg.max_connections = conns;
    db = agx_cli_db_path(db_opt);
    if (!db)
        return AGX_EXIT_ERROR;
    cfg.dbpath = db;
    if (agx_web_serve(&cfg, &err) == 0)
        ret = AGX_EXIT_HITS;
    else
        agx_cli_error("%s", err ? err : "out of memory");
    free(err);
    free(db);
    return ret;
}
