/* tally.cc: the tally table (tally.h).
 *
 * The file: the header (Tally::Header); for each field but the last, the
 * size of its dictionary and of its bytes; the runs' first ids, the runs'
 * keys, the keys' fields; then each dictionary: n + 1 offsets, then its
 * bytes, padded to a multiple of 4.  Every number is a uint32_t.
 */
#include "tally.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace agx
{

const char Tally::file_name[] = "agendex.tally";

namespace
{

const char magic[12] = "agxtally2";

} // namespace

std::vector<std::pair<size_t, size_t>>
unpack(const std::string &packed, size_t n)
{
    std::vector<std::pair<size_t, size_t>> fields;
    size_t at = 0;
    while (fields.size() < n) {
        size_t colon = packed.find(':', at);
        if (colon == std::string::npos || colon == at)
            throw Xapian::DatabaseCorruptError("bad packed value");
        size_t len = 0;
        for (size_t i = at; i < colon; i++) {
            if (packed[i] < '0' || packed[i] > '9' || len > packed.size())
                throw Xapian::DatabaseCorruptError("bad packed value");
            len = len * 10 + size_t(packed[i] - '0');
        }
        if (len > packed.size() - colon - 1)
            throw Xapian::DatabaseCorruptError("bad packed value");
        fields.emplace_back(colon + 1, len);
        at = colon + 1 + len;
    }
    return fields;
}

Tally::~Tally()
{
    close();
}

void
Tally::close()
{
    if (map_)
        munmap(map_, size_);
    map_ = nullptr;
    size_ = 0;
    h_ = Header();
    start_ = run_key_ = keyf_ = nullptr;
    dict_.clear();
}

void
Tally::will_read() const
{
#ifdef MADV_POPULATE_READ
    if (map_)
        (void)madvise(map_, size_, MADV_POPULATE_READ);
#endif
}

bool
Tally::open(const std::string &dir)
{
    close();
    int fd = ::open((dir + "/" + file_name).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat sb;
    if (fstat(fd, &sb) == 0 && size_t(sb.st_size) >= sizeof h_) {
        size_ = size_t(sb.st_size);
        map_ = mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0);
        if (map_ == MAP_FAILED)
            map_ = nullptr;
    }
    ::close(fd);
    if (!map_) {
        size_ = 0;
        return false;
    }
    /* Every size against what is left, every number against what it
     * indexes: a damaged file is no table, never a wrong read. */
    const char *base = static_cast<const char *>(map_);
    memcpy(&h_, base, sizeof h_);
    size_t words = (size_ - sizeof h_) / 4;
    const uint32_t *w = reinterpret_cast<const uint32_t *>(base + sizeof h_);
    size_t at = 0;
    auto take = [&](uint64_t n) -> const uint32_t * {
        if (n > words - at)
            return nullptr;
        const uint32_t *p = w + at;
        at += size_t(n);
        return p;
    };
    bool good = memcmp(h_.magic, magic, sizeof magic) == 0 && h_.nfields >= 1 &&
                h_.nfields <= 64 && h_.nfiles >= 1 &&
                memchr(h_.uuid, 0, sizeof h_.uuid);
    const uint32_t *sizes = good ? take(2 * uint64_t(h_.nfields - 1)) : nullptr;
    good = good && sizes;
    if (good) {
        start_ = take(h_.nruns);
        run_key_ = take(h_.nruns);
        keyf_ = take(uint64_t(h_.nkeys) * h_.nfields);
        good = start_ && run_key_ && keyf_;
    }
    for (uint32_t f = 0; good && f + 1 < h_.nfields; f++) {
        Dict d;
        d.n = sizes[2 * f];
        uint32_t nbytes = sizes[2 * f + 1];
        d.off = take(uint64_t(d.n) + 1);
        const uint32_t *bytes = take((uint64_t(nbytes) + 3) / 4);
        good = d.off && bytes && d.off[0] == 0 && d.off[d.n] == nbytes;
        d.bytes = reinterpret_cast<const char *>(bytes);
        dict_.push_back(d);
    }
    good = good && at == words;
    /* The runs in order, for the binary search (other numbers are
     * checked as they are used). */
    for (uint32_t r = 1; good && r < h_.nruns; r++)
        good = start_[r] > start_[r - 1];
    if (!good)
        close();
    return good;
}

bool
Tally::valid() const
{
    if (!map_)
        return false;
    for (const Dict &d : dict_)
        for (uint32_t i = 0; i < d.n; i++)
            if (d.off[i] > d.off[i + 1])
                return false;
    for (uint32_t r = 0; r < h_.nruns; r++)
        if (run_key_[r] >= h_.nkeys || start_[r] < 1 || start_[r] > h_.last ||
            (r && start_[r] <= start_[r - 1]))
            return false;
    for (uint64_t k = 0; k < h_.nkeys; k++)
        for (uint32_t f = 0; f < h_.nfields; f++)
            if (keyf_[k * h_.nfields + f] >=
                (f + 1 < h_.nfields ? dict_[f].n : h_.nfiles))
                return false;
    return true;
}

bool
Tally::current(const Xapian::Database &db, unsigned slot, size_t n) const
{
    return map_ && h_.complete && h_.slot == slot && h_.nfields == n &&
           h_.last == db.get_lastdocid() &&
           (h_.nruns || db.get_doccount() == 0) && db.get_uuid() == h_.uuid;
}

uint32_t
Tally::key_of(Xapian::docid did, size_t *hint) const
{
    size_t r = *hint, n = h_.nruns;
    if (r >= n || start_[r] > did || (r + 1 < n && start_[r + 1] <= did)) {
        if (r + 1 < n && start_[r + 1] <= did &&
            (r + 2 >= n || start_[r + 2] > did))
            r++; /* the next file: the usual step */
        else {
            const uint32_t *it = std::upper_bound(start_, start_ + n, did);
            r = it == start_ ? 0 : size_t(it - start_) - 1;
        }
        *hint = r;
    }
    if (r >= n || run_key_[r] >= h_.nkeys)
        throw TallyDamaged();
    return run_key_[r];
}

std::string_view
Tally::view(size_t f, uint32_t i) const
{
    const Dict &d = dict_[f];
    if (i >= d.n || d.off[i] > d.off[i + 1] || d.off[i + 1] > d.off[d.n])
        throw TallyDamaged();
    return std::string_view(d.bytes + d.off[i], d.off[i + 1] - d.off[i]);
}

void
TallyWriter::start(const Xapian::Database &db, const std::string &dir,
                   unsigned slot_, size_t n)
{
    slot = slot_;
    nfields = n;
    Tally t;
    bool ours = t.open(dir) && t.valid() && t.h_.slot == slot &&
                t.h_.nfields == n && db.get_uuid() == t.h_.uuid &&
                t.h_.last <= db.get_lastdocid();
    dict_.assign(n - 1, {});
    index_.assign(n - 1, {});
    key_index_.clear();
    file_index_.clear();
    if (ours) {
        last_ = t.h_.last;
        complete_ = t.h_.complete != 0;
        for (size_t f = 0; f + 1 < n; f++)
            for (uint32_t i = 0; i < t.values(f); i++) {
                dict_[f].emplace_back(t.view(f, i));
                index_[f].emplace(dict_[f].back(), i);
            }
        keyf_.assign(t.keyf_, t.keyf_ + size_t(t.h_.nkeys) * n);
        nfiles_ = t.h_.nfiles;
        start_.assign(t.start_, t.start_ + t.h_.nruns);
        run_key_.assign(t.run_key_, t.run_key_ + t.h_.nruns);
        dirty_ = false;
    } else {
        last_ = 0;
        complete_ = true;
        keyf_.clear();
        nfiles_ = 1;
        start_.clear();
        run_key_.clear();
        dirty_ = true;
    }
    /* The documents added since (by anything but this class), and
     * whether every document has the value. */
    Xapian::ValueIterator v = db.valuestream_begin(slot);
    Xapian::ValueIterator end = db.valuestream_end(slot);
    if (last_ && v != end)
        v.skip_to(last_ + 1);
    for (; v != end; ++v)
        add(v.get_docid(), *v);
    Xapian::docid lastdoc = db.get_lastdocid();
    if (last_ != lastdoc) {
        last_ = lastdoc;
        dirty_ = true;
    }
    bool complete = db.get_value_freq(slot) == db.get_doccount();
    if (complete != complete_) {
        complete_ = complete;
        dirty_ = true;
    }
}

void
TallyWriter::add(Xapian::docid did, const std::string &value)
{
    dirty_ = true;
    if (value.empty()) {
        complete_ = false;
        last_ = std::max(last_, did);
        return;
    }
    uint32_t k;
    auto found = key_index_.find(value);
    if (found != key_index_.end()) {
        k = found->second;
    } else {
        auto parts = unpack(value, nfields);
        k = uint32_t(keyf_.size() / nfields);
        for (size_t f = 0; f + 1 < nfields; f++) {
            std::string v = value.substr(parts[f].first, parts[f].second);
            auto it = index_[f].emplace(v, uint32_t(dict_[f].size()));
            if (it.second)
                dict_[f].push_back(std::move(v));
            keyf_.push_back(it.first->second);
        }
        std::string file =
            value.substr(parts.back().first, parts.back().second);
        uint32_t id = 0;
        if (!file.empty()) {
            id = file_index_.emplace(std::move(file), nfiles_).first->second;
            if (id == nfiles_)
                nfiles_++;
        }
        keyf_.push_back(id);
        key_index_.emplace(value, k);
    }
    /* A new run unless the previous id is the same key's. */
    if (start_.empty() || run_key_.back() != k || did != last_ + 1) {
        start_.push_back(did);
        run_key_.push_back(k);
    }
    last_ = std::max(last_, did);
}

void
TallyWriter::store(const std::string &dir, const std::string &uuid,
                   Xapian::docid last)
{
    Tally::Header h{};
    memcpy(h.magic, magic, sizeof magic);
    h.slot = slot;
    h.nfields = uint32_t(nfields);
    h.last = std::max(last, last_);
    h.complete = complete_;
    h.nruns = uint32_t(start_.size());
    h.nkeys = uint32_t(keyf_.size() / nfields);
    h.nfiles = nfiles_;
    if (uuid.size() >= sizeof h.uuid)
        return; /* (not a UUID: no table) */
    memcpy(h.uuid, uuid.data(), uuid.size());

    std::string out(reinterpret_cast<const char *>(&h), sizeof h);
    auto put = [&](const uint32_t *p, size_t n) {
        out.append(reinterpret_cast<const char *>(p), n * 4);
    };
    std::vector<uint32_t> sizes;
    std::vector<std::vector<uint32_t>> offs(dict_.size());
    for (size_t f = 0; f < dict_.size(); f++) {
        offs[f].push_back(0);
        for (auto &v : dict_[f])
            offs[f].push_back(offs[f].back() + uint32_t(v.size()));
        sizes.push_back(uint32_t(dict_[f].size()));
        sizes.push_back(offs[f].back());
    }
    put(sizes.data(), sizes.size());
    put(start_.data(), start_.size());
    put(run_key_.data(), run_key_.size());
    put(keyf_.data(), keyf_.size());
    for (size_t f = 0; f < dict_.size(); f++) {
        put(offs[f].data(), offs[f].size());
        for (auto &v : dict_[f])
            out += v;
        out.append((4 - out.size() % 4) % 4, '\0');
    }

    /* A new file renamed over the old: a reader maps one or the other. */
    std::string path = dir + "/" + Tally::file_name, tmp = path + ".new";
    int fd =
        ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    bool good = fd >= 0;
    for (size_t at = 0; good && at < out.size();) {
        ssize_t n = write(fd, out.data() + at, out.size() - at);
        if (n < 0 && errno == EINTR)
            continue;
        good = n > 0;
        at += good ? size_t(n) : 0;
    }
    if (good && fdatasync(fd) != 0)
        good = false;
    if (fd >= 0 && ::close(fd) != 0)
        good = false;
    if (good && rename(tmp.c_str(), path.c_str()) != 0)
        good = false;
    if (!good) {
        int e = errno;
        unlink(tmp.c_str());
        throw Xapian::DatabaseError("cannot write " + path + ": " +
                                    strerror(e));
    }
    dirty_ = false;
}

} // namespace agx
