#include "newsdex/huge_heap.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define NEWSDEX_GLIBC_HEAP 1
#endif

namespace newsdex {

#ifdef NEWSDEX_GLIBC_HEAP

void* place_heap_on_huge_page() {
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    // glibc's default mmap threshold and top pad (mallopt(3)), put back once the probe is placed.
    constexpr int kGlibcDefault = 128 << 10;
    // The probe must come from the heap, not a mapping of its own, and the heap must grow far enough
    // past it to hold an aligned 2 MiB. The trim threshold stays above the free top this leaves (at
    // most about 3 * 2 MiB): a free() that merged into it would otherwise hand the huge page back.
    if (!mallopt(M_MMAP_THRESHOLD, 4 * kHuge) || !mallopt(M_TOP_PAD, 3 * kHuge) ||
        !mallopt(M_TRIM_THRESHOLD, 4 * kHuge))
        return nullptr;
    char* probe = static_cast<char*>(std::malloc(kHuge));
    mallopt(M_TOP_PAD, kGlibcDefault);
    mallopt(M_MMAP_THRESHOLD, kGlibcDefault);
    if (!probe) return nullptr;

    // glibc has written the header of the free top (two size words) right after the probe. The huge
    // stretch starts at the first 2 MiB boundary past it: a page touched before madvise keeps its small
    // page, and the kernel then cannot map the whole 2 MiB as one.
    const auto probe_at = reinterpret_cast<std::uintptr_t>(probe);
    const std::uintptr_t huge_at = (probe_at + kHuge + 2 * sizeof(std::size_t) + kHuge - 1) & ~(kHuge - 1);
    const auto heap_end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (probe_at >= heap_end || huge_at + kHuge > heap_end) {  // not the break's heap: leave it be
        std::free(probe);
        return nullptr;
    }
    void* huge = reinterpret_cast<void*>(huge_at);
    madvise(huge, kHuge, MADV_HUGEPAGE);  // fails only where the kernel has no huge pages: no matter

    // Grow the probe in place up to the boundary, so that the free top, where the next allocations come
    // from, starts there. A chunk is its request plus one size word, rounded to 16 bytes; the probe's
    // chunk starts two size words before it. The probe is never freed: freed, its untouched megabytes
    // would serve the next small requests on small pages.
    const std::uintptr_t chunk_at = probe_at - 2 * sizeof(std::size_t);
    void* grown = std::realloc(probe, huge_at - chunk_at - sizeof(std::size_t));
    if (reinterpret_cast<std::uintptr_t>(grown) != probe_at) {  // moved (or failed): not the heap expected
        std::free(grown);
        return nullptr;
    }
    return huge;
}

#else

void* place_heap_on_huge_page() { return nullptr; }

#endif

}  // namespace newsdex
