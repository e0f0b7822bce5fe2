/* agx_compound.c: Danish compounds split into their parts (agx_compound.h).
 *
 * A split is a cut of the word into a modifier, which the lexicon knows as
 * a word of its own (after the linking s or e is taken off, or the e that
 * the modifier dropped is put back), and a head, which the lexicon knows
 * too (inflected or not) or which is itself a modifier and a head: "arbejds
 * | markeds | råd".  Of the cuts the lexicon supports, the one whose parts
 * are most common wins.  Parts that are words of their own are split again
 * for the list of parts, so that "erhvervsfremme" in "erhvervsfremme-
 * strategi" yields "erhverv" and "fremme" as well.
 *
 * Short function words and prefixes ("for", "ind", "ud", "sam") never make
 * a modifier, and derivational endings that are also words ("hed", "lig",
 * "dom") never make a head: "indsats" is no "ind" + "sats", nor
 * "virksomhed" "virksom" + "hed".
 */
#include "agx_compound.h"

#include <math.h>
#include <string.h>

/* Never a modifier: prepositions, adverbs and prefixes that begin words
 * without making compounds of them, and pronouns. */
static const char *const not_modifier[] = {
    "af",     "alle",    "andre",  "anden",  "bag",   "be",     "den",  "der",
    "gennem", "sammen",  "sådan",  "blandt", "langs", "ifølge", "hvis", "dem",
    "det",    "din",     "efter",  "eller",  "end",   "ene",    "for",  "fore",
    "forud",  "fra",     "frem",   "gen",    "han",   "hen",    "her",  "hos",
    "hvad",   "hver",    "hvor",   "igen",   "imod",  "ind",    "jeg",  "kan",
    "man",    "med",     "mellem", "men",    "mis",   "mod",    "ned",  "når",
    "og",     "omkring", "om",     "op",     "over",  "på",     "sam",  "selv",
    "sig",    "sin",     "skal",   "som",    "til",   "tit",    "ud",   "uden",
    "under",  "var",     "ved",    "vil",    "være",  NULL};

/* Never a head: endings that make words of words, and function words. */
static const char *const not_head[] = {
    "bar",   "bare",  "dom",   "domme",  "else",   "ende", "ene",   "erne",
    "hed",   "heden", "heder", "isk",    "iske",   "lig",  "lige",  "ligt",
    "ning",  "sel",   "skab",  "skaber", "skabet", "som",  "somme", "tion",
    "den",   "der",   "det",   "for",    "fra",    "her",  "med",   "men",
    "til",   "ved",   "hen",   "ind",    "mod",    "over", "under", "igen",
    "efter", "imod",  "ned",   "op",     "ud",     "om",   "af",    "ing",
    "ring",  "ens",   "sen",   "son",    NULL};

/* Never a head after a modifier that ends in e: the endings of verbs in
 * -ere ("interesse|ret" is "interesseret"). */
static const char *const not_head_after_e[] = {"ret", "rede",  "rer",
                                               "res", "rende", NULL};

static int
listed(const char *const *list, const char *s, size_t len)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, s, len) == 0)
            return 1;
    return 0;
}

/* The endings of inflection, which a head may carry after a listed word:
 * "hederne" is "hed" inflected. */
static const char *const inflection[] = {
    "e",   "en", "ene", "er",  "erne", "ernes", "ers", "es", "et",
    "ets", "n",  "ne",  "nes", "r",    "s",     "t",   NULL};

/* Is the head S (LEN bytes) a listed word, inflected or not?  S is part
 * of a word: S[-1], the letter before it, is readable. */
static int
listed_head(const char *s, size_t len)
{
    if (listed(not_head, s, len))
        return 1;
    if (s[-1] == 'e' && listed(not_head_after_e, s, len))
        return 1;
    /* nor an ending that begins a letter early: "psykiatri|ske" is
     * "psykiatr|iske" */
    if (listed(not_head, s - 1, len + 1))
        return 1;
    for (size_t k = 1; k < len; k++)
        if (listed(not_head, s, k) && listed(inflection, s + k, len - k))
            return 1;
    return 0;
}

/* Characters in S (LEN bytes of UTF-8). */
static size_t
chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

typedef struct splitter {
    agx_lexicon_fn fn;
    void *ctx;
    unsigned long floor; /* the fewest documents a part must be in */
} splitter;

typedef char form_buf[AGX_COMPOUND_MAX_BYTES + 2];

/* Asks the lexicon about FORM (LEN bytes) as a part; 0 if it is too short
 * or on the list of forms that are never this part. */
static unsigned long
ask(const splitter *sp, const char *form, size_t len, int head)
{
    unsigned long freq;

    if (chars(form, len) < AGX_COMPOUND_MIN_PART)
        return 0;
    if (head ? listed_head(form, len) : listed(not_modifier, form, len))
        return 0;
    freq = sp->fn(sp->ctx, form, len, head);
    return freq >= sp->floor ? freq : 0;
}

/* Is S (LEN bytes) a modifier?  Tries S, S with its linking s or e taken
 * off, and each of those with the e it dropped put back; OUT gets the most
 * common form the lexicon knows.
 * Return value: its frequency, 0 if none is a word. */
static unsigned long
modifier(const splitter *sp, const char *s, size_t len, form_buf out)
{
    unsigned long best = 0;
    form_buf f;

    for (int strip = 0; strip <= 1; strip++) {
        size_t n = len;
        if (strip) {
            if (n < 2 || (s[n - 1] != 's' && s[n - 1] != 'e'))
                break;
            n--;
        }
        if (listed(not_modifier, s, n))
            continue; /* nor with an e: "inde" is no modifier of "indsats" */
        for (int add_e = 0; add_e <= 1; add_e++) {
            unsigned long fr;
            if (add_e && (n == 0 || s[n - 1] == 'e'))
                continue;
            memcpy(f, s, n);
            if (add_e)
                f[n] = 'e';
            f[n + add_e] = '\0';
            fr = ask(sp, f, n + (size_t)add_e, 0);
            if (fr > best) {
                best = fr;
                memcpy(out, f, n + (size_t)add_e + 1);
            }
        }
    }
    return best;
}

/* The best cut of a word. */
typedef struct cut {
    size_t at;     /* bytes of the modifier, with its linking letter */
    form_buf mod;  /* the modifier's lexicon form */
    form_buf head; /* the head's, "" if the head is cut again */
    double sum;    /* the parts' log frequencies, summed */
    int parts;     /* how many */
} cut;

/* Finds the best cut of W (LEN bytes), whose head may be cut once more
 * while DEPTH is 0.  Return value: 1 if there is one, in *OUT. */
static int
best_cut(const splitter *sp, const char *w, size_t len, int depth, cut *out)
{
    int found = 0;
    double best = -1;

    for (size_t at = 1; at < len; at++) {
        cut c;
        unsigned long mf, hf;

        if (((unsigned char)w[at] & 0xC0) == 0x80)
            continue; /* inside a character */
        if (chars(w, at) < AGX_COMPOUND_MIN_PART ||
            chars(w + at, len - at) < AGX_COMPOUND_MIN_PART)
            continue;
        mf = modifier(sp, w, at, c.mod);
        if (!mf)
            continue;
        c.at = at;
        hf = ask(sp, w + at, len - at, 1);
        if (hf) {
            memcpy(c.head, w + at, len - at);
            c.head[len - at] = '\0';
            c.sum = log1p((double)mf) + log1p((double)hf);
            c.parts = 2;
        } else {
            cut rest;
            if (depth > 0 || !best_cut(sp, w + at, len - at, depth + 1, &rest))
                continue;
            c.head[0] = '\0';
            c.sum = log1p((double)mf) + rest.sum;
            c.parts = 1 + rest.parts;
        }
        if (c.sum / c.parts > best) {
            best = c.sum / c.parts;
            *out = c;
            found = 1;
        }
    }
    return found;
}

typedef struct part_list {
    agx_compound_part *v;
    size_t n;
} part_list;

static void
add(part_list *ps, const char *form, int head)
{
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->v[i].form, form) == 0) {
            ps->v[i].head |= head;
            return;
        }
    if (ps->n == AGX_COMPOUND_MAX_PARTS)
        return;
    strcpy(ps->v[ps->n].form, form);
    ps->v[ps->n].head = head;
    ps->n++;
}

/* Adds the parts of W (LEN bytes) to PS: the last one is a head if FINAL
 * (W ends the word), and parts that are words of their own are split
 * again, down to LEVELS levels. */
static void
collect(const splitter *sp, const char *w, size_t len, int final, int levels,
        part_list *ps)
{
    cut c;

    if (levels == 0 || !best_cut(sp, w, len, 0, &c))
        return;
    add(ps, c.mod, 0);
    collect(sp, c.mod, strlen(c.mod), 0, levels - 1, ps);
    if (c.head[0]) {
        add(ps, c.head, final);
        collect(sp, c.head, strlen(c.head), final, levels - 1, ps);
    } else {
        collect(sp, w + c.at, len - c.at, final, levels, ps);
    }
}

size_t
agx_compound_split(const char *word, size_t len, agx_lexicon_fn fn, void *ctx,
                   agx_compound_part out[AGX_COMPOUND_MAX_PARTS])
{
    splitter sp = {fn, ctx, 1};
    part_list ps = {out, 0};

    if (len > AGX_COMPOUND_MAX_BYTES ||
        chars(word, len) < AGX_COMPOUND_MIN_WORD)
        return 0;
    /* A part much rarer on its own than the whole word is a chance
     * string, not the word's origin: "digi" in "digital". */
    sp.floor = fn(ctx, word, len, 1) / AGX_COMPOUND_RARITY;
    if (sp.floor < 1)
        sp.floor = 1;
    collect(&sp, word, len, 1, 2, &ps);
    return ps.n;
}

const char *
agx_compound_head(const agx_compound_part *parts, size_t n)
{
    const char *head = NULL;
    for (size_t i = 0; i < n; i++)
        if (parts[i].head && (!head || strlen(parts[i].form) > strlen(head)))
            head = parts[i].form;
    return head;
}

/* Letters of a word: ASCII letters and every byte of a UTF-8 sequence
 * (Danish letters beyond ASCII). */
static int
letter(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The word at P (up to END): its length, 0 if P is no letter. */
static size_t
word_at(const char *p, const char *end)
{
    size_t n = 0;
    while (p + n < end && letter((unsigned char)p[n]))
        n++;
    return n;
}

static const char *
skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
        p++;
    return p;
}

void
agx_compound_coordinations(const char *text, size_t len, agx_coordination_fn fn,
                           void *ctx)
{
    enum { MAX_CHAIN = 8 };
    const char *end = text + len;

    for (const char *p = text; p < end;) {
        const char *mods[MAX_CHAIN];
        size_t lens[MAX_CHAIN], n = 0, w;
        int joined = 0;
        const char *q;

        w = (p == text || !letter((unsigned char)p[-1])) ? word_at(p, end) : 0;
        if (!w) {
            p++;
            continue;
        }
        /* A chain of "word-" (with commas between), then og/eller/samt
         * or a comma, then the whole word. */
        q = p;
        while (n < MAX_CHAIN && (w = word_at(q, end)) && q + w < end &&
               q[w] == '-' &&
               (q + w + 1 == end || !letter((unsigned char)q[w + 1]))) {
            mods[n] = q;
            lens[n++] = w;
            q = skip_space(q + w + 1, end);
            if (q < end && *q == ',')
                q = skip_space(q + 1, end);
            if (word_at(q, end) && q[word_at(q, end)] == '-')
                continue; /* another "word-" */
            w = word_at(q, end);
            if ((w == 2 && strncmp(q, "og", 2) == 0) ||
                (w == 5 && strncmp(q, "eller", 5) == 0) ||
                (w == 4 && strncmp(q, "samt", 4) == 0)) {
                q = skip_space(q + w, end);
                joined = 1;
            }
            break;
        }
        w = n && joined ? word_at(q, end) : 0;
        if (w && (q + w == end || q[w] != '-')) {
            for (size_t i = 0; i < n; i++)
                if (fn(ctx, mods[i], lens[i], q, w))
                    return;
            p = q + w;
        } else {
            p += word_at(p, end) ? word_at(p, end) : 1;
        }
    }
}

/* May a hyphenated word begin or end next to C: no letter, digit or
 * hyphen. */
static int
edge(unsigned char c)
{
    return !letter(c) && !(c >= '0' && c <= '9') && c != '-';
}

void
agx_compound_hyphenated(const char *text, size_t len, agx_hyphenated_fn fn,
                        void *ctx)
{
    const char *end = text + len, *p = text, *h;

    /* From hyphen to hyphen (memchr): a page has few, and this runs on
     * every page indexed and every hit's snippet. */
    while (p < end && (h = memchr(p, '-', (size_t)(end - p)))) {
        /* The word that ends at this hyphen, from its start */
        const char *s = h, *q = h;
        size_t parts = 1;
        while (s > text && letter((unsigned char)s[-1]))
            s--;
        if (s == h || (s > text && !edge((unsigned char)s[-1]))) {
            p = h + 1;
            continue;
        }
        /* "-word", as many as follow */
        while (q + 1 < end && *q == '-' && word_at(q + 1, end)) {
            q += 1 + word_at(q + 1, end);
            parts++;
        }
        if (parts >= 2 && (q == end || edge((unsigned char)*q)) &&
            fn(ctx, s, (size_t)(q - s)))
            return;
        p = q > h ? q : h + 1;
    }
}
