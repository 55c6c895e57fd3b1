#include "newsdex/positions.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "newsdex/fields.hpp"

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

// The positions of the query's stems in one article: from the hashed word sequence (a superset: another
// stem may share a hash) or exactly, from the article's text tokenised again.
struct Words {
    std::map<std::string, std::vector<Xapian::termpos>> lists;
    const Xapian::Document* exact = nullptr;  // the positional document, when exact

    const std::vector<Xapian::termpos>* find(const std::string& stem) const {
        const auto it = lists.find(stem);
        return it == lists.end() || it->second.empty() ? nullptr : &it->second;
    }
    bool has_prefix(const std::string& prefix) const {
        return !exact || newsdex::has_prefix(*exact, prefix);  // hashes cannot answer: say yes, as a filter may
    }
};

// The Query API gives no accessor for a window size or a value range's bounds; its description does:
// "Query((Ztaiwan@1 PHRASE 2 Zstrait@2))", "Query(VALUE_RANGE 0 20230601 20230630)".
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

Xapian::termcount window_of(const Xapian::Query& q) {
    const auto words = description_words(q);
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i] == "PHRASE" || words[i] == "NEAR") return static_cast<Xapian::termcount>(std::stoul(words[i + 1]));
    return 0;
}

// Is there one position per list, all distinct, spanning less than `window`, and in list order when
// `ordered`? Lists are short (a word's occurrences in one article): a depth-first search is enough.
bool fits(const std::vector<std::vector<Xapian::termpos>>& lists, Xapian::termcount window, bool ordered) {
    std::vector<Xapian::termpos> chosen;
    const auto search = [&](auto&& self, std::size_t i, Xapian::termpos lo, Xapian::termpos hi) -> bool {
        if (i == lists.size()) return true;
        for (Xapian::termpos p : lists[i]) {
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

struct Evaluator {
    const Words& words;           // the article's stems, with positions
    const Xapian::Document& doc;  // the indexed document: boolean terms and values

    bool has(const std::string& term) const {
        return term.starts_with(kStemPrefix) ? words.find(term) != nullptr : has_term(doc, term);
    }

    bool operator()(const Xapian::Query& q) const {
        const std::size_t n = q.get_num_subqueries();
        const auto sub = [&](std::size_t i) { return (*this)(q.get_subquery(i)); };
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                const std::string term = *q.get_terms_begin();
                return term.empty() || has(term);
            }
            case Xapian::Query::LEAF_MATCH_NOTHING: return false;
            case Xapian::Query::OP_AND:
            case Xapian::Query::OP_FILTER:
                for (std::size_t i = 0; i < n; ++i)
                    if (!sub(i)) return false;
                return true;
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
            case Xapian::Query::OP_ELITE_SET:
            case Xapian::Query::OP_MAX:
                for (std::size_t i = 0; i < n; ++i)
                    if (sub(i)) return true;
                return false;
            case Xapian::Query::OP_XOR: {
                std::size_t hits = 0;
                for (std::size_t i = 0; i < n; ++i) hits += sub(i) ? 1 : 0;
                return hits % 2 == 1;
            }
            case Xapian::Query::OP_AND_NOT:
                if (n == 0 || !sub(0)) return false;
                for (std::size_t i = 1; i < n; ++i)
                    if (sub(i)) return false;
                return true;
            case Xapian::Query::OP_AND_MAYBE:
            case Xapian::Query::OP_SCALE_WEIGHT:
                return n == 0 || sub(0);
            case Xapian::Query::OP_PHRASE:
            case Xapian::Query::OP_NEAR: {
                std::vector<std::vector<Xapian::termpos>> lists;
                for (std::size_t i = 0; i < n; ++i) {
                    const Xapian::Query child = q.get_subquery(i);
                    if (child.get_type() != Xapian::Query::LEAF_TERM) {
                        if (!sub(i)) return false;  // not a word (never made by our parser): presence only
                        continue;
                    }
                    const auto* list = words.find(*child.get_terms_begin());
                    if (!list || list->empty()) return false;
                    lists.push_back(*list);
                }
                return fits(lists, window_of(q), q.get_type() == Xapian::Query::OP_PHRASE);
            }
            case Xapian::Query::OP_WILDCARD: {
                const auto described = description_words(q);  // "WILDCARD SYNONYM pattern"
                const std::string& pattern = described.back();
                return pattern.starts_with(kStemPrefix) ? words.has_prefix(pattern) : has_prefix(doc, pattern);
            }
            case Xapian::Query::OP_VALUE_RANGE:
            case Xapian::Query::OP_VALUE_GE:
            case Xapian::Query::OP_VALUE_LE: {
                // "VALUE_RANGE slot begin end", "VALUE_GE slot begin", "VALUE_LE slot end"
                const auto described = description_words(q);
                const auto at = std::find_if(described.begin(), described.end(),
                                             [](const std::string& w) { return w.starts_with("VALUE_"); });
                if (std::distance(at, described.end()) < 3) return true;
                const std::string value = doc.get_value(static_cast<Xapian::valueno>(std::stoul(*(at + 1))));
                if (value.empty()) return false;
                if (*at == "VALUE_GE") return value >= *(at + 2);
                if (*at == "VALUE_LE") return value <= *(at + 2);
                return std::distance(at, described.end()) >= 4 && value >= *(at + 2) && value <= *(at + 3);
            }
            default:  // match-all, posting sources: nothing positional to check
                return true;
        }
    }
};

}  // namespace

bool needs_positions(const Xapian::Query& query) {
    const auto type = query.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (needs_positions(query.get_subquery(i))) return true;
    return false;
}

namespace {

void collect_stems(const Xapian::Query& q, bool negated, std::set<std::string>& stems, bool& stem_negated) {
    const auto type = q.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        const std::string term = *q.get_terms_begin();
        if (term.starts_with(kStemPrefix)) {
            stems.insert(term);
            stem_negated = stem_negated || negated;
        }
        return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const bool neg = negated || (type == Xapian::Query::OP_AND_NOT && i > 0) || type == Xapian::Query::OP_XOR;
        collect_stems(q.get_subquery(i), neg, stems, stem_negated);
    }
}

}  // namespace

PositionCheck::PositionCheck(Xapian::Query query, const std::string& language)
    : query_(std::move(query)), builder_(language) {
    bool negated = false;
    collect_stems(query_, false, stems_, negated);
    // The hashed filter may only say yes wrongly; under a NOT that would turn into a wrong no.
    filter_ = !negated;
    for (const auto& s : stems_) hashes_.emplace_back(word_hash(s), s);
}

bool PositionCheck::operator()(const Xapian::Document& doc) const {
    if (filter_) {
        Words hashed;
        for (const auto& s : stems_) hashed.lists[s];
        for_each_word(doc.get_value(kWordsSlot), [&](Xapian::termpos pos, std::uint16_t h) {
            for (const auto& [hash, stem] : hashes_)
                if (hash == h) hashed.lists[stem].push_back(pos);
        });
        if (!Evaluator{hashed, doc}(query_)) return false;  // certain: equal stems have equal hashes
    }
    auto record = decode_display_record(doc.get_data());
    if (!record) return true;  // no text to check against: keep Xapian's answer
    const Xapian::Document positional = builder_.positional(record->title, record->text);
    Words exact;
    exact.exact = &positional;
    for (const auto& s : stems_) {
        auto& list = exact.lists[s];
        auto t = positional.termlist_begin();
        t.skip_to(s);
        if (t != positional.termlist_end() && *t == s)
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) list.push_back(*p);
    }
    return Evaluator{exact, doc}(query_);
}

}  // namespace newsdex
