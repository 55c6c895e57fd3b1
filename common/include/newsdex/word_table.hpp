// A map from word to value for the indexer's hot paths: the stem cache of every parser thread (each
// word of every article is looked up) and the run's spelling counts (each distinct word of every
// article).
//
// The values sit in a deque, where they stay put (an article's lists point into the stem cache), and are
// found through an open-addressed table of (hash tag, entry) pairs whose size is a power of two.
// std::unordered_map's lookup had cost three cache misses (its bucket, the node before, the node) and two
// divisions by a prime: most of the stemmer's time, a tenth of a parser thread's. abseil's flat_hash_map
// moves its entries when it grows, and Debian ships it as shared libraries that newsdex-search (whose
// snippets use the stemmer) would load at every start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex {

template <typename Value>
class WordTable {
public:
    struct Entry {
        std::string word;
        Value value;
    };

    /// The entry of `word`, and whether this call added it (with a value-initialised value).
    std::pair<Entry*, bool> find_or_add(std::string_view word) {
        if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow();  // load at most three quarters
        const std::uint64_t h = hash(word);
        Slot& slot = slot_of(word, h);
        if (slot.entry != 0) return {&entries_[slot.entry - 1], false};
        entries_.push_back({std::string(word), Value{}});
        slot = {tag(h), static_cast<std::uint32_t>(entries_.size())};
        return {&entries_.back(), true};
    }

    /// The entry of `word`, or null.
    Entry* find(std::string_view word) {
        const Slot& slot = slot_of(word, hash(word));
        return slot.entry != 0 ? &entries_[slot.entry - 1] : nullptr;
    }

    std::size_t size() const { return entries_.size(); }

    void clear() {
        entries_.clear();
        slots_.assign(kFirstSlots, Slot{});
    }

    /// The entries in the order they were added.
    auto begin() { return entries_.begin(); }
    auto end() { return entries_.end(); }

private:
    static constexpr std::size_t kFirstSlots = 64;  // 512 bytes: a searcher's stemmer sees a few words
    struct Slot {
        std::uint32_t tag = 0;    // the hash's high bits, which the slot's position does not use
        std::uint32_t entry = 0;  // index in entries_ plus one; 0: empty
    };

    static std::uint64_t hash(std::string_view word) { return std::hash<std::string_view>{}(word); }
    static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
    std::size_t mask() const { return slots_.size() - 1; }

    // The slot that holds `word`, or the empty one where it would go (linear probing).
    Slot& slot_of(std::string_view word, std::uint64_t h) {
        for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
            Slot& slot = slots_[i];
            if (slot.entry == 0 || (slot.tag == tag(h) && entries_[slot.entry - 1].word == word)) return slot;
        }
    }

    void grow() {
        slots_.assign(slots_.size() * 2, Slot{});
        for (std::size_t n = 0; n < entries_.size(); ++n) {
            const std::uint64_t h = hash(entries_[n].word);
            slot_of(entries_[n].word, h) = {tag(h), static_cast<std::uint32_t>(n + 1)};
        }
    }

    std::deque<Entry> entries_;
    std::vector<Slot> slots_ = std::vector<Slot>(kFirstSlots);
};

}  // namespace newsdex
