#include "newsdex/ranking.hpp"

#include <algorithm>
#include <cmath>

namespace newsdex {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kMinNormalisedLength = 0.5;

}  // namespace

Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(kK1, 0, 1, kB, kMinNormalisedLength); }

WordCountWeight::WordCountWeight() {
    need_stat(COLLECTION_SIZE);
    need_stat(TERMFREQ);
    need_stat(WQF);
    need_stat(WDF);
    need_stat(WDF_MAX);
    need_stat(DOC_LENGTH);
    need_stat(DOC_LENGTH_MIN);
    need_stat(AVERAGE_LENGTH);
}

double WordCountWeight::bm25_part(double weight) { return weight - std::floor(weight / kWordBonus) * kWordBonus; }

WordCountWeight* WordCountWeight::clone() const { return new WordCountWeight; }

// BM25 as Xapian's BM25Weight computes it with k2 = 0 and k3 = 1, without a relevance set (search()
// never gives one): the Robertson/Sparck Jones weight kept positive for words in more than half the
// articles, and the query-frequency factor.
void WordCountWeight::init(double factor) {
    const double articles = get_collection_size();
    const double holding = get_termfreq();
    double odds = (articles - holding + 0.5) / (holding + 0.5);
    if (odds < 2) odds = odds * 0.5 + 1;
    const double wqf = get_wqf();
    termweight_ = std::log(odds) * factor;
    termweight_ *= 2 * wqf / (1 + wqf);
    termweight_ *= kK1 + 1;
    // Only a word that weighs: Xapian gives a word under a boolean filter no weight at all, and this
    // keeps it so should it ever ask with a factor of 0.
    bonus_ = factor > 0 ? kWordBonus : 0;
    inverse_average_length_ = get_average_length();
    if (inverse_average_length_ != 0) inverse_average_length_ = 1 / inverse_average_length_;
}

std::string WordCountWeight::name() const { return "newsdex::WordCountWeight"; }

double WordCountWeight::bm25(double wdf, double doclen) const {
    const double normalised = std::max(doclen * inverse_average_length_, kMinNormalisedLength);
    return termweight_ * (wdf / (kK1 * (normalised * kB + (1 - kB)) + wdf));
}

double WordCountWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount) const {
    return bm25(wdf, doclen) + bonus_;
}

// BM25's bound: the most frequent occurrence in the shortest article it can be in.
double WordCountWeight::get_maxpart() const {
    const double wdf_max = get_wdf_upper_bound();
    return bm25(wdf_max, std::max<double>(wdf_max, get_doclength_lower_bound())) + bonus_;
}

double WordCountWeight::get_sumextra(Xapian::termcount, Xapian::termcount) const { return 0; }

double WordCountWeight::get_maxextra() const { return 0; }

}  // namespace newsdex
