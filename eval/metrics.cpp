#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace newsdex::eval {

namespace {

double gain(int grade) { return grade > 0 ? std::pow(2.0, grade) - 1 : 0; }
double discount(std::size_t rank) { return 1 / std::log2(static_cast<double>(rank) + 1); }  // rank from 1

}  // namespace

QueryScores score(const std::vector<std::string>& ranking, const Grades& grades) {
    std::vector<int> ideal;
    for (const auto& [doc, g] : grades)
        if (g > 0) ideal.push_back(g);
    const auto relevant = static_cast<double>(ideal.size());
    std::sort(ideal.begin(), ideal.end(), std::greater<>());

    QueryScores s;
    double found = 0, dcg = 0;
    for (std::size_t i = 0; i < ranking.size() && i < 1000; ++i) {
        const auto it = grades.find(ranking[i]);
        const int g = it == grades.end() ? 0 : it->second;
        if (g <= 0) continue;
        ++found;
        s.ap += found / static_cast<double>(i + 1);
        if (i < 10) {
            s.p10 += 1;
            dcg += gain(g) * discount(i + 1);
        }
        if (i < 100) s.r100 += 1;
    }
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) idcg += gain(ideal[i]) * discount(i + 1);
    s.ap /= relevant;
    s.p10 /= 10;
    s.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    s.r100 /= relevant;
    return s;
}

Summary summarise(const std::map<std::string, std::vector<std::string>>& runs,
                  const std::map<std::string, Grades>& judgments) {
    Summary out;
    static const std::vector<std::string> kNothing;
    for (const auto& [query, grades] : judgments) {
        if (std::none_of(grades.begin(), grades.end(), [](const auto& g) { return g.second > 0; })) continue;
        const auto it = runs.find(query);
        const QueryScores q = score(it == runs.end() ? kNothing : it->second, grades);
        out.mean.ap += q.ap;
        out.mean.p10 += q.p10;
        out.mean.ndcg10 += q.ndcg10;
        out.mean.r100 += q.r100;
        ++out.queries;
    }
    if (out.queries > 0) {
        const double n = out.queries;
        out.mean.ap /= n;
        out.mean.p10 /= n;
        out.mean.ndcg10 /= n;
        out.mean.r100 /= n;
    }
    return out;
}

}  // namespace newsdex::eval
