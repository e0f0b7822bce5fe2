/* query-private.h: what the query module's files share. */
#ifndef AGX_QUERY_PRIVATE_H
#define AGX_QUERY_PRIVATE_H

#include "agx_query.h"

/* An answer: the results of one search, with what printing them needs. */
struct agx_answer {
    char *query; /* as typed; for a case, its normal form */
    unsigned offset;
    int grouped; /* hits are documents (collapsed on the file) */
    agx_results *res;
};

/* The values each hit of a search carries, in this order (agx_query_run
 * asks for them; answer.c prints them). */
enum { V_FILE, V_PAGE, V_UDVALG, V_DATE, V_TYPE, V_ITEM, V_RECORDS, N_VALUES };

/* The values of each page of a case's history, in this order. */
enum { C_FILE, C_PAGE, C_UDVALG, C_DATE, C_TYPE, C_CASES, N_CASE_VALUES };

/* The facets every search counts, in the order they are printed. */
typedef struct {
    unsigned slot;
    const char *key, *label;
} agx_facet;
extern const agx_facet agx_facets[];
extern const size_t agx_n_facets;

/* A printf() into a new malloc'd string (NULL if memory ran out). */
char *agx_query_strdupf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* AGX_QUERY_PRIVATE_H */
