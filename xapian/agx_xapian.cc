/* agx_xapian.cc: the C++ body of agx_xapian.h; with tally.cc, agendex's
 * only C++ code.
 *
 * Each entry point is `try { ... } catch (...) { return fail(db); }`: the
 * helper rethrows the exception in flight, maps the Xapian error classes
 * that callers act on to an agx_status (most specific class first, as a
 * catch of a base class also catches its subclasses) and keeps the text on
 * the database handle.  Strings handed to C are malloc'd copies.
 *
 * A writer always works inside a Xapian transaction: agx_db_commit() ends
 * it (atomically, as a commit) and starts the next, and agx_db_close()
 * cancels it.  Without that, WritableDatabase::close() and its destructor
 * would commit whatever was added, half a file included, after an error.
 */
#include "agx_xapian.h"
#include "tally.h"

#include <xapian.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <cstring>
#include <ctime>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

struct agx_db {
    agx_db_mode mode;
    Xapian::Database rdb; /* the reader: every part as one (also a writer's) */
    /* A writer's databases.  W[0] holds what belongs to the index as a
     * whole: its metadata (schema, last run), synonym and spelling tables.
     * A sharded index has its shards in W[1..n]; else W[0] is also the
     * only shard. */
    std::vector<Xapian::WritableDatabase> w;
    size_t route = 0; /* the W that documents and metadata go to */
    /* Each part of the index, named as its stub line, for what Xapian does
     * not merge across databases (metadata keys). */
    std::vector<std::pair<std::string, Xapian::Database>> parts;
    /* A writer's segments (agx_db_add_segment()), newest last: where a
     * file's pages and record go while there are any. */
    std::vector<Xapian::WritableDatabase> seg;
    bool to_file = false; /* agx_db_route() was given a file's path */
    std::string missing; /* parts left out (AGX_DB_READ_PARTIAL) */
    std::string stub;    /* the stub file of a sharded index, or "" */
    bool remote = false; /* a part is on another machine */
    /* A reader's files that every commit, compaction or new index
     * replaces (the stub, each local part's version file), and what
     * stat() said of them at open: agx_db_current(). */
    std::vector<std::string> watched;
    std::string seen;
    /* Each part's folder, in the order of PARTS; "" for a remote one. */
    std::vector<std::string> dirs;
    /* The tally tables (tally.h), one per part: a writer's, of each W,
     * once agx_db_keep_tally() asked for them; a reader's, mapped when a
     * search can use them, and again when stat() of its file (SEEN) says
     * it has been replaced. */
    std::vector<agx::TallyWriter> tally_w;
    bool keep_tally = false;
    struct mapped_tally {
        std::unique_ptr<agx::Tally> t;
        std::string seen;
        bool looked = false;
    };
    std::vector<mapped_tally> tally;
    /* A reader's second handle on each local part, in the order of PARTS,
     * for the thread that counts a search's matches while another ranks
     * them (CountApart); opened at its first such search. */
    std::vector<Xapian::Database> counting;
    /* A writer's words of deleted pages whose spelling counts are yet to
     * come off: agx_db_add() takes what a new page has of them from here
     * first (a changed file's new pages mostly have the old ones' words),
     * and agx_db_commit() takes the rest off the spelling data. */
    std::unordered_map<std::string, Xapian::termcount> unspell;
    Xapian::Stem stem; /* empty until agx_db_set_stemmer() */
    std::string error;
};

struct agx_analyser {
    Xapian::Stem stem; /* its own: Xapian's reference counts are not atomic */
    Xapian::TermGenerator termgen;
    /* What TERMGEN is given between texts, so that it holds no reference
     * to a document another thread (the writer) now has: that count is
     * not atomic either. */
    Xapian::Document blank;
    std::string error;
};

struct agx_doc {
    agx_analyser *an;
    Xapian::Document doc;
    Xapian::termpos pos; /* the last position used; 0 before any text */
};

struct hit {
    double score;
    unsigned long collapsed;
    std::vector<char *> values;
    char *snippet;
    char *region = nullptr;
};

struct facet_value {
    char *value;
    unsigned long count;
};

struct agx_results {
    unsigned long total = 0;
    std::vector<size_t> facet_values; /* each facet's, over all matches */
    bool by_table = false;
    bool by_bits = false; /* by the table, from a bitmap of the matches */
    bool apart = false;   /* by the table, on a thread of its own */
    unsigned long counted = 0;
    char *suggestion = nullptr;
    std::vector<hit> hits;
    std::vector<std::vector<facet_value>> facets;
    ~agx_results()
    {
        free(suggestion);
        for (auto &h : hits) {
            for (char *v : h.values)
                free(v);
            free(h.snippet);
            free(h.region);
        }
        for (auto &f : facets)
            for (auto &fv : f)
                free(fv.value);
    }
};

namespace
{

/* Wraps the caller's C stemmer so that Xapian::Stem can use it. */
class CStem : public Xapian::StemImplementation
{
    agx_stem_fn fn;
    void *ctx;
    /* The stems of the words met, as Xapian asks for a word's stem at
     * each occurrence (the term generator) and for each word of each
     * hit's page (snippets), and a look-up costs less than a stemming
     * (GLib's NFC and case folding for a word with æ ø å, then Snowball).
     * Emptied when full; each CStem is one thread's. */
    static constexpr size_t memo_max = 1 << 15;
    std::unordered_map<std::string, std::string> memo;

  public:
    CStem(agx_stem_fn fn_, void *ctx_) : fn(fn_), ctx(ctx_)
    {
    }
    std::string
    operator()(const std::string &word) override
    {
        auto m = memo.find(word);
        if (m != memo.end())
            return m->second;
        size_t n = 0;
        const char *s = fn(ctx, word.data(), word.size(), &n);
        if (!s)
            return word; /* (not kept: it may be a failed allocation) */
        if (memo.size() >= memo_max)
            memo.clear();
        return memo.emplace(word, std::string(s, n)).first->second;
    }
    std::string
    get_description() const override
    {
        return "agendex (libstemmer danish)";
    }
};

/* A query the user must narrow (AGX_ERR_QUERY), its text said as it is:
 * a wildcard that stands for too much (widen()). */
struct QueryTooBroad : std::runtime_error {
    using std::runtime_error::runtime_error;
};

char *
dup(const std::string &s)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    memcpy(p, s.data(), s.size() + 1);
    return p;
}

/* Maps the exception in flight to a status and, if MSG is not NULL, stores
 * its text there.  Must be called from inside a catch block. */
agx_status
status_from_exception(std::string *msg)
{
    agx_status st;
    std::string text;
    try {
        throw;
    } catch (const std::bad_alloc &) {
        st = AGX_ERR_NOMEM;
        text = "out of memory";
    } catch (const Xapian::DatabaseLockError &e) {
        /* Held by another writer, or no lock file can be made at all (a
         * read-only or full disk): only the first is "locked". */
        const std::string &m = e.get_msg();
        const std::string held = "already locked";
        st = m.size() >= held.size() &&
                     m.compare(m.size() - held.size(), held.size(), held) == 0
                 ? AGX_ERR_LOCKED
                 : AGX_ERR_XAPIAN;
        text = m;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        st = AGX_ERR_NOT_FOUND;
        text = e.get_msg();
    } catch (const Xapian::DatabaseCorruptError &e) {
        st = AGX_ERR_CORRUPT;
        text = e.get_msg();
    } catch (const Xapian::DatabaseModifiedError &e) {
        st = AGX_ERR_MODIFIED;
        text = e.get_msg();
    } catch (const Xapian::DatabaseVersionError &e) {
        st = AGX_ERR_CORRUPT;
        text = e.get_msg();
    } catch (const Xapian::DatabaseOpeningError &e) {
        st = AGX_ERR_NOT_FOUND;
        text = e.get_msg();
    } catch (const Xapian::QueryParserError &e) {
        st = AGX_ERR_QUERY;
        text = "cannot parse the query: " + e.get_msg();
    } catch (const QueryTooBroad &e) {
        st = AGX_ERR_QUERY;
        text = e.what();
    } catch (const Xapian::Error &e) {
        st = AGX_ERR_XAPIAN;
        text = e.get_type();
        text += ": ";
        text += e.get_msg();
        if (e.get_error_string()) {
            text += " (";
            text += e.get_error_string();
            text += ")";
        }
    } catch (const std::exception &e) {
        st = AGX_ERR_INTERNAL;
        text = e.what();
    } catch (...) {
        st = AGX_ERR_INTERNAL;
        text = "unknown exception";
    }
    if (msg) {
        try {
            *msg = text;
        } catch (...) {
            /* No memory for the message: the status still says NOMEM. */
        }
    }
    return st;
}

/* Parses SPEC's query with free text searched under DEFAULT_PREFIX, its
 * words stemmed unless EXACT.  If SUGGESTION is not NULL, it gets the
 * parser's spelling correction. */
Xapian::Query
parse(agx_db *db, const agx_search_spec *spec, const char *default_prefix,
      std::string *suggestion, bool exact = false)
{
    Xapian::QueryParser qp;
    qp.set_database(db->rdb);
    qp.set_stemmer(db->stem);
    qp.set_stemming_strategy(exact ? Xapian::QueryParser::STEM_NONE
                                   : Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    if (*default_prefix)
        qp.add_prefix("", default_prefix);
    for (size_t i = 0; i < spec->n_fields; i++) {
        const agx_field &f = spec->fields[i];
        if (f.boolean)
            qp.add_boolean_prefix(f.name, f.prefix);
        else
            qp.add_prefix(f.name, f.prefix);
    }
    unsigned flags =
        Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
        Xapian::QueryParser::FLAG_LOVEHATE |
        Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
    if (spec->synonyms)
        flags |= Xapian::QueryParser::FLAG_AUTO_SYNONYMS;
    if (suggestion && spec->spelling)
        flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
    Xapian::Query q = qp.parse_query(spec->query, flags);
    if (suggestion && spec->spelling)
        *suggestion = qp.get_corrected_query_string();
    return q;
}

/* The synonyms of KEY, N of them, each adding its weight times SCALE / N
 * (the group weighs SCALE times their mean, never more than SCALE times
 * the best of them); empty if none.  OP_OR, not OP_SYNONYM: Xapian
 * estimates a synonym group's frequency per database, so its weight would
 * differ between one index and its shards (measured); each term's own
 * statistics, and N (the synonym table is the index's as a whole), are the
 * same everywhere.  Not OP_MAX either: Xapian 1.4.22's MaxPostList, once
 * all its terms have ended, keeps a deleted one that a later weight
 * recalculation calls (a crash, seen with --pages on the sample).
 * docs/ranking.md has the figures. */
Xapian::Query
synonym_group(const Xapian::Database &db, const std::string &key, double scale)
{
    std::vector<std::string> terms(db.synonyms_begin(key),
                                   db.synonyms_end(key));
    if (terms.empty() || scale <= 0)
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
        scale / double(terms.size()));
}

/* The pattern of Q, an OP_WILDCARD query, into *OUT.  Xapian 1.4 keeps it
 * private: its description, "Query(WILDCARD SYNONYM <pattern>)" with
 * backslashes and control bytes as \xHH, is the one public form. */
bool
wildcard_pattern(const Xapian::Query &q, std::string *out)
{
    std::string d = q.get_description();
    static const std::string head = "Query(WILDCARD ";
    if (d.compare(0, head.size(), head) != 0 || d.back() != ')')
        return false;
    size_t sp = d.find(' ', head.size());
    if (sp == std::string::npos)
        return false;
    out->clear();
    for (size_t i = sp + 1; i + 1 < d.size(); i++) {
        if (d[i] == '\\' && i + 3 < d.size() && d[i + 1] == 'x' &&
            isxdigit((unsigned char)d[i + 2]) &&
            isxdigit((unsigned char)d[i + 3])) {
            *out += char(std::stoi(d.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else {
            *out += d[i];
        }
    }
    return !out->empty();
}

/* Into *OUT, the spellings of the word prefix P (from I on, after CUR)
 * that a folded query may stand for: each ae, oe, aa as itself or as æ,
 * ø, å, and a last a or o as itself or as the letter it may begin (na:
 * na, næ, nå).  A word of the index begins with one of them exactly when
 * its folded form begins with P.  At most 64 (a pattern of six
 * digraphs); past that, P's own spelling only.  With WHOLE, P is a whole
 * word, and its last letter is only itself. */
void
unfold_prefixes(const std::string &p, size_t i, const std::string &cur,
                std::vector<std::string> *out, bool whole = false)
{
    if (out->size() >= 64)
        return;
    if (i == p.size()) {
        out->push_back(cur);
        return;
    }
    unfold_prefixes(p, i + 1, cur + p[i], out, whole);
    const char *letter = nullptr;
    if (i + 1 < p.size()) {
        if (p[i] == 'a' && p[i + 1] == 'e')
            letter = "\xc3\xa6"; /* æ */
        else if (p[i] == 'o' && p[i + 1] == 'e')
            letter = "\xc3\xb8"; /* ø */
        else if (p[i] == 'a' && p[i + 1] == 'a')
            letter = "\xc3\xa5"; /* å */
        if (letter)
            unfold_prefixes(p, i + 2, cur + letter, out, whole);
    } else if (whole) {
        return;
    } else if (p[i] == 'a') {
        out->push_back(cur + "\xc3\xa6");
        out->push_back(cur + "\xc3\xa5");
    } else if (p[i] == 'o') {
        out->push_back(cur + "\xc3\xb8");
    }
}

/* Where the field prefix of TERM ends (from FROM on: a Z term's field
 * begins at 1): prefixes are capitals, words are not ("ZS" + a title's
 * stem, "S" + a title's word).  npos if TERM is all prefix. */
size_t
prefix_end(const std::string &term, size_t from = 0)
{
    return term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ", from);
}

/* The wildcards of a query, as widen() expands them: each pattern, how
 * many words it stands for and how often they occur in all (postings). */
struct Wildcards {
    static constexpr int per_page = 10;
    struct One {
        std::string pattern;
        size_t words;
        uint64_t postings;
    };
    std::vector<One> each;

    /* Throws QueryTooBroad if the wildcards stand for more than PER_PAGE
     * words on an average page of DB: such a query finds nearly every
     * page, ranks them by little, and costs what thousands of words do
     * ("s*" over a million pages: 3,215 words, 32 million postings,
     * 7.5 s).  A rule in proportion to the index, so that it means the
     * same on the sample and on a million pages. */
    void
    check(const Xapian::Database &db) const
    {
        double postings = 0, pages = db.get_doccount();
        size_t words = 0;
        for (auto &w : each) {
            postings += w.postings;
            words += w.words;
        }
        if (each.empty() || postings <= per_page * pages)
            return;
        /* Named: the fewest of the broadest that are too broad */
        std::vector<One> by = each;
        std::stable_sort(by.begin(), by.end(), [](const One &a, const One &b) {
            return a.postings > b.postings;
        });
        std::string names;
        size_t named = 0;
        postings = 0;
        words = 0;
        for (auto &w : by) {
            /* (as typed: a field's prefix, "S" for titel:, left out) */
            size_t word = prefix_end(w.pattern);
            names += (names.empty() ? "" : " ") +
                     w.pattern.substr(word == std::string::npos ? 0 : word) +
                     "*";
            named++;
            postings += w.postings;
            words += w.words;
            if (postings > per_page * pages)
                break;
        }
        char tail[200];
        snprintf(tail, sizeof tail,
                 " %zu different words, %.1f on an average page (at most "
                 "%d); type more letters of the word",
                 words, postings / pages, per_page);
        throw QueryTooBroad(names +
                            (named == 1 ? " is too broad: it stands for"
                                        : " are too broad together: "
                                          "they stand for") +
                            tail);
    }
};

/* The other spellings the synonym table gives KEY, a stem ("Zboern") or
 * a word ("naere"), as terms of FIELD (a prefix, "S" for titles, or ""):
 * "Zbørn" as "ZSbørn", "nære" as "Snære".  The table is kept for the
 * text's stems and words only; its other keys (compounds, XC...) are not
 * spellings and are not read here. */
std::vector<std::string>
table_spellings(const Xapian::Database &db, const std::string &key,
                const std::string &field)
{
    std::vector<std::string> out;
    bool stem = key[0] == 'Z';
    for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t) {
        const std::string &s = *t;
        if (s.empty() || (stem ? s[0] != 'Z' : isupper((unsigned char)s[0])))
            continue;
        out.push_back(stem ? "Z" + field + s.substr(1) : field + s);
    }
    return out;
}

/* TERM (not a stem), or if the index has no such term, the terms it may
 * stand for with each ae, oe, aa read as æ, ø, å (an OR; as they are, if
 * none exists): a filter's value typed without æ ø å
 * ("udvalg:boerne- og ungdomsudvalget"), which the synonym table does
 * not cover.  At most 64 look-ups, and only for a term with ae, oe or
 * aa that is not there. */
Xapian::Query
respelt(const Xapian::Database &db, const std::string &term)
{
    if (term.find("ae") == std::string::npos &&
        term.find("oe") == std::string::npos &&
        term.find("aa") == std::string::npos)
        return Xapian::Query(term); /* (no other spelling: no look-up) */
    if (db.term_exists(term))
        return Xapian::Query(term);
    size_t at = prefix_end(term);
    if (at == std::string::npos)
        return Xapian::Query(term);
    std::vector<std::string> spellings;
    unfold_prefixes(term.substr(at), 0, term.substr(0, at), &spellings,
                    true);
    std::vector<Xapian::Query> there;
    for (auto &t : spellings)
        if (t != term && db.term_exists(t))
            there.push_back(Xapian::Query(t));
    if (there.empty())
        return Xapian::Query(term);
    return there.size() == 1 ? there[0]
                             : Xapian::Query(Xapian::Query::OP_OR,
                                             there.begin(), there.end());
}

/* Q with each stemmed word W (a Z term, alone or in a synonym group)
 * widened: W in every spelling the synonym table gives its stem (the
 * index's stem of "børn" for the "boern" a query spells it as), as one
 * term; OR each group SPEC asks for, of each of those stems, weighted
 * less; each wildcard expanded, and noted in WILD; in a phrase or NEAR,
 * each word in its spellings too, but in no other inflection. */
Xapian::Query
widen(const Xapian::Database &db, const agx_search_spec *spec,
      const Xapian::Query &q, Wildcards *wild)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        if ((*q.get_terms_begin())[0] != 'Z')
            return respelt(db, *q.get_terms_begin());
        /* FALLTHRU */
    case Xapian::Query::OP_SYNONYM: {
        std::vector<Xapian::Query> same;
        std::vector<std::string> stems;
        if (q.get_type() == Xapian::Query::OP_SYNONYM)
            for (size_t i = 0; i < q.get_num_subqueries(); i++)
                same.push_back(q.get_subquery(i));
        else
            same.push_back(q);
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
            const std::string &term = *t;
            if (term.size() < 2 || term[0] != 'Z')
                continue; /* no stem */
            /* A field's stem (ZS: a title's) takes the spellings of the
             * same stem in the text, in the field: the synonym table is
             * kept for the text's stems only.  It widens no further (the
             * groups are of the text's words). */
            size_t at = prefix_end(term, 1);
            if (at == std::string::npos)
                continue;
            std::string field = term.substr(1, at - 1);
            if (field.empty())
                stems.push_back(term.substr(1));
            for (auto &s : table_spellings(db, "Z" + term.substr(at), field)) {
                same.push_back(Xapian::Query(s));
                if (field.empty())
                    stems.push_back(s.substr(1));
            }
        }
        std::vector<Xapian::Query> alt;
        alt.push_back(same.size() == 1
                          ? same[0]
                          : Xapian::Query(Xapian::Query::OP_SYNONYM,
                                          same.begin(), same.end()));
        for (auto &stem : stems)
            for (size_t i = 0; i < spec->n_widen; i++) {
                Xapian::Query g = synonym_group(
                    db, spec->widen[i].key_prefix + stem, spec->widen[i].scale);
                if (!g.empty())
                    alt.push_back(g);
            }
        if (alt.size() == 1)
            return alt[0];
        return Xapian::Query(Xapian::Query::OP_OR, alt.begin(), alt.end());
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_MAX: {
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            subs.push_back(widen(db, spec, q.get_subquery(i), wild));
        return Xapian::Query(q.get_type(), subs.begin(), subs.end());
    }
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
        /* "praecisering af takstaftalen": each word that the synonym
         * table spells otherwise ("præcisering") as either spelling, an
         * OR of terms (which Xapian 1.4 allows in a phrase, where it
         * allows no OP_SYNONYM).  The window is not in the API: it is
         * read from the description, as wildcard_pattern() does. */
        std::vector<Xapian::Query> subs;
        bool spelt = false;
        for (size_t i = 0; i < q.get_num_subqueries(); i++) {
            Xapian::Query sub = q.get_subquery(i);
            if (sub.get_type() == Xapian::Query::LEAF_TERM) {
                std::string term = *sub.get_terms_begin();
                size_t at = prefix_end(term);
                std::string field = term.substr(0, at), word;
                if (at != std::string::npos)
                    word = term.substr(at);
                std::vector<Xapian::Query> alt{sub};
                if (!word.empty())
                    for (auto &s : table_spellings(db, word, field))
                        alt.push_back(Xapian::Query(s));
                if (alt.size() > 1) {
                    sub = Xapian::Query(Xapian::Query::OP_OR, alt.begin(),
                                        alt.end());
                    spelt = true;
                }
            }
            subs.push_back(sub);
        }
        std::string d = q.get_description();
        const char *op =
            q.get_type() == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ";
        size_t w = d.find(op);
        if (!spelt || w == std::string::npos)
            return q;
        auto window =
            Xapian::termcount(strtoul(&d[w + strlen(op)], nullptr, 10));
        return Xapian::Query(q.get_type(), subs.begin(), subs.end(), window);
    }
    case Xapian::Query::OP_WILDCARD: {
        /* takst*: the words of the index that begin so, as one word
         * (OP_SYNONYM, as Xapian's own wildcard).  Expanded here, as the
         * query comes folded (æ typed or not, "nærhosp" arrives as
         * "naerhosp"), and the index keeps its words as written. */
        std::string pattern;
        if (!wildcard_pattern(q, &pattern))
            return q;
        std::vector<std::string> prefixes, words;
        unfold_prefixes(pattern, 0, std::string(), &prefixes);
        std::sort(prefixes.begin(), prefixes.end());
        uint64_t postings = 0;
        for (size_t i = 0; i < prefixes.size(); i++) {
            /* ("na" and "naer": the longer one's words are the other's) */
            if (i && prefixes[i].compare(0, prefixes[i - 1].size(),
                                         prefixes[i - 1]) == 0) {
                prefixes.erase(prefixes.begin() + long(i--));
                continue;
            }
            for (auto t = db.allterms_begin(prefixes[i]);
                 t != db.allterms_end(prefixes[i]); ++t) {
                words.push_back(*t);
                postings += t.get_termfreq();
            }
        }
        wild->each.push_back({pattern, words.size(), postings});
        if (words.empty())
            return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(),
                             words.end());
    }
    default:
        return q;
    }
}

/* The filters and ranges of SPEC as one query (empty if none). */
Xapian::Query
filter_query(const Xapian::Database &db, const agx_search_spec *spec)
{
    std::vector<std::vector<Xapian::Query>> groups;
    Xapian::Query all;

    for (size_t i = 0; i < spec->n_filters; i++) {
        unsigned g = spec->filters[i].group;
        if (groups.size() <= g)
            groups.resize(g + 1);
        groups[g].push_back(respelt(db, spec->filters[i].term));
    }
    for (auto &g : groups) {
        if (g.empty())
            continue;
        Xapian::Query any(Xapian::Query::OP_OR, g.begin(), g.end());
        all =
            all.empty() ? any : Xapian::Query(Xapian::Query::OP_AND, all, any);
    }
    for (size_t i = 0; i < spec->n_ranges; i++) {
        const agx_range &r = spec->ranges[i];
        Xapian::Query q;
        if (r.min && r.max)
            q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, r.slot, r.min,
                              r.max);
        else if (r.min)
            q = Xapian::Query(Xapian::Query::OP_VALUE_GE, r.slot, r.min);
        else if (r.max)
            q = Xapian::Query(Xapian::Query::OP_VALUE_LE, r.slot, r.max);
        else
            continue;
        all = all.empty() ? q : Xapian::Query(Xapian::Query::OP_AND, all, q);
    }
    return all;
}

/* The lines of the Xapian stub database at PATH (a file, or a folder
 * holding XAPIANDB), as (kind, argument) pairs, with BASE the stub's
 * folder; false if PATH is no stub.  Xapian's own format, so xapian-delve
 * and quest open the same index: "auto PATH" (relative to the stub),
 * "remote HOST:PORT", "remote :PROGRAM ARGS".  Comments (#) and blank
 * lines are skipped. */
bool
read_stub(const std::string &path, std::string *base,
          std::vector<std::pair<std::string, std::string>> *lines)
{
    struct stat sb;
    std::string file = path;

    if (stat(path.c_str(), &sb) != 0)
        return false;
    if (S_ISDIR(sb.st_mode)) {
        file = path + "/XAPIANDB";
        if (stat(file.c_str(), &sb) != 0)
            return false;
    }
    if (!S_ISREG(sb.st_mode))
        return false;
    std::ifstream in(file);
    if (!in)
        throw Xapian::DatabaseOpeningError("cannot read the stub " + file);
    size_t slash = file.rfind('/');
    *base = slash == std::string::npos ? "." : file.substr(0, slash);
    std::string line;
    while (std::getline(in, line)) {
        size_t a = line.find_first_not_of(" \t");
        if (a == std::string::npos || line[a] == '#')
            continue;
        size_t b = line.find_first_of(" \t", a);
        size_t c =
            b == std::string::npos ? b : line.find_first_not_of(" \t", b);
        if (c == std::string::npos)
            throw Xapian::DatabaseOpeningError(
                "stub " + file + ": a line without a database: " + line);
        size_t e = line.find_last_not_of(" \t\r");
        lines->emplace_back(line.substr(a, b - a), line.substr(c, e + 1 - c));
    }
    if (lines->empty())
        throw Xapian::DatabaseOpeningError("stub " + file + " lists nothing");
    return true;
}

/* A local part's path: ARG, relative to the stub's folder BASE. */
std::string
part_path(const std::string &base, const std::string &arg)
{
    return arg[0] == '/' ? arg : base + "/" + arg;
}

bool
is_local(const std::string &kind)
{
    return kind == "auto" || kind == "glass" || kind == "chert" ||
           kind == "honey";
}

/* Opens the local database at PATH for reading.  An indexer's compaction
 * swaps a new folder in under the same path (indexer/compact.c): an open
 * that read the old version file and then a table of the new one fails
 * with a DatabaseError ("EOF reading block").  Such an open is tried
 * again, a few times, a little later; an index that is not there, of
 * another version or locked is not. */
Xapian::Database
open_local(const std::string &path)
{
    for (int tries = 1;; tries++) {
        try {
            return Xapian::Database(path);
        } catch (const Xapian::DatabaseNotFoundError &) {
            throw;
        } catch (const Xapian::DatabaseVersionError &) {
            throw;
        } catch (const Xapian::DatabaseLockError &) {
            throw;
        } catch (const Xapian::DatabaseError &) {
            if (tries == 5)
                throw;
            struct timespec pause = {0, 20000000L * tries};
            nanosleep(&pause, nullptr);
        }
    }
}

/* Opens one part of a stub for reading. */
Xapian::Database
open_part(const std::string &base, const std::string &kind,
          const std::string &arg)
{
    if (is_local(kind))
        return open_local(part_path(base, arg));
    if (kind != "remote")
        throw Xapian::DatabaseOpeningError("unknown stub line: " + kind);
    if (arg[0] == ':') {
        size_t sp = arg.find(' ');
        return Xapian::Remote::open(
            arg.substr(1, sp == std::string::npos ? sp : sp - 1),
            sp == std::string::npos ? "" : arg.substr(sp + 1));
    }
    size_t colon = arg.rfind(':');
    if (colon == std::string::npos || colon + 1 == arg.size())
        throw Xapian::DatabaseOpeningError("remote " + arg + ": not HOST:PORT");
    std::string host = arg.substr(0, colon);
    if (host.size() > 2 && host[0] == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    unsigned port =
        unsigned(std::strtoul(arg.c_str() + colon + 1, nullptr, 10));
    /* 10 s for an answer, 3 s to connect: a shard that is down says so. */
    return Xapian::Remote::open(host, port, 10000, 3000);
}

/* Rethrows the exception in flight naming the part NAME: a part of a
 * sharded index that cannot be opened is no "no index here" (a remote
 * one is a network error, a local one a damaged index); a lock stays a
 * lock. */
[[noreturn]] void
rethrow_naming(const std::string &name, bool local)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &) {
        throw;
    } catch (const Xapian::Error &e) {
        std::string msg = "shard " + name + ": " + e.get_description();
        if (local)
            throw Xapian::DatabaseCorruptError(msg);
        throw Xapian::NetworkError(msg);
    }
}

/* A file's shard: the same on every run and machine.  64-bit FNV-1a,
 * then MurmurHash3's finaliser, as FNV's low bits are poor (modulo 2 its
 * hash is the parity of the path's odd bytes). */
uint64_t
shard_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* What best_region() and the snippets' stemmer look for, gathered once
 * a search (a query's unique terms are sorted anew at each call: 4 M
 * instructions for a date range of 1,500 day terms, once a hit): the
 * query's unstemmed words, its phrases, and its stems with the length of
 * the shortest and their first bytes. */
struct RegionTerms {
    std::vector<std::string> words; /* each counted where it stands; sorted */
    std::unordered_set<std::string> stems;
    size_t shortest = std::string::npos;
    bool first[256] = {}; /* the first bytes of the stems */
    /* Each phrase, counted where it stands whole: the terms that may
     * stand at each of its positions (a word in each of its spellings). */
    std::vector<std::vector<std::vector<std::string>>> phrases;
    bool digits = false; /* a word or stem of digits only: a number */

    /* QUERY's terms, and those of MARKS (phrases and words to count that
     * do not rank). */
    RegionTerms(const Xapian::Query &query, const Xapian::Query &marks)
    {
        std::unordered_set<std::string> seen;
        add(query, seen);
        add(marks, seen);
        std::sort(words.begin(), words.end());
    }

    /* Whether WORD is one of the query's unstemmed words. */
    bool
    has_word(const std::string &word) const
    {
        return std::binary_search(words.begin(), words.end(), word);
    }

    /* Whether one of the stems begins WORD: only then can WORD stem to
     * one of them (a Danish stem begins its word). */
    bool
    begun(const std::string &word) const
    {
        if (word.size() < shortest ||
            !first[static_cast<unsigned char>(word[0])])
            return false;
        for (size_t n = shortest; n <= word.size(); n++)
            if (stems.count(word.substr(0, n)))
                return true;
        return false;
    }

  private:
    /* A field's term (a capital prefix other than Z): no positions. */
    static bool
    field_term(const std::string &term)
    {
        return term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z';
    }
    void
    add_term(const std::string &term, std::unordered_set<std::string> &seen)
    {
        if (term.empty() || field_term(term) || !seen.insert(term).second)
            return;
        size_t from = term[0] == 'Z';
        if (term.size() > from &&
            term.find_first_not_of("0123456789", from) == std::string::npos)
            digits = true;
        if (term[0] != 'Z') {
            words.push_back(term);
        } else if (term.size() >= 2 && !(term[1] >= 'A' && term[1] <= 'Z')) {
            stems.insert(term.substr(1));
            shortest = std::min(shortest, term.size() - 1);
            first[static_cast<unsigned char>(term[1])] = true;
        }
    }
    /* A phrase counts where it stands whole, not word by word: in "det
     * nære sundhedsvæsen", "det" would decide.  (A NEAR's words count
     * one by one.) */
    void
    add(const Xapian::Query &q, std::unordered_set<std::string> &seen)
    {
        if (q.get_type() == Xapian::Query::LEAF_TERM) {
            add_term(*q.get_terms_begin(), seen);
            return;
        }
        if (q.get_type() == Xapian::Query::OP_PHRASE &&
            q.get_num_subqueries() > 1) {
            /* (Its words in order: Xapian lists a query's terms by
             * their query positions, all 0 here.) */
            std::vector<std::vector<std::string>> phrase;
            for (size_t i = 0; i < q.get_num_subqueries(); i++) {
                const Xapian::Query &sub = q.get_subquery(i);
                std::vector<std::string> alt(sub.get_unique_terms_begin(),
                                             sub.get_unique_terms_end());
                for (const std::string &t : alt)
                    if (t.empty() || field_term(t) || t[0] == 'Z')
                        return; /* (a field's phrase: no positions) */
                phrase.push_back(std::move(alt));
            }
            if (std::find(phrases.begin(), phrases.end(), phrase) ==
                phrases.end())
                phrases.push_back(std::move(phrase));
            return;
        }
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            add(q.get_subquery(i), seen);
    }
};

/* The positions left empty between two texts of a document, so that no
 * phrase joins the end of one to the next (agx_doc_index_text()). */
const Xapian::termpos TEXT_GAP = 100;

/* How many of the query's words (WANT, told apart by their stems) the
 * heading of a part of document DID has: the title in its LABEL
 * ("<number>\t<title>"), if the title stands on the page: its first word
 * within a few words of the part's first (a part begins after position
 * AT; one that goes on from the page before has no heading here). */
size_t
heading_words(const Xapian::Database &db, Xapian::docid did, Xapian::termpos at,
              const std::string &label, const RegionTerms &want,
              const Xapian::Stem &stem)
{
    size_t tab = label.find('\t');
    /* (Lower case first: STEM_SOME leaves a capitalised word unstemmed.) */
    std::string title = Xapian::Unicode::tolower(
        tab == std::string::npos ? label : label.substr(tab + 1));
    Xapian::Document doc;
    Xapian::TermGenerator gen;
    gen.set_stemmer(stem);
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    gen.set_document(doc);
    gen.index_text(title);
    std::set<std::string> found;
    std::string first;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term[0] == 'Z') {
            if (want.stems.count(term.substr(1)))
                found.insert(term.substr(1));
            continue;
        }
        if (want.has_word(term))
            found.insert(stem(term));
        if (t.positionlist_begin() != t.positionlist_end() &&
            *t.positionlist_begin() == 1)
            first = term;
    }
    if (found.empty() || first.empty())
        return 0;
    /* The part's first word (agx_doc_index_text()); the heading's number,
     * "Punkt 12:" or "3.4", may stand before the title. */
    const Xapian::termpos from = at ? at + TEXT_GAP + 1 : 1, slack = 4;
    for (auto p = db.positionlist_begin(did, first);
         p != db.positionlist_end(did, first); ++p)
        if (*p >= from && *p <= from + slack)
            return found.size();
    return 0;
}

/* The label of the part of document DID (PARTS: where each begins, and
 * its label) where the query's words (WANT) stand: of the parts that
 * have any (COUNT, how often), the one whose heading on this page has
 * most of them, then the one that has them most often, then the first.
 * An item whose title names the words is the item about them; elsewhere
 * they are mentioned. */
std::string
best_of(const Xapian::Database &db, Xapian::docid did,
        const std::vector<std::pair<Xapian::termpos, std::string>> &parts,
        const std::vector<unsigned> &count, const RegionTerms &want,
        const Xapian::Stem &stem)
{
    /* (Headings are read only where they can decide: two parts or more
     * with the words.) */
    if (std::count_if(count.begin(), count.end(),
                      [](unsigned c) { return c > 0; }) < 2)
        return parts[std::max_element(count.begin(), count.end()) -
                     count.begin()]
            .second;
    size_t best = 0, best_heading = 0;
    for (size_t r = 0; r < parts.size(); r++) {
        if (!count[r])
            continue;
        size_t heading =
            heading_words(db, did, parts[r].first, parts[r].second, want, stem);
        if (!count[best] || heading > best_heading ||
            (heading == best_heading && count[r] > count[best])) {
            best = r;
            best_heading = heading;
        }
    }
    return parts[best].second;
}

/* The positions of words in one document, each word looked up once. */
struct WordPositions {
    const Xapian::Database &db;
    Xapian::docid did;
    std::map<std::string, std::vector<Xapian::termpos>> seen;

    const std::vector<Xapian::termpos> &
    of(const std::string &word)
    {
        auto it = seen.find(word);
        if (it == seen.end())
            it = seen.emplace(word, std::vector<Xapian::termpos>(
                                        db.positionlist_begin(did, word),
                                        db.positionlist_end(did, word)))
                     .first;
        return it->second;
    }
};

/* Whether the bytes of WORD from FROM on are the document's words from
 * position AT on, one word or several in a row. */
bool
spelt_at(WordPositions &pos, const std::string &word, size_t from,
         Xapian::termpos at)
{
    for (size_t n = word.size(); n > from; n--) {
        if (n < word.size() && (word[n] & 0xC0) == 0x80)
            continue; /* (within a character) */
        const std::vector<Xapian::termpos> &in =
            pos.of(word.substr(from, n - from));
        if (std::binary_search(in.begin(), in.end(), at) &&
            (n == word.size() || spelt_at(pos, word, n, at + 1)))
            return true;
    }
    return false;
}

/* The positions in document DID where a word indexed without positions
 * (a joined word: "coronakrisen" for "corona-krisen", "70123456" for "70
 * 12 34 56") stands as its parts, two or more words in a row that spell
 * it, or, a number, as its thousands grouped by dots ("2.500", one word;
 * stemmer/agx_number.h). */
std::vector<Xapian::termpos>
joined_at(const Xapian::Database &db, Xapian::docid did,
          const std::string &word)
{
    WordPositions pos{db, did, {}};
    std::vector<Xapian::termpos> found;
    if (word.size() > 3 &&
        word.find_first_not_of("0123456789") == std::string::npos) {
        std::string dotted;
        for (size_t i = 0; i < word.size(); i++) {
            if (i && (word.size() - i) % 3 == 0)
                dotted += '.';
            dotted += word[i];
        }
        found = pos.of(dotted);
    }
    for (size_t n = 1; n < word.size(); n++) {
        if ((word[n] & 0xC0) == 0x80)
            continue; /* (within a character) */
        for (Xapian::termpos p : pos.of(word.substr(0, n)))
            if (spelt_at(pos, word, n, p + 1))
                found.push_back(p);
    }
    return found;
}

/* The label of the region of document DID (REGIONS: "<position>\t<label>"
 * lines, ascending) where the words of a query (WANT) stand, as best_of()
 * chooses; "" if there are fewer than two regions.  A
 * stemmed query word is found among the document's words that begin with
 * its stem (Danish stems are prefixes of their words) and stem to it.
 * Each occurrence counts once, whether the query has its word as typed,
 * by its stem, or both (a word with æ ø å is both: its ASCII spelling's
 * synonym).
 * A word the page has without positions, a joined word, counts where its
 * parts stand (joined_at()). */
std::string
best_region(const Xapian::Database &db, Xapian::docid did,
            const std::string &regions, const RegionTerms &want,
            const Xapian::Stem &stem)
{
    std::vector<std::pair<Xapian::termpos, std::string>> parts;
    for (size_t at = 0; at < regions.size();) {
        size_t nl = regions.find('\n', at);
        if (nl == std::string::npos)
            nl = regions.size();
        size_t tab = regions.find('\t', at);
        if (tab != std::string::npos && tab < nl)
            parts.emplace_back(Xapian::termpos(std::strtoul(
                                   regions.c_str() + at, nullptr, 10)),
                               regions.substr(tab + 1, nl - tab - 1));
        at = nl + 1;
    }
    if (parts.size() < 2)
        return parts.empty() ? std::string() : parts[0].second;
    std::vector<unsigned> count(parts.size());
    auto count_at = [&](Xapian::termpos p) {
        size_t r = 0;
        while (r + 1 < parts.size() && parts[r + 1].first < p)
            r++;
        count[r]++;
    };
    /* (Whether WORD has positions in the page.) */
    auto tally = [&](const std::string &word) {
        bool any = false;
        for (auto p = db.positionlist_begin(did, word);
             p != db.positionlist_end(did, word); ++p) {
            count_at(*p);
            any = true;
        }
        return any;
    };
    /* The query's words without positions here: absent, or joined. */
    std::vector<std::string> unplaced;
    bool unplaced_first[256] = {}; /* their first bytes */
    for (const std::string &word : want.words)
        if (!tally(word)) {
            unplaced.push_back(word);
            unplaced_first[static_cast<unsigned char>(word[0])] = true;
        }
    /* A phrase where its first word is followed by the others (each in
     * any of its spellings). */
    for (const auto &phrase : want.phrases) {
        std::vector<std::vector<Xapian::termpos>> at(phrase.size());
        for (size_t i = 0; i < phrase.size(); i++) {
            for (const std::string &term : phrase[i])
                at[i].insert(at[i].end(), db.positionlist_begin(did, term),
                             db.positionlist_end(did, term));
            if (phrase[i].size() > 1)
                std::sort(at[i].begin(), at[i].end());
        }
        for (Xapian::termpos p : at[0]) {
            size_t i = 1;
            while (i < at.size() &&
                   std::binary_search(at[i].begin(), at[i].end(),
                                      p + Xapian::termpos(i)))
                i++;
            if (i == at.size())
                count_at(p);
        }
    }
    /* One walk of the document's words for all the stems (a query
     * widened by compounds has a hundred): a word counts if its stem is
     * one of them and begins it.  Only a word that some stem begins is
     * stemmed.  (A walk per stem, restarted whenever one stem extends
     * another, cost 13 ms a hit for "sundhed" at a million pages.)  The
     * same walk finds which unplaced words the page has: joined ones. */
    if (want.stems.empty() && unplaced.empty())
        return best_of(db, did, parts, count, want, stem);
    std::vector<std::string> joined;
    for (auto w = db.termlist_begin(did); w != db.termlist_end(did); ++w) {
        const std::string word = *w;
        if (word[0] >= 'A' && word[0] <= 'Z')
            continue; /* a prefixed term */
        if (unplaced_first[static_cast<unsigned char>(word[0])] &&
            std::find(unplaced.begin(), unplaced.end(), word) != unplaced.end())
            joined.push_back(word);
        if (!want.begun(word) || want.has_word(word))
            continue; /* no stem begins it, or counted as a word */
        std::string st = stem(word);
        if (want.stems.count(st) && word.compare(0, st.size(), st) == 0 &&
            !tally(word))
            joined.push_back(word);
    }
    for (const std::string &word : joined)
        for (Xapian::termpos p : joined_at(db, did, word))
            count_at(p);
    return best_of(db, did, parts, count, want, stem);
}

/* The text a hit's snippet is cut from: its page DATA, where each word
 * that SPEC's joined() or numbers() finds, and whose joined form
 * (separators left out, lower case) WANT has as a word, or as its stem by
 * STEM (the snippets' SnippetStem, "" for a word no wanted stem begins),
 * has its separators made marks that Xapian's word splitter passes over
 * inside a word (JOINS).  So the snippet reads "klima-strategien" as
 * "klimastrategien" and "2.500" as "2500", the words the page was found
 * by, which have no positions (agx_doc_add_word()), and marks them whole;
 * unjoined() puts the separators back.  *CHANGED says whether any was
 * made. */
struct JoinScan {
    const RegionTerms &want;
    const Xapian::Stem &stem;
    const char *base;
    std::vector<std::pair<size_t, size_t>> spans; /* offset, length */
    bool failed = false;
};

int
on_joined(void *ctx, const char *word, size_t len)
{
    JoinScan *js = static_cast<JoinScan *>(ctx);
    try {
        std::string joined;
        for (Xapian::Utf8Iterator it(word, len); it != Xapian::Utf8Iterator();
             ++it)
            if (*it != '-' && *it != '.' && *it != ' ')
                Xapian::Unicode::append_utf8(joined,
                                             Xapian::Unicode::tolower(*it));
        if (js->want.has_word(joined) || js->want.stems.count(js->stem(joined)))
            js->spans.emplace_back(size_t(word - js->base), len);
        return 0;
    } catch (...) {
        js->failed = true; /* (nothing may be thrown through C) */
        return 1;
    }
}

/* Each separator of a joined word and the mark it becomes: U+2060 WORD
 * JOINER, U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER. */
const struct {
    char sep;
    const char *mark;
} JOINS[] = {
    {'-', "\xE2\x81\xA0"}, {'.', "\xE2\x80\x8B"}, {' ', "\xE2\x80\x8C"}};

std::string
joined_text(std::string data, const agx_search_spec *spec,
            const RegionTerms &want, const Xapian::Stem &stem, bool *changed)
{
    *changed = false;
    bool hyphens = spec->joined && data.find('-') != std::string::npos;
    bool numbers = spec->numbers && want.digits;
    if (!hyphens && !numbers)
        return data;
    /* Marks the page has of its own are invisible, and Xapian's splitter
     * passes over them: dropped, so that unjoined() cannot mistake one
     * for a separator. */
    for (const auto &j : JOINS) {
        size_t at = 0, n = std::strlen(j.mark);
        while ((at = data.find(j.mark, at)) != std::string::npos)
            data.erase(at, n);
    }
    JoinScan js{want, stem, data.data(), {}};
    if (hyphens)
        spec->joined(data.data(), data.size(), on_joined, &js);
    if (numbers && !js.failed)
        spec->numbers(data.data(), data.size(), on_joined, &js);
    if (js.failed || js.spans.empty())
        return data;
    std::sort(js.spans.begin(), js.spans.end());
    std::string out;
    size_t at = 0;
    out.reserve(data.size() + 2 * js.spans.size());
    for (const auto &span : js.spans) {
        if (span.first < at)
            continue; /* (overlapping another) */
        out.append(data, at, span.first - at);
        for (size_t i = span.first; i < span.first + span.second; i++) {
            const char *mark = nullptr;
            for (const auto &j : JOINS)
                if (data[i] == j.sep)
                    mark = j.mark;
            if (mark)
                out += mark;
            else
                out += data[i];
        }
        at = span.first + span.second;
    }
    out.append(data, at, std::string::npos);
    *changed = true;
    return out;
}

/* SNIPPET with the marks joined_text() made back into their separators. */
void
unjoined(std::string &snippet)
{
    for (const auto &j : JOINS) {
        size_t at = 0, n = std::strlen(j.mark);
        while ((at = snippet.find(j.mark, at)) != std::string::npos)
            snippet.replace(at, n, 1, j.sep);
    }
}

/* The stemmer of a search's snippets.  MSet::snippet stems every word of
 * a hit's page, to compare "Z" + its stem with the query's stems; a
 * Danish stem begins its word (best_region() relies on it too), so a word
 * that no stem of the query (WANT's) begins is not stemmed: it gets "",
 * and "Z" is no query's term.  The stemming was a fifth of a narrow
 * search's instructions, most of it for such words. */
class SnippetStem : public Xapian::StemImplementation
{
    Xapian::Stem real_;
    const RegionTerms &want_;

  public:
    SnippetStem(const Xapian::Stem &real, const RegionTerms &want)
        : real_(real), want_(want)
    {
    }
    std::string
    operator()(const std::string &word) override
    {
        return want_.begun(word) ? real_(word) : std::string();
    }
    std::string
    get_description() const override
    {
        return "agendex snippets' stemmer";
    }
};

/* Appends to OUT the LIMIT (0: all) most frequent of VALS (count, i)
 * pairs, ties by VALUE(i) (a std::string_view), each with a copy of its
 * string. */
template <class Value>
void
top_values(std::vector<facet_value> &out,
           std::vector<std::pair<Xapian::doccount, uint32_t>> &vals,
           size_t limit, Value value)
{
    auto before = [&](const std::pair<Xapian::doccount, uint32_t> &a,
                      const std::pair<Xapian::doccount, uint32_t> &b) {
        if (a.first != b.first)
            return a.first > b.first;
        return value(a.second) < value(b.second);
    };
    size_t n = limit && limit < vals.size() ? limit : vals.size();
    std::partial_sort(vals.begin(), vals.begin() + long(n), vals.end(),
                      before);
    out.reserve(n);
    for (size_t j = 0; j < n; j++) {
        out.push_back(facet_value{nullptr, vals[j].first});
        out.back().value = dup(std::string(value(vals[j].second)));
    }
}

/* Makes at once the pages wholly inside the BYTES at P, which the caller
 * will write all over (MADV_POPULATE_WRITE).  A page's first touch is a
 * fault, and on a virtual machine a fault costs fifteen times what the
 * kernel takes to make the same page in one call (12.5 against 0.8 us a
 * page, measured here).  In a process's one search, the pages are fresh;
 * in `agendex serve`, mostly pages that malloc() reuses, there already.
 * (Pages mapped afresh for each search, and unmapped after, were slower
 * there: an unmapping in a process of many threads flushes every core's
 * TLB.)  Less than 64 KB is left to its first touches. */
void
populate(const void *p, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
    static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    uintptr_t from = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
    uintptr_t to = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(page - 1);
    if (to > from && to - from >= 64 * 1024)
        (void)madvise(reinterpret_cast<void *>(from), to - from,
                      MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)bytes;
#endif
}

/* N zeroed numbers of type T, from calloc(); their pages made at once
 * (populate()) if the caller will touch them all over, and otherwise left
 * to their first touch (the pages of them a search never touches cost
 * nothing). */
template <class T> class Zeroed
{
  public:
    /* TOUCHES: about how many of them the caller will touch; the pages
     * are made at once if that is at least one a page. */
    Zeroed(size_t n, double touches) : n_(n ? n : 1)
    {
        p_ = static_cast<T *>(calloc(n_, sizeof(T)));
        if (!p_)
            throw std::bad_alloc();
        if (touches * double(sizeof(T)) >= double(n_ * sizeof(T)) / 4096)
            populate(p_, n_ * sizeof(T));
    }
    Zeroed(const Zeroed &) = delete;
    Zeroed &operator=(const Zeroed &) = delete;
    ~Zeroed()
    {
        free(p_);
    }
    T &
    operator[](size_t i)
    {
        return p_[i];
    }
    const T &
    operator[](size_t i) const
    {
        return p_[i];
    }
    T *
    data()
    {
        return p_;
    }
    const T *
    data() const
    {
        return p_;
    }
    size_t
    size() const
    {
        return n_;
    }

  private:
    T *p_ = nullptr;
    size_t n_;
};

/* Counters of matches, by key, value or file. */
using Counters = Zeroed<Xapian::doccount>;

/* How many of the bits FIRST to END (exclusive) of WORDS are set.  Built
 * twice, the CPU's popcnt instruction chosen where it has one (every
 * x86-64 since about 2008; GCC's portable popcount is a library call).
 * Not under ThreadSanitizer, whose runtime is not up yet when the loader
 * calls the choosing function. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&       \
    !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("popcnt", "default")))
#endif
Xapian::doccount
bits_set(const uint64_t *words, Xapian::docid first, Xapian::docid end)
{
    Xapian::doccount n = 0;
    while (first < end) {
        size_t w = first >> 6;
        unsigned lo = first & 63;
        unsigned hi = end - Xapian::docid(w << 6) < 64
                          ? unsigned(end - Xapian::docid(w << 6))
                          : 64;
        uint64_t mask = hi == 64 ? ~uint64_t(0) << lo
                                 : ((uint64_t(1) << hi) - 1) &
                                       (~uint64_t(0) << lo);
        n += Xapian::doccount(__builtin_popcountll(words[w] & mask));
        first = Xapian::docid((w + 1) << 6);
    }
    return n;
}

/* The documents a query matches, as a bitmap of document ids: for
 * counting a broad query's matches faster than Xapian's matcher.  The
 * matcher merges postings through its tree of postlists and calls the
 * spy a match, about 0.1 us each ("kommune" OR its 290 compounds over a
 * million pages: 103 ms); reading each postlist straight into a bitmap
 * costs about 0.013 us a posting (19 ms for the same 1.37 million).
 * Only which documents match is computed, so only the operators that
 * combine whole matches are known; a phrase, NEAR, a value range or
 * anything else makes build() give up, and the matcher counts. */
class MatchBits
{
  public:
    explicit MatchBits(const Xapian::Database &db)
        : db_(db), words_((db.get_lastdocid() >> 6) + 1, HUGE_VAL)
    {
    }
    /* What counting Q costs, in postings read: *BITS by a bitmap (every
     * posting of its terms), *WALK by Xapian's matcher (an OR reads all
     * its postings, an AND about its rarest part's for each part, an
     * AND_NOT its left's).  False if Q has an operator build() does not
     * know. */
    static bool
    cost(const Xapian::Database &db, const Xapian::Query &q, double *bits,
         double *walk)
    {
        *bits = *walk = 0;
        switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            *bits = *walk = db.get_termfreq(*q.get_terms_begin());
            return true;
        case Xapian::Query::LEAF_MATCH_ALL:
            *bits = *walk = db.get_doccount();
            return true;
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return true;
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_SCALE_WEIGHT:
            break;
        default:
            return false;
        }
        auto op = q.get_type();
        size_t n = op == Xapian::Query::OP_AND_MAYBE
                       ? std::min<size_t>(1, q.get_num_subqueries())
                       : q.get_num_subqueries();
        double least = -1;
        for (size_t i = 0; i < n; i++) {
            double b, w;
            if (!cost(db, q.get_subquery(i), &b, &w))
                return false;
            *bits += b;
            if (op == Xapian::Query::OP_AND || op == Xapian::Query::OP_FILTER)
                least = least < 0 ? w : std::min(least, w);
            else if (op != Xapian::Query::OP_AND_NOT || i == 0)
                *walk += w;
        }
        if (least >= 0)
            *walk = least * double(n);
        return true;
    }
    /* Sets the bits of Q's matches (which cost() knew). */
    void
    build(const Xapian::Query &q)
    {
        into(q, words_);
    }
    /* How many of the ids from FIRST to END (exclusive) match. */
    Xapian::doccount
    count(Xapian::docid first, Xapian::docid end) const
    {
        if (end > words_.size() * 64)
            end = Xapian::docid(words_.size() * 64);
        return bits_set(words_.data(), first, end);
    }

  private:
    const Xapian::Database &db_;
    Zeroed<uint64_t> words_; /* bit D: document D matches */

    /* ORs Q's matches into OUT. */
    void
    into(const Xapian::Query &q, Zeroed<uint64_t> &out)
    {
        switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::LEAF_MATCH_ALL: {
            std::string term = q.get_type() == Xapian::Query::LEAF_TERM
                                   ? *q.get_terms_begin()
                                   : std::string();
            for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term);
                 ++p) {
                Xapian::docid d = *p;
                out[d >> 6] |= uint64_t(1) << (d & 63);
            }
            return;
        }
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
        case Xapian::Query::OP_SCALE_WEIGHT:
            for (size_t i = 0; i < q.get_num_subqueries(); i++)
                into(q.get_subquery(i), out);
            return;
        case Xapian::Query::OP_AND_MAYBE:
            if (q.get_num_subqueries())
                into(q.get_subquery(0), out);
            return;
        default: { /* AND, FILTER: all of them; AND_NOT: the first only */
            size_t n = q.get_num_subqueries();
            if (!n)
                return;
            Zeroed<uint64_t> acc(out.size(), HUGE_VAL),
                sub(out.size(), HUGE_VAL);
            into(q.get_subquery(0), acc);
            bool not_ = q.get_type() == Xapian::Query::OP_AND_NOT;
            for (size_t i = 1; i < n; i++) {
                std::fill(sub.data(), sub.data() + sub.size(), 0);
                into(q.get_subquery(i), sub);
                for (size_t w = 0; w < acc.size(); w++)
                    acc[w] &= not_ ? ~sub[w] : sub[w];
            }
            for (size_t w = 0; w < out.size(); w++)
                out[w] |= acc[w];
        }
        }
    }
};

/* Each part's matches by file (count_by_table()), for each hit's group. */
using FileCounts = std::vector<std::unique_ptr<Counters>>;

/* Counts the matches of QUERY by document id in each of PARTS (DB's
 * parts, in DB's order: a part's document D is DB's (D - 1) * parts +
 * part + 1) with its tally table T, for SPEC (its facets at PLACE among
 * the tables' fields, then the collapse slot's if COLLAPSE): RES's
 * counted, total, facets, facet_values and by_bits, and if COLLAPSE each
 * part's matches by file in *FILES (hit_groups()).  MATCHES: about how
 * many QUERY matches in all (rough_matches()), for how to lay out the
 * counters.  Each part is counted on its own: a match spy over several
 * databases sees each one's own document ids.  A file lives in one part,
 * so a part's files are its own.  Throws agx::TallyDamaged if a table
 * is. */
void
count_by_table(const std::vector<Xapian::Database> &dbs,
               const std::vector<const agx::Tally *> &t,
               const Xapian::Query &query, const agx_search_spec *spec,
               const std::vector<size_t> &place, bool collapse, double matches,
               agx_results *res, FileCounts *files)
{
    const size_t parts = t.size();
    /* The keys met, once each, in room for all (untouched room costs
     * nothing; growing it, a copy and fresh pages each time: 6% of a
     * broad search at 1M). */
    struct KeyList {
        Zeroed<uint32_t> k;
        size_t size = 0;
        KeyList(size_t n, double touches) : k(n, touches)
        {
        }
        void
        push_back(uint32_t key)
        {
            k[size++] = key;
        }
        const uint32_t *
        begin() const
        {
            return k.data();
        }
        const uint32_t *
        end() const
        {
            return k.data() + size;
        }
    };
    struct KeySpy : Xapian::MatchSpy {
        const agx::Tally &t;
        Counters n;   /* per key */
        KeyList seen; /* the keys met */
        Xapian::doccount total = 0;
        size_t hint = 0;
        KeySpy(const agx::Tally &t_, double touches)
            : t(t_), n(t_.keys(), touches), seen(t_.keys(), touches)
        {
        }
        void
        operator()(const Xapian::Document &doc, double) override
        {
            uint32_t k = t.key_of(doc.get_docid(), &hint);
            if (n[k]++ == 0)
                seen.push_back(k);
            total++;
        }
    };
    /* About how many matches each part counts (the pages of the counters
     * that they touch are made at once). */
    double touches = matches / double(parts ? parts : 1);
    std::vector<std::unique_ptr<KeySpy>> spies;
    res->counted = 0;
    for (size_t p = 0; p < parts; p++) {
        spies.emplace_back(new KeySpy(*t[p], touches));
        if (touches >= double(t[p]->keys()) / 1024)
            t[p]->will_read();
        if (dbs[p].get_doccount() == 0)
            continue;
        /* A bitmap where it reads at most four times the postings that
         * the matcher would (a posting read costs about an eighth of a
         * match merged; MatchBits): an OR of many compounds, a NOT.  A
         * selective AND ("a rare word and a common one") is left to the
         * matcher, which skips through the common word's postings; and
         * so are few matches, fewer than an eighth of the table's runs,
         * which a bitmap would count run by run (a case number: 2
         * matches, 10,000 runs at 100,000 pages). */
        double bits_cost, walk_cost;
        if (MatchBits::cost(dbs[p], query, &bits_cost, &walk_cost) &&
            bits_cost <= 4.0 * walk_cost &&
            8.0 * walk_cost >= double(t[p]->runs())) {
            MatchBits bits(dbs[p]);
            bits.build(query);
            KeySpy &spy = *spies.back();
            for (size_t r = 0; r < t[p]->runs(); r++) {
                Xapian::docid end;
                uint32_t k;
                Xapian::docid first = t[p]->run(r, &end, &k);
                Xapian::doccount n = bits.count(first, end);
                if (!n)
                    continue;
                if (spy.n[k] == 0)
                    spy.seen.push_back(k);
                spy.n[k] += n;
                spy.total += n;
            }
            res->counted += spy.total;
            res->by_bits = true;
            continue;
        }
        Xapian::Enquire counter(dbs[p]);
        counter.set_query(query);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        counter.add_matchspy(spies.back().get());
        counter.get_mset(0, 0, dbs[p].get_doccount());
        res->counted += spies.back()->total;
    }

    /* Each part's matches by each facet's value, and by file if
     * COLLAPSE, in one pass over the keys met: a key's fields lie
     * together, where a pass a facet read each key's row six times over
     * (at a million pages, 45,000 keys for "flygtninge": 6.9 ms of its
     * 11.7 ms of counting went on facets). */
    const size_t nf = spec->n_facets;
    const size_t file = spec->n_packed - 1;
    std::vector<std::vector<std::unique_ptr<Counters>>> by(parts);
    std::vector<std::vector<std::vector<uint32_t>>> met(
        parts, std::vector<std::vector<uint32_t>>(nf));
    files->clear();
    res->total = collapse ? 0 : res->counted;
    for (size_t p = 0; p < parts; p++) {
        const agx::Tally &tp = *t[p];
        const KeySpy &spy = *spies[p];
        for (size_t i = 0; i < nf; i++) {
            by[p].emplace_back(new Counters(tp.values(place[i]), touches));
            met[p][i].reserve(std::min(tp.values(place[i]), spy.seen.size));
            if (touches >= double(met[p][i].capacity()) / 1024)
                populate(met[p][i].data(),
                         met[p][i].capacity() * sizeof(uint32_t));
        }
        if (collapse)
            files->emplace_back(new Counters(tp.files(), touches));
        for (uint32_t k : spy.seen) {
            Xapian::doccount n = spy.n[k];
            for (size_t i = 0; i < nf; i++) {
                uint32_t v = tp.field(k, place[i]);
                Xapian::doccount &c = (*by[p][i])[v];
                if (c == 0)
                    met[p][i].push_back(v);
                c += n;
            }
            if (!collapse)
                continue;
            /* Each file a group; a page without one is its own. */
            uint32_t f = tp.field(k, file);
            Xapian::doccount &c = (*(*files)[p])[f];
            if (f == 0)
                res->total += n;
            else if (c == 0)
                res->total++;
            c += n;
        }
    }

    /* Each facet by each part's dictionary; with several parts, merged
     * by value. */
    for (size_t i = 0; i < nf; i++) {
        size_t f = place[i];
        std::vector<std::pair<Xapian::doccount, uint32_t>> vals;
        std::vector<std::string_view> names;
        std::unordered_map<std::string_view, uint32_t> merged;
        for (size_t p = 0; p < parts; p++) {
            const Counters &count = *by[p][i];
            vals.reserve(vals.size() + met[p][i].size());
            populate(vals.data() + vals.size(),
                     met[p][i].size() * sizeof vals[0]);
            for (uint32_t v : met[p][i]) {
                std::string_view name = t[p]->view(f, v);
                if (name.empty())
                    continue;
                if (parts == 1) {
                    vals.emplace_back(count[v], v);
                    continue;
                }
                auto at = merged.emplace(name, uint32_t(names.size()));
                if (at.second) {
                    names.push_back(name);
                    vals.emplace_back(0, at.first->second);
                }
                vals[at.first->second].first += count[v];
            }
        }
        res->facet_values.push_back(vals.size());
        res->facets.emplace_back();
        if (parts == 1)
            top_values(res->facets.back(), vals, spec->facet_limit,
                       [&](uint32_t v) { return t[0]->view(f, v); });
        else
            top_values(res->facets.back(), vals, spec->facet_limit,
                       [&](uint32_t j) { return names[j]; });
    }
}

/* The size of the group of each of HITS (of the database whose parts
 * have the tally tables T) less the hit: from FILES, the matches by file
 * that count_by_table() counted with SPEC's collapse slot. */
void
hit_groups(const std::vector<const agx::Tally *> &t, const FileCounts &files,
           const agx_search_spec *spec,
           const std::vector<Xapian::MSetIterator> &hits,
           std::vector<Xapian::doccount> *hit_group)
{
    const size_t parts = t.size(), file = spec->n_packed - 1;
    size_t i = 0;
    for (auto it = hits.begin(); it != hits.end(); ++it, i++) {
        Xapian::docid did = **it;
        size_t p = (did - 1) % parts, hint = 0;
        uint32_t k = t[p]->key_of((did - 1) / Xapian::docid(parts) + 1, &hint);
        uint32_t f = t[p]->field(k, file);
        (*hit_group)[i] = f ? (*files[p])[f] - 1 : 0;
    }
}

/* How many hits past the last one asked for a search of several parts
 * ranks, to see ties across the edge (shown_hits()). */
const Xapian::doccount TIE_SLACK = 10;

/* The hits SPEC asks for (OFFSET on, LIMIT of them) of MSET, which holds
 * the hits from FIRST on: in MSET's order; if MEND, but for weights so
 * close that only rounding tells them apart, which go by SPEC's tiebreak
 * slot.
 * Xapian sums a page's term weights in an order that depends on each
 * database's term frequencies, so two copies of a page that one index
 * weighs alike, and orders by the tiebreak slot, may differ in the last
 * bits of their weights on two shards.  Weights within a billionth of the
 * first of a run of them are one tie. */
std::vector<Xapian::MSetIterator>
shown_hits(const Xapian::MSet &mset, const agx_search_spec *spec,
           Xapian::doccount first, bool mend)
{
    std::vector<Xapian::MSetIterator> all;
    for (auto it = mset.begin(); it != mset.end(); ++it)
        all.push_back(it);
    if (!mend)
        return all; /* (ranked as asked) */
    for (size_t i = 0; i < all.size();) {
        double lead = all[i].get_weight();
        size_t j = i + 1;
        while (j < all.size() &&
               lead - all[j].get_weight() <= 1e-9 * std::fabs(lead))
            j++;
        if (j - i > 1) {
            std::vector<std::pair<std::string, size_t>> keys;
            for (size_t k = i; k < j; k++)
                keys.emplace_back(
                    all[k].get_document().get_value(spec->tiebreak_slot), k);
            std::stable_sort(keys.begin(), keys.end());
            std::vector<Xapian::MSetIterator> run;
            for (auto &k : keys)
                run.push_back(all[k.second]);
            std::copy(run.begin(), run.end(), all.begin() + long(i));
        }
        i = j;
    }
    size_t from = std::min<size_t>(spec->offset - first, all.size());
    size_t to = std::min<size_t>(from + spec->limit, all.size());
    return std::vector<Xapian::MSetIterator>(all.begin() + long(from),
                                             all.begin() + long(to));
}

/* About how many documents Q matches in DB, from its terms' frequencies
 * taken as independent (as Xapian estimates): enough to choose how to
 * count, never a count.  An operator it does not know matches all. */
double
rough_matches(const Xapian::Database &db, const Xapian::Query &q)
{
    const double all = double(db.get_doccount());
    if (all <= 0)
        return 0;
    auto share = [&](size_t i) {
        return std::min(1.0, rough_matches(db, q.get_subquery(i)) / all);
    };
    size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return double(db.get_termfreq(*q.get_terms_begin()));
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return 0;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
        double none = 1;
        for (size_t i = 0; i < n; i++)
            none *= 1 - share(i);
        return all * (1 - none);
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
        double each = 1;
        for (size_t i = 0; i < n; i++)
            each *= share(i);
        return all * each;
    }
    case Xapian::Query::OP_AND_NOT:
        return n ? all * share(0) * (n > 1 ? 1 - share(1) : 1) : 0;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        return n ? all * share(0) : 0;
    default:
        return all;
    }
}

/* Counts a search's matches (count_by_table()) on a thread of its own,
 * while the thread that started it ranks the hits: the two take about as
 * long as each other for most queries at a million pages, and on a
 * machine of two cores the search then takes the longer of them, not
 * their sum.  The thread reads the index through a second handle on each
 * part (agx_db's counting handles: a Xapian object is for one thread at a
 * time), opened at its first count and brought to the last commit at
 * each; if that is not the revision the first thread reads, a commit came
 * between, and finish() says to count on the first thread instead.  The
 * query travels serialised: Xapian 1.4 counts references to a query's
 * parts without atomics, so the two threads share no Xapian object. */
class CountApart
{
  public:
    CountApart() = default;
    CountApart(const CountApart &) = delete;
    CountApart &operator=(const CountApart &) = delete;
    ~CountApart()
    {
        if (thread_.joinable())
            thread_.join();
    }
    /* Starts counting what count_by_table() would count with DB's
     * counting handles; RES and FILES are the thread's until finish(). */
    void
    start(agx_db *db, const std::vector<const agx::Tally *> &t,
          const Xapian::Query &query, const agx_search_spec *spec,
          const std::vector<size_t> &place, bool collapse, double matches,
          agx_results *res, FileCounts *files)
    {
        std::vector<std::string> now;
        for (auto &part : db->parts)
            now.push_back(part.second.get_uuid() + ":" +
                          std::to_string(part.second.get_revision()));
        std::string q = query.serialise();
        /* A thread that cannot be made (out of memory, a limit on
         * processes) leaves the count to finish()'s caller. */
        try {
            thread_ = std::thread([=, now = std::move(now), q = std::move(q)] {
                try {
                    auto &h = db->counting;
                    if (h.size() != db->dirs.size()) {
                        h.clear();
                        for (auto &dir : db->dirs)
                            h.push_back(open_local(dir));
                    }
                    for (size_t i = 0; i < h.size(); i++) {
                        h[i].reopen();
                        if (h[i].get_uuid() + ":" +
                                std::to_string(h[i].get_revision()) !=
                            now[i])
                            return; /* (counted is false) */
                    }
                    count_by_table(h, t, Xapian::Query::unserialise(q), spec,
                                   place, collapse, matches, res, files);
                    counted_ = true;
                } catch (...) {
                    error_ = std::current_exception();
                }
            });
        } catch (const std::system_error &) {
        }
    }
    /* Waits for the count.  True if it counted; false if it was not
     * started, or its handles read another revision or failed (counted
     * again on the first thread, which says what fails).  Rethrows
     * agx::TallyDamaged. */
    bool
    finish()
    {
        if (!thread_.joinable())
            return false;
        thread_.join();
        if (error_) {
            try {
                std::rethrow_exception(error_);
            } catch (const agx::TallyDamaged &) {
                throw;
            } catch (...) {
                return false;
            }
        }
        return counted_;
    }

  private:
    std::thread thread_;
    bool counted_ = false;
    std::exception_ptr error_;
};

/* DB's tally tables, one for each of its parts in order, if each is the
 * table of what its part reads now and counts what SPEC asks for: the
 * facets (PLACE: their fields, then the collapse slot's if COLLAPSE)
 * among its fields but the last, the file the collapse slot; or none,
 * and the search reads values.  Local parts only: a remote one's table
 * is not here to read. */
std::vector<const agx::Tally *>
current_tallies(agx_db *db, const agx_search_spec *spec,
                const std::vector<size_t> &place, bool collapse)
{
    std::vector<const agx::Tally *> all;
    if (db->mode == AGX_DB_WRITE || db->remote || !db->seg.empty() ||
        db->dirs.size() != db->parts.size())
        return all; /* (a writer's tables run ahead of its commits) */
    db->tally.resize(db->parts.size());
    for (size_t i = 0; i < db->parts.size(); i++) {
        auto &m = db->tally[i];
        std::string file = db->dirs[i] + "/" + agx::Tally::file_name;
        struct stat sb;
        std::string seen;
        if (stat(file.c_str(), &sb) == 0)
            seen = std::to_string(sb.st_ino) + ":" +
                   std::to_string(sb.st_size) + ":" +
                   std::to_string(sb.st_mtim.tv_sec) + "." +
                   std::to_string(sb.st_mtim.tv_nsec);
        if (seen != m.seen || !m.looked) {
            m.looked = true;
            m.seen = seen;
            m.t.reset();
            std::unique_ptr<agx::Tally> t(new agx::Tally());
            if (!seen.empty() && t->open(db->dirs[i]))
                m.t = std::move(t);
        }
        if (!m.t ||
            !m.t->current(db->parts[i].second, spec->packed_slot,
                          spec->n_packed))
            return {};
        all.push_back(m.t.get());
    }
    size_t facets = place.size() - (collapse ? 1 : 0);
    for (size_t i = 0; i < facets; i++)
        if (place[i] + 1 >= spec->n_packed)
            return {};
    if (collapse && place.back() + 1 != spec->n_packed)
        return {};
    return all;
}

/* What stat() says of each of FILES, as one string: device, inode,
 * change time and size, or "-" for a file that is not there. */
std::string
signature(const std::vector<std::string> &files)
{
    std::string sig;
    for (auto &f : files) {
        struct stat sb;
        if (stat(f.c_str(), &sb) != 0) {
            sig += "-;";
            continue;
        }
        sig += std::to_string(sb.st_dev) + ":" + std::to_string(sb.st_ino) +
               ":" + std::to_string(sb.st_ctim.tv_sec) + "." +
               std::to_string(sb.st_ctim.tv_nsec) + ":" +
               std::to_string(sb.st_size) + ";";
    }
    return sig;
}

/* A local part's version file: Xapian replaces it at each commit. */
std::string
version_file(const std::string &dir)
{
    struct stat sb;
    for (const char *name : {"/iamglass", "/iamhoney", "/iamchert"})
        if (stat((dir + name).c_str(), &sb) == 0)
            return dir + name;
    return dir + "/iamglass";
}

agx_status
fail(agx_db *db)
{
    return status_from_exception(db ? &db->error : nullptr);
}

agx_status
ok(agx_db *db)
{
    db->error.clear();
    return AGX_OK;
}

agx_status
fail(agx_analyser *an)
{
    return status_from_exception(&an->error);
}

agx_status
ok(agx_analyser *an)
{
    an->error.clear();
    return AGX_OK;
}

} // namespace

extern "C" {

agx_status
agx_db_open(const char *path, agx_db_mode mode, agx_db **out,
            char **errmsg) noexcept
{
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    try {
        std::unique_ptr<agx_db> db(new agx_db());
        std::string base;
        std::vector<std::pair<std::string, std::string>> lines;
        bool stub = read_stub(path, &base, &lines);

        db->mode = mode;
        if (mode == AGX_DB_WRITE) {
            if (!stub) {
                db->w.emplace_back(path, Xapian::DB_CREATE_OR_OPEN);
                db->dirs.push_back(path);
            }
            if (stub)
                db->stub = base + "/XAPIANDB";
            std::vector<std::string> names(stub ? 0 : 1);
            for (auto &l : lines) {
                names.push_back(l.second);
                if (!is_local(l.first))
                    throw Xapian::InvalidOperationError(
                        "index " + std::string(path) + ": its shard '" +
                        l.first + " " + l.second +
                        "' is not here: index each shard where it lives");
                try {
                    db->w.emplace_back(part_path(base, l.second),
                                       Xapian::DB_CREATE_OR_OPEN);
                    db->dirs.push_back(part_path(base, l.second));
                } catch (...) {
                    rethrow_naming(l.second, true);
                }
            }
            for (size_t i = 0; i < db->w.size(); i++) {
                db->rdb.add_database(db->w[i]);
                db->parts.emplace_back(names[i], db->w[i]);
                db->w[i].begin_transaction(true);
            }
        } else if (!stub) {
            db->watched.push_back(version_file(path));
            db->seen = signature(db->watched);
            db->rdb = open_local(path);
            db->parts.emplace_back("", db->rdb);
            db->dirs.push_back(path);
        } else {
            db->watched.push_back(base + "/XAPIANDB");
            for (auto &l : lines)
                if (is_local(l.first))
                    db->watched.push_back(
                        version_file(part_path(base, l.second)));
            db->seen = signature(db->watched);
            for (size_t i = 0; i < lines.size(); i++) {
                auto &l = lines[i];
                std::string name =
                    is_local(l.first) ? l.second : l.first + " " + l.second;
                try {
                    Xapian::Database part = open_part(base, l.first, l.second);
                    db->remote = db->remote || !is_local(l.first);
                    db->rdb.add_database(part);
                    db->parts.emplace_back(name, part);
                    db->dirs.push_back(is_local(l.first)
                                           ? part_path(base, l.second)
                                           : std::string());
                } catch (...) {
                    /* The first part holds the index's metadata: never
                     * left out. */
                    if (mode != AGX_DB_READ_PARTIAL || i == 0)
                        rethrow_naming(name, is_local(l.first));
                    db->missing += (db->missing.empty() ? "" : ", ") + name;
                }
            }
        }
        *out = db.release();
        return AGX_OK;
    } catch (...) {
        std::string msg;
        agx_status st = status_from_exception(&msg);
        if (errmsg)
            *errmsg = strdup(msg.c_str()); /* NULL if even that fails */
        return st;
    }
}

agx_status
agx_db_create_shards(const char *path, unsigned n, char **errmsg) noexcept
{
    /* The user's mistake, said plainly (not as a Xapian error). */
    struct Plain {
        std::string msg;
        explicit Plain(std::string m) : msg(std::move(m))
        {
        }
    };
    *errmsg = nullptr;
    try {
        std::string base, dir(path);
        std::vector<std::pair<std::string, std::string>> lines;
        struct stat sb;

        if (read_stub(dir, &base, &lines)) {
            if (lines.size() != size_t(n) + 1)
                throw Plain("index " + dir + " has " +
                            std::to_string(lines.size() - 1) + " shards, not " +
                            std::to_string(n) + ": index into a new --db");
            return AGX_OK;
        }
        if (stat((dir + "/iamglass").c_str(), &sb) == 0 ||
            stat((dir + "/iamchert").c_str(), &sb) == 0)
            throw Plain("index " + dir +
                        " is not sharded: index into a new --db");
        std::string stub = "# agendex: the index as a whole, then its "
                           "shards (Xapian's stub format)\nauto global\n";
        for (unsigned i = 0; i < n; i++)
            stub += "auto shard-" + std::to_string(i) + "\n";
        std::string tmp = dir + "/XAPIANDB.tmp";
        {
            std::ofstream f(tmp, std::ios::trunc);
            f << stub;
            f.flush();
            if (!f)
                throw Xapian::DatabaseCreateError("cannot write " + tmp);
        }
        if (rename(tmp.c_str(), (dir + "/XAPIANDB").c_str()) != 0)
            throw Xapian::DatabaseCreateError("cannot write " + dir +
                                              "/XAPIANDB: " + strerror(errno));
        return AGX_OK;
    } catch (const Plain &e) {
        *errmsg = strdup(e.msg.c_str());
        return AGX_ERR_XAPIAN;
    } catch (...) {
        std::string msg;
        agx_status st = status_from_exception(&msg);
        *errmsg = strdup(msg.c_str());
        return st;
    }
}

unsigned
agx_db_shard_count(const agx_db *db) noexcept
{
    if (db->mode == AGX_DB_WRITE)
        return db->w.size() > 1 ? unsigned(db->w.size() - 1) : 0;
    return db->parts.size() > 1 ? unsigned(db->parts.size() - 1) : 0;
}

const char *
agx_db_missing(const agx_db *db) noexcept
{
    return db->missing.c_str();
}

void
agx_db_route(agx_db *db, const char *key) noexcept
{
    db->to_file = key != nullptr;
    if (!key || db->w.size() <= 1)
        db->route = 0;
    else
        db->route = 1 + size_t(shard_hash(key) % (db->w.size() - 1));
}

void
agx_db_close(agx_db *db) noexcept
{
    if (!db)
        return;
    /* Closing a WritableDatabase would commit; we promise not to. */
    for (auto &x : db->seg)
        db->w.push_back(x);
    for (auto &x : db->w) {
        try {
            x.cancel_transaction();
        } catch (...) {
        }
        try {
            x.close();
        } catch (...) {
        }
    }
    delete db;
}

const char *
agx_db_last_error(const agx_db *db) noexcept
{
    return db ? db->error.c_str() : "";
}

void
agx_db_set_stemmer(agx_db *db, agx_stem_fn fn, void *ctx) noexcept
{
    try {
        db->stem = Xapian::Stem(new CStem(fn, ctx));
    } catch (...) {
        /* Only bad_alloc can get here; searches then run unstemmed. */
        (void)fail(db);
    }
}

agx_status
agx_db_commit(agx_db *db) noexcept
{
    try {
        for (const auto &u : db->unspell)
            db->w[0].remove_spelling(u.first, u.second);
        db->unspell.clear();
        /* The index as a whole first: a run killed between the commits
         * finds it marked as changing (the vocabulary pass), and each
         * shard is consistent on its own (its pages with its records). */
        for (auto &x : db->w)
            x.commit_transaction();
        /* Then the segments: a run killed between the two has deleted a
         * changed file's old pages, not yet added its new ones and its
         * record, so the next run indexes it again.  The other order
         * would leave both. */
        for (auto &x : db->seg)
            x.commit_transaction();
        /* The table after what it describes: a run killed before it
         * leaves a stale one, which the next writer brings up to date. */
        for (size_t i = 0; db->keep_tally && i < db->w.size(); i++)
            if (db->tally_w[i].dirty()) {
                try {
                    db->tally_w[i].store(db->dirs[i], db->w[i].get_uuid(),
                                         db->w[i].get_lastdocid());
                } catch (const Xapian::Error &) {
                    /* (no table: searches count by value) */
                    db->keep_tally = false;
                }
            }
        for (auto &x : db->w)
            x.begin_transaction(true);
        for (auto &x : db->seg)
            x.begin_transaction(true);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_reopen(agx_db *db) noexcept
{
    try {
        db->rdb.reopen();
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_current(agx_db *db, int *current) noexcept
{
    *current = 0;
    try {
        /* Local files first: a new index or a compacted copy in the same
         * place is not a new revision to Xapian's reopen(). */
        if (signature(db->watched) != db->seen)
            return ok(db);
        /* A remote part says itself whether it has moved on. */
        if (db->remote && db->rdb.reopen())
            return ok(db);
        *current = 1;
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_compact(agx_db *db, const char *dest) noexcept
{
    try {
        if (db->stub.empty() && !db->seg.empty()) {
            /* The index and its segments as one; their document ids
             * overlap, so they are renumbered.  A file's record is in the
             * newest that has it. */
            struct Newest : Xapian::Compactor {
                std::string
                resolve_duplicate_metadata(const std::string &,
                                           size_t n,
                                           const std::string tags[]) override
                {
                    return tags[n - 1];
                }
            } newest;
            Xapian::Database all(db->w[0]);
            for (auto &x : db->seg)
                all.add_database(x);
            all.compact(dest, 0, 0, newest);
        } else if (db->stub.empty()) {
            db->rdb.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
        }
        /* A new database gets a table of its own, from its values (its
         * old one's, or the newest segment's, was copied with it). */
        auto new_table = [db](const std::string &dir) {
            if (!db->keep_tally)
                return;
            Xapian::Database copy(dir);
            agx::TallyWriter t;
            t.start(copy, dir, db->tally_w[0].slot, db->tally_w[0].nfields);
            t.store(dir, copy.get_uuid(), copy.get_lastdocid());
        };
        if (db->stub.empty()) {
            new_table(dest);
            return ok(db);
        }
        /* A sharded index: each part on its own, and the same stub. */
        std::string d(dest);
        if (mkdir(dest, 0777) != 0)
            throw Xapian::DatabaseCreateError("cannot make " + d + ": " +
                                              strerror(errno));
        for (auto &p : db->parts) {
            p.second.compact(part_path(d, p.first),
                             Xapian::DBCOMPACT_NO_RENUMBER);
            new_table(part_path(d, p.first));
        }
        std::ifstream in(db->stub, std::ios::binary);
        std::ofstream out(d + "/XAPIANDB", std::ios::binary);
        out << in.rdbuf();
        out.flush();
        if (!in || !out)
            throw Xapian::DatabaseCreateError("cannot copy " + db->stub);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_keep_tally(agx_db *db, unsigned slot, size_t n) noexcept
{
    try {
        if (db->mode != AGX_DB_WRITE || n == 0 ||
            (db->keep_tally && db->tally_w[0].slot == slot &&
             db->tally_w[0].nfields == n))
            return ok(db);
        db->tally_w.assign(db->w.size(), agx::TallyWriter());
        for (size_t i = 0; i < db->w.size(); i++)
            db->tally_w[i].start(db->w[i], db->dirs[i], slot, n);
        db->keep_tally = true;
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_tally_state
agx_db_tally_state(agx_db *db, unsigned slot, size_t n) noexcept
{
    try {
        if (db->mode == AGX_DB_WRITE || db->remote ||
            db->dirs.size() != db->parts.size())
            return AGX_TALLY_NONE;
        size_t current = 0, none = 0;
        for (size_t i = 0; i < db->parts.size(); i++) {
            agx::Tally t;
            struct stat sb;
            std::string file = db->dirs[i] + "/" + agx::Tally::file_name;
            if (stat(file.c_str(), &sb) != 0)
                none++;
            else if (t.open(db->dirs[i]) &&
                     t.current(db->parts[i].second, slot, n) && t.valid())
                current++;
        }
        return current == db->parts.size() ? AGX_TALLY_CURRENT
               : none == db->parts.size()  ? AGX_TALLY_NONE
                                           : AGX_TALLY_STALE;
    } catch (...) {
        (void)fail(db);
        return AGX_TALLY_STALE;
    }
}

agx_status
agx_db_add_segment(agx_db *db, const char *path) noexcept
{
    try {
        if (!db->stub.empty() || db->mode != AGX_DB_WRITE)
            throw Xapian::InvalidOperationError(
                "segments are for a writer of an index without shards");
        Xapian::WritableDatabase x(path, Xapian::DB_CREATE_OR_OPEN);
        x.begin_transaction(true);
        db->seg.push_back(x);
        db->rdb.add_database(x);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

size_t
agx_db_segment_count(const agx_db *db) noexcept
{
    return db->seg.size();
}

agx_status
agx_db_doc_count(agx_db *db, unsigned long *out) noexcept
{
    try {
        *out = db->rdb.get_doccount();
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

/* Whether TERM is a word of the spelling data: unprefixed. */
static bool
spelled(const std::string &term)
{
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

agx_status
agx_db_delete_term(agx_db *db, const char *term) noexcept
{
    try {
        /* Its pages' words leave the spelling data, as often as
         * agx_db_add() put them there (by the commit, net of what new
         * pages add): a word of a file that changed would otherwise
         * count once more at each change, and a word no page has would
         * stay there. */
        Xapian::WritableDatabase &w = db->w[db->route];
        for (auto p = w.postlist_begin(term); p != w.postlist_end(term); ++p)
            for (auto t = w.termlist_begin(*p); t != w.termlist_end(*p); ++t)
                if (spelled(*t))
                    db->unspell[*t] += t.get_wdf();
        w.delete_document(term);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_add(agx_db *db, agx_doc *doc) noexcept
{
    try {
        if (db->to_file && !db->seg.empty()) {
            db->seg.back().add_document(doc->doc);
        } else {
            Xapian::docid did = db->w[db->route].add_document(doc->doc);
            if (db->keep_tally)
                db->tally_w[db->route].add(
                    did, doc->doc.get_value(db->tally_w[db->route].slot));
        }
        /* Spelling data, for "Mente du ...?", kept with the index as a
         * whole: each word of the page as often as it occurs, as Xapian's
         * term generator adds it when it is given the database (which an
         * analyser in another thread cannot be).  Unprefixed terms are
         * the page's words (joined ones too: "klimastrategi" for
         * "klima-strategi", "2500" for "2.500"); a prefix is capital
         * letters.  agx_db_delete_term() takes them off again. */
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end();
             ++t) {
            if (!spelled(*t))
                continue;
            Xapian::termcount n = t.get_wdf();
            auto u = db->unspell.find(*t);
            if (u != db->unspell.end()) {
                Xapian::termcount k = std::min(n, u->second);
                n -= k;
                if (!(u->second -= k))
                    db->unspell.erase(u);
            }
            if (n)
                db->w[0].add_spelling(*t, n);
        }
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_terms(agx_db *db, const char *prefix,
             int (*fn)(void *ctx, const char *term, unsigned long freq),
             void *ctx) noexcept
{
    try {
        for (auto t = db->rdb.allterms_begin(prefix);
             t != db->rdb.allterms_end(prefix); ++t)
            if (fn(ctx, (*t).c_str(), t.get_termfreq()))
                break;
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_docs_each(agx_db *db, const char *term, unsigned slot,
                 int (*fn)(void *ctx, const char *value, const char *data,
                           size_t len),
                 void *ctx) noexcept
{
    try {
        for (auto p = db->rdb.postlist_begin(term);
             p != db->rdb.postlist_end(term); ++p) {
            Xapian::Document doc = db->rdb.get_document(*p);
            std::string data = doc.get_data();
            if (fn(ctx, doc.get_value(slot).c_str(), data.data(), data.size()))
                break;
        }
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_termfreq(agx_db *db, const char *term, unsigned long *out) noexcept
{
    try {
        *out = db->rdb.get_termfreq(term);
        return ok(db);
    } catch (...) {
        *out = 0;
        return fail(db);
    }
}

agx_status
agx_db_spelling(agx_db *db, const char *word, unsigned max_edits,
                char **out) noexcept
{
    *out = nullptr;
    try {
        *out = dup(db->rdb.get_spelling_suggestion(word, max_edits));
        return *out ? ok(db) : AGX_ERR_NOMEM;
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_synonyms_each(agx_db *db, const char *prefix,
                     int (*fn)(void *ctx, const char *key, const char *synonym),
                     void *ctx) noexcept
{
    try {
        /* Collect first: FN may change synonyms, which would upset the
         * iterators of a writer. */
        std::vector<std::pair<std::string, std::string>> all;
        for (auto k = db->rdb.synonym_keys_begin(prefix);
             k != db->rdb.synonym_keys_end(prefix); ++k)
            for (auto s = db->rdb.synonyms_begin(*k);
                 s != db->rdb.synonyms_end(*k); ++s)
                all.emplace_back(*k, *s);
        for (auto &kv : all)
            if (fn(ctx, kv.first.c_str(), kv.second.c_str()))
                break;
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_remove_synonym(agx_db *db, const char *term,
                      const char *synonym) noexcept
{
    try {
        db->w[0].remove_synonym(term, synonym);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_metadata_each(agx_db *db, const char *prefix,
                     int (*fn)(void *ctx, const char *key, const char *value),
                     void *ctx) noexcept
{
    try {
        /* Collect first: FN may write metadata, which would upset the
         * iterator of a writer. */
        std::vector<std::pair<std::string, std::string>> all;
        for (auto &p : db->parts)
            for (auto k = p.second.metadata_keys_begin(prefix);
                 k != p.second.metadata_keys_end(prefix); ++k)
                all.emplace_back(*k, p.second.get_metadata(*k));
        for (auto &kv : all)
            if (fn(ctx, kv.first.c_str(), kv.second.c_str()))
                break;
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_add_synonym(agx_db *db, const char *term, const char *synonym) noexcept
{
    try {
        db->w[0].add_synonym(term, synonym);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_get_metadata(agx_db *db, const char *key, char **out) noexcept
{
    *out = nullptr;
    try {
        *out = dup(db->mode == AGX_DB_WRITE ? db->w[db->route].get_metadata(key)
                                            : db->rdb.get_metadata(key));
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_set_metadata(agx_db *db, const char *key, const char *value) noexcept
{
    try {
        /* A file's record goes with its pages; a record deleted goes from
         * the index too, where an earlier run put it. */
        bool to_seg = db->to_file && !db->seg.empty();
        if (to_seg)
            db->seg.back().set_metadata(key, value);
        if (!to_seg || !*value)
            db->w[db->route].set_metadata(key, value);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_analyser *
agx_analyser_new(agx_stem_fn fn, void *ctx) noexcept
{
    try {
        std::unique_ptr<agx_analyser> an(new agx_analyser());
        if (fn) {
            an->stem = Xapian::Stem(new CStem(fn, ctx));
            an->termgen.set_stemmer(an->stem);
            an->termgen.set_stemming_strategy(
                Xapian::TermGenerator::STEM_SOME);
        }
        return an.release();
    } catch (...) {
        return nullptr;
    }
}

void
agx_analyser_free(agx_analyser *an) noexcept
{
    delete an;
}

const char *
agx_analyser_last_error(const agx_analyser *an) noexcept
{
    return an ? an->error.c_str() : "";
}

agx_status
agx_doc_new(agx_analyser *an, agx_doc **out) noexcept
{
    *out = nullptr;
    try {
        *out = new agx_doc{an, Xapian::Document(), 0};
        return ok(an);
    } catch (...) {
        return fail(an);
    }
}

void
agx_doc_free(agx_doc *doc) noexcept
{
    delete doc;
}

agx_status
agx_doc_index_text(agx_doc *doc, const char *text, size_t len, unsigned wdf_inc,
                   const char *prefix) noexcept
{
    agx_analyser *an = doc->an;
    /* The term generator lets go of DOC however this ends (see blank). */
    struct Release {
        agx_analyser *an;
        ~Release()
        {
            an->termgen.set_document(an->blank);
        }
    } release{an};
    try {
        /* set_document() resets the position: carry it over, with a gap so
         * that no phrase joins the end of one text to the next. */
        an->termgen.set_document(doc->doc);
        if (doc->pos)
            an->termgen.set_termpos(doc->pos + TEXT_GAP);
        an->termgen.index_text(std::string(text, len), wdf_inc, prefix);
        doc->pos = an->termgen.get_termpos();
        return ok(an);
    } catch (...) {
        return fail(an);
    }
}

unsigned
agx_doc_position(const agx_doc *doc) noexcept
{
    return unsigned(doc->pos);
}

agx_status
agx_doc_add_term(agx_doc *doc, const char *term, unsigned wdf) noexcept
{
    try {
        doc->doc.add_term(term, wdf);
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

agx_status
agx_doc_add_word(agx_doc *doc, const char *word, unsigned wdf) noexcept
{
    try {
        std::string w(word);
        doc->doc.add_term(w, wdf);
        if (!doc->an->stem.is_none())
            doc->doc.add_term("Z" + doc->an->stem(w), wdf);
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

agx_status
agx_doc_add_boolean(agx_doc *doc, const char *term) noexcept
{
    try {
        doc->doc.add_boolean_term(term);
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

agx_status
agx_doc_set_value(agx_doc *doc, unsigned slot, const char *value) noexcept
{
    try {
        doc->doc.add_value(slot, value);
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

agx_status
agx_doc_pack_values(agx_doc *doc, unsigned dest, const unsigned *slots,
                    size_t n) noexcept
{
    try {
        std::string packed;
        for (size_t i = 0; i < n; i++) {
            std::string v = doc->doc.get_value(slots[i]);
            packed += std::to_string(v.size());
            packed += ':';
            packed += v;
        }
        doc->doc.add_value(dest, packed);
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

agx_status
agx_doc_set_data(agx_doc *doc, const char *data, size_t len) noexcept
{
    try {
        doc->doc.set_data(std::string(data, len));
        return ok(doc->an);
    } catch (...) {
        return fail(doc->an);
    }
}

/* The phrases SPEC's mark_prefix asks for (agx_search_spec), from the
 * terms of Q and of SPEC's filters: an OP_OR of OP_PHRASEs (or of single
 * terms), each value's phrase after MARK_LEAD first, as snippets take the
 * first phrase that matches; empty if none.  A value's words are its runs
 * of letters and digits, as Xapian's term generator splits "2023-01438". */
Xapian::Query
marks(const Xapian::Query &q, const agx_search_spec *spec)
{
    if (!spec->mark_prefix || !*spec->mark_prefix)
        return Xapian::Query();
    const std::string prefix = spec->mark_prefix;
    std::vector<std::string> values;
    auto want = [&](const std::string &term) {
        if (term.size() > prefix.size() &&
            term.compare(0, prefix.size(), prefix) == 0 &&
            std::find(values.begin(), values.end(),
                      term.substr(prefix.size())) == values.end())
            values.push_back(term.substr(prefix.size()));
    };
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        want(*t);
    for (size_t i = 0; i < spec->n_filters; i++)
        want(spec->filters[i].term);
    std::vector<Xapian::Query> phrases;
    for (const std::string &value : values) {
        std::vector<std::string> words;
        std::string word;
        for (char c : value + " ") {
            unsigned char u = static_cast<unsigned char>(c);
            if (u >= 0x80 || std::isalnum(u)) {
                word += static_cast<char>(std::tolower(u));
            } else if (!word.empty()) {
                words.push_back(word);
                word.clear();
            }
        }
        if (words.empty())
            continue;
        for (int lead = spec->mark_lead && *spec->mark_lead; lead >= 0;
             lead--) {
            std::vector<std::string> w = words;
            if (lead)
                w.insert(w.begin(), spec->mark_lead);
            phrases.push_back(w.size() == 1
                                  ? Xapian::Query(w[0])
                                  : Xapian::Query(Xapian::Query::OP_PHRASE,
                                                  w.begin(), w.end(),
                                                  Xapian::termcount(w.size())));
        }
    }
    if (phrases.empty())
        return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

agx_status
agx_db_search(agx_db *db, const agx_search_spec *spec,
              agx_results **out) noexcept
{
    *out = nullptr;
    try {
        std::unique_ptr<agx_results> res(new agx_results());
        std::string suggestion;
        Xapian::Query query = parse(db, spec, "", &suggestion);
        Xapian::Query filter = filter_query(db->rdb, spec);
        Wildcards wild;
        query = widen(db->rdb, spec, query, &wild);
        wild.check(db->rdb);
        res->suggestion = dup(suggestion);
        /* No words: every document, as far as the filters let through. */
        if (query.empty() && !filter.empty())
            /* Not Xapian::Query::MatchAll: that is one static object whose
             * reference count (not atomic in 1.4) threads would share. */
            query = Xapian::Query(std::string());
        else if (spec->boost_prefix && *spec->boost_prefix) {
            Xapian::Query boost = parse(db, spec, spec->boost_prefix, nullptr);
            Wildcards unchecked; /* (the query's own were checked) */
            boost = widen(db->rdb, spec, boost, &unchecked);
            if (!boost.empty())
                query =
                    Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                boost, spec->boost_scale));
        }
        if (!query.empty() && spec->exact_scale > 0) {
            /* The same words unstemmed: an exact form weighs a little
             * more than another inflection. */
            Xapian::Query exact = parse(db, spec, "", nullptr, true);
            if (!exact.empty())
                query =
                    Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                exact, spec->exact_scale));
        }
        /* A case number's words, marked in snippets, weightless (the
         * snippet takes the phrases from the query). */
        Xapian::Query marked = marks(query, spec), words = query;
        if (!marked.empty() && !query.empty())
            query = Xapian::Query(
                Xapian::Query::OP_AND_MAYBE, query,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, marked, 0.0));
        if (!filter.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

        Xapian::Enquire enquire(db->rdb);
        enquire.set_query(query);
        if (spec->bm25_k1 > 0 || spec->bm25_b > 0)
            enquire.set_weighting_scheme(
                Xapian::BM25Weight(spec->bm25_k1, 0, 1, spec->bm25_b, 0.5));
        else
            enquire.set_weighting_scheme(Xapian::BM25Weight());
        if (spec->by_value)
            enquire.set_sort_by_value_then_relevance(spec->sort_slot,
                                                     spec->sort_reverse != 0);
        else if (spec->tiebreak)
            enquire.set_sort_by_relevance_then_value(spec->tiebreak_slot,
                                                     false);
        if (spec->collapse_slot >= 0)
            enquire.set_collapse_key(unsigned(spec->collapse_slot));

        /* What the counting tallies: each facet's slot, then the
         * collapse slot (the number of groups, and each hit's). */
        std::vector<unsigned> want(spec->facets,
                                   spec->facets + spec->n_facets);
        bool collapse = spec->collapse_slot >= 0;
        if (collapse)
            want.push_back(unsigned(spec->collapse_slot));
        /* One spy over the packed slot reads one value a match, not one
         * a slot, if the packing holds every slot wanted and every
         * document has it (not those indexed before it). */
        Xapian::doccount all = db->rdb.get_doccount();
        std::vector<size_t> place;
        for (unsigned slot : want) {
            const unsigned *end = spec->packed_slots + spec->n_packed;
            const unsigned *p = std::find(spec->packed_slots, end, slot);
            if (p == end)
                break;
            place.push_back(size_t(p - spec->packed_slots));
        }
        bool packed = !want.empty() && place.size() == want.size() &&
                      db->rdb.get_value_freq(spec->packed_slot) == all;
        std::vector<const agx::Tally *> tables;
        if (packed)
            tables = current_tallies(db, spec, place, collapse);

        /* Two matches.  The first ranks, and returns the hits asked for:
         * Xapian may skip documents that cannot reach them.  The second
         * counts: every match, unweighted, unsorted, uncollapsed, by
         * the tally table or seen by match spies.  One match doing both
         * would compute a weight, read a sort key and collapse every
         * match (measured at a million pages: three times the cost), and
         * Xapian 1.4's remote backend miscounts in spies when hits are
         * sorted and not collapsed, and does not send collapse counts.
         * By the table, and for enough matches, the count runs on a
         * thread of its own while this one ranks (CountApart). */
        agx_results counted;
        FileCounts files;
        CountApart apart;
        double matches = 0;
        if (!tables.empty()) {
            matches = rough_matches(db->rdb, query);
            if (spec->count_apart_from > 0 &&
                matches >= double(spec->count_apart_from))
                apart.start(db, tables, query, spec, place, collapse, matches,
                            &counted, &files);
        }
        /* Ranked by relevance over several parts, from the first hit and
         * some past the last, to order ties alike in any split
         * (shown_hits()). */
        bool mend = !spec->by_value && spec->tiebreak &&
                    db->parts.size() > 1 && spec->limit;
        Xapian::doccount first = mend ? 0 : spec->offset;
        Xapian::MSet mset = enquire.get_mset(
            first, spec->limit + (mend ? spec->offset + TIE_SLACK : 0));
        std::vector<Xapian::MSetIterator> shown =
            shown_hits(mset, spec, first, mend);

        /* Each hit's values, snippet and item, while the matches may
         * still be counted apart; its group's size once they are. */
        res->hits.reserve(shown.size());
        /* (made at the first hit) */
        std::unique_ptr<RegionTerms> region_terms;
        Xapian::Stem snippet_stem;
        for (const Xapian::MSetIterator &it : shown) {
            if (!region_terms && (spec->regions || spec->snippet_bytes)) {
                region_terms.reset(new RegionTerms(words, marked));
                snippet_stem =
                    Xapian::Stem(new SnippetStem(db->stem, *region_terms));
            }
            res->hits.push_back(hit{it.get_weight(), 0, {}, nullptr});
            hit &h = res->hits.back();
            Xapian::Document doc = it.get_document();
            for (size_t j = 0; j < spec->n_values; j++)
                h.values.push_back(dup(doc.get_value(spec->values[j])));
            std::string snip;
            if (spec->snippet_bytes) {
                bool joined;
                snip = mset.snippet(joined_text(doc.get_data(), spec,
                                                *region_terms, snippet_stem,
                                                &joined),
                                    spec->snippet_bytes, snippet_stem,
                                    Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                    spec->hi_start, spec->hi_end, "…");
                if (joined)
                    unjoined(snip);
            }
            h.snippet = dup(snip);
            if (spec->regions) {
                h.region = dup(best_region(db->rdb, *it,
                                           doc.get_value(spec->regions_slot),
                                           *region_terms, db->stem));
            }
        }

        /* The facets' values, and the collapse slot's groups: how many
         * there are, and each hit's size. */
        std::vector<Xapian::doccount> hit_group(shown.size());
        bool by_table = false;
        if (!tables.empty()) {
            try {
                if (apart.finish()) {
                    res->apart = true;
                } else {
                    std::vector<Xapian::Database> dbs;
                    for (auto &part : db->parts)
                        dbs.push_back(part.second);
                    count_by_table(dbs, tables, query, spec, place, collapse,
                                   matches, &counted, &files);
                }
                res->counted = counted.counted;
                res->total = counted.total;
                res->by_bits = counted.by_bits;
                res->facet_values.swap(counted.facet_values);
                res->facets.swap(counted.facets);
                if (collapse)
                    hit_groups(tables, files, spec, shown, &hit_group);
                by_table = res->by_table = true;
            } catch (const agx::TallyDamaged &) {
                /* Counted by value; the file is read again once it is
                 * replaced. */
                for (auto &m : db->tally)
                    m.t.reset();
            }
        }
        if (!by_table) {
            /* By value: one spy over the packed slot, or one a slot. */
            Xapian::Enquire counter(db->rdb);
            counter.set_query(query);
            counter.set_weighting_scheme(Xapian::BoolWeight());
            std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
            for (size_t i = 0; i < (packed ? 1 : want.size()); i++) {
                spies.emplace_back(new Xapian::ValueCountMatchSpy(
                    packed ? spec->packed_slot : want[i]));
                counter.add_matchspy(spies.back().get());
            }
            Xapian::MSet counted = counter.get_mset(0, 0, all);
            res->counted = spies.empty() ? counted.get_matches_estimated()
                                         : spies[0]->get_total();
            /* One map per facet; the collapse slot's (one entry per file,
             * say) is not sorted. */
            std::vector<std::map<std::string, Xapian::doccount>> counts(
                spec->n_facets);
            std::unordered_map<std::string, Xapian::doccount> groups;
            auto add = [&](size_t i, std::string v, Xapian::doccount n) {
                if (v.empty()) /* (as the spies, and collapsing, leave it) */
                    return;
                if (i < counts.size())
                    counts[i][std::move(v)] += n;
                else
                    groups[std::move(v)] += n;
            };
            if (packed)
                for (auto v = spies[0]->values_begin();
                     v != spies[0]->values_end(); ++v) {
                    std::string value = *v;
                    auto fields = agx::unpack(value, spec->n_packed);
                    for (size_t i = 0; i < want.size(); i++)
                        add(i,
                            value.substr(fields[place[i]].first,
                                         fields[place[i]].second),
                            v.get_termfreq());
                }
            else
                for (size_t i = 0; i < spies.size(); i++)
                    for (auto v = spies[i]->values_begin();
                         v != spies[i]->values_end(); ++v)
                        add(i, *v, v.get_termfreq());
            for (auto &c : counts) {
                std::vector<const std::string *> names;
                std::vector<std::pair<Xapian::doccount, uint32_t>> vals;
                for (auto &v : c) {
                    vals.emplace_back(v.second, uint32_t(names.size()));
                    names.push_back(&v.first);
                }
                res->facet_values.push_back(vals.size());
                res->facets.emplace_back();
                top_values(res->facets.back(), vals, spec->facet_limit,
                           [&](uint32_t j) {
                               return std::string_view(*names[j]);
                           });
            }

            /* Xapian collapses no document with an empty key: each is a
             * group of its own. */
            res->total = res->counted;
            if (collapse) {
                res->total = groups.size();
                Xapian::doccount grouped = 0;
                for (auto &g : groups)
                    grouped += g.second;
                if (res->counted > grouped)
                    res->total += res->counted - grouped;
                for (size_t i = 0; i < shown.size(); i++) {
                    auto g = groups.find(shown[i].get_collapse_key());
                    hit_group[i] = g == groups.end() ? 0 : g->second - 1;
                }
            }
        }
        for (size_t i = 0; i < shown.size(); i++)
            res->hits[i].collapsed = hit_group[i];
        *out = res.release();
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

const char *
agx_results_region(const agx_results *res, size_t i) noexcept
{
    const char *r = res->hits[i].region;
    return r ? r : "";
}

unsigned long
agx_results_total(const agx_results *res) noexcept
{
    return res->total;
}

int
agx_results_by_table(const agx_results *res) noexcept
{
    return res->by_bits ? 2 : res->by_table ? 1 : 0;
}

int
agx_results_apart(const agx_results *res) noexcept
{
    return res->apart ? 1 : 0;
}

unsigned long
agx_results_counted(const agx_results *res) noexcept
{
    return res->counted;
}

unsigned long
agx_results_collapsed(const agx_results *res, size_t i) noexcept
{
    return res->hits[i].collapsed;
}

const char *
agx_results_suggestion(const agx_results *res) noexcept
{
    return res->suggestion;
}

size_t
agx_results_size(const agx_results *res) noexcept
{
    return res->hits.size();
}

double
agx_results_score(const agx_results *res, size_t i) noexcept
{
    return res->hits[i].score;
}

const char *
agx_results_value(const agx_results *res, size_t i, size_t j) noexcept
{
    return res->hits[i].values[j];
}

const char *
agx_results_snippet(const agx_results *res, size_t i) noexcept
{
    return res->hits[i].snippet;
}

size_t
agx_results_facet_size(const agx_results *res, size_t f) noexcept
{
    return res->facets[f].size();
}

size_t
agx_results_facet_values(const agx_results *res, size_t f) noexcept
{
    return res->facet_values[f];
}

const char *
agx_results_facet_value(const agx_results *res, size_t f, size_t k,
                        unsigned long *count) noexcept
{
    const facet_value &fv = res->facets[f][k];
    if (count)
        *count = fv.count;
    return fv.value;
}

void
agx_results_free(agx_results *res) noexcept
{
    delete res;
}

const char *
agx_status_str(agx_status status) noexcept
{
    switch (status) {
    case AGX_OK:
        return "success";
    case AGX_ERR_NOMEM:
        return "out of memory";
    case AGX_ERR_NOT_FOUND:
        return "no index there";
    case AGX_ERR_LOCKED:
        return "index is locked by another writer";
    case AGX_ERR_CORRUPT:
        return "index is damaged";
    case AGX_ERR_MODIFIED:
        return "index changed during the search";
    case AGX_ERR_QUERY:
        return "query cannot be parsed";
    case AGX_ERR_XAPIAN:
        return "Xapian error";
    case AGX_ERR_IO:
        return "file system error";
    case AGX_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

} // extern "C"
