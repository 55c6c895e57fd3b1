// How articles are weighed: BM25, and BM25 with a bonus for each query word an article holds.
#pragma once

#include <string>

#include <xapian.h>

namespace newsdex {

/// BM25 with the textbook parameters, k1 = 1.2 and b = 0.75, not Xapian's 1 and 0.5: MAP +2% to +5% on
/// CISI, Cranfield and MEDLINE, and the BBC known-item check unchanged (scripts/eval, README).
Xapian::BM25Weight ranking_weight();

/// ranking_weight()'s BM25, plus kWordBonus for each weighted word (term or wildcard) of the query that
/// an article holds: articles rank by how many of the words they hold, then by BM25.
///
/// For a query of two words that is newsdex's ranking (every word first, then some, each by BM25) in one
/// Enquire over the OR, instead of an AND and then an OR. It is also cheaper than either: once the page
/// is full of articles holding both words, no article with one can reach it, and Xapian's matcher turns
/// the OR into an AND from there on (its maximum-weight pruning). A plain OR under BM25 cannot: an
/// article with one very rare word may outweigh one with both. With more words the two differ (this
/// would rank three words of four above two; newsdex ranks all below every word by BM25 alone), so
/// search() uses it for two.
///
/// Written out rather than derived from Xapian::BM25Weight, whose init() is private; a unit test holds
/// it to BM25Weight's weights.
class WordCountWeight : public Xapian::Weight {
public:
    /// More than BM25 can give a query of a few words: a word's BM25 weight is at most
    /// (k1 + 1) * 2 * log(2N + 1), about 100 for N = 10^9 articles.
    static constexpr double kWordBonus = 4096;

    WordCountWeight();

    /// The BM25 part of a weight this scheme gave: the bonuses taken off.
    static double bm25_part(double weight);

    WordCountWeight* clone() const override;
    void init(double factor) override;
    std::string name() const override;
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
    double get_maxpart() const override;
    double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
    double get_maxextra() const override;

private:
    double bm25(double wdf, double doclen) const;
    double termweight_ = 0;
    double bonus_ = 0;
    double inverse_average_length_ = 0;
};

}  // namespace newsdex
