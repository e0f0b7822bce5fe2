/* agx_xapian.cc: the C++ body of agx_xapian.h, agendex's only C++ code.
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

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct agx_db {
    agx_db_mode mode;
    Xapian::Database rdb;         /* the reader (also set for a writer) */
    Xapian::WritableDatabase wdb; /* the writer, when mode is AGX_DB_WRITE */
    Xapian::Stem stem;            /* empty until agx_db_set_stemmer() */
    Xapian::TermGenerator termgen;
    std::string error;
};

struct agx_doc {
    agx_db *db;
    Xapian::Document doc;
    Xapian::termpos pos; /* the last position used; 0 before any text */
};

struct hit {
    double score;
    unsigned long collapsed;
    std::vector<char *> values;
    char *snippet;
};

struct facet_value {
    char *value;
    unsigned long count;
};

struct agx_results {
    unsigned long total = 0;
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

  public:
    CStem(agx_stem_fn fn_, void *ctx_) : fn(fn_), ctx(ctx_)
    {
    }
    std::string
    operator()(const std::string &word) override
    {
        size_t n = 0;
        const char *s = fn(ctx, word.data(), word.size(), &n);
        return s ? std::string(s, n) : word;
    }
    std::string
    get_description() const override
    {
        return "agendex (libstemmer danish)";
    }
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
        st = AGX_ERR_LOCKED;
        text = e.get_msg();
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
        text = e.get_msg();
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

/* The synonyms of KEY as one term of weight SCALE; empty if none. */
Xapian::Query
synonym_group(const Xapian::Database &db, const std::string &key, double scale)
{
    std::vector<std::string> terms(db.synonyms_begin(key),
                                   db.synonyms_end(key));
    if (terms.empty() || scale <= 0)
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
        scale);
}

/* Q with each stemmed word W (a Z term, alone or in a synonym group)
 * widened: W in every spelling the synonym table gives its stem (the
 * index's stem of "børn" for the "boern" a query spells it as), as one
 * term; OR each group SPEC asks for, of each of those stems, weighted
 * less.  Phrases and NEAR keep their exact words: only the operators that
 * combine whole matches are walked into. */
Xapian::Query
widen(const Xapian::Database &db, const agx_search_spec *spec,
      const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
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
            if (term.size() < 2 || term[0] != 'Z' ||
                (term[1] >= 'A' && term[1] <= 'Z'))
                continue; /* a field's stem, or no stem */
            stems.push_back(term.substr(1));
            for (auto s = db.synonyms_begin(term); s != db.synonyms_end(term);
                 ++s)
                if ((*s)[0] == 'Z') {
                    same.push_back(Xapian::Query(*s));
                    stems.push_back((*s).substr(1));
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
            subs.push_back(widen(db, spec, q.get_subquery(i)));
        return Xapian::Query(q.get_type(), subs.begin(), subs.end());
    }
    default:
        return q;
    }
}

/* The filters and ranges of SPEC as one query (empty if none). */
Xapian::Query
filter_query(const agx_search_spec *spec)
{
    std::vector<std::vector<Xapian::Query>> groups;
    Xapian::Query all;

    for (size_t i = 0; i < spec->n_filters; i++) {
        unsigned g = spec->filters[i].group;
        if (groups.size() <= g)
            groups.resize(g + 1);
        groups[g].push_back(Xapian::Query(spec->filters[i].term));
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
        db->mode = mode;
        if (mode == AGX_DB_WRITE) {
            db->wdb = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            db->rdb = db->wdb;
            db->wdb.begin_transaction(true);
            /* Spelling data from every word, for "Mente du ...?". */
            db->termgen.set_database(db->wdb);
            db->termgen.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
        } else {
            db->rdb = Xapian::Database(path);
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

void
agx_db_close(agx_db *db) noexcept
{
    if (!db)
        return;
    try {
        /* Closing a WritableDatabase would commit; we promise not to. */
        if (db->mode == AGX_DB_WRITE) {
            db->wdb.cancel_transaction();
            db->wdb.close();
        }
    } catch (...) {
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
        db->termgen.set_stemmer(db->stem);
        db->termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    } catch (...) {
        /* Only bad_alloc can get here; searches then run unstemmed. */
        (void)fail(db);
    }
}

agx_status
agx_db_commit(agx_db *db) noexcept
{
    try {
        db->wdb.commit_transaction();
        db->wdb.begin_transaction(true);
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
agx_db_compact(agx_db *db, const char *dest) noexcept
{
    try {
        db->rdb.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
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

agx_status
agx_db_delete_term(agx_db *db, const char *term) noexcept
{
    try {
        db->wdb.delete_document(term);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_add(agx_db *db, agx_doc *doc) noexcept
{
    try {
        db->wdb.add_document(doc->doc);
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
        db->wdb.remove_synonym(term, synonym);
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
        for (auto k = db->rdb.metadata_keys_begin(prefix);
             k != db->rdb.metadata_keys_end(prefix); ++k)
            all.emplace_back(*k, db->rdb.get_metadata(*k));
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
        db->wdb.add_synonym(term, synonym);
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
        *out = dup(db->rdb.get_metadata(key));
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_db_set_metadata(agx_db *db, const char *key, const char *value) noexcept
{
    try {
        db->wdb.set_metadata(key, value);
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_doc_new(agx_db *db, agx_doc **out) noexcept
{
    *out = nullptr;
    try {
        *out = new agx_doc{db, Xapian::Document(), 0};
        return ok(db);
    } catch (...) {
        return fail(db);
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
    agx_db *db = doc->db;
    try {
        /* set_document() resets the position: carry it over, with a gap so
         * that no phrase joins the end of one text to the next. */
        db->termgen.set_document(doc->doc);
        if (doc->pos)
            db->termgen.set_termpos(doc->pos + 100);
        db->termgen.index_text(std::string(text, len), wdf_inc, prefix);
        doc->pos = db->termgen.get_termpos();
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

agx_status
agx_doc_add_term(agx_doc *doc, const char *term, unsigned wdf) noexcept
{
    try {
        doc->doc.add_term(term, wdf);
        return ok(doc->db);
    } catch (...) {
        return fail(doc->db);
    }
}

agx_status
agx_doc_add_boolean(agx_doc *doc, const char *term) noexcept
{
    try {
        doc->doc.add_boolean_term(term);
        return ok(doc->db);
    } catch (...) {
        return fail(doc->db);
    }
}

agx_status
agx_doc_set_value(agx_doc *doc, unsigned slot, const char *value) noexcept
{
    try {
        doc->doc.add_value(slot, value);
        return ok(doc->db);
    } catch (...) {
        return fail(doc->db);
    }
}

agx_status
agx_doc_set_data(agx_doc *doc, const char *data, size_t len) noexcept
{
    try {
        doc->doc.set_data(std::string(data, len));
        return ok(doc->db);
    } catch (...) {
        return fail(doc->db);
    }
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
        Xapian::Query filter = filter_query(spec);
        query = widen(db->rdb, spec, query);
        res->suggestion = dup(suggestion);
        /* No words: every document, as far as the filters let through. */
        if (query.empty() && !filter.empty())
            /* Not Xapian::Query::MatchAll: that is one static object whose
             * reference count (not atomic in 1.4) threads would share. */
            query = Xapian::Query(std::string());
        else if (spec->boost_prefix && *spec->boost_prefix) {
            Xapian::Query boost = parse(db, spec, spec->boost_prefix, nullptr);
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
        if (!filter.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

        Xapian::Enquire enquire(db->rdb);
        enquire.set_query(query);
        if (spec->bm25_k1 > 0 || spec->bm25_b > 0)
            enquire.set_weighting_scheme(
                Xapian::BM25Weight(spec->bm25_k1, 0, 1, spec->bm25_b, 0.5));
        else
            enquire.set_weighting_scheme(Xapian::BM25Weight());
        std::unique_ptr<Xapian::MultiValueKeyMaker> sorter;
        if (spec->n_sort) {
            sorter.reset(new Xapian::MultiValueKeyMaker());
            for (size_t i = 0; i < spec->n_sort; i++)
                sorter->add_value(spec->sort[i]);
            enquire.set_sort_by_key_then_relevance(sorter.get(),
                                                   spec->sort_reverse != 0);
        }
        if (spec->collapse_slot >= 0)
            enquire.set_collapse_key(unsigned(spec->collapse_slot));

        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        for (size_t i = 0; i < spec->n_facets; i++) {
            spies.emplace_back(new Xapian::ValueCountMatchSpy(spec->facets[i]));
            enquire.add_matchspy(spies.back().get());
        }
        /* Facet counts (and the total) are exact only when every match is
         * seen: check at least as many documents as the database has. */
        Xapian::doccount all = db->rdb.get_doccount();
        Xapian::MSet mset = enquire.get_mset(spec->offset, spec->limit, all);

        res->total = mset.get_matches_estimated();
        res->counted = spies.empty() ? res->total : spies[0]->get_total();
        res->hits.reserve(mset.size());
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            res->hits.push_back(
                hit{it.get_weight(),
                    spec->collapse_slot >= 0 ? it.get_collapse_count() : 0,
                    {},
                    nullptr});
            hit &h = res->hits.back();
            Xapian::Document doc = it.get_document();
            for (size_t j = 0; j < spec->n_values; j++)
                h.values.push_back(dup(doc.get_value(spec->values[j])));
            std::string snip;
            if (spec->snippet_bytes)
                snip =
                    mset.snippet(doc.get_data(), spec->snippet_bytes, db->stem,
                                 Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                     Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                 spec->hi_start, spec->hi_end, "…");
            h.snippet = dup(snip);
        }
        for (auto &spy : spies) {
            res->facets.emplace_back();
            auto &f = res->facets.back();
            for (auto v = spy->values_begin(); v != spy->values_end(); ++v) {
                f.push_back(facet_value{nullptr, v.get_termfreq()});
                f.back().value = dup(*v);
            }
            std::stable_sort(f.begin(), f.end(),
                             [](const facet_value &a, const facet_value &b) {
                                 return a.count > b.count;
                             });
        }
        *out = res.release();
        return ok(db);
    } catch (...) {
        return fail(db);
    }
}

unsigned long
agx_results_total(const agx_results *res) noexcept
{
    return res->total;
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
    case AGX_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

} // extern "C"
