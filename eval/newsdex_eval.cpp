// newsdex-eval QRELS RUN: the ranking metrics of a run against relevance judgments (the measuring half
// of scripts/eval). QRELS: lines "query document grade"; RUN: lines "query document" in rank order
// within each query (extra columns are ignored). Prints "MAP P@10 nDCG@10 R@100 QUERIES".
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "metrics.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: newsdex-eval QRELS RUN\n";
        return 2;
    }
    std::map<std::string, newsdex::eval::Grades> judgments;
    std::ifstream qrels(argv[1]);
    if (!qrels) return std::cerr << "newsdex-eval: cannot read " << argv[1] << '\n', 2;
    for (std::string line; std::getline(qrels, line);) {
        std::istringstream in(line);
        std::string q, d;
        int g = 0;
        if (in >> q >> d >> g) judgments[q][d] = std::max(judgments[q][d], g);
    }
    std::map<std::string, std::vector<std::string>> runs;
    std::map<std::string, std::set<std::string>> seen;
    std::ifstream run(argv[2]);
    if (!run) return std::cerr << "newsdex-eval: cannot read " << argv[2] << '\n', 2;
    for (std::string line; std::getline(run, line);) {
        std::istringstream in(line);
        std::string q, d;
        if ((in >> q >> d) && seen[q].insert(d).second) runs[q].push_back(d);
    }
    const auto s = newsdex::eval::summarise(runs, judgments);
    std::printf("%.4f %.4f %.4f %.4f %d\n", s.mean.ap, s.mean.p10, s.mean.ndcg10, s.mean.r100, s.queries);
    return 0;
}
