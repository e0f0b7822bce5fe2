/* agx_web.h: the search page for the browser (agendex serve).
 *
 * An HTTP server (GNU libmicrohttpd) that answers:
 *   GET /                  the search page: a form, hits, facets to click
 *   GET /?q=SAG-2023-...   a case number's history (agendex sag's view)
 *   GET /api/search?q=...  agendex search --json, the same walk
 *   GET /api/sag/NUMBER    agendex sag --json
 *   GET /file?path=P       a file of the index (only those), for #page=N
 *   GET /agendex.css       the page's style sheet, built in
 * It only reads the index, opening it afresh for each request, so that it
 * sees what the nightly job committed without a restart.
 */
#ifndef AGX_WEB_H
#define AGX_WEB_H

#include <stddef.h>

typedef struct {
    const char *dbpath;
    const char *host;         /* an address to bind: 127.0.0.1 */
    unsigned short port;      /* 8080 */
    const char *const *roots; /* files are served only from under these */
    size_t n_roots;           /* (0: any file of the index) */
    unsigned max_connections; /* at once, all clients */
    int quiet;                /* no line per request on stderr */
} agx_web_config;

/* Serves until SIGINT or SIGTERM.  Returns 0 after a clean stop, -1 if the
 * server cannot start, with *errmsg a malloc'd message. */
int agx_web_serve(const agx_web_config *cfg, char **errmsg);

#endif /* AGX_WEB_H */
