// Two words whose stem terms share a word hash: what an article's word sequence cannot tell apart.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"

namespace newsdex::test {

// Found by trying made-up words until two collide (a few hundred, for 16 bits): consonants without s
// or y, which the English stemmer leaves as they are, so each word is its own stem.
inline std::pair<std::string, std::string> words_sharing_a_hash() {
    static constexpr std::string_view kLetters = "bcdfghjklmnpqrtvwxz";
    const Xapian::Stem stem = make_stemmer("english");
    std::map<std::uint16_t, std::string> seen;
    for (unsigned i = 0;; ++i) {
        std::string word = "zq";
        for (unsigned n = i;; n /= kLetters.size()) {
            word += kLetters[n % kLetters.size()];
            if (n < kLetters.size()) break;
        }
        if (stem(word) != word) continue;
        const auto [it, fresh] = seen.emplace(word_hash(std::string(kStemPrefix) + word), word);
        if (!fresh) return {it->second, word};
    }
}

}  // namespace newsdex::test
