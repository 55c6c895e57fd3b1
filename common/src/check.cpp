#include "newsdex/check.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_set>

#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"
#include "newsdex/index_dir.hpp"
#include "newsdex/pairs.hpp"
#include "newsdex/text.hpp"

namespace newsdex {

namespace {

std::optional<std::int64_t> id_of_term(const std::string& term) {
    const std::string_view digits = std::string_view(term).substr(std::string_view(kIdPrefix).size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
    return id;
}

// Every article must be in the pair index's lists of its word pairs, or a phrase could miss it.
void check_pairs(const Xapian::Database& db, Agreement& a) {
    if (!pair_index_complete(db)) {
        a.pair_index_whole = false;
        return;
    }
    const PairIndexCheck c = check_pair_index(db);
    if (c.missing == 0) return;
    std::string article = "document " + std::to_string(c.first_article);
    const Xapian::Document doc = db.get_document(c.first_article);
    auto t = doc.termlist_begin();
    t.skip_to(std::string(kIdPrefix));
    if (t != doc.termlist_end() && (*t).starts_with(kIdPrefix)) article = "article " + (*t).substr(kIdPrefix.size());
    a.faults.push_back("the pair index lacks " + std::to_string(c.missing) + " of the articles' word pairs (the first in " +
                       article + "): phrases may miss them; newsdex-index --full rebuilds it");
}

}  // namespace

Agreement compare(const Xapian::Database& db, const std::vector<FileState>& states, bool deep) {
    Agreement a;
    a.documents = db.get_doccount();
    std::unordered_set<std::int64_t> indexed;
    for (const auto& s : states)
        if (s.indexed) indexed.insert(s.id);
    a.indexed = static_cast<std::int64_t>(indexed.size());

    std::unordered_set<std::int64_t> in_xapian;
    std::int64_t with_id = 0;
    // Phrases trust an article's word sequence where its shared hashes say they may (positions.hpp).
    const bool shared_hashes_written = deep && db.get_metadata(kSharedHashesKey) == "1";
    const std::string prefix(kIdPrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string term = *t;
        const auto id = id_of_term(term);
        if (!id) {
            a.faults.push_back("a term " + term + " that is not an article id");
            continue;
        }
        with_id += t.get_termfreq();
        if (t.get_termfreq() != 1) a.faults.push_back("article " + std::to_string(*id) + " is on " +
                                                      std::to_string(t.get_termfreq()) + " documents");
        in_xapian.insert(*id);
        if (!indexed.count(*id)) a.only_in_xapian.push_back(*id);
        if (!deep) continue;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const Xapian::Document doc = db.get_document(*p);
            const auto record = load_display_record(doc);
            const auto full = load_full_record(doc, db);
            const std::string article = "article " + std::to_string(*id);
            if (!record) a.faults.push_back(article + ": " + record.error().message);
            else if (record->id != *id)
                a.faults.push_back(article + "'s document holds the record of article " + std::to_string(record->id));
            else if (!full) a.faults.push_back(article + ": " + full.error().message);
            else if (encode_display_record(full->record) != encode_display_record(*record))  // frames stored with a copy: before 9cba261
                a.faults.push_back(article + ": its two stored records differ");
            if (shared_hashes_written && doc.get_value(kSharedHashesSlot) != encode_shared_hashes(doc))
                a.faults.push_back(article + ": the word hashes written as shared by its terms are not those they share: "
                                             "phrases may list it wrongly; newsdex-index --full rewrites it");
        }
    }
    if (with_id != a.documents)
        a.faults.push_back(std::to_string(a.documents - with_id) + " documents have no article id");
    if (deep) check_pairs(db, a);
    for (std::int64_t id : indexed)
        if (!in_xapian.count(id)) a.only_in_catalogue.push_back(id);
    std::sort(a.only_in_xapian.begin(), a.only_in_xapian.end());
    std::sort(a.only_in_catalogue.begin(), a.only_in_catalogue.end());
    return a;
}

Result<Agreement> check_index(const IndexDir& index) {
    if (!std::filesystem::exists(index.catalogue()))
        return fail(Errc::NoIndex, "no index at " + quote_path(index.dir.string()),
                    "create it with `newsdex-index --index " + index.dir.string() + " PATH...`");
    // A shared lock: refused while an indexer holds its exclusive one, and held while we read.
    const int fd = ::open(index.lock().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && ::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        char pid[32] = {};
        const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
        ::close(fd);
        return fail(Errc::Locked,
                    "index " + quote_path(index.dir.string()) + " is being written by newsdex-index process " +
                        (n > 0 ? std::string(trim(std::string_view(pid, static_cast<std::size_t>(n)))) : "?"),
                    "check it when that run has finished");
    }
    struct Closer {
        int fd;
        ~Closer() {
            if (fd >= 0) ::close(fd);
        }
    } closer{fd};
    auto catalogue = Catalogue::open(index.catalogue(), false);
    if (!catalogue) return Unexpected{catalogue.error()};
    auto states = catalogue->load_states();
    if (!states) return Unexpected{states.error()};
    try {
        return compare(Xapian::Database(index.xapian().string()), *states, true);
    } catch (const Xapian::Error& e) {
        return fail(Errc::Xapian, "index " + quote_path(index.dir.string()) + ": " + e.get_description());
    }
}

}  // namespace newsdex
