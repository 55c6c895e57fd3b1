// One transparent huge page under the heap of a short-lived process, for newsdex-search's start-up.
//
// A one-query search process touches about thirty fresh heap pages (Xapian's block buffers, the query,
// the hits) and takes a page fault on each. On the virtual machines this was measured on a fault costs
// 10 to 17 us, so the heap alone cost 0.3 to 0.5 ms of a 2 ms search; one 2 MiB huge page costs a
// single fault of about 0.15 ms (it is zeroed at once). glibc's own switch for this
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) is read before main, so a program cannot set it for itself,
// and it gains nothing anyway: it leaves the first, unaligned stretch of the heap, which is what a small
// process uses, on small pages.
#pragma once

namespace newsdex {

// Moves the start of glibc's free heap ("top") to a 2 MiB boundary and asks the kernel (madvise) to back
// the next 2 MiB with a huge page, which it does at their first touch when transparent huge pages are
// set to "madvise" or "always". Call it first in main, while the heap is small: the 2 MiB request it
// uses to find the heap's end must come from the top of the heap. Costs up to 4 MiB of address space that
// is never touched, and 2 MiB of memory once the heap is used.
//
// Returns the start of the huge-page stretch, or nullptr where it did nothing: not glibc, a sanitizer's
// allocator, a heap that is not one contiguous break. Harmless where the kernel has no huge pages.
void* place_heap_on_huge_page();

}  // namespace newsdex
