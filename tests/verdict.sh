#!/bin/sh
# One verdict: `relsim run`'s closed-form lines and the batch report of the same run say the same
# thing about every exact closed form (stat_agree, analysis/stat.h). The case that once split
# them: one node, exponential lives, 2 trials, seed 26 ("exact: agrees" on the terminal,
# "DISAGREES" in the report). Then the same over seeds and trial counts.
#   RELSIM=path/to/relsim sh tests/verdict.sh
SUITE=verdict
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

one() { # TRIALS SEED: one-node scenario file one-TRIALS-SEED.ini
    cat >"one-$1-$2.ini" <<EOF2
[scenario]
name = one-$1-$2
trials = $1
seed = $2
[cluster]
nodes = 1
[component.node]
ttf = exponential(mean=100h)
ttr = exponential(mean=5h)
[job]
work = 200h
checkpoint_interval = 10h
checkpoint_cost = 6m
restart_cost = 6m
EOF2
}

# word_run FILE: the overall verdict of the exact rows of relsim run's table
word_run() {
    if grep -q 'exact: DISAGREES' "$1"; then echo DISAGREES
    elif grep -q 'exact: undecided' "$1"; then echo undecided
    elif grep -q 'exact: agrees' "$1"; then echo agrees
    else echo none; fi
}
# word_md FILE NAME: the cross-check cell of the scenario's row in report.md
word_md() {
    row=$(grep "| $2 |" "$1" | head -n 1)
    case $row in
    *DISAGREES*) echo DISAGREES ;;
    *undecided*) echo undecided ;;
    *"agrees ("*) echo agrees ;;
    *) echo none ;;
    esac
}

for cfg in "1 26" "2 26" "2 1" "3 7" "5 26" "20 26" "200 26"; do
    set -- $cfg
    one "$1" "$2"
    "$RELSIM" run "one-$1-$2.ini" -o "run-$1-$2" --no-plot >"run-$1-$2.txt" 2>&1 ||
        fail "run $1 trials seed $2"
    "$RELSIM" batch "one-$1-$2.ini" -o "batch-$1-$2" --no-plot -q >/dev/null 2>&1 ||
        fail "batch $1 trials seed $2"
    r=$(word_run "run-$1-$2.txt")
    m=$(word_md "batch-$1-$2/report.md" "one-$1-$2")
    check "$1 trials, seed $2: run says '$r', the report '$m'" test "$r" = "$m" -a "$r" != none
done
finish
