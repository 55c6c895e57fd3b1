#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

// ctest runs each test case in a process of its own, chosen by its name (doctest_discover_tests). A name
// holding a ';' is cut in two by CMake, and each half then selects no test case, which doctest calls a
// success: five test cases were never run that way. A run whose filters select nothing fails here.
namespace {

struct Selected : doctest::IReporter {
    static inline bool ran = false;
    static inline unsigned count = 0;

    explicit Selected(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        ran = true;
        count = stats.numTestCasesPassingFilters;
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("selected", 1, Selected);

}  // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int status = context.run();
    if (status == 0 && Selected::ran && Selected::count == 0) {
        std::fputs("newsdex_tests: the filters select no test case (a ';' in a test's name cuts it in two for ctest)\n", stderr);
        return 1;
    }
    return status;
}
