#!/usr/bin/env bash
# Bad input, generated here (never committed): a folder of hostile files beside a few good articles, and
# hostile queries. Every run must finish; each bad file gets exactly one warning naming it and a catalogue
# row; the good files are all searchable; the exit status is 1. Each hostile query gives a result (exit
# 0 or 1) or exit 2 with a message that says what is wrong, never a crash; JSON output stays valid JSON.
# Usage: hostile_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2")
ROOT=$(mktemp -d)
trap 'chmod -R u+rwx "$ROOT" 2>/dev/null; rm -rf "$ROOT"' EXIT
C=$ROOT/corpus
mkdir -p "$C"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
say() { echo "hostile_test: $*"; }

article() {  # article FILE WORD: a small good article whose body holds WORD
    mkdir -p "$(dirname "$1")"
    printf 'A headline about %s\n\nLONDON, May 4 (Reuters) - The %s was seen again, officials said.\n' "$2" "$2" >"$1"
}

# ---- the good ----
article "$C/good/one.txt" zebrafish
article "$C/good/two.txt" quokka
printf '\xEF\xBB\xBFNarwhal news\r\n\r\nThe narwhal surfaced.\r\n' >"$C/good/bom-crlf.txt"
# Not bad: invalid and overlong UTF-8 is read as Windows-1252 (it is what old archives hold).
printf 'Caf\xE9 \xC0\xAF overlong\n\nThe axolotl caf\xE9 opened.\n' >"$C/good/invalid-utf8.txt"
# Not bad: UTF-16 with a byte order mark.
printf 'Pangolin report\n\nA pangolin crossed.\n' | iconv -f UTF-8 -t UTF-16 >"$C/good/utf16.txt"
# A 1 MB single line: its headline is cut, its words are all there.
{ printf 'Okapi '; head -c 1000000 /dev/zero | tr '\0' 'a'; printf ' tapir\n'; } >"$C/good/one-line.txt"
# 10,000 tiny files in one folder.
mkdir -p "$C/many"
for i in $(seq 1 10000); do printf 'Tiny %d\n\nSmall item number wombat%d.\n' "$i" "$i" >"$C/many/$i.txt"; done
# 200-deep nesting.
deep=$C/deep
for i in $(seq 1 200); do deep=$deep/d; done
article "$deep/bottom.txt" lemur
# Names with a newline, a tab, quotes, and bytes that are not UTF-8.
article "$C/names/new$'\n'line.txt" ibis
article "$C/names/$(printf 'tab\there') \"quoted\" 'single'.txt" gecko
article "$C/names/$(printf 'latin\xE9\xFF').txt" heron
# Control characters in the headline and the body (an escape sequence, a bell, DEL): indexed, and
# escaped wherever they are shown.
printf 'Ctrl \033[31mred\033[0m \a headline\n\nThe \001meerkat\177 \033]0;title\007 spoke.\n' >"$C/good/control.txt"
good_words=(zebrafish quokka narwhal axolotl pangolin tapir wombat5000 lemur ibis gecko heron meerkat)

# ---- the bad: each must be warned about once ----
mkdir -p "$C/bad"
head -c 4096 /dev/urandom >"$C/bad/random.bin.txt"
printf 'Text with\0a NUL inside\n' >"$C/bad/nul-inside.txt"
printf '\xFF\xFET\0\x3D\xD8' >"$C/bad/broken-utf16.txt"
truncate -s 100M "$C/bad/huge.txt"
: >"$C/bad/empty.txt"
ln -s "$C/bad" "$C/bad/loop"
ln -s "$C/nowhere.txt" "$C/bad/dangling.txt"
bad=("$C/bad/random.bin.txt" "$C/bad/nul-inside.txt" "$C/bad/broken-utf16.txt" "$C/bad/huge.txt"
     "$C/bad/empty.txt" "$C/bad/loop" "$C/bad/dangling.txt")
# A file nobody but root may read, indexed by an unprivileged user (root reads everything).
unreadable=""
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    article "$C/bad/unreadable.txt" secretword
    chmod 000 "$C/bad/unreadable.txt"
    unreadable=$C/bad/unreadable.txt
    bad+=("$unreadable")
    chmod 755 "$ROOT"
    chmod -R a+rX "$C"
    chmod 000 "$unreadable"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    mkdir -p "$ROOT/index" && chown nobody:nogroup "$ROOT/index"
else
    as_user=()
    say "skipped: an unreadable file (needs root to run the indexer as another user)"
fi

say "indexing $(find "$C" -type f | wc -l) files"
"${as_user[@]}" "$INDEXER" -q --index "$ROOT/index" "$C" 2>"$ROOT/warnings"
rc=$?
[[ $rc == 1 ]] || fail "indexing the hostile corpus: exit $rc, want 1: $(head -3 "$ROOT/warnings")"
for b in "${bad[@]}"; do
    n=$(grep -cF "skipping '$b'" "$ROOT/warnings")
    [[ $n == 1 ]] || fail "$b: $n warnings, want 1"
done
n=$(grep -c 'warning: skipping' "$ROOT/warnings")
[[ $n == "${#bad[@]}" ]] || fail "$n warnings for ${#bad[@]} bad files: $(grep -v "$C/bad/" "$ROOT/warnings" | head -3)"
[[ -z $unreadable ]] || grep -qF "skipping '$unreadable': cannot open: Permission denied" "$ROOT/warnings" ||
    fail "the unreadable file's warning: $(grep -F unreadable "$ROOT/warnings")"
rows=$(sqlite3 "$ROOT/index/catalogue.sqlite" "SELECT count(*) FROM articles WHERE error IS NOT NULL")
[[ $rows == "${#bad[@]}" ]] || fail "$rows catalogue rows with an error, want ${#bad[@]}"
for w in "${good_words[@]}"; do
    n=$("$SEARCHER" --index "$ROOT/index" --count -- "$w")
    [[ $n == 1 ]] || fail "good word '$w' finds $n articles, want 1"
done
n=$("$SEARCHER" --index "$ROOT/index" --count -- 'title:tiny')
[[ $n == 10000 ]] || fail "the 10,000 tiny files: $n found"
"$SEARCHER" --index "$ROOT/index" --format json --limit 100000 -- '*' | jq -e '.hits | length > 10000' >/dev/null ||
    fail "--format json over every article is not valid JSON, or is short"
"$SEARCHER" --index "$ROOT/index" --format jsonl -- 'ibis OR gecko OR heron' | jq -e -s 'length == 3' >/dev/null ||
    fail "--format jsonl with odd names is not valid JSON lines"
"$SEARCHER" --index "$ROOT/index" --format json -- 'heron' | jq -e '.hits[0].path_base64 | length > 0' >/dev/null ||
    fail "a name that is not UTF-8 lacks path_base64"
"$SEARCHER" --index "$ROOT/index" --format json -- 'meerkat' | jq -e '.hits[0].title | test("red")' >/dev/null ||
    fail "control characters: --format json is not valid JSON or lost the headline"
for format in text tsv; do
    "$SEARCHER" --index "$ROOT/index" --format $format -- 'meerkat' | LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' &&
        fail "control characters reach the terminal raw in --format $format"
done

# A file replaced by a folder between runs: the article goes, the folder's articles come.
rm "$C/good/two.txt"
article "$C/good/two.txt/inside.txt" wallaby
"${as_user[@]}" "$INDEXER" -q --index "$ROOT/index" "$C" 2>"$ROOT/warnings2"
rc=$?
[[ $rc == 1 ]] || fail "second run: exit $rc, want 1 (the bad files again): $(head -3 "$ROOT/warnings2")"
[[ $("$SEARCHER" --index "$ROOT/index" --count quokka) == 0 ]] || fail "the replaced file's article is still found"
[[ $("$SEARCHER" --index "$ROOT/index" --count wallaby) == 1 ]] || fail "the article in the new folder is not found"

# ---- hostile queries: a result, or exit 2 with a message naming the problem ----
long_query=$(head -c 100000 /dev/zero | tr '\0' 'x')
many_terms=$(for i in $(seq 1 10000); do printf 'w%d ' "$i"; done)
queries=('"unbalanced' 'unbalanced"' '((zebrafish' 'zebrafish))' 'AND' 'OR OR' 'NOT' 'zebrafish AND' 'NEAR quokka'
         '+' '-' '""' '" "' 'title:' 'source:' 'date:' 'date:2023-02-30' 'date:9999-99-99..0000' 'date:..'
         'year:-1' 'month:2023-13' 'nosuchfield:x' 'zebrafish*' '*' '**' 'z*' "$(printf 'ctrl\x01\x02\x7f')"
         "$(printf 'bell\a tab\t cr\r')" "source:\"x'; DROP TABLE articles; --\"" "author:'\" OR 1=1 --"
         "year:1987'--" "month:2023-06;DELETE" "date:2023' OR '1'='1" "title:\"'; DROP TABLE articles; --\""
         "title:%_\\" "$(printf 'bad\xFF\xFEutf8')" "$long_query" "$many_terms")
for q in "${queries[@]}"; do
    for format in text json; do
        out=$("$SEARCHER" --index "$ROOT/index" --format $format -- "$q" 2>"$ROOT/err")
        rc=$?
        shown=$(printf '%q' "${q:0:40}")
        case $rc in
            0 | 1) [[ $format == json && -n $out ]] && ! jq -e . >/dev/null <<<"$out" && fail "query $shown: invalid JSON" ;;
            2) grep -q 'newsdex-search: error: .\+' "$ROOT/err" || fail "query $shown: exit 2 without a message" ;;
            *) fail "query $shown ($format): exit $rc: $(head -c 300 "$ROOT/err")" ;;
        esac
    done
done
sqlite3 "$ROOT/index/catalogue.sqlite" "SELECT count(*) FROM articles" >/dev/null || fail "the catalogue was harmed"

# ---- a file rewritten while it is read: indexed whole (one version) or skipped with a warning ----
R=$ROOT/racing
mkdir -p "$R"
alpha=$(printf 'Alpha version\n\n'; for i in $(seq 1 20000); do printf 'alphaword '; done)
beta=$(printf 'Beta version\n\n'; for i in $(seq 1 20000); do printf 'betaword '; done)
( while :; do printf '%s\n' "$alpha" >"$R/story.txt"; printf '%s\n' "$beta" >"$R/story.txt"; done ) &
writer=$!
for run in 1 2 3 4 5 6; do
    "$INDEXER" -q --full --index "$ROOT/racing-index" "$R" 2>"$ROOT/racing.err"
    rc=$?
    (( rc <= 1 )) || fail "indexing a file being rewritten: exit $rc: $(head -2 "$ROOT/racing.err")"
    grep -v "changed while it was being read\|empty file" "$ROOT/racing.err" | grep -q . &&
        fail "indexing a file being rewritten: $(head -2 "$ROOT/racing.err")"
    mixed=$("$SEARCHER" --index "$ROOT/racing-index" --count 'alphaword AND betaword' 2>/dev/null)
    [[ $mixed == 0 || -z $mixed ]] || fail "run $run indexed half of one version and half of the other"
done
kill $writer 2>/dev/null
wait $writer 2>/dev/null

if [[ $failed == 0 ]]; then say "ok: ${#bad[@]} bad files, ${#good_words[@]} good words, ${#queries[@]} hostile queries"; fi
exit $((failed > 0))
