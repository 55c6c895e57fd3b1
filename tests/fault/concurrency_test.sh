#!/usr/bin/env bash
# Searching while the indexer works: rounds of newsdex-index rewrite, remove and add thousands of
# articles (each round compacts, swapping the database folder) while searchers run, one process per
# query and one long --batch process. No search may fail, and no hit may be half-written: every article
# says who it is in its headline and in its body ("Story K", "tokenK"), so a hit for tokenK must be
# headed "Story K". Usage: concurrency_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH [ARTICLES] [ROUNDS]
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2") N=${3:-3000} ROUNDS=${4:-4}
ROOT=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$ROOT"' EXIT
C=$ROOT/corpus IDX=$ROOT/index
say() { echo "concurrency_test: $*"; }
die() { say "FAIL: $*"; exit 1; }

write() {  # write K VERSION
    printf 'Story %d, version %d\n\nLONDON, May 4 (Reuters) - Officials reported token%d today. The count was %d.\n\nMore on token%d follows in version %d of this story.\n' \
        "$1" "$2" "$1" "$2" "$1" "$2" >"$C/$(( $1 % 50 ))/$1.txt"
}
for d in $(seq 0 49); do mkdir -p "$C/$d"; done
for k in $(seq 1 "$N"); do write "$k" 0; done
"$INDEXER" -q --index "$IDX" "$C" || die "first index failed"

last=$((N + ROUNDS * (N / 10)))
# The indexer: each round rewrites a third of the articles, removes a tenth and adds a tenth.
(
    next=$((N + 1))
    for r in $(seq 1 "$ROUNDS"); do
        for k in $(seq "$r" 3 "$N"); do [[ -f $C/$((k % 50))/$k.txt ]] && write "$k" "$r"; done
        for k in $(seq $((r + 1)) 10 "$N"); do rm -f "$C/$((k % 50))/$k.txt"; done
        for i in $(seq 1 $((N / 10))); do write "$next" "$r"; next=$((next + 1)); done
        "$INDEXER" -q --index "$IDX" "$C" || { echo "indexer round $r failed" >"$ROOT/indexer-failed"; exit 1; }
    done
    touch "$ROOT/indexer-done"
) &

# One long-lived searcher: --batch over a stream of queries.
(
    {
        while [[ -d $ROOT && ! -e $ROOT/indexer-done && ! -e $ROOT/indexer-failed ]]; do
            for k in $(seq 1 97 "$N"); do echo "token$k"; done
        done
        # The last article of the last round: a searcher that opened the index long before must see it.
        echo "token$last"
    } | "$SEARCHER" --index "$IDX" --batch --format jsonl --limit 100 >"$ROOT/batch.jsonl" 2>"$ROOT/batch.err"
    echo $? >"$ROOT/batch.rc"
) &

queries=0
while [[ ! -e $ROOT/indexer-done && ! -e $ROOT/indexer-failed ]]; do
    k=$(( (RANDOM * 32768 + RANDOM) % (N + N / 2) + 1 ))
    out=$("$SEARCHER" --index "$IDX" --format tsv --limit 100 -- "token$k" 2>"$ROOT/err")
    rc=$?
    (( rc <= 1 )) || die "query token$k: exit $rc: $(cat "$ROOT/err")"
    if [[ -n $out ]]; then
        bad=$(cut -f6 <<<"$out" | grep -v "^Story $k, version [0-9]*$")
        [[ -z $bad ]] || die "query token$k shows another article: $bad"
    fi
    queries=$((queries + 1))
done
[[ -e $ROOT/indexer-failed ]] && die "$(cat "$ROOT/indexer-failed")"
wait
[[ $(cat "$ROOT/batch.rc") == [01] ]] || die "the --batch searcher exited $(cat "$ROOT/batch.rc"): $(head -3 "$ROOT/batch.err")"
[[ -s $ROOT/batch.err ]] && die "the --batch searcher said: $(head -3 "$ROOT/batch.err")"
hits=$(wc -l <"$ROOT/batch.jsonl")
(( hits > 0 )) || die "the --batch searcher found nothing"
wrong=$(jq -c '(.query | ltrimstr("token")) as $k | select(.title | startswith("Story " + $k + ",") | not)' \
    "$ROOT/batch.jsonl" | head -3)
[[ -z $wrong ]] || die "--batch showed another article: $wrong"
jq -e --arg q "token$last" 'select(.query == $q)' "$ROOT/batch.jsonl" >/dev/null ||
    die "the --batch searcher did not see the last round's articles (it kept reading a database swapped out)"
"$INDEXER" --check --index "$IDX" >/dev/null || die "after the rounds the index and its catalogue disagree"
say "ok: $ROUNDS indexer rounds over $N articles; $queries searches as processes and $hits hits from --batch, none failed or wrong"
