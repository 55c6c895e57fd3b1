#include "newsdex/pairs.hpp"

#include <algorithm>
#include <functional>

#include "newsdex/fields.hpp"

namespace newsdex {

std::uint32_t pair_bucket(std::uint16_t a, std::uint16_t b) {
    // A 32-bit integer mix (lowbias32): neighbouring hashes land in unrelated buckets.
    std::uint32_t x = (static_cast<std::uint32_t>(a) << 16) | b;
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x % kPairBuckets;
}

namespace {

std::string bucket_prefix(std::uint32_t bucket) {
    std::string key(kPairKeyPrefix);
    key += static_cast<char>((bucket >> 8) & 0xff);
    key += static_cast<char>(bucket & 0xff);
    return key;
}

// The union of bucket `b`'s segments in `db`, sorted.
std::vector<Xapian::docid> bucket_list(const Xapian::Database& db, std::uint32_t b) {
    const std::string prefix = bucket_prefix(b);
    std::vector<Xapian::docid> out;
    std::size_t segments = 0;
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k, ++segments)
        decode_docids(db.get_metadata(*k), out);  // a damaged list reads short: the AND still decides
    if (segments > 1) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
    return out;
}

std::uint32_t next_segment(const Xapian::Database& db) {
    const std::string v = db.get_metadata(std::string(kPairNextSegmentKey));
    std::uint32_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return 1;
        n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return v.empty() ? 1 : n;  // segment 0 is the one a build or compaction writes
}

// A filter over a sorted list of docids held in memory.
class DocidListSource : public Xapian::PostingSource {
public:
    DocidListSource(std::vector<Xapian::docid> docids, double share) : docids_(std::move(docids)), share_(share) {}
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return estimate_; }
    Xapian::doccount get_termfreq_max() const override { return std::max(estimate_, get_termfreq_min()); }
    void init(const Xapian::Database& db) override {
        at_ = 0;
        started_ = false;
        const auto size = static_cast<Xapian::doccount>(docids_.size());
        estimate_ = std::max(size, static_cast<Xapian::doccount>(share_ * db.get_doccount() + 0.5));
    }
    void next(double) override {
        if (started_) ++at_;
        started_ = true;
    }
    void skip_to(Xapian::docid id, double) override {
        started_ = true;
        at_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), id) -
                                       docids_.begin());
    }
    bool at_end() const override { return started_ && at_ >= docids_.size(); }
    Xapian::docid get_docid() const override { return docids_[at_]; }
    std::string get_description() const override {
        return "newsdex DocidListSource(" + std::to_string(docids_.size()) + " articles)";
    }

private:
    std::vector<Xapian::docid> docids_;
    double share_;
    Xapian::doccount estimate_ = 0;
    std::size_t at_ = 0;
    bool started_ = false;
};

}  // namespace

std::string pair_key(std::uint32_t bucket, std::uint32_t segment) {
    std::string key = bucket_prefix(bucket);
    for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>((segment >> shift) & 0xff);
    return key;
}

// A list is its count (LEB128 varint), a Rice parameter k (one byte), then each gap between docids
// (from 0) less one as a Rice code, bits from the low end of each byte: the quotient (gap - 1) >> k in
// unary (that many 1s, a 0), then its k low bits. The gaps of a bucket's list are near geometric, for
// which Rice codes with k near log2 of the mean gap are close to the entropy: on reuters-txt 9.0 bits a
// docid where varints took 11.5.
std::string encode_docids(const std::vector<Xapian::docid>& sorted) {
    std::string out;
    if (sorted.empty()) return out;
    for (auto n = static_cast<std::uint32_t>(sorted.size()); ; n >>= 7) {
        out += static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
        if (n < 0x80) break;
    }
    const double mean = static_cast<double>(sorted.back()) / static_cast<double>(sorted.size());
    int k = 0;
    while (k < 31 && static_cast<double>(std::uint64_t{1} << (k + 1)) <= mean * 0.69) ++k;
    out += static_cast<char>(k);
    std::uint64_t bits = 0;  // pending, low bits first
    int pending = 0;
    const auto put = [&](std::uint64_t value, int width) {  // width <= 32
        bits |= value << pending;
        pending += width;
        while (pending >= 8) {
            out += static_cast<char>(bits & 0xff);
            bits >>= 8;
            pending -= 8;
        }
    };
    Xapian::docid last = 0;
    for (Xapian::docid id : sorted) {
        const std::uint32_t v = id - last - 1;
        last = id;
        for (std::uint32_t q = v >> k; q > 0;) {
            const int run = static_cast<int>(std::min<std::uint32_t>(q, 32));
            put((std::uint64_t{1} << run) - 1, run);
            q -= static_cast<std::uint32_t>(run);
        }
        put(0, 1);
        if (k > 0) put(v & ((std::uint32_t{1} << k) - 1), k);
    }
    if (pending > 0) out += static_cast<char>(bits & 0xff);
    return out;
}

bool decode_docids(std::string_view data, std::vector<Xapian::docid>& out) {
    if (data.empty()) return true;
    std::size_t at = 0;
    std::uint32_t count = 0;
    for (int shift = 0;; shift += 7) {
        if (at == data.size() || shift > 28) return false;
        const auto byte = static_cast<unsigned char>(data[at++]);
        count |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    if (at == data.size()) return false;
    const int k = static_cast<unsigned char>(data[at++]);
    if (k > 31) return false;
    const std::size_t total_bits = (data.size() - at) * 8;
    std::size_t bit = 0;
    const auto next_bit = [&] { return (static_cast<unsigned char>(data[at + bit / 8]) >> (bit % 8)) & 1; };
    Xapian::docid last = 0;
    out.reserve(out.size() + count);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint64_t q = 0;
        for (;; ++q, ++bit) {
            if (bit == total_bits) return false;
            if (!next_bit()) break;
        }
        ++bit;
        if (bit + static_cast<std::size_t>(k) > total_bits) return false;
        std::uint64_t r = 0;
        for (int j = 0; j < k; ++j, ++bit) r |= static_cast<std::uint64_t>(next_bit()) << j;
        const std::uint64_t id = std::uint64_t{last} + ((q << k) | r) + 1;
        if (id > 0xffffffffULL) return false;
        last = static_cast<Xapian::docid>(id);
        out.push_back(last);
    }
    return true;
}

std::vector<Xapian::docid> pair_candidates(const Xapian::Database& db, std::uint16_t a, std::uint16_t b) {
    return bucket_list(db, pair_bucket(a, b));
}

Xapian::Query docid_list_query(std::vector<Xapian::docid> docids, double share) {
    return Xapian::Query((new DocidListSource(std::move(docids), share))->release());
}

void PairSegmentWriter::add(Xapian::docid id, std::string_view encoded_words) {
    for_each_pair_bucket(encoded_words, [&](std::uint32_t bucket) {
        entries_.push_back(static_cast<std::uint64_t>(bucket) << 32 | id);
    });
}

void PairSegmentWriter::flush(Xapian::WritableDatabase& db) {
    if (entries_.empty()) return;
    std::sort(entries_.begin(), entries_.end());
    entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
    const std::uint32_t segment = next_segment(db);
    std::vector<Xapian::docid> docids;
    for (std::size_t i = 0; i < entries_.size();) {
        const auto bucket = static_cast<std::uint32_t>(entries_[i] >> 32);
        docids.clear();
        for (; i < entries_.size() && (entries_[i] >> 32) == bucket; ++i) docids.push_back(static_cast<Xapian::docid>(entries_[i]));
        db.set_metadata(pair_key(bucket, segment), encode_docids(docids));
    }
    db.set_metadata(std::string(kPairNextSegmentKey), std::to_string(segment + 1));
    entries_.clear();
    entries_.shrink_to_fit();
}

namespace {

// The pair index of `sources` as it should be, a range of buckets at a time within `memory_bytes`:
// fn(bucket, docids) for each bucket with articles, in bucket order, then done(range end) after each
// range. Each pass reads every word sequence (in docid order, sources in output order, so that a
// bucket's docids come in ascending order and need no sort) and keeps the buckets of its range.
void compute_pair_index(const std::vector<PairSource>& sources, std::size_t memory_bytes,
                        const std::function<void(std::uint32_t, const std::vector<Xapian::docid>&)>& fn,
                        const std::function<void()>& done) {
    const auto for_each_article = [&](auto each) {
        for (const auto& source : sources)
            for (auto it = source.db.valuestream_begin(kWordsSlot); it != source.db.valuestream_end(kWordsSlot); ++it)
                each(it.get_docid() + source.offset, *it);
    };
    std::vector<std::uint64_t> counts(kPairBuckets, 0);  // pairs, repeats included: an upper bound
    for_each_article([&](Xapian::docid, const std::string& words) { for_each_pair_bucket(words, [&](std::uint32_t b) { ++counts[b]; }); });
    const std::uint64_t per_pass = std::max<std::uint64_t>(1, memory_bytes / sizeof(Xapian::docid));
    std::vector<Xapian::docid> docids;
    std::vector<std::uint64_t> start(kPairBuckets), end(kPairBuckets);
    for (std::uint32_t lo = 0; lo < kPairBuckets;) {
        std::uint32_t hi = lo;
        std::uint64_t total = 0;
        while (hi < kPairBuckets && (hi == lo || total + counts[hi] <= per_pass)) total += counts[hi++];
        docids.assign(total, 0);
        std::uint64_t at = 0;
        for (std::uint32_t b = lo; b < hi; ++b) {
            start[b] = end[b] = at;
            at += counts[b];
        }
        for_each_article([&](Xapian::docid id, const std::string& words) {
            for_each_pair_bucket(words, [&](std::uint32_t b) {
                if (b < lo || b >= hi) return;
                if (end[b] > start[b] && docids[end[b] - 1] == id) return;  // the article's pair again
                docids[end[b]++] = id;
            });
        });
        std::vector<Xapian::docid> list;
        for (std::uint32_t b = lo; b < hi; ++b) {
            if (end[b] == start[b]) continue;
            list.assign(docids.begin() + static_cast<std::ptrdiff_t>(start[b]), docids.begin() + static_cast<std::ptrdiff_t>(end[b]));
            fn(b, list);
        }
        done();
        lo = hi;
    }
}

}  // namespace

void write_pair_index(const std::vector<PairSource>& sources, Xapian::WritableDatabase& out, std::size_t memory_bytes) {
    compute_pair_index(
        sources, memory_bytes,
        [&](std::uint32_t b, const std::vector<Xapian::docid>& list) { out.set_metadata(pair_key(b, 0), encode_docids(list)); },
        [&] { out.commit(); });  // Xapian holds what is not committed in memory
    start_pair_index(out);
}

PairIndexCheck check_pair_index(const Xapian::Database& db, std::size_t memory_bytes) {
    PairIndexCheck c;
    compute_pair_index(
        {{db, 0}}, memory_bytes,
        [&](std::uint32_t b, const std::vector<Xapian::docid>& want) {
            const std::vector<Xapian::docid> have = bucket_list(db, b);
            for (Xapian::docid id : want)
                if (!std::binary_search(have.begin(), have.end(), id)) {
                    ++c.missing;
                    if (!c.first_article) c.first_article = id;
                }
        },
        [] {});
    return c;
}

void remove_pair_index(Xapian::WritableDatabase& db) {
    const std::string prefix(kPairKeyPrefix);
    std::vector<std::string> keys(db.metadata_keys_begin(prefix), db.metadata_keys_end(prefix));
    for (const auto& key : keys) db.set_metadata(key, std::string());
    db.set_metadata(std::string(kPairNextSegmentKey), std::string());
    db.set_metadata(std::string(kPairIndexKey), std::string());
}

std::uint32_t pair_segment_count(const Xapian::Database& db) { return next_segment(db); }

bool pair_index_complete(const Xapian::Database& db) { return db.get_metadata(std::string(kPairIndexKey)) == "1"; }

void start_pair_index(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(kPairNextSegmentKey), "1");
    db.set_metadata(std::string(kPairIndexKey), "1");
}

}  // namespace newsdex
