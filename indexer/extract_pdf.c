/* extract_pdf.c: the text of a PDF, page by page, through poppler-glib.
 *
 * poppler wants a URI, not a path, and reports a damaged or non-PDF file as
 * NULL plus a GError, whose message we pass on.  Every page and every page
 * text is a new reference or string, released here.
 */
#include "extract.h"

#include "agx_stem.h"

#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

int
agx_extract_pdf(const char *path, agx_pages *pages, char **errmsg)
{
    GError *error = NULL;
    PopplerDocument *doc = NULL;
    char *uri = g_filename_to_uri(path, NULL, &error); /* path is absolute */
    int n, rc = -1;

    if (!uri)
        goto out;
    doc = poppler_document_new_from_file(uri, NULL, &error);
    if (!doc)
        goto out;
    n = poppler_document_get_n_pages(doc);
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);  /* unref */
        char *text = page ? poppler_page_get_text(page) : NULL; /* g_free */
        int added =
            agx_pages_add(pages, text ? text : "", text ? strlen(text) : 0);
        g_free(text);
        g_clear_object(&page);
        if (added != 0) {
            *errmsg = agx_strdupf("out of memory at page %d", i + 1);
            goto out;
        }
    }
    rc = 0;
out:
    if (error && error->domain == POPPLER_ERROR &&
        error->code == POPPLER_ERROR_ENCRYPTED) {
        *errmsg = agx_strdupf("the PDF is encrypted with a password: it "
                              "cannot be read without it");
        g_clear_error(&error);
    } else if (error) {
        *errmsg = agx_strdupf("%s", error->message);
        g_clear_error(&error);
    }
    g_clear_object(&doc);
    g_free(uri);
    return rc;
}
