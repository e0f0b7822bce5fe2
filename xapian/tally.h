/* tally.h: the tally table, a Xapian database's packed values by document
 * id, in a file beside it (C++, inside the shim only).
 *
 * A search counts every match for its facets and per file: Xapian's
 * ValueCountMatchSpy reads one value per match, about half a microsecond,
 * which at a million pages is most of a broad query's time.  Which
 * document ids match costs the matcher next to nothing, so a database
 * that has this table beside it is counted by document id instead.
 *
 * What the table holds, for the packed slot (agx_doc_pack_values()) of N
 * fields, whose last names the document's file:
 * - a dictionary of each field's values but the last;
 * - its keys: each distinct packed value once, as N numbers, the first
 *   N-1 into the dictionaries and the last the key's file (0 when its
 *   value is empty: for Xapian's collapsing, each such page is its own);
 * - runs: the first document id of each run of consecutive ids with one
 *   key.  A file's pages are added together, so a run is a file.
 * It is the table of the database whose UUID and last document id it
 * names, and counts only if every document has the packed value.  Any
 * other database (a commit it did not see, a compaction) is counted by
 * value, so a table that is missing, stale or damaged costs speed, never
 * a wrong count.
 *
 * A writer (Tally::Writer) appends the pages it adds, and keeps a page
 * it deletes (no search meets it again); it writes the file after each
 * commit, and a compaction writes one afresh.  A file's number is only
 * told apart within one writer's session: a file indexed again in a
 * later run has had its old pages deleted first.
 *
 * The file, FILE_NAME in the database's folder, is read with mmap(): a
 * header, then arrays of 32-bit numbers in the machine's byte order (it
 * is not copied between machines: a copy elsewhere is only stale).
 */
#ifndef AGX_TALLY_H
#define AGX_TALLY_H

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace agx
{

/* The fields of PACKED (agx_doc_pack_values()), N of them, as offset and
 * length pairs into it.  Throws DatabaseCorruptError if it has fewer. */
std::vector<std::pair<size_t, size_t>> unpack(const std::string &packed,
                                              size_t n);

/* What a table's reader throws when a number in the file points outside
 * it: the file is damaged, and the search counts by value instead. */
struct TallyDamaged {
};

/* A table read from its file, for searches.  Opening it reads only its
 * header: a search touches the pages it needs of it, no more (on a
 * virtual machine, each page first touched costs microseconds). */
class Tally
{
  public:
    static const char file_name[];

    Tally() = default;
    Tally(const Tally &) = delete;
    Tally &operator=(const Tally &) = delete;
    ~Tally();

    /* Maps DIR's table, replacing what this held; false (and empty) if
     * there is none, or its sizes do not add up. */
    bool open(const std::string &dir);
    /* Makes at once the pages of its mapping, for a search that will
     * read it all over (see populate() in the shim): a broad search at a
     * million pages reads most of its 5 MB. */
    void will_read() const;
    /* Does every number in it point inside it?  (What a writer checks
     * before it builds on the table; readers check each as they use it,
     * throwing TallyDamaged.) */
    bool valid() const;
    /* Is it the table of DB as DB is now, of SLOT packed of N fields? */
    bool current(const Xapian::Database &db, unsigned slot, size_t n) const;

    size_t
    fields() const
    {
        return h_.nfields;
    }
    size_t
    keys() const
    {
        return h_.nkeys;
    }
    size_t
    files() const
    {
        return h_.nfiles;
    }
    /* The key of document DID.  HINT is the run of the previous call,
     * for ids that mostly ascend. */
    uint32_t key_of(Xapian::docid did, size_t *hint) const;
    /* The runs: run R (< runs()) holds the ids from its first to the
     * next run's first (the last: to last(), inclusive), all of key
     * *KEY.  Throws TallyDamaged if the key is out of range. */
    size_t
    runs() const
    {
        return h_.nruns;
    }
    Xapian::docid
    last() const
    {
        return h_.last;
    }
    Xapian::docid
    run(size_t r, Xapian::docid *end, uint32_t *key) const
    {
        *end = r + 1 < h_.nruns ? start_[r + 1] : h_.last + 1;
        *key = run_key_[r];
        if (*key >= h_.nkeys || *end < start_[r])
            throw TallyDamaged();
        return start_[r];
    }
    /* Field F of key K (< keys()): an index into F's dictionary, or
     * (the last field) its file.  (Here, to be inlined: a broad search
     * calls it for each facet of each file it matches.) */
    uint32_t
    field(uint32_t k, size_t f) const
    {
        uint32_t v = keyf_[size_t(k) * h_.nfields + f];
        if (v >= (f + 1 < h_.nfields ? dict_[f].n : h_.nfiles))
            throw TallyDamaged();
        return v;
    }
    size_t
    values(size_t f) const
    {
        return dict_[f].n;
    }
    /* Value I (< values(F)) of field F's dictionary. */
    std::string_view view(size_t f, uint32_t i) const;

  private:
    friend class TallyWriter;
    struct Header {
        char magic[12];
        uint32_t slot, nfields, last, complete, nruns, nkeys, nfiles;
        char uuid[40];
    } h_{};
    struct Dict {
        const uint32_t *off = nullptr; /* n + 1 */
        const char *bytes = nullptr;
        uint32_t n = 0;
    };
    void *map_ = nullptr;
    size_t size_ = 0;
    const uint32_t *start_ = nullptr, *run_key_ = nullptr, *keyf_ = nullptr;
    std::vector<Dict> dict_;
    void close();
};

/* A writer's table, in memory until stored. */
class TallyWriter
{
  public:
    unsigned slot = 0;
    size_t nfields = 0;

    /* The table of DB (whose folder is DIR), SLOT packed of N fields:
     * read from its file if that is DB's, and brought up to date with
     * DB's values (from nothing, if there was none). */
    void start(const Xapian::Database &db, const std::string &dir,
               unsigned slot_, size_t n);
    /* Adds document DID with packed value VALUE ("" if none); DID is
     * greater than any before. */
    void add(Xapian::docid did, const std::string &value);
    bool
    dirty() const
    {
        return dirty_;
    }
    /* Writes it to DIR, as the table of the database of UUID whose last
     * document id is LAST (a new file, renamed over the old). */
    void store(const std::string &dir, const std::string &uuid,
               Xapian::docid last);

  private:
    Xapian::docid last_ = 0;
    bool complete_ = true;
    std::vector<std::vector<std::string>> dict_;
    std::vector<uint32_t> keyf_;
    uint32_t nfiles_ = 1; /* file 0: none */
    std::vector<uint32_t> start_, run_key_;
    bool dirty_ = false;
    std::vector<std::unordered_map<std::string, uint32_t>> index_;
    std::unordered_map<std::string, uint32_t> key_index_, file_index_;
};

} // namespace agx

#endif /* AGX_TALLY_H */
