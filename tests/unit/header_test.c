/* header_test.c: agx_xapian.h compiles alone, as strict C11. */
#include "agx_xapian.h"

int agx_header_test(void);

int
agx_header_test(void)
{
    return AGX_OK;
}
