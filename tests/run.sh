#!/bin/sh
# Runs every test of one build: the cmocka binaries (unit and statistical validation tests), the
# CLI tests on real scenario files, the catalogue of bad inputs (tests/bad/) and, in the plain
# build, the MPI tests and the batch report in a real browser (tests/html.sh). Prints each
# binary's own cmocka summary, then one closing line "tests: N passed, M failed" for the whole
# build. Exit status 1 if anything failed.
#   usage: tests/run.sh BUILD_DIR LABEL
build=$1
label=$2
passed=0
failed=0
failed_bins=""
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out=$("$t" 2>&1)
    status=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ $status -ne 0 ]; then
        # A crash or abort may print no summary at all: count the binary as one failure then.
        [ -z "$f" ] && failed=$((failed + 1))
        failed_bins="$failed_bins $name"
    fi
done
# script LABEL FILE: runs a test script on this build's binary; its last line reads
# "LABEL: N passed, M failed" (no such line counts as one failure).
script() {
    [ -f "$2" ] || return 0
    out=$(RELSIM="$build/relsim" sh "$2" 2>&1)
    status=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p")
    f=$(printf '%s\n' "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
    [ $status -ne 0 ] && failed_bins="$failed_bins $(basename "$2")"
}
# the layering of the sources (make layers), once
[ "$label" = plain ] && script layers tests/layers.sh
script cli tests/cli.sh    # the command line on real scenario files
script fit tests/fit.sh    # relsim fit on failure logs, good and bad (tests/fit/bad/)
script optimize tests/optimize.sh # relsim optimize: known answers, constraints, budgets, ranks
script bad tests/bad.sh    # the catalogue of bad inputs, tests/bad/
script hostile tests/hostile.sh # the output layer attacked: injection, links, full disks, signals
script verdict tests/verdict.sh # run and the batch report give one verdict on closed forms
# MPI (the plain build is the MPI build; the sanitizer build is not): the same numbers for any
# number of ranks, a dead rank ending the job
[ "$label" = plain ] && script mpi tests/mpi.sh
# the simulated numbers of the gallery and of three sweeps, against their golden hashes
[ "$label" = plain ] && script golden tests/golden.sh
# the batch report in headless Chromium, once (plain build)
[ "$label" = plain ] && script html tests/html.sh
[ -n "$failed_bins" ] && echo "failing ($label):$failed_bins"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$failed_bins" ]
