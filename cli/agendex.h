/* agendex.h: what the CLI's files share: the command table's shape, exit
 * statuses and the few helpers every command needs. */
#ifndef AGENDEX_H
#define AGENDEX_H

#include <stdio.h>

/* Exit statuses, as grep's. */
enum {
    AGX_EXIT_HITS = 0,  /* search found something; other commands: success */
    AGX_EXIT_NONE = 1,  /* search found nothing */
    AGX_EXIT_ERROR = 2, /* usage, or an error (also: index had failures) */
};

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage; /* the full --help text */
} agx_command;

int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_sag(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_synonyms(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_help(int argc, char **argv);

extern const char cmd_index_usage[];
extern const char cmd_search_usage[];
extern const char cmd_sag_usage[];
extern const char cmd_status_usage[];
extern const char cmd_compact_usage[];
extern const char cmd_synonyms_usage[];
extern const char cmd_serve_usage[];
extern const char cmd_help_usage[];

/* The path of agendex's helper program NAME (agendex-serve,
 * agendex-extract), malloc'd: in $AGENDEX_LIBEXEC if set, else beside the
 * running program (the build tree), else in ../libexec/agendex from it
 * (an installation).  NULL, with a message printed, if it is not there. */
char *agx_cli_helper(const char *name);

/* Prints the command's --help text to stdout. */
void agx_cli_usage(const char *command);

/* Prints "agendex: <message>" to stderr. */
void agx_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The index folder: DB if given, else $AGENDEX_DB, else
 * $XDG_DATA_HOME/agendex/db, else ~/.local/share/agendex/db.  Returns a
 * malloc'd path, or NULL (with a message printed) if none can be made. */
char *agx_cli_db_path(const char *db);

/* The terminal's width for wrapping, 0 (no wrapping) when stdout is not
 * a terminal. */
int agx_cli_term_width(void);

/* Whether to print in colour: a terminal, NO_COLOR unset, TERM not dumb. */
int agx_cli_use_color(void);

/* Says on stderr that the index DB is locked by another writer, naming
 * the holder when it is known. */
void agx_cli_locked(const char *db);

/* The bytes of the files in the folder DIR (an index), and in its
 * folders (a sharded index's parts). */
long long agx_cli_folder_bytes(const char *dir);

/* Parses a whole non-negative number for option NAME into *out (at most
 * MAX).  Returns 0, or -1 with a message printed. */
int agx_cli_number(const char *name, const char *s, unsigned max,
                   unsigned *out);

#endif /* AGENDEX_H */
