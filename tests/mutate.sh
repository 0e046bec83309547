#!/bin/sh
# The mutation run (make mutate): do the tests catch the bugs we fear?
#
#   sh tests/mutate.sh [OPTIONS] [PATTERN...]
#
# Applies the mutants of the catalogue (tests/mutants/*.mut) one at a time to a copy of the tree,
# builds each, runs the plain suite on it and prints, per mutant, KILLED (with the first test that
# failed), SURVIVED, COMPILER (the mutant does not build: killed by the compiler, counted apart)
# or STALE (the rule no longer matches the code: fix the rule, it proves nothing), then the kill
# rate and the survivors. Not part of make check: a full run takes an hour on 2 cores.
#
# PATTERN: extended regular expressions (grep -E) matched against a rule's whole line (its id,
# file, function and description); a mutant runs if any matches. Without one, every mutant runs.
#
# Options:
#   --fast        the test binaries only (build/tests/test_*), not the shell suites of
#                 tests/run.sh (cli, bad, mpi, golden, html): about 20 s a mutant instead of 45.
#                 Rules that only a shell suite can kill (their description starts with "[full]")
#                 are then SKIPPED.
#   --head        mutate the last commit (git archive HEAD) instead of the working tree
#                 (every file git tracks or would track, as it is on disk now)
#   --at REV      mutate commit REV (to measure the suite as it was; the catalogue is today's)
#   --dry-run     only check that every selected rule applies (STALE otherwise); no build
#   --diff        with --dry-run: print each mutant as a diff
#   --keep        keep the copy (its path is printed) instead of removing it
#   --jobs N      make -jN (default 2)
#   --timeout S   seconds each test binary or script may run before it counts as hung (a hang
#                 kills the mutant; default 300)
#
# A rule is one line of a .mut file (# starts a comment line):
#   ID|FILE|FUNCTION|SED|DESCRIPTION
# SED is a sed script (s/OLD/NEW/, or several commands separated by ';') applied only to the
# lines of FUNCTION's definition in FILE: from its first line to the "}" in column 0 that closes
# it. Rules anchor on function names so that they survive code moving about: when FILE no longer
# defines FUNCTION (a file was split, say), the one source file of models/, analysis/ or sim/ that
# does is used instead (several: STALE, ambiguous). SED may hold '|'; DESCRIPTION may not. A
# rule whose SED leaves the function as it was is STALE. DESCRIPTION may start with "[full]" (only
# the shell suites can kill it: MPI, the command line) and "[equivalent]" (it cannot change any
# output; it stays in the catalogue so that nobody adds it again, and its survival is expected).
#
# Exit status: 0 if every mutant that ran was killed (or is marked equivalent), 1 if one survived
# or a rule is stale, 2 on a usage error or if the unmutated copy does not build or pass.
set -u
LC_ALL=C
export LC_ALL

usage() {
    sed -n '3,33p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

FAST=0
HEAD=0
REV=HEAD
DRY=0
DIFF=0
KEEP=0
JOBS=2
TIMEOUT=300
PATTERNS=""
while [ $# -gt 0 ]; do
    case $1 in
    --fast) FAST=1 ;;
    --head) HEAD=1 ;;
    --at) [ $# -ge 2 ] || usage; HEAD=1; REV=$2; shift ;;
    --dry-run) DRY=1 ;;
    --diff) DIFF=1 ;;
    --keep) KEEP=1 ;;
    --jobs) [ $# -ge 2 ] || usage; JOBS=$2; shift ;;
    --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift ;;
    -h | --help) usage ;;
    -*) echo "mutate: unknown option $1" >&2; usage ;;
    *) PATTERNS="$PATTERNS$1
" ;;
    esac
    shift
done
case $JOBS in '' | *[!0-9]*) echo "mutate: --jobs wants a number" >&2; exit 2 ;; esac
case $TIMEOUT in '' | *[!0-9]*) echo "mutate: --timeout wants a number of seconds" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$ROOT" || exit 2
[ -d tests/mutants ] || { echo "mutate: no tests/mutants/ catalogue" >&2; exit 2; }
command -v timeout >/dev/null 2>&1 || { echo "mutate: needs timeout(1) (coreutils)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/relsim-mutate-XXXXXX) || exit 2
SRC=$WORK/src
cleanup() {
    if [ $KEEP -eq 1 ]; then echo "mutate: the copy is kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the catalogue
# Every rule, comments and blank lines left out, as "SOURCE:LINE|rule" (SOURCE the .mut file).
for f in tests/mutants/*.mut; do
    [ -e "$f" ] || continue
    awk -v src="${f#tests/mutants/}" '!/^[ \t]*(#|$)/ { print src ":" FNR "|" $0 }' "$f"
done >"$WORK/all"
if [ -n "$PATTERNS" ]; then
    : >"$WORK/rules"
    printf '%s' "$PATTERNS" | while IFS= read -r p; do
        [ -n "$p" ] && cut -d'|' -f2- "$WORK/all" | grep -nE -- "$p" | cut -d: -f1
    done | sort -nu | while read -r n; do sed -n "${n}p" "$WORK/all"; done >"$WORK/rules"
else
    cp "$WORK/all" "$WORK/rules"
fi
total=$(wc -l <"$WORK/rules" | tr -d ' ')
[ "$total" -gt 0 ] || { echo "mutate: no mutant matches" >&2; exit 2; }
# Ids must be unique across the catalogue.
dups=$(cut -d'|' -f2 "$WORK/all" | sort | uniq -d)
[ -z "$dups" ] || { echo "mutate: duplicate ids in tests/mutants: $dups" >&2; exit 2; }

# ---------------------------------------------------------------- the copy
mkdir -p "$SRC"
if [ $HEAD -eq 1 ]; then
    git archive "$REV" | tar -x -C "$SRC" || exit 2
    what="$REV ($(git rev-parse --short "$REV"))"
else
    git ls-files -co --exclude-standard | while IFS= read -r f; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done >"$WORK/files"
    tar -cf - -T "$WORK/files" | tar -x -C "$SRC" || exit 2
    what="the working tree"
fi
# The browser check's node modules (tests/html.sh) come from the checkout's build, not npm.
if [ -d build/node ]; then
    mkdir -p "$SRC/build"
    ln -s "$ROOT/build/node" "$SRC/build/node"
fi

# ---------------------------------------------------------------- rules
# range FILE FUNCTION: prints "FIRST,LAST", the lines of FUNCTION's definition in FILE, or nothing.
range() {
    awk -v fn="$2" '
        function names_fn(s) { return s ~ ("(^|[^A-Za-z0-9_])" fn "[ \t]*\\(") }
        found == 0 && cand == 0 && /^[A-Za-z_]/ && names_fn($0) { cand = NR }
        found == 0 && cand > 0 {
            if ($0 ~ /^\{/ || $0 ~ /\)[ \t]*\{[ \t]*$/) { found = cand }
            else if ($0 ~ /;[ \t]*$/) { cand = 0 } # a prototype
        }
        found > 0 && NR > found && /^\}/ { print found "," NR; exit }
    ' "$1"
}

# locate FILE FUNCTION: sets $file and $lines (the range), or $why if it cannot.
locate() {
    file=$1
    lines=""
    why=""
    [ -f "$SRC/$file" ] && lines=$(range "$SRC/$file" "$2")
    [ -n "$lines" ] && return 0
    found=""
    n=0
    for g in $(cd "$SRC" && grep -lE "(^|[^A-Za-z0-9_])$2[ \t]*\(" \
        $(find models analysis sim -name '*.c' 2>/dev/null | sort) 2>/dev/null); do
        if [ -n "$(range "$SRC/$g" "$2")" ]; then
            found="$found $g"
            n=$((n + 1))
        fi
    done
    if [ $n -eq 1 ]; then
        file=${found# }
        lines=$(range "$SRC/$file" "$2")
        return 0
    fi
    if [ $n -eq 0 ]; then why="no definition of $2 (in $1 or elsewhere)"; else why="$2 is not in $1 and is defined in several files:$found"; fi
    return 1
}

# apply SED: writes the mutated $file to $WORK/mutant; 1 if that changes nothing.
apply() {
    sed -e "${lines}{" -e "$1" -e "}" "$SRC/$file" >"$WORK/mutant" 2>"$WORK/sed.err" || {
        why="sed: $(head -n 1 "$WORK/sed.err")"
        return 1
    }
    if cmp -s "$SRC/$file" "$WORK/mutant"; then
        why="the expression changes nothing in $2"
        return 1
    fi
    return 0
}

# ---------------------------------------------------------------- build and suite
TESTBINS=""
for t in "$SRC"/tests/test_*.c; do
    [ -e "$t" ] || continue
    b=${t##*/}
    TESTBINS="$TESTBINS build/tests/${b%.c}"
done
EXTRA=""
[ -f "$SRC/tests/mkreport.c" ] && EXTRA="build/tests/mkreport"
# The shell suites of the plain build, as tests/run.sh lists them.
SCRIPTS=$(sed -n 's/^.*script [A-Za-z0-9_-]* \(tests\/[A-Za-z0-9_.-]*\.sh\).*$/\1/p' "$SRC/tests/run.sh")

# -O2 without link-time optimisation: the same numbers as the default build (no reassociation, no
# FMA on the baseline target), built in a third of the time, which is most of a mutant's.
build() {
    (cd "$SRC" && make -s -j"$JOBS" OPT='-O2 -falign-functions=64 -falign-loops=32' LTO= \
        build/relsim $TESTBINS $EXTRA) </dev/null >"$WORK/build.log" 2>&1
}

# suite: runs the plain suite, stopping at the first failure; prints what failed (and returns 1).
suite() {
    for t in $TESTBINS; do
        # (through sh -c: a test killed by a signal is reported in the log, not on the terminal)
        (cd "$SRC" && timeout "$TIMEOUT" sh -c '"$@"; exit $?' sh "./$t") </dev/null >"$WORK/test.log" 2>&1
        st=$?
        if [ $st -ne 0 ]; then
            [ $st -eq 124 ] && echo "${t##*/} (hung)" || echo "${t##*/}"
            return 1
        fi
    done
    [ $FAST -eq 1 ] && return 0
    for s in $SCRIPTS; do
        [ -f "$SRC/$s" ] || continue
        (cd "$SRC" && RELSIM=build/relsim timeout "$TIMEOUT" sh "$s") </dev/null >"$WORK/test.log" 2>&1
        st=$?
        if [ $st -ne 0 ]; then
            [ $st -eq 124 ] && echo "${s##*/} (hung)" || echo "${s##*/}"
            return 1
        fi
    done
    return 0
}

mode="the plain suite"
[ $FAST -eq 1 ] && mode="the test binaries (--fast)"
echo "mutate: $total mutant(s) of tests/mutants on a copy of $what; $mode; make -j$JOBS"
if [ $DRY -eq 0 ]; then
    t0=$(date +%s)
    if ! build; then
        echo "mutate: the unmutated copy does not build:" >&2
        tail -n 30 "$WORK/build.log" >&2
        exit 2
    fi
    if failed=$(suite); then :; else
        echo "mutate: the unmutated copy fails $failed: fix that first" >&2
        tail -n 30 "$WORK/test.log" >&2
        exit 2
    fi
    echo "mutate: unmutated copy builds and passes in $(($(date +%s) - t0)) s"
fi

# ---------------------------------------------------------------- the run
: >"$WORK/results"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    where=${line%%|*}
    rule=${line#*|}
    id=${rule%%|*}
    rest=${rule#*|}
    rfile=${rest%%|*}
    rest=${rest#*|}
    func=${rest%%|*}
    rest=${rest#*|}
    desc=${rest##*|}
    expr=${rest%|*}
    tag=""
    case $desc in *"[full]"*) tag=full ;; esac
    case $desc in *"[equivalent]"*) tag=equivalent ;; esac
    t0=$(date +%s)
    if ! locate "$rfile" "$func" || ! apply "$expr" "$func"; then
        verdict=STALE
        by=$why
    elif [ $DRY -eq 1 ]; then
        verdict=APPLIES
        by="$file:$lines"
        [ $DIFF -eq 1 ] && diff -U0 "$SRC/$file" "$WORK/mutant" | sed -n '3,$p'
    elif [ $FAST -eq 1 ] && case $desc in *"[full]"*) true ;; *) false ;; esac; then
        verdict=SKIPPED
        by="only the shell suites can kill it"
    else
        cp "$SRC/$file" "$WORK/original"
        cp "$WORK/mutant" "$SRC/$file"
        if ! build; then
            verdict=COMPILER
            by=$(grep -m 1 -E 'error' "$WORK/build.log" | cut -c1-160)
        elif by=$(suite); then
            verdict=SURVIVED
            by=""
            [ "$tag" = equivalent ] && by="(marked equivalent)"
        else
            verdict=KILLED
        fi
        cp "$WORK/original" "$SRC/$file"
    fi
    [ "$file" != "$rfile" ] && [ "$verdict" != STALE ] && by="$by [found in $file]"
    secs=$(($(date +%s) - t0))
    printf '[%d/%d] %-8s %s (%s) %s %ss\n' "$i" "$total" "$verdict" "$id" "$func" "$by" "$secs"
    printf '%s|%s|%s|%s|%s|%s|%s\n' "$verdict" "$tag" "$id" "$where" "$func" "$desc" "$by" >>"$WORK/results"
done <"$WORK/rules"

# ---------------------------------------------------------------- summary
count() { grep -c "^$1|" "$WORK/results"; }
if [ $DRY -eq 1 ]; then
    echo "mutate: $(count APPLIES) of $total rule(s) apply, $(count STALE) stale"
    grep '^STALE|' "$WORK/results" | awk -F'|' '{ printf "  STALE %s (%s, %s): %s\n", $3, $4, $5, $7 }'
    [ "$(count STALE)" -eq 0 ]
    exit $?
fi
killed=$(count KILLED)
compiler=$(count COMPILER)
survived=$(count SURVIVED)
stale=$(count STALE)
skipped=$(count SKIPPED)
equiv=$(grep -c '^SURVIVED|equivalent|' "$WORK/results")
ran=$((killed + compiler + survived))
echo
echo "mutate: $total mutant(s): $killed killed by the tests, $compiler by the compiler, $survived survived ($equiv marked equivalent), $stale stale, $skipped skipped"
if [ $ran -gt 0 ]; then
    awk -v k="$killed" -v c="$compiler" -v s="$survived" -v e="$equiv" 'BEGIN {
        printf "kill rate: %d/%d = %.1f%% of the mutants that built", k, k + s, k + s ? 100 * k / (k + s) : 0
        if (e > 0) printf "; %d/%d = %.1f%% leaving out the equivalent ones", k, k + s - e, k + s - e ? 100 * k / (k + s - e) : 100
        printf "; %d/%d = %.1f%% counting the compiler'"'"'s kills\n", k + c, k + c + s, 100 * (k + c) / (k + c + s)
    }'
fi
if [ "$survived" -gt 0 ]; then
    echo "survivors:"
    grep '^SURVIVED|' "$WORK/results" | awk -F'|' '{ printf "  %s (%s, %s): %s%s\n", $3, $4, $5, $6, $2 == "equivalent" ? "" : "" }'
fi
if [ "$stale" -gt 0 ]; then
    echo "stale rules (they match nothing: update them):"
    grep '^STALE|' "$WORK/results" | awk -F'|' '{ printf "  %s (%s, %s): %s\n", $3, $4, $5, $7 }'
fi
[ $((survived - equiv)) -eq 0 ] && [ "$stale" -eq 0 ]
