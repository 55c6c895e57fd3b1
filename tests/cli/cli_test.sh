#!/usr/bin/env bash
# CLI tests: run the real binaries on a copy of corpus/ and compare stdout, stderr and exit status with
# what is written here. The temporary folder is shown as $ROOT so that the expectations are stable.
# Usage: cli_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH CORPUS_DIR
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2") CORPUS=$(realpath "$3")
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
cp -r "$CORPUS" "$ROOT/corpus"
cd "$ROOT"
export NEWSDEX_INDEX="$ROOT/index"
unset NO_COLOR XDG_DATA_HOME
passed=0 failed=0

# check NAME EXPECTED_STATUS EXPECTED_STDOUT EXPECTED_STDERR COMMAND...
check() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 4
    local out err rc
    out=$("$@" 2>"$ROOT/stderr" | sed "s|$ROOT|\$ROOT|g"; exit "${PIPESTATUS[0]}")
    rc=$?
    err=$(sed -e "s|$ROOT|\$ROOT|g" -e 's/ in [0-9.]*s$/ in Ns/' "$ROOT/stderr")
    if [[ "$rc" == "$want_rc" && "$out" == "$want_out" && "$err" == "$want_err" ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name"
        [[ "$rc" == "$want_rc" ]] || echo "  exit status: want $want_rc, got $rc"
        [[ "$out" == "$want_out" ]] || diff <(echo "$want_out") <(echo "$out") | sed 's/^/  stdout: /'
        [[ "$err" == "$want_err" ]] || diff <(echo "$want_err") <(echo "$err") | sed 's/^/  stderr: /'
    fi
}

# ---- indexing ----
check "first index: bad files warned about, exit 1" 1 "" \
"newsdex-index: warning: skipping '\$ROOT/corpus/misc/empty.txt': empty file
newsdex-index: warning: skipping '\$ROOT/corpus/misc/scanner-output.txt': binary file (NUL byte at offset 8)
newsdex-index: seen 35 files: 32 added, 0 updated, 0 unchanged, 0 moved, 0 removed, 2 skipped; 1 ignored (not articles by name) in Ns" \
    "$INDEXER" corpus

check "second run: nothing changed" 1 "" \
"newsdex-index: warning: skipping '\$ROOT/corpus/misc/empty.txt': empty file
newsdex-index: warning: skipping '\$ROOT/corpus/misc/scanner-output.txt': binary file (NUL byte at offset 8)
newsdex-index: seen 35 files: 0 added, 0 updated, 32 unchanged, 0 moved, 0 removed, 2 skipped; 1 ignored (not articles by name) in Ns" \
    "$INDEXER" corpus

mkdir -p "$ROOT/later"
mv corpus/sports/chess-prodigy.txt later/chess.txt
printf 'Ice fishing opens\n\nAnglers drilled holes.\n' > corpus/ice.txt
check "dry run lists the changes on stdout and makes none" 0 \
"add \$ROOT/corpus/ice.txt
remove \$ROOT/corpus/sports/chess-prodigy.txt" \
"newsdex-index: dry run, nothing changed: seen 32 files: 1 added, 0 updated, 31 unchanged, 0 moved, 1 removed, 0 skipped; 0 ignored (not articles by name) in Ns" \
    "$INDEXER" --dry-run corpus/sports corpus/ice.txt corpus/wire corpus/radio corpus/archive corpus/europe corpus/science corpus/tech corpus/opinion corpus/regional corpus/features
mv later/chess.txt corpus/sports/moved-chess.txt
check "move, add; -q prints only warnings" 1 "" \
"newsdex-index: warning: skipping '\$ROOT/corpus/misc/empty.txt': empty file
newsdex-index: warning: skipping '\$ROOT/corpus/misc/scanner-output.txt': binary file (NUL byte at offset 8)" \
    "$INDEXER" -q corpus
rm corpus/misc/empty.txt corpus/misc/scanner-output.txt
# The skipped files are gone: their rows go, but they were never articles, so nothing is "removed".
check "verbose run: the skipped files' rows go without a word, exit 0" 0 "" \
"newsdex-index: seen 34 files: 0 added, 0 updated, 33 unchanged, 0 moved, 0 removed, 0 skipped; 1 ignored (not articles by name) in Ns" \
    "$INDEXER" -v corpus
check "one file given: the others stay, and one is 'file'" 0 "" \
"newsdex-index: seen 1 file: 0 added, 0 updated, 1 unchanged, 0 moved, 0 removed, 0 skipped; 0 ignored (not articles by name) in Ns" \
    "$INDEXER" corpus/ice.txt

check "--check: Xapian and the catalogue agree" 0 \
"index: \$ROOT/index
xapian documents: 33
catalogue articles indexed: 33
only in xapian:
only in the catalogue:
pair index: whole
agree: yes" "" \
    "$INDEXER" --check
check "--check with no index" 2 "" \
"newsdex-index: error: no index at 'nowhere'
newsdex-index: hint: create it with \`newsdex-index --index nowhere PATH...\`" \
    "$INDEXER" --check --index nowhere
check "--check takes no paths" 2 "" \
"newsdex-index: error: PATH excludes --check
newsdex-index: hint: see newsdex-index --help" \
    "$INDEXER" --check corpus
check "no paths" 2 "" \
"newsdex-index: error: PATH is required
newsdex-index: hint: see newsdex-index --help" \
    "$INDEXER"
check "a missing folder is fatal" 2 "" \
"newsdex-index: error: no such file or folder: 'no/such/dir'" \
    "$INDEXER" no/such/dir
check "an unknown language is refused" 2 "" \
"newsdex-index: error: unknown --language 'klingon'; Xapian knows: none arabic armenian basque catalan danish dutch earlyenglish english finnish french german german2 hungarian indonesian irish italian kraaij_pohlmann lithuanian lovins nepali norwegian porter portuguese romanian russian spanish swedish tamil turkish
newsdex-index: hint: see newsdex-index --help" \
    "$INDEXER" --language klingon corpus
check "changing the language needs --full" 2 "" \
"newsdex-index: error: index '\$ROOT/index' is stemmed for 'english', not 'french'
newsdex-index: hint: add --full to re-index every article in 'french'" \
    "$INDEXER" --language french corpus
# --language none: words match as written ("prices" is not "price"), phrases too.
"$INDEXER" -q --language none --index "$ROOT/unstemmed" corpus 2>/dev/null
check "--language none: a word matches only as written" 0 \
"\$ROOT/corpus/archive/1987/03/23/1001.txt
\$ROOT/corpus/archive/1987/03/24/1003.txt
\$ROOT/corpus/archive/1987/03/24/1004.txt
\$ROOT/corpus/radio/2023-06-27-heat-pump-rebates.txt
\$ROOT/corpus/radio/orchard-frost.txt" "" \
    bash -c '"$0" --index "$1" --format paths prices | sort' "$SEARCHER" "$ROOT/unstemmed"
check "--language none: phrases" 0 "\$ROOT/corpus/archive/1987/03/24/1003.txt" "" \
    "$SEARCHER" --index "$ROOT/unstemmed" --format paths '"oil prices"'
check "a bad option names itself" 2 "" \
"newsdex-index: error: --max-size 12Q: expected a size such as 16M" \
    "$INDEXER" --max-size 12Q corpus

# ---- searching: every format ----
check "text" 0 \
"1. River towns brace for a second summer of drought
   2023-06-19 | NPR | \$ROOT/corpus/radio/2023-06-19-river-towns-drought.txt
   …drought to ease by autumn, though they said the same thing a year ago. What comes next The river commission meets in July to decide whether to dredge the shallowest stretch near Pell Landing. Dredging would take six weeks and cost about…" "" \
    "$SEARCHER" drought

check "json" 0 \
'{"format_version":1,"query":"source:npr date:2023-06..2023-07 drought","total":1,"hits":[{"rank":1,"score":3.3327,"id":15,"path":"$ROOT/corpus/radio/2023-06-19-river-towns-drought.txt","title":"River towns brace for a second summer of drought","source":"NPR","author":null,"date":"2023-06-19","url":"https://www.npr.org","snippet":"…drought to ease by autumn, though they said the same thing a year ago. What comes next The river commission meets in July to decide whether to dredge the shallowest stretch near Pell Landing. Dredging would take six weeks and cost about…"}]}' "" \
    "$SEARCHER" --format json source:npr date:2023-06..2023-07 drought

check "jsonl" 0 \
'{"format_version":1,"rank":1,"score":2.7503,"id":34,"path":"$ROOT/corpus/wire/reuters-tariff-steel.txt","title":"Tariffs on steel imports to rise next month, ministry says","source":"Reuters","author":"Jan de Vries","date":null,"url":null,"snippet":"…first five months of the year. Mills had warned of layoffs at three plants. Importers'\'' groups said the tariffs would raise costs for carmakers and builders at a time when demand is already weak. The decision can be appealed within 30 days."}' "" \
    "$SEARCHER" --format jsonl title:tariffs

check "tsv, all words before some" 0 \
"1	6.3240	3	1987-03-24	Reuters	OIL PRICES STEADY AHEAD OF PRODUCER MEETING	\$ROOT/corpus/archive/1987/03/24/1003.txt
2	3.0307	16	2023-06-27	NPR	Heat pump rebates draw long lines at city hall	\$ROOT/corpus/radio/2023-06-27-heat-pump-rebates.txt
3	1.7269	8	2022-09-14		Café owners in Lyon raise the price of an espresso	\$ROOT/corpus/europe/cafe-prices.txt" "" \
    "$SEARCHER" --format tsv -n 3 oil prices

check "paths, newest first, with a filter" 0 \
"\$ROOT/corpus/wire/ap-port-strike.txt
\$ROOT/corpus/europe/bakery-strike.txt" "" \
    "$SEARCHER" -l --sort newest 'strike -cycling'

check "-0 gives NUL-terminated paths" 0 \
"\$ROOT/corpus/sports/moved-chess.txt\\0" "" \
    bash -c "'$SEARCHER' -0 grandmasters | sed 's/\\x0/\\\\0/g'"

check "count" 0 "4" "" "$SEARCHER" --count source:NPR
check "count of nothing: 0, exit 1" 1 "0" "" "$SEARCHER" --count zeppelin
all_articles=$("$SEARCHER" --count '*')
check "exclusions alone: every article but those (one holds drought)" 0 "$((all_articles - 1))" "" \
    "$SEARCHER" --count -- -drought
check "NEAR beside a phrase is an error, not a word" 2 "" \
"newsdex-search: error: bad query \"oil NEAR \"crude prices\"\": NEAR stands between two words (oil NEAR prices, oil NEAR/5 prices), not beside a phrase, a bracket, a wildcard or a field
newsdex-search: hint: see newsdex-search --help for the query language" \
    "$SEARCHER" 'oil NEAR "crude prices"'
check "no match: exit 1, nothing printed" 1 "" "" "$SEARCHER" zeppelin
check "a misspelling gets a suggestion on stderr" 1 "" \
"newsdex-search: no matches for 'drougth'; did you mean 'drought'?" "$SEARCHER" drougth
check "known words that match nothing together: no suggestion" 1 "" "" "$SEARCHER" '"drought espresso"'
check "a misspelt word beside words that match: hits, and a suggestion on stderr" 0 \
"\$ROOT/corpus/wire/ap-chip-plant.txt" \
"newsdex-search: did you mean 'drought towns'? (a word of 'drougth towns' is in no article)" "$SEARCHER" -l -n 1 'drougth towns'
check "list with filters and offset" 0 \
"\$ROOT/corpus/archive/1987/03/24/1004.txt
\$ROOT/corpus/archive/1987/04/01/1005.txt" "" \
    "$SEARCHER" -l --sort oldest --offset 3 -n 2 '*' year:1987

check "batch jsonl: each hit carries its query" 0 \
'{"format_version":1,"query":"title:tariffs","rank":1,"id":34}
{"format_version":1,"query":"grandmasters","rank":1,"id":24}' "" \
    bash -c "printf 'title:tariffs\nzeppelin\n\ngrandmasters\n' | '$SEARCHER' --batch --format jsonl | sed -E 's/\"score\":[^,]*,//; s/,\"path\".*/}/'"

check "batch count" 0 \
"1	title:tariffs
0	zeppelin
4	source:npr" "" \
    bash -c "printf 'title:tariffs\nzeppelin\nsource:npr\n' | '$SEARCHER' --batch --count"

check "colour only when asked (or on a terminal)" 0 \
"1. [1mTwelve-year-old wins the national chess championship[0m" "" \
    bash -c "'$SEARCHER' --color always -n 1 grandmasters | head -1 | tr -d '\\033'"

check "head -1 ends quietly" 0 "1. River towns brace for a second summer of drought" "" \
    bash -c "'$SEARCHER' '*' -n 1000 --sort relevance drought | head -1"

# ---- a file name with a newline, a tab and bytes that are not UTF-8 survives every format ----
odd=$(printf 'corpus/odd/new\nline\tx\377.txt')
mkdir -p corpus/odd
printf 'Odd name\n\nA zeppelin landed.\n' >"$odd"
"$INDEXER" -q corpus 2>/dev/null
check "odd name: -0 gives the exact bytes" 0 "$(printf '%s' "$ROOT/$odd" | od -An -c | tr -s ' ')" "" \
    bash -c "'$SEARCHER' -0 zeppelin | head -c -1 | od -An -c | tr -s ' '"
check "odd name: json escapes it and carries the bytes in base64" 0 \
"\"\$ROOT/corpus/odd/new\\nline\\tx\ufffd.txt\"
$(printf '%s' "$ROOT/$odd" | base64 -w0)" "" \
    bash -c "'$SEARCHER' --format jsonl zeppelin | sed -E 's/.*\"path\":(\"[^\"]*\"),\"path_base64\":\"([^\"]*)\".*/\\1\\n\\2/' | sed 's/\xef\xbf\xbd/\\\\ufffd/'"
check "odd name: tsv escapes the newline and tab" 0 "\$ROOT/corpus/odd/new\\nline\\tx$(printf '\377').txt" "" \
    bash -c "'$SEARCHER' --format tsv zeppelin | cut -f7"
check "odd name: text shows it quoted and escaped" 0 "   undated | '\$ROOT/corpus/odd/new\\nline\\tx\\xFF.txt'" "" \
    bash -c "'$SEARCHER' zeppelin | sed -n 2p"

# ---- errors ----
check "malformed date range" 2 "" \
"newsdex-search: error: bad query \"date:2023-13\": date:2023-13: expected YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 2023-06-01..2023-06-30, 2023.. or ..2023-06
newsdex-search: hint: see newsdex-search --help for the query language" "$SEARCHER" date:2023-13
check "missing index" 2 "" \
"newsdex-search: error: no index at '\$ROOT/nope'
newsdex-search: hint: create it with \`newsdex-index --index \$ROOT/nope PATH...\`, or point --index or \$NEWSDEX_INDEX at an existing one" \
    "$SEARCHER" --index "$ROOT/nope" foo
check "bad option value" 2 "" \
"newsdex-search: error: --format: xml not in {text,json,jsonl,tsv,paths}
newsdex-search: hint: see newsdex-search --help" "$SEARCHER" --format xml foo
check "a misspelt option: the hint names the nearest" 2 "" \
"newsdex-search: error: The following argument was not expected: --limt
newsdex-search: hint: did you mean --limit? see newsdex-search --help" "$SEARCHER" --limt 5 drought
check "a misspelt indexer option too" 2 "" \
"newsdex-index: error: The following argument was not expected: --dryrun
newsdex-index: hint: did you mean --dry-run? see newsdex-index --help" "$INDEXER" --dryrun corpus
check "a negative limit" 2 "" \
"newsdex-search: error: --limit: expected a whole number from 0, got -1
newsdex-search: hint: see newsdex-search --help" "$SEARCHER" -n -1 drought
check "a query starting with - goes after --" 0 "\$ROOT/corpus/europe/bakery-strike.txt" "" \
    "$SEARCHER" -l -- -dockworkers strike -cycling
check "no query" 2 "" \
"newsdex-search: error: no query given (try '*' to list every article)
newsdex-search: hint: see newsdex-search --help" "$SEARCHER"
check "help names the exit statuses" 0 "Exit status: 0 something matched; 1 nothing matched; 2 error (bad query, option or index)." "" \
    bash -c "'$SEARCHER' --help | grep '^Exit status'"

# ---- a skipped file mended (last: a new article moves every score above) ----
printf 'Half\0written' > corpus/misc/later.txt
check "a binary file is skipped" 1 "" \
"newsdex-index: warning: skipping '\$ROOT/corpus/misc/later.txt': binary file (NUL byte at offset 4)" \
    "$INDEXER" -q corpus/misc
printf 'Written at last\n\nThe file is whole now.\n' > corpus/misc/later.txt
check "a file skipped before goes in: an addition, not an update" 0 "" \
"newsdex-index: info: add '\$ROOT/corpus/misc/later.txt'
newsdex-index: seen 2 files: 1 added, 0 updated, 0 unchanged, 0 moved, 0 removed, 0 skipped; 1 ignored (not articles by name) in Ns" \
    "$INDEXER" -v corpus/misc

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
