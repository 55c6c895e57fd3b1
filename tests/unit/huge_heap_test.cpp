// place_heap_on_huge_page() is meant for the start of a process, so it is tested in a process of its own
// (doctest's runner has allocated and freed plenty by the time a test case runs). Exit 0 when it did
// what it says, 1 with the reason when not.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "newsdex/huge_heap.hpp"

namespace {

constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kUnderSanitizer = true;
#else
constexpr bool kUnderSanitizer = false;
#endif

int fail(const std::string& why) {
    std::fprintf(stderr, "huge_heap_test: %s\n", why.c_str());
    return 1;
}

// "always" or "madvise" selected in the kernel's switch: then a touched madvised stretch must be a huge page.
bool kernel_gives_huge_pages() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    return line.find("[always]") != std::string::npos || line.find("[madvise]") != std::string::npos;
}

// The AnonHugePages line of the mapping that starts at `start` in /proc/self/smaps, or "" if none does.
std::string huge_pages_of_mapping_at(std::uintptr_t start) {
    std::ifstream in("/proc/self/smaps");
    char head[32];
    std::snprintf(head, sizeof head, "%lx-", static_cast<unsigned long>(start));
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
            !std::isupper(static_cast<unsigned char>(line[0])))  // "start-end perms ...", not "Key: value"
            inside = line.rfind(head, 0) == 0;
        else if (inside && line.rfind("AnonHugePages:", 0) == 0)
            return line;
    }
    return "";
}

}  // namespace

int main() {
    std::vector<char*> blocks;
    blocks.reserve(2500);  // before, so that the list itself takes nothing from the stretch
    void* huge = newsdex::place_heap_on_huge_page();
    if (kUnderSanitizer) {  // a sanitizer's allocator is not glibc's heap: it must be left alone
        if (huge != nullptr) return fail("did something under a sanitizer's allocator");
        std::puts("huge_heap_test: nothing done under a sanitizer, as documented");
        return 0;
    }
    if (huge == nullptr) return fail("did nothing at the start of a glibc process");
    const auto at = reinterpret_cast<std::uintptr_t>(huge);
    if (at % kHuge != 0) return fail("the stretch does not start on a 2 MiB boundary");

    // Nothing has been freed yet, so the next allocations come from the free top, which now starts at
    // the boundary: the first one's header takes the first 16 bytes.
    for (int i = 0; i < 500; ++i) blocks.push_back(static_cast<char*>(std::malloc(3000)));
    if (reinterpret_cast<std::uintptr_t>(blocks.front()) != at + 16)
        return fail("the first allocation is not at the start of the stretch");
    for (char* block : blocks) {
        const auto b = reinterpret_cast<std::uintptr_t>(block);
        if (b < at || b + 3000 > at + kHuge) return fail("an allocation fell outside the stretch");
        std::memset(block, 0x5a, 3000);
    }

    if (kernel_gives_huge_pages()) {
        const std::string line = huge_pages_of_mapping_at(at);
        if (line.empty()) return fail("no mapping starts at the stretch: it was not madvised");
        if (line.find(" 2048 kB") == std::string::npos)
            return fail("the touched stretch is not one huge page: '" + line + "'");
    } else {
        std::puts("huge_heap_test: this kernel gives no transparent huge pages; placement checked only");
    }

    // The heap stays sound past the stretch and through frees (glibc aborts on a broken heap).
    for (int i = 0; i < 2000; ++i) blocks.push_back(static_cast<char*>(std::malloc(4000)));
    for (char* block : blocks) std::free(block);
    std::free(std::malloc(10 << 20));
    std::puts("huge_heap_test: the heap's top starts on a 2 MiB boundary, on one huge page");
    return 0;
}
