#include "newsdex/article.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "newsdex/text.hpp"

namespace newsdex {

namespace {

// How far into an article its header (date lines, byline, dateline) may reach, in paragraphs after the
// headline. Real articles put these in the first few; further down, a date or "By ..." is story text.
constexpr std::size_t kHeaderParagraphs = 6;
// Captions, bylines, date lines and promotions are short; a long paragraph is story text whatever it says.
constexpr std::size_t kShortParagraph = 400;
constexpr std::size_t kMaxHeadline = 300;

constexpr std::string_view kMonthPattern =
    "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

std::regex make(std::string pattern, bool icase = false) {
    auto flags = std::regex::ECMAScript | std::regex::optimize;
    if (icase) flags |= std::regex::icase;
    return std::regex(pattern, flags);
}

int month_number(std::string month) {
    static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
    std::transform(month.begin(), month.end(), month.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (month.starts_with(kMonths[i])) return static_cast<int>(i) + 1;
    return 0;
}

std::optional<std::string> make_date(int year, int month, int day) {
    static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return std::nullopt;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[static_cast<std::size_t>(month - 1)] || (month == 2 && day == 29 && !leap)) return std::nullopt;
    std::array<char, 40> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", year, month, day);
    return std::string(buf.data());
}

int to_int(const std::ssub_match& m) { return m.matched ? std::stoi(m.str()) : 0; }

// Cheap tests that rule a paragraph out before a regex runs: std::regex costs microseconds per call, and
// the reader's rules are tried on every paragraph (a third of indexing CPU on reuters-txt without them).
bool starts_with_icase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

bool contains_icase(std::string_view s, std::string_view lower_needle) {
    const auto it = std::search(s.begin(), s.end(), lower_needle.begin(), lower_needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    return it != s.end();
}

bool ends_with_paren(std::string_view s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
    return !s.empty() && s.back() == ')';
}

// A paragraph: the lines of one block between blank lines, folded onto one line.
std::vector<std::string> split_paragraphs(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        const std::string_view line = trim(text.substr(pos, nl - pos));
        if (line.empty()) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            if (!current.empty()) current += ' ';
            // Fold runs of white space inside the line too: wire copy aligns with spaces.
            bool space = false;
            for (char c : line) {
                const bool is_space = c == ' ' || c == '\t';
                if (is_space && space) continue;
                current += is_space ? ' ' : c;
                space = is_space;
            }
        }
        pos = nl + 1;
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

struct Dateline {
    std::string text;      // the dateline without its dash
    std::string month_day; // "March 23" when it has one
    std::string year;      // when it has one
    std::string agency;    // "AP", "Reuters", ...
    std::size_t length = 0;// bytes of the paragraph it takes, dash included
};

std::optional<Dateline> match_dateline(const std::string& paragraph) {
    // PLACE[, Region][, Month Day[, Year]] [(AGENCY)] dash. The place is in capitals, as wires write it;
    // the dash is -, --, an en dash or an em dash.
    static const std::regex kDateline = make(
        "^([A-Z][A-Z.'\\- ]*[A-Z.](?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?)"
        "(?:,? ([A-Z][a-z]{2,8}\\.? \\d{1,2})(?:, (\\d{4}))?)?"
        " ?(?:\\(([A-Za-z][A-Za-z .&-]{0,30})\\))? ?(?:--|-|\xE2\x80\x94|\xE2\x80\x93)(?: |$)");
    // A dateline starts with two capitals (or a capital and a dot) and ends within its first 200 bytes.
    if (paragraph.size() < 4 || paragraph[0] < 'A' || paragraph[0] > 'Z' ||
        !((paragraph[1] >= 'A' && paragraph[1] <= 'Z') || std::string_view(".'- ").find(paragraph[1]) != std::string_view::npos))
        return std::nullopt;
    const std::string head = paragraph.substr(0, 200);
    if (head.find_first_of("-\xE2") == std::string::npos) return std::nullopt;
    std::smatch m;
    if (!std::regex_search(head, m, kDateline)) return std::nullopt;
    Dateline d;
    if (m[2].matched && month_number(m[2].str()) == 0) return std::nullopt;  // "LONDON, Tuesday 4 -"
    d.text = m[1].str();
    if (m[2].matched) d.text += ", " + m[2].str();
    if (m[3].matched) d.text += ", " + m[3].str();
    if (m[4].matched) d.text += " (" + m[4].str() + ")";
    d.month_day = m[2].str();
    d.year = m[3].str();
    d.agency = m[4].str();
    d.length = static_cast<std::size_t>(m.length(0));
    return d;
}

// "(PEDRO PARDO/AFP via Getty Images)", "(AP Photo/Jane Doe)", "Photo: ...", "Photo by Jane Doe/Getty
// Images": a photo caption or credit.
bool is_caption(const std::string& p) {
    if (p.size() > kShortParagraph) return false;
    static const std::regex kCreditLine = make("^(photo|photograph|image|picture)s? (by|courtesy of) ", true);
    if ((starts_with_icase(p, "photo") || starts_with_icase(p, "image") || starts_with_icase(p, "picture")) &&
        std::regex_search(p, kCreditLine))
        return true;
    if (!ends_with_paren(p) && p.find(':') == std::string::npos) return false;
    static const std::regex kCredit = make(
        "\\(([^()]*(/|getty|photo|images|courtesy|credit|reuters|afp|ap\\b|pool|handout)[^()]*)\\)\\s*\\.?$", true);
    static const std::regex kLabel = make("^(photo|image|caption|credit|pictured)\\s*:", true);
    return std::regex_search(p, kCredit) || std::regex_search(p, kLabel);
}

// Web page furniture copied along with the text, a whole paragraph: "Advertisement", "Skip
// advertisement", "Story continues below advertisement", "Continue reading", "Skip to main content",
// "Read more: <a headline>", "Related: ...", "See also: ...".
bool is_furniture(const std::string& p) {
    static constexpr std::string_view kStarts[] = {"advertisement", "(advertisement", "skip", "story continues",
                                                   "article continues", "continue reading", "read more",
                                                   "related", "see also", "also read", "read also", "more on this"};
    if (p.size() > kShortParagraph ||
        std::none_of(std::begin(kStarts), std::end(kStarts), [&](std::string_view k) { return starts_with_icase(p, k); }))
        return false;
    static const std::regex kFurniture = make(
        "^(?:\\(?(?:skip |story continues below |article continues below )?advertisement\\)?|continue reading\\.*|"
        "skip to (?:main )?content|skip navigation|"
        "(?:read more|related|see also|also read|read also|more on this)\\s*:.*)$",
        true);
    return std::regex_match(p, kFurniture);
}

bool is_copyright(const std::string& p) {
    if (p.size() > kShortParagraph || !(starts_with_icase(p, "copyright") || starts_with_icase(p, "\xC2\xA9") ||
                                        starts_with_icase(p, "(c)")))
        return false;
    static const std::regex kCopyright = make("^(copyright|\xC2\xA9|\\(c\\))\\s", true);
    return std::regex_search(p, kCopyright);
}

bool is_promotion(const std::string& p) {
    if (p.size() > kShortParagraph) return false;
    // A word each alternative below holds, found without the regex.
    static constexpr std::string_view kKeys[] = {"sign up", "newsletter", "subscribe", "donat", "journalism",
                                                 "member", "follow us", "rights reserved", "see more",
                                                 "click here", "download", "publish", "appeared",
                                                 "share this", "related stories", "more from"};
    if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](std::string_view k) { return contains_icase(p, k); }))
        return false;
    static const std::regex kPromo = make(
        "sign up|newsletter|subscribe|donate|donation|support (our|independent|local|nonprofit) "
        "journalism|become a member|follow us on|all rights reserved|to see more, visit|click here|"
        "download (our|the) app|this (story|article) (was )?(originally )?(published|appeared)|"
        "republished|share this (story|article)|related stories|more from",
        true);
    return std::regex_search(p, kPromo);
}

std::optional<std::vector<std::string>> match_byline(const std::string& p) {
    if (p.size() > 160 || !contains_icase(p.substr(0, 14), "by")) return std::nullopt;
    // "By Jane Doe", "By: Jane Doe", "Story by Jane Doe", "Written by Jane Doe".
    static const std::regex kByline = make("^(?:(?:story|written|words|text|reporting|reported) )?by:? (.+)$", true);
    std::smatch m;
    if (!std::regex_match(p, m, kByline)) return std::nullopt;
    std::string names = m[1].str();
    // "By Jane Doe, NPR" / "By JANE DOE, Associated Press" / "By Jane Doe | The Times": the outlet after
    // the names is not a name.
    if (const auto cut = names.find_first_of(",|"); cut != std::string::npos) names.resize(cut);
    static const std::regex kSeparators = make("\\s+(and|&)\\s+|\\s*;\\s*", true);
    // Capitalised words, with the lower-case particles names carry (Jan de Vries, Ludwig van Beethoven).
    static const std::regex kName = make(
        "^[A-Z][A-Za-z.'\\-]*( ((de|van|von|der|den|da|di|del|la|le|du|bin|al) )*[A-Z][A-Za-z.'\\-]*){0,4}$");
    std::vector<std::string> out;
    for (std::sregex_token_iterator it(names.begin(), names.end(), kSeparators, -1), end; it != end; ++it) {
        const std::string name(trim(it->str()));
        if (name.empty()) continue;
        if (!std::regex_match(name, kName)) return std::nullopt;  // "By the end of the year, ..."
        out.push_back(name);
    }
    if (out.empty()) return std::nullopt;
    // A byline names people: "By Monday" or "By Then" are the first words of a sentence.
    static const std::set<std::string> kNotNames = {"the", "then", "now", "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday", "sunday", "this", "that"};
    const std::string first = to_lower(out.front().substr(0, out.front().find(' ')));
    if (out.size() == 1 && out.front().find(' ') == std::string::npos && kNotNames.count(first)) return std::nullopt;
    return out;
}

std::string copyright_year(const std::string& p) {
    static const std::regex kYear = make("\\b(1[89]\\d\\d|2[01]\\d\\d)\\b");
    std::smatch m;
    return std::regex_search(p, m, kYear) ? m[1].str() : std::string();
}

// "Copyright 2023 NPR. To see more, ..." -> "NPR"; "© 2023 The Associated Press. All rights reserved." ->
// "The Associated Press".
std::string copyright_holder(const std::string& p) {
    static const std::regex kHolder = make(
        "^(?:copyright|\xC2\xA9|\\(c\\))\\s*(?:\xC2\xA9|\\(c\\))?\\s*(?:\\d{4}(?:\\s*-\\s*\\d{4})?,?\\s*)?"
        "([^.,;|]+?)\\s*(?:[.,;|]|$)",
        true);
    std::smatch m;
    if (!std::regex_search(p, m, kHolder)) return {};
    std::string holder(trim(m[1].str()));
    if (holder.empty() || holder.size() > 60) return {};
    static const std::regex kNotHolder = make("^(all rights|by |the author)", true);
    if (std::regex_search(holder, kNotHolder)) return {};
    return holder;
}

std::string first_url(const std::string& p) {
    if (!contains_icase(p, "http")) return {};
    static const std::regex kUrl = make("https?://[^\\s<>\"'()\\[\\]]+", true);
    std::smatch m;
    if (!std::regex_search(p, m, kUrl)) return {};
    std::string url = m.str();
    while (!url.empty() && std::string_view(".,;:!?").find(url.back()) != std::string_view::npos) url.pop_back();
    return url;
}

std::string domain_of(const std::string& url) {
    static const std::regex kDomain = make("^https?://(?:www\\.)?([^/:?#]+)", true);
    std::smatch m;
    return std::regex_search(url, m, kDomain) ? to_lower(m[1].str()) : std::string();
}

std::string normalise_agency(const std::string& agency) {
    const std::string lower = to_lower(agency);
    if (lower == "reuter" || lower == "reuters") return "Reuters";
    if (lower == "ap") return "AP";
    if (lower == "afp") return "AFP";
    if (lower == "upi") return "UPI";
    return agency;
}

}  // namespace

std::vector<std::string> Article::authors() const {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < author.value.size()) {
        const std::size_t sep = std::min(author.value.find("; ", pos), author.value.size());
        out.emplace_back(author.value.substr(pos, sep - pos));
        pos = sep + 2;
    }
    return out;
}

std::optional<std::string> parse_date_line(std::string_view line_view) {
    const std::string line(trim(line_view));
    // Every form has a four-digit year.
    const auto year = std::adjacent_find(line.begin(), line.end(), [run = 0](char a, char) mutable {
        run = std::isdigit(static_cast<unsigned char>(a)) ? run + 1 : 0;
        return run == 3;
    });
    if (line.size() > 100 || year == line.end()) return std::nullopt;
    // A time may come first ("Updated 3:45 PM EST, Tue November 8, 2022"), a weekday in full or short.
    const std::string prefix =
        "^(?:(?:published|updated|posted|date|dated)\\s*:?\\s*(?:on\\s+)?)?"
        "(?:\\d{1,2}[:.]\\d{2}\\s*(?:[ap]\\.?m\\.?)?\\s*(?:[a-z]{1,4}\\s*)?,?\\s+)?"
        "(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\\.?,?\\s+)?";
    // What may follow a date on its own line: a time, a zone, "at", "|", a reading time.
    const std::string rest = "(?:[\\s,|.\xC2\xB7-].{0,40})?$";
    static const std::regex kMonthFirst =
        make(prefix + std::string(kMonthPattern) + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})" + rest, true);
    static const std::regex kDayFirst =
        make(prefix + "(\\d{1,2})\\s+" + std::string(kMonthPattern) + "\\.?,?\\s+(\\d{4})" + rest, true);
    static const std::regex kIso = make(prefix + "(\\d{4})-(\\d{2})-(\\d{2})(?:[T\\s].{0,40})?$", true);
    std::smatch m;
    if (std::regex_match(line, m, kMonthFirst))
        return make_date(to_int(m[3]), month_number(m[1].str()), to_int(m[2]));
    if (std::regex_match(line, m, kDayFirst))
        return make_date(to_int(m[3]), month_number(m[2].str()), to_int(m[1]));
    if (std::regex_match(line, m, kIso)) return make_date(to_int(m[1]), to_int(m[2]), to_int(m[3]));
    return std::nullopt;
}

std::optional<std::string> date_from_path(std::string_view path_view) {
    const std::string path(path_view);
    // Folders first (1987/03/23/123.txt, 2023-06/19/, 2023/jun/19/; the day may be the file's name when
    // it has two digits, 1999/12/31.txt, and not one, which numbers articles: 2019/05/7.txt), then a date
    // in one name (2023-06-19-slug.txt, 20230619.txt).
    static const std::regex kFolders =
        make("(?:^|/)(\\d{4})[/-](\\d{1,2}|" + std::string(kMonthPattern) + ")/(\\d{1,2}(?=/|$)|\\d{2}(?=\\.[^/.]*$))", true);
    static const std::regex kDashed = make("(?:^|[^0-9])(\\d{4})[-_.](\\d{2})[-_.](\\d{2})(?:[^0-9]|$)");
    static const std::regex kPacked = make("(?:^|[^0-9])(\\d{4})(\\d{2})(\\d{2})(?:[^0-9]|$)");
    std::optional<std::string> found;
    // The last match wins: the date nearest the file is the article's (archive/2020/backfill/2019/...).
    for (const auto* re : {&kFolders, &kDashed, &kPacked}) {
        for (std::sregex_iterator it(path.begin(), path.end(), *re), end; it != end; ++it) {
            const auto& m = *it;
            const std::string month = m[2].str();
            const int month_no = std::isdigit(static_cast<unsigned char>(month[0])) ? std::stoi(month) : month_number(month);
            if (auto d = make_date(std::stoi(m[1].str()), month_no, std::stoi(m[m.size() - 1].str()))) found = d;  // kMonthPattern holds a group
        }
        if (found) return found;
    }
    return std::nullopt;
}

Result<std::string> decode_text(std::string_view bytes, std::string& encoding) {
    const auto binary = [](std::string_view b) {
        return fail(Errc::Input, "binary file (NUL byte at offset " + std::to_string(b.find('\0')) + ")");
    };
    std::string text;
    // UTF-16 is recognised by its byte order mark (Windows editors write one); without it, its NUL
    // bytes make it binary.
    if (const bool le = bytes.starts_with("\xFF\xFE"); le || bytes.starts_with("\xFE\xFF")) {
        auto decoded = decode_utf16(bytes.substr(2), le);
        if (!decoded)
            return fail(Errc::Input, std::string("not well-formed UTF-16, although it starts with a UTF-16 ") +
                                         (le ? "little" : "big") + "-endian byte order mark");
        if (decoded->find('\0') != std::string::npos)
            return fail(Errc::Input, "binary file (a NUL character in its UTF-16 text)");
        text = std::move(*decoded);
        encoding = le ? "utf-16le" : "utf-16be";
    } else {
        if (bytes.find('\0') != std::string_view::npos) return binary(bytes);
        encoding = "utf-8";
        if (bytes.starts_with("\xEF\xBB\xBF")) {
            bytes.remove_prefix(3);
            encoding = "utf-8+bom";
        }
        if (is_valid_utf8(bytes)) {
            text.assign(bytes);
        } else {
            text = decode_windows1252(bytes);
            encoding = "windows-1252";
        }
    }
    // CRLF and lone CR (old Mac files) both end lines.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    out = replace_controls(out, true);
    if (trim(out).empty()) return fail(Errc::Input, bytes.empty() ? "empty file" : "no text (only white space)");
    return out;
}

Article parse_article(std::string_view text, std::string_view path, const ReadOptions& options) {
    Article a;
    a.path = std::string(path);
    // Headline: the first non-empty line that is not web page furniture ("Advertisement", "Skip to main
    // content" above it). The lines after it, in its block or not, are body text.
    std::string_view all = trim(text);
    for (std::size_t nl; (nl = all.find('\n')) != std::string_view::npos;) {
        const std::string line(trim(all.substr(0, nl)));
        if (!is_furniture(line)) break;
        a.boilerplate.push_back(line);
        all = trim(all.substr(nl));
    }
    const std::size_t first_nl = std::min(all.find('\n'), all.size());
    std::string title(trim(all.substr(0, first_nl)));

    // Wire sign-off: "Reuter" (or REUTER, Reuters, reuter...) alone on the last line.
    if (const std::size_t last_nl = all.rfind('\n'); last_nl != std::string_view::npos && last_nl >= first_nl) {
        static const std::regex kSignOff = make("^reuters?(\\.\\.\\.)?$", true);
        if (std::regex_match(std::string(trim(all.substr(last_nl + 1))), kSignOff)) {
            a.source = {"Reuters", "sign-off"};
            all = trim(all.substr(0, last_nl));
        }
    }

    std::vector<std::string> paragraphs;
    if (title.size() > kMaxHeadline) {
        // A first line this long is a paragraph, not a headline: show its start, index all of it.
        std::size_t cut = title.rfind(' ', kMaxHeadline);
        if (cut == std::string::npos || cut < kMaxHeadline / 2) cut = kMaxHeadline;
        // Never cut inside a UTF-8 sequence.
        while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
        title.resize(cut);
        a.title = {title, "first-line-truncated"};
        paragraphs = split_paragraphs(all);
    } else {
        a.title = {title, "first-line"};
        paragraphs = split_paragraphs(all.substr(std::min(first_nl, all.size())));
    }

    std::string header_month_day;  // "June 19" seen near the top without a year
    std::string copyright_year_seen;
    std::string agency;
    std::string footer_url;
    std::string header_url;
    std::string holder;
    std::set<std::string> seen;
    std::vector<std::string> body;
    bool in_footer = false;  // after a copyright line in the second half: the republisher's promotions
    bool body_started = false;

    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        std::string p = paragraphs[i];
        const bool in_header = !body_started && i < kHeaderParagraphs;
        // Web page furniture copied along with captions: "Hide caption", "Enlarge this image".
        static const std::regex kCaptionLabel = make("^((hide|show|toggle) caption|enlarge this image)\\s*", true);
        if (std::smatch lm; (starts_with_icase(p, "hide") || starts_with_icase(p, "show") || starts_with_icase(p, "toggle") ||
                             starts_with_icase(p, "enlarge")) &&
                            std::regex_search(p, lm, kCaptionLabel)) {
            p = p.substr(static_cast<std::size_t>(lm.length(0)));
            if (p.empty()) continue;
        }
        if (is_furniture(p)) {  // not the body's start either: a byline or date line may follow
            a.boilerplate.push_back(p);
            continue;
        }
        // Wire credit line: "(Reporting by Jan de Vries; Editing by Mark Ellison)".
        static const std::regex kReporting = make("^\\(reporting by ([^;)]+)[^)]*\\)$", true);
        if (std::smatch rm; p.size() < kShortParagraph && starts_with_icase(p, "(reporting") && std::regex_match(p, rm, kReporting)) {
            if (!a.author.found()) {
                static const std::regex kAnd = make("\\s*(,| and | & )\\s*", true);
                std::string joined;
                const std::string names = rm[1].str();
                for (std::sregex_token_iterator it(names.begin(), names.end(), kAnd, -1), end; it != end; ++it)
                    if (!trim(it->str()).empty()) joined += (joined.empty() ? "" : "; ") + std::string(trim(it->str()));
                a.author = {joined, "reporting-credit"};
            }
            a.boilerplate.push_back(p);
            continue;
        }
        if (is_caption(p)) {
            if (std::find(a.captions.begin(), a.captions.end(), p) == a.captions.end()) a.captions.push_back(p);
            continue;
        }
        if (is_copyright(p)) {
            a.boilerplate.push_back(p);
            if (copyright_year_seen.empty()) copyright_year_seen = copyright_year(p);
            if (holder.empty()) holder = copyright_holder(p);
            if (footer_url.empty()) footer_url = first_url(p);
            if (2 * i >= paragraphs.size()) in_footer = true;
            continue;
        }
        if (in_footer || (2 * i >= paragraphs.size() && is_promotion(p))) {
            a.boilerplate.push_back(p);
            if (footer_url.empty()) footer_url = first_url(p);
            continue;
        }
        if (in_header) {
            if (auto d = parse_date_line(p)) {
                if (!a.date.found()) a.date = {*d, "header"};
                continue;
            }
            if (!a.author.found()) {
                if (auto names = match_byline(p)) {
                    std::string joined;
                    for (const auto& n : *names) joined += (joined.empty() ? "" : "; ") + n;
                    a.author = {joined, "byline"};
                    continue;
                }
            }
            if (p.size() < 200 && p.find(' ') == std::string::npos && !first_url(p).empty() && first_url(p) == p) {
                header_url = p;
                continue;
            }
            static const std::regex kUrlLine = make("^(?:url|link|source)\\s*:\\s*(https?://\\S+)$", true);
            std::smatch um;
            if ((starts_with_icase(p, "url") || starts_with_icase(p, "link") || starts_with_icase(p, "source")) &&
                std::regex_match(p, um, kUrlLine)) {
                header_url = first_url(um[1].str());
                continue;
            }
            static const std::regex kMonthDayLine = make(
                "^(?:(?:published|updated|posted)\\s*:?\\s*)?" + std::string(kMonthPattern) + "\\.? (\\d{1,2})$", true);
            std::smatch md;
            if (p.size() < 40 && std::regex_match(p, md, kMonthDayLine)) {
                header_month_day = md[1].str() + " " + md[2].str();
                continue;
            }
        }
        if (!body_started && a.dateline.empty()) {
            if (auto d = match_dateline(p)) {
                a.dateline = d->text;
                agency = d->agency;
                if (!d->month_day.empty()) header_month_day = d->month_day;
                if (!d->year.empty() && !a.date.found()) {
                    const std::size_t space = d->month_day.find(' ');
                    if (auto date = make_date(std::stoi(d->year), month_number(d->month_day.substr(0, space)),
                                              std::stoi(d->month_day.substr(space + 1))))
                        a.date = {*date, "dateline"};
                }
            }
        }
        body_started = true;
        if (!seen.insert(p).second) {
            ++a.repeated_paragraphs;
            continue;
        }
        body.push_back(std::move(p));
    }

    for (const auto& p : body) {
        if (!a.body.empty()) a.body += "\n\n";
        a.body += p;
    }

    if (!a.date.found()) {
        if (auto d = date_from_path(path)) {
            a.date = {*d, "path"};
        } else if (!header_month_day.empty() && !copyright_year_seen.empty()) {
            const std::size_t space = header_month_day.find(' ');
            if (auto date = make_date(std::stoi(copyright_year_seen), month_number(header_month_day.substr(0, space)),
                                      std::stoi(header_month_day.substr(space + 1))))
                a.date = {*date, "month-day+copyright-year"};
        }
    }

    if (!holder.empty()) {
        a.source = {holder, "copyright"};
    } else if (!agency.empty()) {
        a.source = {normalise_agency(agency), "dateline"};
    }
    const std::string url = !header_url.empty() ? header_url : footer_url;
    if (!url.empty()) a.url = {url, header_url.empty() ? "footer" : "header"};
    if (!a.source.found() && a.url.found()) a.source = {domain_of(a.url.value), "url-domain"};
    if (!a.source.found() && !options.default_source.empty()) a.source = {options.default_source, "option"};
    return a;
}

Result<void> apply_sidecar(Article& article, std::string_view json, std::string_view sidecar_path) {
    const auto bad = [&](const std::string& what) {
        return fail(Errc::Input, "sidecar " + quote_path(sidecar_path) + ": " + what,
                    "a sidecar is a JSON object with string fields title, date (YYYY-MM-DD), source, author "
                    "(or a list of authors), url, language");
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
        return bad("invalid JSON at byte " + std::to_string(e.byte));
    } catch (const nlohmann::json::out_of_range&) {  // a number past a double's range (found by fuzz_reader)
        return bad("a number too large for JSON");
    }
    if (!j.is_object()) return bad("not a JSON object");
    const auto text_field = [&](const char* key, Extracted& into) -> Result<void> {
        if (!j.contains(key) || j[key].is_null()) return {};
        if (!j[key].is_string()) return bad(std::string("field \"") + key + "\" is not a string");
        const std::string value(trim(replace_controls(j[key].get<std::string>(), false)));
        if (!value.empty()) into = {value, "sidecar"};
        return {};
    };
    for (auto [key, into] : {std::pair{"title", &article.title}, std::pair{"source", &article.source},
                             std::pair{"url", &article.url}, std::pair{"language", &article.language}}) {
        if (auto r = text_field(key, *into); !r) return r;
    }
    if (j.contains("author") && !j["author"].is_null()) {
        std::string joined;
        if (j["author"].is_string()) {
            joined = trim(replace_controls(j["author"].get<std::string>(), false));
        } else if (j["author"].is_array()) {
            for (const auto& name : j["author"]) {
                if (!name.is_string()) return bad("field \"author\" holds something other than names");
                joined += (joined.empty() ? "" : "; ") + std::string(trim(replace_controls(name.get<std::string>(), false)));
            }
        } else {
            return bad("field \"author\" is neither a name nor a list of names");
        }
        if (!joined.empty()) article.author = {joined, "sidecar"};
    }
    if (j.contains("date") && !j["date"].is_null()) {
        if (!j["date"].is_string()) return bad("field \"date\" is not a string");
        const auto date = parse_date_line(j["date"].get<std::string>());
        if (!date) return bad("field \"date\" is not a date: \"" + replace_controls(j["date"].get<std::string>(), false) + "\"");
        article.date = {*date, "sidecar"};
    }
    return {};
}

Result<Article> read_article(std::string_view bytes, std::string_view path, const std::optional<std::string>& sidecar,
                             std::string_view sidecar_path, const ReadOptions& options) {
    std::string encoding;
    auto text = decode_text(bytes, encoding);
    if (!text) return Unexpected{text.error()};
    Article article = parse_article(*text, path, options);
    article.encoding = encoding;
    if (sidecar) {
        if (auto r = apply_sidecar(article, *sidecar, sidecar_path); !r) return Unexpected{r.error()};
    }
    return article;
}

}  // namespace newsdex
