// libFuzzer target: the article reader and the document builder on any bytes. Beyond "no crash, no
// sanitizer report", it checks what must hold for every article: the display record survives its
// encoding, and the word sequence has one entry per position the builder gave (the same sequence as a
// positional document's).
// An input holding "\n--sidecar--\n" is split there: what follows is the sidecar's JSON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "newsdex/article.hpp"
#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"

namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    static const std::string_view kSplit = "\n--sidecar--\n";
    std::optional<std::string> sidecar;
    std::string_view bytes = input;
    if (const std::size_t at = input.find(kSplit); at != std::string_view::npos) {
        sidecar = std::string(input.substr(at + kSplit.size()));
        bytes = input.substr(0, at);
    }
    auto article = newsdex::read_article(bytes, "/archive/2023/06/19/story.txt", sidecar, "/archive/2023/06/19/story.json", {});
    if (!article) {
        require(!article.error().message.empty(), "a failure says why");
        return 0;
    }
    static newsdex::DocumentBuilder builder("english");
    newsdex::BuiltDocument built = builder.build(*article);
    require(built.words.size() % 2 == 0, "the word sequence is whole 16-bit entries");
    // The sequence comes from the stemmer's calls (see WordStemmer): it must say what positions say.
    const Xapian::Document positional = builder.positional(article->title.value, article->body);
    require(built.words == newsdex::encode_word_sequence(positional),
            "the word sequence equals the one read from a positional document");
    require(built.doc.get_value(newsdex::kSharedHashesSlot) == newsdex::encode_shared_hashes(positional),
            "the shared hashes equal those of a positional document's terms");
    Xapian::Document& doc = built.doc;
    static newsdex::RecordEncoder encoder;
    newsdex::stamp_document(doc, *article, built.words, 7, encoder);
    const auto record = newsdex::load_display_record(doc);
    require(record.has_value(), "the display record decodes");
    const auto full = newsdex::load_full_record(doc, Xapian::Database());
    require(full.has_value() && full->text == article->body && full->record.path == record->path,
            "the stored text round-trips");
    require(record->id == 7 && record->title == article->title.value &&
                record->path == "/archive/2023/06/19/story.txt",
            "the display record round-trips");
    std::set<std::string> distinct;
    for (const auto& w : built.spellings)
        require(w.size() >= 2 && w.size() <= 30 && distinct.insert(w).second, "spelling words are distinct, 2 to 30 bytes");
    return 0;
}
