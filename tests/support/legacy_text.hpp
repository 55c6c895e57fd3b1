// A stored text (slot kTextSlot) as newsdex wrote it before commit 9cba261, 2026-12-07: one zstd frame
// (no dictionary) of the display record followed by the text as a field, a varint length and its bytes. Readers still
// take such frames, which indexes of that time hold.
#pragma once

#include <string>
#include <string_view>

#include <zstd.h>

#include "newsdex/document.hpp"

namespace newsdex::test {

inline std::string legacy_text_frame(const DisplayRecord& record, std::string_view text) {
    std::string raw = encode_display_record(record);
    for (std::size_t n = text.size(); ; n >>= 7) {
        raw += static_cast<char>(n < 0x80 ? n : (n & 0x7F) | 0x80);
        if (n < 0x80) break;
    }
    raw.append(text);
    std::string packed(ZSTD_compressBound(raw.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 1));
    return packed;
}

}  // namespace newsdex::test
