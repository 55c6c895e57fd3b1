// Ranking metrics of IR evaluation (as trec_eval defines them), over judged queries:
//   AP (average precision over the ranking given, at most 1000 deep), P@10, nDCG@10 with gains 2^g - 1
//   and log2 discounts, Recall@100. Grades are integers; > 0 is relevant, higher is more relevant.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace newsdex::eval {

using Grades = std::map<std::string, int>;  // document -> grade, for one query

struct QueryScores {
    double ap = 0, p10 = 0, ndcg10 = 0, r100 = 0;
};

/// The scores of one `ranking` (best first, no document twice) against the judgments `grades`.
/// REQUIRES: some document in `grades` has a grade > 0.
QueryScores score(const std::vector<std::string>& ranking, const Grades& grades);

struct Summary {
    QueryScores mean;   ///< the mean of each score over the judged queries
    int queries = 0;    ///< queries with at least one relevant document (the others are not scored)
};

/// Scores every judged query; a judged query missing from `runs` scores 0 (it found nothing).
Summary summarise(const std::map<std::string, std::vector<std::string>>& runs,
                  const std::map<std::string, Grades>& judgments);

}  // namespace newsdex::eval
