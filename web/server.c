/* server.c: agendex serve, on GNU libmicrohttpd (agx_web.h).
 *
 * libmicrohttpd (Debian's libmicrohttpd-dev) is a small, well-kept C
 * server made to be embedded: it parses requests, decodes query strings,
 * limits connections and times out idle ones, and runs a thread pool, so
 * that this file only routes.  Each thread of the pool keeps a searcher of
 * its own (a searcher is not shared between threads), opened at its first
 * request and opened again when agx_query_current() says the nightly job
 * has committed, compacted or rebuilt the index since: a request pays a
 * stat() or two, not the opening of the index and its abbreviations.
 *
 * Safety: GET and HEAD only; every value checked (UTF-8, length) before
 * use, with 400 and a short message otherwise; files only when the index
 * has them and (with --archive-root) when their real path lies under a
 * root, so no "../", encoded or not, and no symlink reaches anything else;
 * a Content-Security-Policy that allows no script and no other origin.
 */
#include "agx_web.h"

#include "web-private.h"

#include "agx_stem.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_VALUE = 256,    /* bytes of a filter's value */
    MAX_LIMIT = 100,    /* hits per API request */
    MAX_OFFSET = 10000, /* paging stops here */
    THREADS = 4,
    TIMEOUT_S = 30
};

static const char csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

typedef struct {
    const agx_web_config *cfg;
    char **roots; /* their real paths */
} server;

/* Each pool thread's searcher; closed when the thread ends. */
static pthread_key_t searcher_key;

static void
close_searcher(void *s)
{
    agx_query_close(s);
}

/* This thread's searcher of SV's index, current; NULL (with *ERR, malloc'd)
 * if the index cannot be opened. */
static agx_searcher *
thread_searcher(const server *sv, char **err)
{
    agx_searcher *s = pthread_getspecific(searcher_key);
    if (s && agx_query_current(s))
        return s;
    agx_query_close(s);
    s = NULL;
    if (agx_query_open(sv->cfg->dbpath, 0, &s, err) != AGX_OK)
        s = NULL;
    pthread_setspecific(searcher_key, s);
    return s;
}

/* A request's arguments, checked. */
typedef struct {
    agx_page_state st;
    unsigned limit;
    unsigned facets; /* with FACETS_GIVEN; else AGX_FACETS_DEFAULT */
    int facets_given;
    int exact, no_compounds;
    char *bad; /* what is wrong, malloc'd */
} args;

static int
number(const char *v, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n;
    if (!*v || strspn(v, "0123456789") != strlen(v))
        return -1;
    n = strtoul(v, &end, 10);
    if (n > max)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static enum MHD_Result
on_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    args *a = cls;
    size_t len = value ? strlen(value) : 0;
    (void)kind;

    if (a->bad)
        return MHD_YES;
    if (!value)
        value = "";
    if (!agx_text_valid(value, len, NULL) ||
        len > (strcmp(key, "q") == 0 ? (size_t)AGX_QUERY_MAX : MAX_VALUE)) {
        a->bad = agx_strdupf("the value of '%s' is too long or not UTF-8", key);
        return MHD_YES;
    }
    if (strcmp(key, "q") == 0)
        a->st.q = value;
    else if (strcmp(key, "udvalg") == 0 && *value) {
        if (a->st.n_udvalg == sizeof a->st.udvalg / sizeof *a->st.udvalg)
            a->bad = agx_strdupf("too many udvalg");
        else
            a->st.udvalg[a->st.n_udvalg++] = value;
    } else if (strcmp(key, "type") == 0 && *value) {
        if (a->st.n_types == sizeof a->st.types / sizeof *a->st.types)
            a->bad = agx_strdupf("too many types");
        else
            a->st.types[a->st.n_types++] = value;
    } else if (strcmp(key, "from") == 0)
        a->st.from = value;
    else if (strcmp(key, "to") == 0)
        a->st.to = value;
    else if (strcmp(key, "sort") == 0) {
        if (*value && strcmp(value, "relevance") != 0 &&
            strcmp(value, "date") != 0 && strcmp(value, "-date") != 0)
            a->bad = agx_strdupf("sort wants relevance, date or -date");
        a->st.sort = value;
    } else if (strcmp(key, "offset") == 0) {
        if (*value && number(value, MAX_OFFSET, &a->st.offset) != 0)
            a->bad = agx_strdupf("offset wants a number up to %d", MAX_OFFSET);
    } else if (strcmp(key, "limit") == 0) {
        if (*value && number(value, MAX_LIMIT, &a->limit) != 0)
            a->bad = agx_strdupf("limit wants a number up to %d", MAX_LIMIT);
    } else if (strcmp(key, "facets") == 0) {
        a->facets_given = *value != '\0';
        if (*value && number(value, 1000000, &a->facets) != 0)
            a->bad = agx_strdupf("facets wants a number (0: every value)");
    } else if (strcmp(key, "pages") == 0)
        a->st.pages = *value && strcmp(value, "0") != 0;
    else if (strcmp(key, "exact") == 0)
        a->exact = *value && strcmp(value, "0") != 0;
    else if (strcmp(key, "no_compounds") == 0)
        a->no_compounds = *value && strcmp(value, "0") != 0;
    return MHD_YES;
}

/* Queues R (then freed) with status STATUS, TYPE and the headers every
 * answer has; a page or API answer (POLICY) also gets the content policy
 * and no caching. */
static enum MHD_Result
queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
      const char *type, int policy)
{
    enum MHD_Result ret;

    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (policy) {
        MHD_add_response_header(r, "Content-Security-Policy", csp);
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned status, const char *type, char *body,
        size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);

    if (!r) {
        free(body);
        return MHD_NO;
    }
    return queue(c, status, r, type, 1);
}

/* A JSON answer: WALK (of ANSWER) through the JSON printer, or, without
 * an answer, {"error": MESSAGE}. */
static enum MHD_Result
json(struct MHD_Connection *c, unsigned status,
     void (*walk)(const agx_answer *, agx_printer *), const agx_answer *answer,
     const char *message)
{
    char *body = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&body, &len);
    agx_printer *p = f ? agx_print_json_new(f) : NULL;

    if (!p) {
        if (f)
            fclose(f);
        free(body);
        return MHD_NO;
    }
    if (answer) {
        walk(answer, p);
    } else {
        p->begin_map(p);
        p->map_key(p, "error", NULL);
        p->string(p, message);
        p->end(p);
    }
    p->free(p);
    fclose(f);
    return respond(c, status, "application/json; charset=utf-8", body, len);
}

static enum MHD_Result
json_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    return json(c, status, NULL, NULL, msg);
}

static enum MHD_Result
text_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    char *body = agx_strdupf("%s\n", msg);
    return body ? respond(c, status, "text/plain; charset=utf-8", body,
                          strlen(body))
                : MHD_NO;
}

/* The request of A, for agx_query_run(). */
static void
request_of(const args *a, agx_request *req)
{
    memset(req, 0, sizeof *req);
    req->text = a->st.q ? a->st.q : "";
    req->udvalg = a->st.udvalg;
    req->n_udvalg = a->st.n_udvalg;
    req->types = a->st.types;
    req->n_types = a->st.n_types;
    req->from = a->st.from && *a->st.from ? a->st.from : NULL;
    req->to = a->st.to && *a->st.to ? a->st.to : NULL;
    req->sort = !a->st.sort || !*a->st.sort        ? AGX_SORT_RELEVANCE
                : strcmp(a->st.sort, "date") == 0  ? AGX_SORT_DATE
                : strcmp(a->st.sort, "-date") == 0 ? AGX_SORT_DATE_DESC
                                                   : AGX_SORT_RELEVANCE;
    req->offset = a->st.offset;
    req->limit = a->limit ? a->limit : 10;
    req->facets = a->facets_given ? a->facets : AGX_FACETS_DEFAULT;
    req->pages = a->st.pages;
    req->exact = a->exact;
    req->no_compounds = a->no_compounds;
}

/* The HTTP status of a query module's failure. */
static unsigned
status_of(agx_status st)
{
    return st == AGX_ERR_QUERY       ? MHD_HTTP_BAD_REQUEST
           : st == AGX_ERR_NOT_FOUND ? MHD_HTTP_SERVICE_UNAVAILABLE
                                     : MHD_HTTP_INTERNAL_SERVER_ERROR;
}

static enum MHD_Result
api_search(struct MHD_Connection *c, agx_searcher *s, const args *a)
{
    agx_request req;
    agx_answer *ans = NULL;
    char *err = NULL;
    agx_status st;
    enum MHD_Result ret;

    if (!a->st.q || !*a->st.q)
        return json_error(c, MHD_HTTP_BAD_REQUEST, "give a query: q=...");
    request_of(a, &req);
    st = agx_query_run(s, &req, &ans, &err);
    if (st != AGX_OK) {
        ret = json_error(c, status_of(st), err ? err : "search failed");
        free(err);
        return ret;
    }
    ret = json(c, MHD_HTTP_OK, agx_answer_print, ans, NULL);
    agx_answer_free(ans);
    return ret;
}

static enum MHD_Result
api_case(struct MHD_Connection *c, agx_searcher *s, const char *number)
{
    agx_answer *ans = NULL;
    char *err = NULL;
    agx_status st;
    enum MHD_Result ret;

    if (!agx_text_valid(number, strlen(number), NULL) ||
        strlen(number) > MAX_VALUE)
        return json_error(c, MHD_HTTP_BAD_REQUEST, "not a case number");
    st = agx_query_case(s, number, &ans, &err);
    if (st != AGX_OK) {
        ret = json_error(c, status_of(st), err ? err : "lookup failed");
        free(err);
        return ret;
    }
    ret = json(c, agx_answer_total(ans) ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND,
               agx_case_print, ans, NULL);
    agx_answer_free(ans);
    return ret;
}

/* Does Q look like a case number alone (SAG-2023-01438, 2023-01438)? */
static int
case_like(const char *q)
{
    size_t digits = 0;
    for (const char *p = q; *p; p++) {
        if (*p == ' ' || *p == '"' || *p == ':')
            return 0;
        digits += *p >= '0' && *p <= '9';
    }
    return digits >= 9;
}

static enum MHD_Result
page(struct MHD_Connection *c, agx_searcher *s, args *a)
{
    agx_buf b = {0};
    agx_answer *ans = NULL;
    agx_node *tree = NULL;
    char *err = NULL;
    int is_case = 0;
    unsigned status = MHD_HTTP_OK;
    agx_status st = AGX_OK;

    if (a->bad) {
        err = a->bad;
        a->bad = NULL;
        status = MHD_HTTP_BAD_REQUEST;
    } else if (!s) {
        err = agx_strdupf("Søgningen er ikke tilgængelig: indekset kan ikke "
                          "åbnes.");
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
    } else if (a->st.q && *a->st.q) {
        if (case_like(a->st.q)) {
            st = agx_query_case(s, a->st.q, &ans, &err);
            is_case = st == AGX_OK;
            if (st == AGX_ERR_QUERY) { /* not a case number after all */
                free(err);
                err = NULL;
            }
        }
        if (!is_case) {
            agx_request req;
            request_of(a, &req);
            st = agx_query_run(s, &req, &ans, &err);
        }
        if (st != AGX_OK)
            status = status_of(st);
    }
    if (ans) {
        agx_printer *p = agx_tree_new();
        if (p) {
            if (is_case)
                agx_case_print(ans, p);
            else
                agx_answer_print(ans, p);
            tree = agx_tree_take(p);
        }
        if (!tree) {
            status = MHD_HTTP_INTERNAL_SERVER_ERROR;
            err = agx_strdupf("out of memory");
        }
    }
    agx_page_search(&b, &a->st, tree, is_case, err);
    agx_node_free(tree);
    agx_answer_free(ans);
    free(err);
    if (b.failed) {
        free(b.s);
        return MHD_NO;
    }
    return respond(c, status, "text/html; charset=utf-8", b.s, b.len);
}

/* Serves the indexed file PATH, if it may be served. */
static enum MHD_Result
file(struct MHD_Connection *c, const server *sv, agx_searcher *s,
     const char *path)
{
    char *real = NULL;
    int allowed = 0, fd;
    struct stat sb;
    struct MHD_Response *r;
    size_t len = path ? strlen(path) : 0;

    if (!path || !agx_text_valid(path, len, NULL) || path[0] != '/')
        return text_error(c, MHD_HTTP_BAD_REQUEST,
                          "path= wants a file of "
                          "the index");
    if (!s || !agx_query_has_file(s, path))
        return text_error(c, MHD_HTTP_NOT_FOUND, "no such file in the index");
    real = realpath(path, NULL);
    if (!real)
        return text_error(c, MHD_HTTP_NOT_FOUND, "the file is gone");
    allowed = sv->cfg->n_roots == 0;
    for (size_t i = 0; i < sv->cfg->n_roots && !allowed; i++) {
        size_t rl = strlen(sv->roots[i]);
        allowed = strncmp(real, sv->roots[i], rl) == 0 &&
                  (real[rl] == '/' || real[rl] == '\0');
    }
    if (!allowed) {
        free(real);
        return text_error(c, MHD_HTTP_FORBIDDEN,
                          "the file lies outside the archive");
    }
    fd = open(real, O_RDONLY | O_CLOEXEC);
    free(real);
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return text_error(c, MHD_HTTP_NOT_FOUND, "the file cannot be read");
    }
    r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Disposition", "inline");
    return queue(c, MHD_HTTP_OK, r,
                 len > 4 && strcmp(path + len - 4, ".pdf") == 0
                     ? "application/pdf"
                     : "text/plain; charset=utf-8",
                 0);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size,
       void **state)
{
    server *sv = cls;
    args a = {0};
    agx_searcher *s = NULL;
    char *err = NULL;
    enum MHD_Result ret;
    struct timespec t0, t1;

    (void)version;
    (void)upload;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return text_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only");
    if (!*state) { /* the headers: wait for the (empty) body */
        *state = sv;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return text_error(c, MHD_HTTP_BAD_REQUEST, "no body, please");
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (strcmp(url, "/agendex.css") == 0) {
        char *css = strdup(agx_page_css);
        return css ? respond(c, MHD_HTTP_OK, "text/css; charset=utf-8", css,
                             strlen(css))
                   : MHD_NO;
    }
    if (strcmp(url, "/favicon.ico") == 0) { /* none: say so quietly */
        struct MHD_Response *r =
            MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        return r ? queue(c, MHD_HTTP_NO_CONTENT, r, "image/x-icon", 0) : MHD_NO;
    }
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &a);
    if (strcmp(url, "/") != 0 && strcmp(url, "/api/search") != 0 &&
        strncmp(url, "/api/sag/", 9) != 0 && strcmp(url, "/file") != 0) {
        free(a.bad);
        return text_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    }
    if (!(s = thread_searcher(sv, &err))) {
        if (!sv->cfg->quiet)
            fprintf(stderr, "agendex serve: %s\n", err);
        free(err);
        err = NULL;
    }
    if (strcmp(url, "/") == 0)
        ret = page(c, s, &a);
    else if (a.bad)
        ret = strcmp(url, "/file") == 0
                  ? text_error(c, MHD_HTTP_BAD_REQUEST, a.bad)
                  : json_error(c, MHD_HTTP_BAD_REQUEST, a.bad);
    else if (!s && strcmp(url, "/file") != 0)
        ret = json_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "the index cannot be opened");
    else if (strcmp(url, "/api/search") == 0)
        ret = api_search(c, s, &a);
    else if (strncmp(url, "/api/sag/", 9) == 0)
        ret = api_case(c, s, url + 9);
    else
        ret =
            file(c, sv, s,
                 MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path"));
    free(a.bad);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!sv->cfg->quiet)
        fprintf(stderr, "%s %s%s%s %.1f ms\n", method, url, a.st.q ? "?q=" : "",
                a.st.q ? a.st.q : "",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    return ret;
}

int
agx_web_serve(const agx_web_config *cfg, char **errmsg)
{
    server sv = {cfg, NULL};
    struct addrinfo hints = {0}, *ai = NULL;
    struct MHD_Daemon *d;
    sigset_t stop;
    char port[8];
    int sig, ret = -1, gai;

    *errmsg = NULL;
    sv.roots = calloc(cfg->n_roots + 1, sizeof *sv.roots);
    if (!sv.roots) {
        *errmsg = agx_strdupf("out of memory");
        return -1;
    }
    for (size_t i = 0; i < cfg->n_roots; i++)
        if (!(sv.roots[i] = realpath(cfg->roots[i], NULL))) {
            *errmsg = agx_strdupf("--archive-root %s: %s", cfg->roots[i],
                                  strerror(errno));
            goto out;
        }
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof port, "%u", cfg->port);
    if ((gai = getaddrinfo(cfg->host, port, &hints, &ai)) != 0) {
        *errmsg = agx_strdupf("--listen %s: %s (give an address, such as "
                              "127.0.0.1:8080)",
                              cfg->host, gai_strerror(gai));
        goto out;
    }
    /* SIGINT and SIGTERM wait for sigwait() below: blocked before the
     * server's threads start, so that they inherit the mask. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    if ((errno = pthread_key_create(&searcher_key, close_searcher)) != 0) {
        *errmsg = agx_strdupf("cannot start: %s", strerror(errno));
        goto out;
    }
    d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
            (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        cfg->port, NULL, NULL, handle, &sv, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)THREADS,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(cfg->max_connections ? cfg->max_connections : 64),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)32,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TIMEOUT_S, MHD_OPTION_END);
    if (!d) {
        *errmsg = agx_strdupf("cannot listen on %s port %u: %s", cfg->host,
                              cfg->port, strerror(errno));
        pthread_key_delete(searcher_key);
        goto out;
    }
    if (!cfg->quiet)
        fprintf(stderr, "agendex serve: http://%s%s%s:%u/ (index %s)\n",
                ai->ai_family == AF_INET6 ? "[" : "", cfg->host,
                ai->ai_family == AF_INET6 ? "]" : "", cfg->port, cfg->dbpath);
    sigwait(&stop, &sig);
    MHD_stop_daemon(d); /* joins the pool: each closes its searcher */
    pthread_key_delete(searcher_key);
    ret = 0;
out:
    if (ai)
        freeaddrinfo(ai);
    for (size_t i = 0; i < cfg->n_roots; i++)
        free(sv.roots[i]);
    free(sv.roots);
    return ret;
}
