#!/usr/bin/env bash
# Kill -9 campaign: newsdex-index is killed at random moments while it builds and then updates an index
# (adds, changes, deletes between runs; small batches, so that kills land in commits too). After every
# kill the index must open and answer queries, and --check must find Xapian and the catalogue agreeing
# or Xapian at most one batch ahead (a kill between the two commits; the next run repairs it). At the
# end one more run must leave the index exactly as a clean run over the same files: the same catalogue
# rows (ids aside) and the same hits with the same scores for a set of queries.
# Usage: kill_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH NEWSDEX_BENCH LEARN_FROM_CORPUS TRIALS ARTICLES [SEED]
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2") BENCH=$(realpath "$3") LEARN=$(realpath "$4")
TRIALS=$5 ARTICLES=$6 SEED=${7:-$RANDOM}
BATCH=50
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
say() { echo "kill_test: $*"; }
die() { say "FAIL: $*"; say "seed $SEED (rerun with it to reproduce)"; exit 1; }
RANDOM=$SEED

# Word statistics from the text files of LEARN (binary ones would teach it NUL bytes).
mkdir -p "$ROOT/learn"
i=0
while IFS= read -r -d '' f; do
    grep -Iq . "$f" && cp "$f" "$ROOT/learn/$((i += 1)).txt"
done < <(find "$LEARN" -name '*.txt' -type f -print0)
"$BENCH" make-corpus "$ARTICLES" "$ROOT/corpus" "$ROOT/learn" "$SEED" 2>/dev/null || die "make-corpus failed"
files=()
while IFS= read -r f; do files+=("$f"); done < <(cd "$ROOT/corpus" && find . -name '*.txt' | sort)
say "$ARTICLES articles, $TRIALS kills, seed $SEED"

# Between runs the archive changes: a fifth of the articles rewritten, a few deleted, a few added, so
# that an incremental run has many batches to be killed in.
mutate() {
    local k=$1 i n=${#files[@]}
    for ((i = 0; i < n / 5; i++)); do
        local f=$ROOT/corpus/${files[$((RANDOM % n))]}
        [[ -f $f ]] && printf '\n\nUpdate %d-%d: the agency said talks would resume.\n' "$k" "$i" >>"$f"
    done
    for ((i = 0; i < n / 100; i++)); do rm -f "$ROOT/corpus/${files[$((RANDOM % n))]}"; done
    mkdir -p "$ROOT/corpus/new"
    for ((i = 0; i < n / 100; i++)); do
        printf 'Late story %d-%d\n\nLONDON, May 4 (Reuters) - Trial %d brought news number %d.\n' "$k" "$i" "$k" "$i" \
            >"$ROOT/corpus/new/$k-$i.txt"
    done
}

# What a run must reproduce, ids aside: catalogue rows and ranked hits.
state() {
    local idx=$1
    sqlite3 "$idx/catalogue.sqlite" \
        "SELECT hex(path), size, hash, indexed, coalesce(error,''), title, date, source FROM articles ORDER BY path" ||
        echo "catalogue unreadable"
    local q
    for q in '*' 'talks' 'agency said' '"talks would resume"' 'news number' 'year:2015' 'market prices rose'; do
        echo "== $q"
        "$SEARCHER" --index "$idx" --format tsv --limit 100000 -- "$q" | cut -f2,4- | sort
    done
}

# How long a whole first run takes: kills are spread over it.
"$INDEXER" -q --batch-size $BATCH --index "$ROOT/probe" "$ROOT/corpus" 2>/dev/null
start=$(date +%s%N)
rm -rf "$ROOT/probe"
"$INDEXER" -q --batch-size $BATCH --index "$ROOT/probe" "$ROOT/corpus" 2>/dev/null
span_ms=$(( ($(date +%s%N) - start) / 1000000 + 20 ))
rm -rf "$ROOT/probe"

IDX=$ROOT/index
killed=0 ahead=0 first_done=0
for ((t = 1; t <= TRIALS; t++)); do
    # The first quarter of the kills hit the first build; then it completes once, and the rest hit
    # incremental runs over a changing archive.
    if (( t > 1 && t > TRIALS / 4 )); then
        if (( !first_done )); then
            "$INDEXER" -q --batch-size $BATCH --index "$IDX" "$ROOT/corpus" 2>/dev/null
            (( $? <= 1 )) || die "trial $t: a run to completion failed"
            first_done=1
        fi
        mutate "$t"
    fi
    "$INDEXER" -q --batch-size $BATCH --index "$IDX" "$ROOT/corpus" 2>/dev/null &
    pid=$!
    delay_ms=$((RANDOM % span_ms))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        killed=$((killed + 1))
    else
        span_ms=$((span_ms / 2 + 10))  # the run had finished: incremental runs are shorter, aim earlier
    fi
    wait "$pid" 2>/dev/null
    [[ -f $IDX/xapian ]] || continue  # killed before anything was created
    for q in '*' 'talks' '"agency said"' 'news NEAR number'; do
        "$SEARCHER" --index "$IDX" --count -- "$q" >/dev/null 2>"$ROOT/err"
        (( $? <= 1 )) || die "trial $t (kill after ${delay_ms} ms): query '$q' failed: $(cat "$ROOT/err")"  # 1: no match
    done
    [[ -f $IDX/catalogue.sqlite ]] || continue
    "$INDEXER" --check --index "$IDX" >"$ROOT/check" 2>/dev/null
    case $? in
        0) ;;
        1)  # Xapian a batch ahead: documents of the batch whose rows were not committed
            n=$(grep '^only in xapian:' "$ROOT/check" | wc -w)
            n=$((n - 3))
            grep -q '^fault:' "$ROOT/check" && die "trial $t: $(grep '^fault:' "$ROOT/check")"
            [[ $(grep '^only in the catalogue:' "$ROOT/check" | wc -w) == 4 ]] ||
                die "trial $t: articles in the catalogue without documents: $(grep '^only in the catalogue:' "$ROOT/check")"
            # A first build written by parallel writers is one batch: its catalogue commits right after the
            # merged database is swapped in, so a kill between the two leaves every document ahead of an
            # empty catalogue (the next run reads everything again).
            if (( n > BATCH )) && ! { (( !first_done )) && grep -q '^catalogue articles indexed: 0$' "$ROOT/check"; }; then
                die "trial $t: $n documents without catalogue rows, more than a batch"
            fi
            ahead=$((ahead + 1)) ;;
        *) die "trial $t: --check could not read the index: $(cat "$ROOT/check")" ;;
    esac
done

"$INDEXER" -q --batch-size $BATCH --index "$IDX" "$ROOT/corpus" 2>"$ROOT/err"
rc=$?
[[ $rc == 0 ]] || die "the run after the campaign exited $rc: $(head -5 "$ROOT/err")"
"$INDEXER" --check --index "$IDX" >"$ROOT/check" || die "after the last run: $(cat "$ROOT/check")"
"$INDEXER" -q --index "$ROOT/clean" "$ROOT/corpus" 2>/dev/null || die "the clean run failed"
state "$IDX" >"$ROOT/recovered.txt"
state "$ROOT/clean" >"$ROOT/clean.txt"
diff "$ROOT/clean.txt" "$ROOT/recovered.txt" >"$ROOT/diff" ||
    die "the recovered index differs from a clean one: $(head -20 "$ROOT/diff")"
say "ok: $killed runs killed while running (of $TRIALS), $ahead left Xapian a batch ahead (repaired by the next run); the recovered index equals a clean one ($(wc -l <"$ROOT/clean.txt") lines of state)"
