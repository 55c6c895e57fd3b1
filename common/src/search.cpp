#include "newsdex/search.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"
#include "newsdex/positions.hpp"
#include "newsdex/query.hpp"
#include "newsdex/ranking.hpp"
#include "newsdex/text.hpp"

namespace newsdex {

namespace {

constexpr std::size_t kSnippetLength = 240;

// Dated articles in date order, undated ones last whichever way the list runs.
class DateKey : public Xapian::KeyMaker {
public:
    explicit DateKey(bool newest_first) : newest_first_(newest_first) {}
    std::string operator()(const Xapian::Document& doc) const override {
        std::string date = doc.get_value(kDateSlot);
        if (date.empty()) return newest_first_ ? std::string() : std::string("\xff");
        return date;
    }

private:
    bool newest_first_;
};

// MSet::snippet escapes HTML; our outputs are text, JSON and TSV, so undo it.
std::string unescape_html(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            static constexpr std::pair<std::string_view, char> kEntities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool replaced = false;
            for (const auto& [entity, c] : kEntities) {
                if (std::string_view(s).substr(i).starts_with(entity)) {
                    out += c;
                    i += entity.size() - 1;
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        out += s[i];
    }
    return out;
}

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    std::string out;
    for (char c : s)
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    return std::string(trim(out));
}

// Runs fn, which reads db. A writer's commit can overtake a long read (DatabaseModifiedError): reopening
// sees the new state, and once is enough. Other Xapian failures become errors.
template <typename T, typename Fn>
Result<T> with_reopen(Xapian::Database& db, Fn fn) {
    for (int attempt = 0;; ++attempt) {
        try {
            return fn();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0) return fail(Errc::Xapian, "the index changed twice during one search", "search again");
            db.reopen();
        } catch (const Xapian::Error& e) {
            return fail(Errc::Xapian, "searching: " + e.get_description());
        }
    }
}

}  // namespace

namespace {

// The database the stub names, opened as a glass folder when the stub is in the indexer's form (Xapian's
// own reading of a stub file goes through a stream: a tenth of a millisecond in a one-query process),
// else through Xapian. A compaction may swap the stub and remove the folder it named between our reading
// the one and opening the other: then the stub names the new folder, so read it again.
Result<std::pair<Xapian::Database, StubIdentity>> open_database(const IndexDir& index) {
    for (int attempt = 1;; ++attempt) {
        const Stub stub = read_stub(index);
        try {
            if (stub.folder.empty()) return std::pair{Xapian::Database(index.xapian().string()), stub_identity(index)};
            return std::pair{Xapian::Database((index.dir / stub.folder).string(), Xapian::DB_BACKEND_GLASS), stub.identity};
        } catch (const Xapian::DatabaseOpeningError& e) {
            if (!std::filesystem::exists(index.xapian()))
                return fail(Errc::NoIndex, "no index at " + quote_path(index.dir.string()),
                            "create it with `newsdex-index --index " + index.dir.string() +
                                " PATH...`, or point --index or $NEWSDEX_INDEX at an existing one");
            if (attempt == 5) return fail(Errc::Xapian, "index " + quote_path(index.dir.string()) + ": " + e.get_description());
        } catch (const Xapian::Error& e) {
            return fail(Errc::Xapian, "index " + quote_path(index.dir.string()) + ": " + e.get_description());
        }
    }
}

}  // namespace

Result<Searcher> Searcher::open(const IndexDir& index) {
    auto opened = open_database(index);
    if (!opened) return Unexpected{opened.error()};
    auto& [db, identity] = *opened;
    try {
        const std::string layout = db.get_metadata(kLayoutKey);
        if (layout != std::to_string(kDocumentLayoutVersion))
            return fail(Errc::SchemaMismatch,
                        "index " + quote_path(index.dir.string()) + " has document layout '" + layout +
                            "'; this newsdex reads layout " + std::to_string(kDocumentLayoutVersion),
                        "rebuild it: newsdex-index --full --index " + index.dir.string() +
                            " PATH..., with the folders it was made from");
        std::string language = db.get_metadata(kLanguageKey);
        return Searcher(index, identity, std::move(db), language.empty() ? "english" : language);
    } catch (const Xapian::Error& e) {
        return fail(Errc::Xapian, "index " + quote_path(index.dir.string()) + ": " + e.get_description());
    }
}

Result<void> Searcher::follow_swaps() {
    if (stub_identity(index_) == stub_) return {};
    auto opened = open_database(index_);
    if (!opened) return Unexpected{opened.error()};
    std::tie(db_, stub_) = std::move(*opened);
    front_end_ = QueryFrontEnd(db_, language_);
    return {};
}

namespace {

// The articles `parsed` matches, as search() finds them, phrases checked: every word, or some (under a
// NOT, "some" is the stricter one: "-(a b)" relaxed is "-(a OR b)"), so the union. `size` of them are
// listed, and at least `check_at_least` counted exactly.
Xapian::MSet match_union(const Xapian::Database& db, const std::string& language, const ParsedQuery& parsed,
                         Xapian::doccount size, Xapian::doccount check_at_least) {
    const Xapian::Query q = parsed.any ? Xapian::Query(Xapian::Query::OP_OR, parsed.all, *parsed.any) : parsed.all;
    Xapian::Enquire enquire(db);
    enquire.set_query(candidates(q, db));
    std::optional<PositionCheck> check;
    if (needs_positions(q)) check.emplace(q, db, language);
    return enquire.get_mset(0, size, check_at_least, nullptr, check ? &*check : nullptr);
}

}  // namespace

Result<std::uint64_t> Searcher::count(const std::string& query) {
    if (auto r = follow_swaps(); !r) return Unexpected{r.error()};
    return with_reopen<std::uint64_t>(db_, [&]() -> Result<std::uint64_t> {
        auto parsed = front_end_.parse(query);
        if (!parsed) return Unexpected{parsed.error()};
        // Checking every document makes the count exact.
        return std::uint64_t{match_union(db_, language_, *parsed, 0, db_.get_doccount()).get_matches_estimated()};
    });
}

namespace {

// Feedback: when no article holds every word of a plain query (a question, a description: the words
// the user chose are not all the words the articles use), the ten best articles are taken as relevant
// and the twenty terms that most distinguish them re-weight the ranking, at 0.3 of a query word's
// weight. AND_MAYBE: they reorder the articles that hold some of the user's words and add none. On
// the judged collections this is most of the lead over the peers (MAP +6% to +8%); a query whose best
// article already holds every word, as a known-item search for a news story usually does, is left as
// it is and costs nothing more (scripts/eval, README). Nor is a query of two words: its best articles
// hold one word or the other, and terms drawn from them would pull towards one of the two subjects.
constexpr std::size_t kFeedbackMinWords = 3;
constexpr Xapian::doccount kFeedbackDocuments = 10;
constexpr Xapian::termcount kFeedbackTerms = 20;
constexpr double kFeedbackWeight = 0.3;

// Stems worth adding: body stems (Z, not headline stems ZS) that the query does not hold already.
class FeedbackTerms : public Xapian::ExpandDecider {
public:
    explicit FeedbackTerms(const Xapian::Query& query) : query_terms_(query.get_terms_begin(), query.get_terms_end()) {}
    bool operator()(const std::string& term) const override {
        return term.starts_with(kStemPrefix) && !term.starts_with(title_stems_) && !query_terms_.count(term);
    }

private:
    std::set<std::string> query_terms_;
    std::string title_stems_ = title_stem_prefix();
};

// One Enquire: what Xapian runs, the query a candidate's word positions must satisfy (when it holds a
// PHRASE or NEAR), and whether feedback may re-weight it (when no article holds every word).
struct Tier {
    Xapian::Query query;
    std::optional<Xapian::Query> positions;
    bool feedback = false;
    /// `query` without its "and not an earlier tier's match" part, for when every article of the earlier
    /// tiers is on the page already: those few are then dropped by docid, which costs less than running
    /// the earlier tiers' query again beside this one (an AND_NOT matches its right side as it goes).
    std::optional<Xapian::Query> unexcluded;
    /// Weighed by WordCountWeight (articles with both words first) instead of ranking_weight().
    bool by_word_count = false;
};

// The words of `q` that Xapian weighs, each term or wildcard once (a filter's and a NOT's are not
// weighed); none when `q` weighs in some other way (a scaled weight, a phrase), or when it holds a NOT
// or a filter of several words, which the all-words query holds joined by AND and the some-words query
// by OR: those two then match other articles ('grain river -(xyzzy drought)').
std::optional<std::size_t> weighed_words(const Xapian::Query& q) {
    const auto single = [](const Xapian::Query& kid) {
        const auto t = kid.get_type();
        return t == Xapian::Query::LEAF_TERM || t == Xapian::Query::OP_VALUE_RANGE || t == Xapian::Query::OP_VALUE_GE ||
               t == Xapian::Query::OP_VALUE_LE;
    };
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return q.get_terms_begin() == q.get_terms_end() || (*q.get_terms_begin()).empty() ? 0 : 1;
        case Xapian::Query::OP_WILDCARD:
        case Xapian::Query::OP_SYNONYM: return 1;
        case Xapian::Query::LEAF_MATCH_NOTHING:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE: return 0;
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
            for (std::size_t i = 1; i < q.get_num_subqueries(); ++i)
                if (!single(q.get_subquery(i))) return std::nullopt;
            return weighed_words(q.get_subquery(0));
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR: {
            std::size_t n = 0;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                const auto kid = weighed_words(q.get_subquery(i));
                if (!kid) return std::nullopt;
                n += *kid;
            }
            return n;
        }
        default: return std::nullopt;
    }
}

// Every word first, then some: articles with every word rank first, then those with some, each by
// BM25. Two Enquires, one after the other: once the first fills the page, the second only estimates its
// count (no matching at all). A query of two words, in relevance order, runs as one Enquire under
// WordCountWeight, which ranks the same and costs less (reuters-txt pairs: 1.11x -> 1.03x the bare
// loop). With more words that weight would rank three words of four above two, where newsdex ranks
// every article without all the words by BM25 alone; an all-words bonus that ranked right (a posting
// source, sixth session) cost 2% at p50 and 6% on average more than the two Enquires.
std::vector<Tier> plan(const ParsedQuery& parsed, const Xapian::Database& db, bool relevance_order) {
    const auto positions = [](const Xapian::Query& q) {
        return needs_positions(q) ? std::optional<Xapian::Query>(q) : std::nullopt;
    };
    if (!parsed.any) return {Tier{candidates(parsed.all, db), positions(parsed.all), false, std::nullopt}};
    const Xapian::Query rest(Xapian::Query::OP_AND_NOT, *parsed.any, parsed.all);
    // Either side: a value Xapian's parser read apart from the field check can make `all` nothing (the
    // filter) while `any` keeps a NEAR (found by fuzz_query: the NEAR went unchecked).
    if (!needs_positions(parsed.all) && !needs_positions(*parsed.any)) {
        if (relevance_order && weighed_words(*parsed.any) == 2)
            return {Tier{*parsed.any, std::nullopt, false, std::nullopt, true}};
        const std::set<std::string> words(parsed.any->get_unique_terms_begin(), parsed.any->get_unique_terms_end());
        return {Tier{parsed.all, std::nullopt, false, std::nullopt},
                Tier{rest, std::nullopt, words.size() >= kFeedbackMinWords, *parsed.any}};
    }
    // Xapian's AND_NOT would drop an article that holds the words of the phrase but not the phrase.
    return {Tier{candidates(parsed.all, db), parsed.all, false, std::nullopt},
            Tier{candidates(*parsed.any, db), rest, false, std::nullopt}};
}

// A tier's page, [first, first + size) of its ranking: the hits of `mset` from index `from` on. Snippets
// come from `words`, an MSet of the tier's own query: Xapian's snippet generator highlights the terms of
// the query an MSet was made for (and weighs passages by them), which after feedback would be twenty
// terms the user never typed ("is", "to", "hectare").
struct Page {
    Xapian::MSet mset;
    Xapian::doccount from = 0;
    Xapian::MSet words;
};

Page run_tier(Xapian::Enquire& enquire, const Tier& tier, bool feedback, Xapian::doccount first,
              Xapian::doccount size, const Xapian::Database& db, const std::string& language) {
    const auto run = [&](const Xapian::MatchDecider* decider) {
        Xapian::MSet mset = enquire.get_mset(first, size, first + size, nullptr, decider);
        return Page{mset, 0, mset};
    };
    if (feedback) {
        // The first page and the feedback articles in one go; again, re-weighted.
        const Xapian::doccount head = std::max(first + size, kFeedbackDocuments);
        const Xapian::MSet head_mset = enquire.get_mset(0, head, head);
        Page page{head_mset, first, head_mset};
        if (page.mset.empty()) return page;
        Xapian::RSet top;
        for (Xapian::doccount i = 0; i < page.mset.size() && i < kFeedbackDocuments; ++i) top.add_document(*page.mset[i]);
        const FeedbackTerms wanted(tier.query);
        const Xapian::ESet eset = enquire.get_eset(kFeedbackTerms, top, &wanted);
        if (eset.empty()) return page;
        const Xapian::Query more(Xapian::Query::OP_OR, eset.begin(), eset.end());
        // Its own Enquire: an MSet reads its query from the Enquire that made it, and head_mset must keep
        // the user's words for the snippets.
        Xapian::Enquire reweighted(db);
        reweighted.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, tier.query, Xapian::Query(kFeedbackWeight, more)));
        reweighted.set_weighting_scheme(ranking_weight());
        return Page{reweighted.get_mset(first, size, first + size), 0, head_mset};
    }
    if (!tier.positions) return run(nullptr);
    // Filtering alone is enough when the page's own hits are confirmed, and nothing before the page
    // went unconfirmed.
    using Mode = PositionCheck::Mode;
    PositionCheck check(*tier.positions, db, language, first == 0 ? Mode::Filter : Mode::Exact);
    Page page = run(&check);
    if (!check.filters_only()) return page;
    for (auto it = page.mset.begin(); it != page.mset.end(); ++it)
        if (!check.confirm(it.get_document())) {
            PositionCheck exact(*tier.positions, db, language, Mode::Exact);
            return run(&exact);
        }
    return page;
}

// The articles an OR of words holds beyond those that `all` (the MSet of the AND of the same words)
// holds, estimated as Xapian's matcher estimates an OR, each word's articles independent of the
// others', from the words' frequencies that `all` carries; none when `any` is not an OR of words.
std::optional<Xapian::doccount> estimated_rest(const Xapian::Query& any, const Xapian::MSet& all, Xapian::doccount docs) {
    if (any.get_type() != Xapian::Query::OP_OR || docs == 0) return std::nullopt;
    double some = 0;
    for (std::size_t i = 0; i < any.get_num_subqueries(); ++i) {
        const Xapian::Query word = any.get_subquery(i);
        if (word.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        const double f = all.get_termfreq(*word.get_terms_begin());
        some += f - some * f / docs;
    }
    const double rest = some - all.get_matches_estimated();
    return rest > 0 ? static_cast<Xapian::doccount>(rest + 0.5) : 0;
}

// Xapian's snippet generator stems every word of a hit's text to look it up among the query's stems. In a
// process that answers one query, every word is stemmed afresh: more than half of the snippets' time.
// An English (Porter2) stem begins with its word's first letter or digit (suffixes go, a final y turns
// to i, never the first; tests/integration/test_index.cpp holds it over corpus/ and Porter2's special
// words), so a word whose first character begins no stem of the query cannot match, and is not stemmed.
class SnippetStemmer : public Xapian::StemImplementation {
public:
    SnippetStemmer(Xapian::Stem stem, std::string first_chars) : stem_(std::move(stem)), first_chars_(std::move(first_chars)) {}
    std::string operator()(const std::string& word) override {
        const char first = word.empty() ? '\0' : ascii_lower(word[0]);
        if (std::isalnum(static_cast<unsigned char>(first)) && first_chars_.find(first) == std::string::npos)
            return {};  // "Z" + "" is no term
        return stem_(word);
    }
    std::string get_description() const override { return "newsdex SnippetStemmer(" + stem_.get_description() + ")"; }

private:
    static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
    Xapian::Stem stem_;
    std::string first_chars_;  // of the query's body stems
};

// The stemmer for the snippets of `parsed`.
Xapian::Stem snippet_stemmer(const std::string& language, const ParsedQuery& parsed) {
    if (language != "english" && language != "en") return make_stemmer(language);
    std::string first_chars;
    const auto add = [&](const Xapian::Query& q) {
        for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
            const std::string& term = *t;
            if (term.size() > kStemPrefix.size() && term.starts_with(kStemPrefix) && !term.starts_with(title_stem_prefix()))
                first_chars += term[kStemPrefix.size()];
        }
    };
    add(parsed.all);
    if (parsed.any) add(*parsed.any);
    add(parsed.highlight);
    return Xapian::Stem(new SnippetStemmer(make_stemmer(language), first_chars));
}

// An MSet for snippets whose query is `query` with the parse's highlight terms (ParsedQuery::highlight),
// weighed by BM25: Xapian's snippet generator reads both from the MSet.
Xapian::MSet with_highlight(const Xapian::Database& db, const Xapian::Query& query, const Xapian::Query& highlight) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, query, highlight));
    enquire.set_weighting_scheme(ranking_weight());
    return enquire.get_mset(0, 0);
}

}  // namespace

Result<SearchResults> Searcher::search(const SearchSpec& spec) {
    if (auto r = follow_swaps(); !r) return Unexpected{r.error()};
    return with_reopen<SearchResults>(db_, [&]() -> Result<SearchResults> {
        auto parsed = front_end_.parse(spec.query);
        if (!parsed) return Unexpected{parsed.error()};
        SearchResults out;
        out.query = spec.query;
        out.hits.reserve(std::min<std::size_t>(spec.limit, 100));
        std::unique_ptr<DateKey> key;
        if (spec.sort != SortOrder::Relevance) key = std::make_unique<DateKey>(spec.sort == SortOrder::Newest);
        const Xapian::Stem stemmer = spec.snippets ? snippet_stemmer(language_, *parsed) : Xapian::Stem();

        // Matches are counted only as far as the page needs: a tier that ends before the page does is
        // counted exactly, so the page runs on into the next tier at the right place; a tier that fills
        // the page gives an estimate.
        std::size_t skip = spec.offset;
        std::size_t want = spec.limit;
        std::size_t rank = spec.offset;
        bool page_full = false;
        std::optional<Xapian::MSet> first_tier;  // always run; its statistics say which words no article holds
        // The articles the earlier tiers listed, while that is all they match (Tier::unexcluded).
        std::vector<Xapian::docid> listed;
        bool all_listed = true;
        for (const auto& tier : plan(*parsed, db_, !key)) {
            Xapian::Enquire enquire(db_);
            enquire.set_query(tier.query);
            if (tier.by_word_count)
                enquire.set_weighting_scheme(WordCountWeight());
            else
                enquire.set_weighting_scheme(ranking_weight());
            if (page_full) {
                // Only counted, and only estimated: Xapian then matches nothing, but opens every posting
                // list again, which for plain words the first tier's statistics make needless.
                const auto rest = tier.unexcluded ? estimated_rest(*tier.unexcluded, *first_tier, db_.get_doccount())
                                                  : std::nullopt;
                out.total += rest ? *rest : enquire.get_mset(0, 0).get_matches_estimated();
                continue;
            }
            // The earlier tiers' matches are all on the page, or there are none: dropped by docid.
            const bool drop_listed = tier.unexcluded && all_listed;
            if (drop_listed) enquire.set_query(*tier.unexcluded);
            std::ranges::sort(listed);  // a page can be long (--limit); this tier's own hits go after these
            const auto earlier = listed.size();
            const auto was_listed = [&](Xapian::docid id) {
                return drop_listed && std::binary_search(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(earlier), id);
            };
            if (key) enquire.set_sort_by_key_then_relevance(key.get(), spec.sort == SortOrder::Newest);
            const auto first = static_cast<Xapian::doccount>(skip);
            const auto size = static_cast<Xapian::doccount>(want + (drop_listed ? earlier : 0));
            // Feedback where no article holds every word: the tiers before found nothing (their counts
            // are exact, as they ended inside the page). In date order it could not move a hit.
            const bool feedback = tier.feedback && !key && out.total == 0;
            auto [mset, from, words] = run_tier(enquire, tier, feedback, first, size, db_, language_);
            // The snippet generator weighs passages by the query's word weights, which the word bonus
            // would make all alike.
            if (spec.snippets && (tier.by_word_count || !parsed->highlight.empty()))
                words = with_highlight(db_, tier.query, parsed->highlight);
            if (!first_tier) first_tier = mset;
            std::size_t matches = mset.get_matches_estimated();
            if (drop_listed) {
                // Exact when the MSet ended inside what was asked (it holds every match), else an estimate
                // that takes `unexcluded` for a superset of the earlier tiers, as it is without a NOT.
                const auto dropped = static_cast<std::size_t>(std::count_if(mset.begin(), mset.end(), was_listed));
                matches -= std::min(matches, mset.size() < size ? dropped : earlier);
            }
            out.total += matches;
            std::size_t taken = 0;
            for (Xapian::doccount i = from; i < mset.size() && taken < want; ++i) {
                const Xapian::MSetIterator it = mset[i];
                if (was_listed(*it)) continue;
                ++taken;
                listed.push_back(*it);
                // Snippets need the text besides the record: a second value read a hit.
                const Xapian::Document doc = it.get_document();
                FullRecord full;
                if (spec.snippets) {
                    auto loaded = load_full_record(doc, db_);
                    if (!loaded) return Unexpected{loaded.error()};
                    full = std::move(*loaded);
                } else {
                    auto loaded = load_display_record(doc);
                    if (!loaded) return Unexpected{loaded.error()};
                    full.record = std::move(*loaded);
                }
                DisplayRecord& record = full.record;
                Hit h;
                h.rank = ++rank;
                h.score = tier.by_word_count ? WordCountWeight::bm25_part(it.get_weight()) : it.get_weight();
                h.id = record.id;
                h.title = std::move(record.title);
                h.date = std::move(record.date);
                h.source = std::move(record.source);
                h.author = std::move(record.author);
                h.path = std::move(record.path);
                h.url = std::move(record.url);
                if (spec.snippets) {
                    // Flags 0: the first passage dense in matched words. Xapian's default scoring
                    // (SNIPPET_EXHAUSTIVE | SNIPPET_BACKGROUND_MODEL) cost 2.3 ms a page on reuters-txt,
                    // nine tenths of the query, for snippets that read no better.
                    h.snippet = one_line(unescape_html(words.snippet(full.text, kSnippetLength, stemmer, 0,
                                                                     spec.highlight_start, spec.highlight_end, "…")));
                }
                out.hits.push_back(std::move(h));
            }
            if (taken == want) {
                page_full = true;
                continue;
            }
            // This tier ended inside the page (or before it): its count is exact.
            all_listed = all_listed && (first == 0 || matches == 0);
            skip = skip > matches ? skip - matches : 0;
            want -= taken;
        }
        // A suggestion costs a trigram lookup per word; it can only help when some word is not in the
        // index at all (a phrase of known words that matches nothing is not misspelt). Such a word is
        // worth a suggestion even when the other words found something ('coffe prices').
        const auto unknown_word = [&] {
            for (auto t = parsed->all.get_unique_terms_begin(); t != parsed->all.get_unique_terms_end(); ++t)
                if (std::string_view(*t).starts_with(kStemPrefix) && first_tier->get_termfreq(*t) == 0) return true;
            return false;
        };
        if (unknown_word()) {
            // Xapian's corrector picks each word apart: corrected together they can still find nothing
            // (a phrase whose words never meet), and the table can hold a word no article holds (a
            // killed run's changes to it are lost). A suggestion that finds nothing is not made.
            std::string suggestion = front_end_.suggest_spelling(spec.query);
            if (!suggestion.empty()) {
                auto again = front_end_.parse(suggestion);
                if (again && !match_union(db_, language_, *again, 1, 1).empty()) out.corrected = std::move(suggestion);
            }
        }
        return out;
    });
}

}  // namespace newsdex
