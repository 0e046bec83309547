#!/bin/sh
# Golden outputs: the simulated numbers of every gallery scenario and of three sweeps, pinned by
# the SHA-256 of trials.csv, summary.csv, analytic.csv and sweep.csv (tests/golden/outputs.sha256). Refactoring must leave
# them byte-identical; a change that is meant to move the numbers (a new rule of the model, new
# random streams) regenerates the file with `sh tests/golden.sh --update` and says why in its
# commit message. Plain build only: the sanitizer build computes the same numbers more slowly.
#
# Each scenario runs 400 trials (per-step.ini its own 100,000 would take as long as the rest),
# two threads, no plot; the sweeps cover a duration key, a count key with spares and a two-key
# grid with a precision target, which adds trials in rounds.
SUITE=golden
. "$(dirname "$0")/lib.sh"
want=$ROOT/tests/golden/outputs.sha256
update=0
[ "${1:-}" = --update ] && update=1

cd "$T" || exit 1
for f in "$ROOT"/scenarios/*.ini; do
    n=$(basename "$f" .ini)
    "$RELSIM" run "$f" --trials 400 --threads 2 --no-plot -q -o "run-$n" || fail "run $n"
    "$RELSIM" analytic "$f" -o "run-$n" >/dev/null || fail "analytic $n"
done
"$RELSIM" sweep "$ROOT/scenarios/lab-cluster.ini" --vary job.checkpoint_interval=15m..4h*2 \
    --trials 200 --threads 2 --no-plot -q -o sweep-interval || fail "sweep interval"
"$RELSIM" sweep "$ROOT/scenarios/spares-hot.ini" --vary cluster.spares=0..8+2 \
    --vary cluster.repair_crews=1,4 --trials 200 --threads 2 --no-plot -q -o sweep-spares ||
    fail "sweep spares"
"$RELSIM" sweep "$ROOT/scenarios/meta-2000.ini" --vary job.checkpoint_interval=10m,30m,1h \
    --metric makespan_h --precision 2 --trials 50 --max-trials 400 --threads 2 --no-plot -q \
    -o sweep-precision || fail "sweep precision"
got=$(sha256sum run-*/trials.csv run-*/summary.csv run-*/analytic.csv sweep-*/sweep.csv)

if [ $update = 1 ]; then
    printf '%s\n' "$got" >"$want"
    echo "golden: wrote $want"
    exit 0
fi
# One check per file, so that a failure names the output that moved.
printf '%s\n' "$got" | while read -r sum file; do
    w=$(awk -v f="$file" '$2 == f { print $1 }' "$want")
    if [ "$sum" = "$w" ]; then echo "ok $file"; else echo "FAIL: $file differs from its golden hash"; fi
done >result.txt
cat result.txt | grep FAIL
passed=$((passed + $(grep -c '^ok ' result.txt)))
failed=$((failed + $(grep -c '^FAIL' result.txt)))
[ "$(wc -l <result.txt)" -eq "$(wc -l <"$want")" ] || fail "golden: not every pinned output was produced"
finish
