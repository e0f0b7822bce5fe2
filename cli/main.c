/* main.c: the agendex program: a table of subcommands, one file each.
 *
 * `agendex CMD ...` runs the command's function with argv starting at CMD;
 * `agendex CMD --help` and `agendex help CMD` print the same text.
 */
#include "agendex.h"

#include "agx_index.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int cmd_serve_helper(int argc, char **argv);

static const agx_command commands[] = {
    {"index", cmd_index, "Index an archive, or bring its index up to date.",
     cmd_index_usage},
    {"search", cmd_search, "Search the index: ranked pages and facet counts.",
     cmd_search_usage},
    {"sag", cmd_sag, "Show a case number's history across meetings.",
     cmd_sag_usage},
    {"status", cmd_status, "Show the index's size, last run and failures.",
     cmd_status_usage},
    {"compact", cmd_compact, "Shrink the index after large changes.",
     cmd_compact_usage},
    /* agendex-serve, a program of its own: the HTTP server's libraries
     * (GnuTLS and its ten) cost every other command ~8 ms to load. */
    {"serve", cmd_serve_helper,
     "Serve the search page to browsers (and a JSON API).", NULL},
    {"synonyms", cmd_synonyms,
     "Show what a word also finds: compounds, "
     "spellings.",
     cmd_synonyms_usage},
    {"help", cmd_help, "Show help for a command.", cmd_help_usage},
};
enum { N_COMMANDS = sizeof commands / sizeof *commands };

static void
main_usage(FILE *out)
{
    fputs("Usage: agendex COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Search the archives of Danish committee meetings: agendas\n"
          "(dagsorden), minutes (referat) and attachments (bilag).\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "The index lives in --db DIR, else $AGENDEX_DB, else\n"
          "$XDG_DATA_HOME/agendex/db (~/.local/share/agendex/db).\n"
          "Run 'agendex help COMMAND' for a command's options.\n",
          out);
}

static const agx_command *
find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void
agx_cli_usage(const char *command)
{
    const agx_command *c = find(command);
    if (c)
        fputs(c->usage, stdout);
}

void
agx_cli_locked(const char *db)
{
    char *holder = agx_index_lock_holder(db);
    agx_cli_error("index '%s' is locked: another 'agendex index' is writing "
                  "it%s%s%s",
                  db, holder ? " (" : "", holder ? holder : "",
                  holder ? ")" : "");
    free(holder);
}

long long
agx_cli_folder_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    long long sum = 0;

    while (d && (e = readdir(d)) != NULL) {
        char path[4096];
        struct stat sb;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode))
            sum += (long long)sb.st_size;
        else if (S_ISDIR(sb.st_mode)) /* a sharded index's parts */
            sum += agx_cli_folder_bytes(path);
    }
    if (d)
        closedir(d);
    return sum;
}

const char cmd_help_usage[] =
    "Usage: agendex help [COMMAND]\n"
    "\n"
    "Show the list of commands, or the help of COMMAND (the same text as\n"
    "'agendex COMMAND --help').\n";

int
cmd_help(int argc, char **argv)
{
    const agx_command *c;

    if (argc < 2) {
        main_usage(stdout);
        return AGX_EXIT_HITS;
    }
    c = find(argv[1]);
    if (!c) {
        agx_cli_error("no such command: '%s' (see 'agendex help')", argv[1]);
        return AGX_EXIT_ERROR;
    }
    if (!c->usage) {
        char *args[] = {argv[1], "--help", NULL};
        return c->run(2, args);
    }
    fputs(c->usage, stdout);
    return AGX_EXIT_HITS;
}

/* Runs the helper program agendex-serve with ARGV ("serve" ...). */
static int
cmd_serve_helper(int argc, char **argv)
{
    char *path = agx_cli_helper("agendex-serve");

    (void)argc;
    if (!path)
        return AGX_EXIT_ERROR;
    fflush(NULL);
    execv(path, argv);
    agx_cli_error("cannot run %s: %s", path, strerror(errno));
    free(path);
    return AGX_EXIT_ERROR;
}

int
main(int argc, char **argv)
{
    const agx_command *c;

    if (argc < 2) {
        main_usage(stderr);
        return AGX_EXIT_ERROR;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        main_usage(stdout);
        return AGX_EXIT_HITS;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("agendex %s\n", AGX_VERSION);
        return AGX_EXIT_HITS;
    }
    c = find(argv[1]);
    if (!c) {
        agx_cli_error("no such command: '%s' (see 'agendex help')", argv[1]);
        return AGX_EXIT_ERROR;
    }
    /* getopt names argv[0] in its messages: "agendex search: ...". */
    static char name[32];
    snprintf(name, sizeof name, "agendex %s", c->name);
    argv[1] = name;
    return c->run(argc - 1, argv + 1);
}
