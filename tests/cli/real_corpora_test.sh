#!/usr/bin/env bash
# Integration on the real public corpora in ../shared/corpora (skipped, exit 77, when they are absent):
# every file accounted for, BBC headlines equal each file's first line, Reuters dates equal their paths.
# Usage: real_corpora_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH CORPORA_DIR
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2") CORPORA=$3
if [[ ! -d "$CORPORA/bbc" || ! -d "$CORPORA/reuters-txt" ]]; then
    echo "skipped: no real corpora at $CORPORA"
    exit 77
fi
if ! command -v sqlite3 >/dev/null; then
    echo "skipped: the sqlite3 command is not installed (scripts/test installs it)"
    exit 77
fi
CORPORA=$(realpath "$CORPORA")
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# ---- BBC: 2,225 articles + README.TXT (an extension-less-style text file is an article); SOURCE.md ignored
"$INDEXER" --index "$ROOT/bbc" --source BBC "$CORPORA/bbc" 2>"$ROOT/bbc.err"
rc=$?
files=$(find "$CORPORA/bbc" -type f | wc -l)
articles=$(find "$CORPORA/bbc" -type f \( -iname '*.txt' -o ! -name '*.*' \) | wc -l)
[[ $rc == 0 ]] && ok || bad "bbc: exit $rc: $(cat "$ROOT/bbc.err")"
grep -q "seen $files files: $articles added, 0 updated, 0 unchanged, 0 moved, 0 removed, 0 skipped; $((files - articles)) ignored" "$ROOT/bbc.err" \
    && ok || bad "bbc: summary does not account for $files files: $(cat "$ROOT/bbc.err")"

# Headlines: the first line of every file, byte for byte (the one latin-1 file decoded).
sqlite3 -separator $'\t' "$ROOT/bbc/catalogue.sqlite" "SELECT CAST(path AS TEXT), title, encoding FROM articles" >"$ROOT/titles"
mismatches=0
while IFS=$'\t' read -r path title encoding; do
    first=$(head -1 "$path" | sed 's/[[:space:]]*$//')
    [[ $encoding == windows-1252 ]] && first=$(head -1 "$path" | iconv -f WINDOWS-1252 -t UTF-8 | sed 's/[[:space:]]*$//')
    if [[ "$first" != "$title" ]]; then
        mismatches=$((mismatches + 1))
        ((mismatches <= 5)) && echo "  headline of $path: want '$first', got '$title'"
    fi
done <"$ROOT/titles"
[[ $mismatches == 0 && $(wc -l <"$ROOT/titles") == "$articles" ]] && ok || bad "bbc: $mismatches headlines differ from first lines"
[[ $(sqlite3 "$ROOT/bbc/catalogue.sqlite" "SELECT encoding FROM articles WHERE CAST(path AS TEXT) LIKE '%/sport/199.txt'") == windows-1252 ]] \
    && ok || bad "bbc: sport/199.txt is not read as windows-1252"
n=$("$SEARCHER" --index "$ROOT/bbc" --count 'source:bbc')
[[ $n == "$articles" ]] && ok || bad "bbc: source:bbc counts $n, want $articles"

# ---- Reuters: 19,043 articles laid out as YYYY/MM/DD/ID.txt; dates from paths
"$INDEXER" --index "$ROOT/reuters" "$CORPORA/reuters-txt" 2>"$ROOT/reuters.err"
rc=$?
files=$(find "$CORPORA/reuters-txt" -type f | wc -l)
articles=$(find "$CORPORA/reuters-txt" -type f -name '*.txt' | wc -l)
[[ $rc == 0 ]] && ok || bad "reuters: exit $rc: $(cat "$ROOT/reuters.err")"
grep -q "seen $files files: $articles added, 0 updated, 0 unchanged, 0 moved, 0 removed, 0 skipped; $((files - articles)) ignored" "$ROOT/reuters.err" \
    && ok || bad "reuters: summary does not account for $files files: $(cat "$ROOT/reuters.err")"
wrong=$(sqlite3 "$ROOT/reuters/catalogue.sqlite" \
    "SELECT count(*) FROM articles WHERE date IS NULL OR date_rule != 'path' OR
       replace(date, '-', '/') != substr(CAST(path AS TEXT), instr(CAST(path AS TEXT), '/reuters-txt/') + 13, 10)")
[[ $wrong == 0 ]] && ok || bad "reuters: $wrong articles whose date is not the date of their path"
n=$("$SEARCHER" --index "$ROOT/reuters" --count 'source:reuters')
[[ $n -gt 18000 ]] && ok || bad "reuters: only $n articles carry the Reuters sign-off source"
n=$("$SEARCHER" --index "$ROOT/reuters" --count 'date:1987-03-01..1987-03-31')
want=$(find "$CORPORA/reuters-txt/1987/03" -name '*.txt' | wc -l)
[[ $n == "$want" ]] && ok || bad "reuters: date:1987-03 counts $n, the March folder holds $want"

# A re-run reads nothing.
"$INDEXER" --index "$ROOT/reuters" "$CORPORA/reuters-txt" 2>"$ROOT/rerun.err"
grep -q "0 added, 0 updated, $articles unchanged" "$ROOT/rerun.err" && ok || bad "reuters re-run: $(cat "$ROOT/rerun.err")"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
