#include "newsdex/positions.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "newsdex/fields.hpp"
#include "newsdex/index_dir.hpp"
#include "newsdex/pairs.hpp"

namespace newsdex {

namespace {

bool has_term(const Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term;
}

bool has_prefix(const Xapian::Document& doc, const std::string& prefix) {
    auto it = doc.termlist_begin();
    it.skip_to(prefix);
    return it != doc.termlist_end() && std::string(*it).starts_with(prefix);
}

// The positions of the query's stems in one article, by stem index: from the hashed word sequence (a
// superset: another stem may share a hash) or exactly, from the article's text tokenised again.
struct Words {
    std::vector<std::vector<Xapian::termpos>> lists;
    const Xapian::Document* exact = nullptr;  // the positional document, when exact

    bool has_prefix(const std::string& prefix) const {
        return !exact || newsdex::has_prefix(*exact, prefix);  // hashes cannot answer: say yes, as a filter may
    }
};

// The Query API gives no accessor for a window size or a value range's bounds; its description does:
// "Query((Ztaiwan@1 PHRASE 2 Zstrait@2))", "Query(VALUE_RANGE 0 20230601 20230630)". Read once, when the
// query is compiled, never per candidate.
std::vector<std::string> description_words(const Xapian::Query& q) {
    std::string d = q.get_description();
    for (char& c : d)
        if (c == '(' || c == ')') c = ' ';
    std::vector<std::string> words;
    std::size_t pos = 0;
    while ((pos = d.find_first_not_of(' ', pos)) != std::string::npos) {
        const std::size_t end = std::min(d.find(' ', pos), d.size());
        words.push_back(d.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

// Is there one position per list, all distinct, spanning less than `window`, and in list order when
// `ordered`? Lists are short (a word's occurrences in one article): a depth-first search is enough.
bool fits(const std::vector<const std::vector<Xapian::termpos>*>& lists, Xapian::termcount window, bool ordered) {
    std::vector<Xapian::termpos> chosen;
    const auto search = [&](auto&& self, std::size_t i, Xapian::termpos lo, Xapian::termpos hi) -> bool {
        if (i == lists.size()) return true;
        for (Xapian::termpos p : *lists[i]) {
            if (ordered && !chosen.empty() && p <= chosen.back()) continue;
            if (std::find(chosen.begin(), chosen.end(), p) != chosen.end()) continue;
            const Xapian::termpos new_lo = chosen.empty() ? p : std::min(lo, p);
            const Xapian::termpos new_hi = chosen.empty() ? p : std::max(hi, p);
            if (new_hi - new_lo >= window) continue;
            chosen.push_back(p);
            if (self(self, i + 1, new_lo, new_hi)) return true;
            chosen.pop_back();
        }
        return false;
    };
    return search(search, 0, 0, 0);
}

}  // namespace

// The query tree, compiled once per search: what each node needs, read out of Xapian's Query.
struct PositionCheck::Node {
    Xapian::Query::op type = Xapian::Query::LEAF_MATCH_ALL;
    std::vector<Node> kids;
    std::string term;            // LEAF_TERM; the pattern of OP_WILDCARD
    int stem = -1;               // index of a stem leaf in stems_
    Xapian::termcount window = 0;  // PHRASE, NEAR
    Xapian::valueno slot = 0;    // value ranges
    std::optional<std::string> lo, hi;

    bool eval(const Words& words, const Xapian::Document& doc) const {
        const auto all = [&] {
            for (const auto& k : kids)
                if (!k.eval(words, doc)) return false;
            return true;
        };
        const auto any = [&] {
            for (const auto& k : kids)
                if (k.eval(words, doc)) return true;
            return false;
        };
        switch (type) {
            case Xapian::Query::LEAF_TERM:
                if (stem >= 0) return !words.lists[static_cast<std::size_t>(stem)].empty();
                return term.empty() || has_term(doc, term);
            case Xapian::Query::LEAF_MATCH_NOTHING: return false;
            case Xapian::Query::OP_AND:
            case Xapian::Query::OP_FILTER: return all();
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
            case Xapian::Query::OP_ELITE_SET:
            case Xapian::Query::OP_MAX: return any();
            case Xapian::Query::OP_XOR: {
                std::size_t hits = 0;
                for (const auto& k : kids) hits += k.eval(words, doc) ? 1 : 0;
                return hits % 2 == 1;
            }
            case Xapian::Query::OP_AND_NOT:
                if (kids.empty() || !kids[0].eval(words, doc)) return false;
                for (std::size_t i = 1; i < kids.size(); ++i)
                    if (kids[i].eval(words, doc)) return false;
                return true;
            case Xapian::Query::OP_AND_MAYBE:
            case Xapian::Query::OP_SCALE_WEIGHT: return kids.empty() || kids[0].eval(words, doc);
            case Xapian::Query::OP_PHRASE:
            case Xapian::Query::OP_NEAR: {
                std::vector<const std::vector<Xapian::termpos>*> lists;
                for (const auto& k : kids) {
                    if (k.stem < 0) {
                        if (!k.eval(words, doc)) return false;  // not a word (never made by our parser): presence only
                        continue;
                    }
                    const auto& list = words.lists[static_cast<std::size_t>(k.stem)];
                    if (list.empty()) return false;
                    lists.push_back(&list);
                }
                return fits(lists, window, type == Xapian::Query::OP_PHRASE);
            }
            case Xapian::Query::OP_WILDCARD:
                return term.starts_with(kStemPrefix) ? words.has_prefix(term) : has_prefix(doc, term);
            case Xapian::Query::OP_VALUE_RANGE:
            case Xapian::Query::OP_VALUE_GE:
            case Xapian::Query::OP_VALUE_LE: {
                const std::string value = doc.get_value(slot);
                return !value.empty() && (!lo || value >= *lo) && (!hi || value <= *hi);
            }
            default:  // match-all, posting sources: nothing positional to check
                return true;
        }
    }
};

bool needs_positions(const Xapian::Query& query) {
    const auto type = query.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (needs_positions(query.get_subquery(i))) return true;
    return false;
}

namespace {

// The PHRASE's own window, or 0 when the description does not say (never, from our parser).
Xapian::termcount phrase_window(const Xapian::Query& q) {
    const auto words = description_words(q);
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i] == "PHRASE" || words[i] == "NEAR") return static_cast<Xapian::termcount>(std::stoul(words[i + 1]));
    return 0;
}

// A strict phrase of stems (words in a row, window = their count) narrowed to the articles that the
// pair index says may hold each of its adjacent pairs; anything else as it is.
Xapian::Query with_pair_filter(const Xapian::Query& q, const Xapian::Database& db) {
    if (q.get_type() != Xapian::Query::OP_PHRASE || q.get_num_subqueries() < 2 ||
        phrase_window(q) != q.get_num_subqueries())
        return q;
    std::vector<std::uint16_t> hashes;
    std::set<std::string> words;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query kid = q.get_subquery(i);
        if (kid.get_type() != Xapian::Query::LEAF_TERM) return q;
        const std::string term = *kid.get_terms_begin();
        if (!term.starts_with(kStemPrefix)) return q;
        hashes.push_back(word_hash(term));
        words.insert(term);
    }
    // The articles on every pair's list.
    std::vector<Xapian::docid> listed = pair_candidates(db, hashes[0], hashes[1]);
    for (std::size_t i = 1; i + 1 < hashes.size() && !listed.empty(); ++i) {
        const auto more = pair_candidates(db, hashes[i], hashes[i + 1]);
        std::vector<Xapian::docid> both;
        std::set_intersection(listed.begin(), listed.end(), more.begin(), more.end(), std::back_inserter(both));
        listed = std::move(both);
    }
    // Xapian estimates an AND as if its parts were independent: the words' AND times the share of all
    // articles that are listed. But the listed articles are drawn from those that hold the words, so
    // that product would say "70" of a phrase with 970 matches ("per share", reuters-txt). Stated as a
    // share of the words' AND instead, the estimate is the list's own size.
    const double docs = db.get_doccount();
    double all_words = docs;
    for (const auto& w : words) all_words *= db.get_termfreq(w) / std::max(docs, 1.0);
    const double share = all_words > 0 ? static_cast<double>(listed.size()) / all_words : 0.0;
    return Xapian::Query(Xapian::Query::OP_FILTER, q, docid_list_query(std::move(listed), std::min(share, 1.0)));
}

// candidates(), phrases narrowed by the pair index of `pairs` unless it is null.
Xapian::Query candidates_using(const Xapian::Query& q, const Xapian::Database* pairs) {
    if (!needs_positions(q)) return q;
    const auto type = q.get_type();
    std::vector<Xapian::Query> kids;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) kids.push_back(q.get_subquery(i));
    switch (type) {
        case Xapian::Query::OP_AND_NOT: {
            // What is taken away must be certain: a phrase under NOT is left to the check.
            std::vector<Xapian::Query> keep = {candidates_using(kids[0], pairs)};
            for (std::size_t i = 1; i < kids.size(); ++i)
                if (!needs_positions(kids[i])) keep.push_back(kids[i]);
            return keep.size() == 1 ? keep[0] : Xapian::Query(type, keep.begin(), keep.end());
        }
        case Xapian::Query::OP_XOR: {
            for (auto& k : kids) k = candidates_using(k, pairs);
            return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
        }
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_SYNONYM:
            for (auto& k : kids) k = candidates_using(k, pairs);
            return Xapian::Query(type, kids.begin(), kids.end());
        default:  // PHRASE and NEAR hold words, never a NOT; Xapian answers them as AND
            return pairs ? with_pair_filter(q, *pairs) : q;
    }
}

}  // namespace

Xapian::Query candidates(const Xapian::Query& q, const Xapian::Database& db) {
    if (!needs_positions(q)) return q;
    // Without the whole pair index (while a compaction rebuilds it), phrases are checked the slow way.
    return candidates_using(q, pair_index_complete(db) ? &db : nullptr);
}

PositionCheck::Node PositionCheck::compile(const Xapian::Query& q, bool negated) {
    Node n;
    n.type = q.get_type();
    switch (n.type) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE: break;
        default: every_stem_held_ = false;
    }
    switch (n.type) {
        case Xapian::Query::LEAF_TERM:
            n.term = *q.get_terms_begin();
            if (n.term.starts_with(kStemPrefix)) {
                const auto it = std::find(stems_.begin(), stems_.end(), n.term);
                n.stem = static_cast<int>(it - stems_.begin());
                if (it == stems_.end()) stems_.push_back(n.term);
                // The hashed filter may only say yes wrongly; under a NOT that would turn into a wrong no.
                if (negated) filter_ = false;
            }
            return n;
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR: n.window = phrase_window(q); break;
        case Xapian::Query::OP_WILDCARD:
            n.term = description_words(q).back();  // "WILDCARD SYNONYM pattern"
            // Word hashes cannot tell a stem's prefix: the filter says yes, which under a NOT is a wrong no.
            if (negated && n.term.starts_with(kStemPrefix)) filter_ = false;
            return n;
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE: {
            // "VALUE_RANGE slot begin end", "VALUE_GE slot begin", "VALUE_LE slot end"
            const auto words = description_words(q);
            const auto at = std::find_if(words.begin(), words.end(), [](const std::string& w) { return w.starts_with("VALUE_"); });
            if (std::distance(at, words.end()) < 3) {
                n.type = Xapian::Query::LEAF_MATCH_ALL;  // unreadable: keep Xapian's answer
                return n;
            }
            n.slot = static_cast<Xapian::valueno>(std::stoul(*(at + 1)));
            if (*at == "VALUE_LE") n.hi = *(at + 2);
            else n.lo = *(at + 2);
            if (*at == "VALUE_RANGE" && std::distance(at, words.end()) >= 4) n.hi = *(at + 3);
            return n;
        }
        default: break;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const bool neg = negated || (n.type == Xapian::Query::OP_AND_NOT && i > 0) || n.type == Xapian::Query::OP_XOR;
        n.kids.push_back(compile(q.get_subquery(i), neg));
    }
    return n;
}

PositionCheck::PositionCheck(const Xapian::Query& query, const Xapian::Database& db, const std::string& language,
                             Mode mode)
    : db_(db), language_(language), mode_(mode) {
    root_ = std::make_unique<Node>(compile(query, false));
    shared_hashes_known_ = db_.get_metadata(kSharedHashesKey) == "1";
    for (const auto& s : stems_) hashes_.push_back(word_hash(s));
    const auto is_stem = [](const Node& k) { return k.stem >= 0; };
    if (root_->type == Xapian::Query::OP_PHRASE && root_->window == root_->kids.size() &&
        std::all_of(root_->kids.begin(), root_->kids.end(), is_stem))
        for (const auto& k : root_->kids) phrase_.push_back(hashes_[static_cast<std::size_t>(k.stem)]);
}

PositionCheck::~PositionCheck() = default;

std::string PositionCheck::value_of(const Xapian::Document& doc, Xapian::valueno slot, Stream& stream) const {
    const Xapian::docid id = doc.get_docid();
    if (!stream.started) {
        stream.it = db_.valuestream_begin(slot);
        stream.started = true;
    }
    const Xapian::ValueIterator end = db_.valuestream_end(slot);
    if (stream.it == end || stream.it.get_docid() > id) return doc.get_value(slot);  // past it, or out of order
    stream.it.skip_to(id);
    return stream.it != end && stream.it.get_docid() == id ? *stream.it : std::string();
}

std::string PositionCheck::words_of(const Xapian::Document& doc) const { return value_of(doc, kWordsSlot, words_stream_); }

// Does the encoded word sequence hold `hashes` at consecutive positions? One pass that stops at the
// first occurrence: the common query, a bare phrase, needs no position lists.
bool holds_sequence(std::string_view encoded, const std::vector<std::uint16_t>& hashes) {
    const std::size_t n = hashes.size();
    std::vector<std::uint16_t> recent(n);  // the last n words, as a ring
    std::size_t run = 0;                   // consecutive positions ending here
    Xapian::termpos last = 0;
    bool found = false;
    for_each_word(encoded, [&](Xapian::termpos pos, std::uint16_t h) {
        if (found) return;
        run = pos == last + 1 ? run + 1 : 1;  // a gap breaks a phrase
        last = pos;
        recent[pos % n] = h;
        if (run < n || h != hashes[n - 1]) return;
        for (std::size_t i = 0; i < n; ++i)
            if (recent[(pos + 1 + i) % n] != hashes[i]) return;
        found = true;
    });
    return found;
}

bool PositionCheck::operator()(const Xapian::Document& doc) const {
    if (!filter_) return exact(doc);
    if (!phrase_.empty()) return holds_sequence(words_of(doc), phrase_) && (mode_ == Mode::Filter || confirm(doc));
    Words words;
    words.lists.resize(stems_.size());
    for_each_word(words_of(doc), [&](Xapian::termpos pos, std::uint16_t h) {
        for (std::size_t i = 0; i < hashes_.size(); ++i)
            if (hashes_[i] == h) words.lists[i].push_back(pos);
    });
    if (!root_->eval(words, doc)) return false;  // certain: equal stems have equal hashes
    return mode_ == Mode::Filter || confirm(doc);
}

bool PositionCheck::confirm(const Xapian::Document& doc) const {
    // The filter's positions are a query stem's own unless another term of the article shares its hash.
    if (filter_ && every_stem_held_ && shared_hashes_known_) {
        const std::string shared = doc.get_value(kSharedHashesSlot);
        const auto is_shared = [&](std::uint16_t h) { return holds_hash(shared, h); };
        return std::none_of(hashes_.begin(), hashes_.end(), is_shared) || exact(doc);
    }
    // Else the article's term list says whether one does, at a fraction of the cost of tokenising it again.
    if (filter_) {
        bool collision = false;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end() && !collision; ++t) {
            const std::string term = *t;
            const std::uint16_t h = word_hash(term);
            for (std::size_t i = 0; i < hashes_.size(); ++i)
                if (hashes_[i] == h && stems_[i] != term) collision = true;
        }
        if (!collision) return true;
    }
    return exact(doc);
}

bool PositionCheck::exact(const Xapian::Document& doc) const {
    auto full = load_full_record(doc, db_);
    if (!full) return true;  // no text to check against: keep Xapian's answer
    if (!builder_) builder_.emplace(language_);
    const Xapian::Document positional = builder_->positional(full->record.title, full->text);
    Words words;
    words.exact = &positional;
    words.lists.resize(stems_.size());
    for (std::size_t i = 0; i < stems_.size(); ++i) {
        auto t = positional.termlist_begin();
        t.skip_to(stems_[i]);
        if (t != positional.termlist_end() && *t == stems_[i])
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) words.lists[i].push_back(*p);
    }
    return root_->eval(words, doc);
}

}  // namespace newsdex
