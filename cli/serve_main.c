/* serve_main.c: agendex-serve, the program behind `agendex serve` (which
 * runs it with the same arguments).  Its own program so that the HTTP
 * server's libraries load only here. */
#include "agendex.h"

int
main(int argc, char **argv)
{
    return cmd_serve(argc, argv);
}
