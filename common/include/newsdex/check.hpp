// Do the Xapian database and the catalogue agree? Every indexed catalogue row has exactly one document
// (the one with the term Q<id>, whose record names the same id), and every document has such a row.
//
// The indexer commits Xapian before SQLite at each batch, so a crash between the two leaves Xapian one
// batch ahead: documents whose rows were not committed. The next run repairs that (see indexer.hpp);
// check_index() is how a person or a test sees it. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/catalogue.hpp"
#include "newsdex/index_dir.hpp"
#include "newsdex/result.hpp"

namespace newsdex {

struct Agreement {
    std::int64_t documents = 0;                   ///< in the Xapian database
    std::int64_t indexed = 0;                     ///< catalogue rows marked indexed
    std::vector<std::int64_t> only_in_xapian;     ///< documents whose id no indexed row has
    std::vector<std::int64_t> only_in_catalogue;  ///< indexed rows without a document
    std::vector<std::string> faults;              ///< anything else: an id on two documents, a bad record...
    /// False while a compaction's rebuild of the pair index is unfinished (a killed run): phrases are then
    /// checked without it, slower but not wrong, and the next run rebuilds it. Deep comparisons only.
    bool pair_index_whole = true;

    bool agrees() const { return only_in_xapian.empty() && only_in_catalogue.empty() && faults.empty(); }
};

/// Compares `db` with the catalogue rows `states`. With `deep`, also reads every document's records and
/// checks that they decode, agree and name its own id (a read of the whole database).
Agreement compare(const Xapian::Database& db, const std::vector<FileState>& states, bool deep);

/// Opens the index at `index` without writing and compares deeply. Fails with Errc::NoIndex when there
/// is no index, Errc::Locked while an indexer runs (its state is in between), Errc::Xapian or
/// Errc::Sqlite when a database cannot be read.
Result<Agreement> check_index(const IndexDir& index);

}  // namespace newsdex
