// Starts and exits, linked like newsdex-search: the start-up floor that scripts/bench compares against.
#include <xapian.h>

int main(int argc, char**) {
    // A real reference to libxapian, so that the linker keeps it and the loader loads it, as it does for
    // newsdex-search; never true in the benchmark.
    return argc > 1000 ? static_cast<int>(Xapian::version_string()[0]) : 0;
}
