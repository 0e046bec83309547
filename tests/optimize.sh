#!/bin/sh
# relsim optimize through the real binary: the answer on a case Daly's makespan settles, the files
# of its result set, a constraint, a point that cannot finish, a spent budget, the same files for
# 1 and 2 threads and for 1 and 2 MPI ranks, and bad options (one message, status 2, nothing
# written).
#   RELSIM=path/to/relsim sh tests/optimize.sh      (prints "optimize: N passed, M failed")
SUITE=optimize
. "$(dirname "$0")/lib.sh"

# col FILE NAME: the values of column NAME, one a line
col() { awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1"; }
# status_of FILE VALUE: the status of the row whose first field is VALUE
status_of() { awk -F, -v v="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") c = i; next } $1 == v { print $c }' "$1"; }

# Daly's expected makespan is exact here (exponential lives, no downtime, fixed costs): over
# 30m, 1h, 105m, 3h and 6h it is 85.35, 76.57, 74.80, 76.80 and 87.85 h
cat >"$T/exact.ini" <<'EOF'
[scenario]
name = exact
trials = 400
seed = 3
[cluster]
nodes = 16
spares = 6
[component.gpu]
count = 4
ttf = exponential(mean=640h)
ttr = 2m
[job]
work = 60h
checkpoint_interval = 1h
checkpoint_cost = 10m
restart_cost = 20m
EOF
GRID="--vary job.checkpoint_interval=30m,1h,105m,3h,6h"

run_status 0 "optimize --help" "$RELSIM" optimize --help
check "--help names the procedure" out_has "Kim and Nelson"
run_status 0 "relsim --help lists optimize" "$RELSIM" --help
check "relsim --help lists optimize" out_has "optimize"

for seed in 1 2 3; do
    run_status 0 "optimize, seed $seed" "$RELSIM" optimize "$T/exact.ini" $GRID --minimize makespan_h --precision 0.5 --seed $seed --threads 1 -o "$T/o$seed"
    check "seed $seed: Daly's optimum is the answer" out_has "^Best: checkpoint_interval 105m: makespan_h "
    spent=$(sed -n 's/^Trials: \([0-9]*\) spent.* = \([0-9]*\).*/\1/p' "$T/out")
    full=$(sed -n 's/^Trials: \([0-9]*\) spent.* = \([0-9]*\).*/\2/p' "$T/out")
    echo "optimize: seed $seed: $spent trials spent, the full grid at the same precision $full"
    check "seed $seed: fewer trials than the full grid ($spent < $full)" test "${spent:-0}" -lt "${full:-0}"
done
for f in optimize.csv optimize.md optimize.png run.txt; do check "optimize writes $f" test -s "$T/o1/$f"; done
check "no staging directory is left" test -z "$(ls -A "$T/o1" | grep '^\.')"
check "optimize.csv: one row per point and a header" test "$(wc -l <"$T/o1/optimize.csv")" -eq 6
check "optimize.csv: the keys, then status, round, decided_at_trial, trials" test "$(head -n 1 "$T/o1/optimize.csv" | cut -d, -f1-6)" = "checkpoint_interval,checkpoint_interval_h,status,round,decided_at_trial,trials"
check "optimize.csv: the objective with its CI and its paired shortfall" grep -q "makespan_h_mean,makespan_h_ci95_low,makespan_h_ci95_high,makespan_h_shortfall_mean" "$T/o1/optimize.csv"
check "optimize.csv: goodput and availability too" grep -q "goodput_mean.*availability_mean" "$T/o1/optimize.csv"
check "optimize.csv: exactly one best, 105m" test "$(col "$T/o1/optimize.csv" status | grep -c '^best$')" = 1 -a "$(status_of "$T/o1/optimize.csv" 105m)" = best
check "optimize.csv: the others eliminated" test "$(status_of "$T/o1/optimize.csv" 30m)" = eliminated
check "optimize.md: a table a ticket takes" grep -q '^| checkpoint_interval | makespan_h ' "$T/o1/optimize.md"
check "optimize.md: the best's row" grep -q '^| 105m | .* | best' "$T/o1/optimize.md"
check "optimize.png is a PNG" test "$(head -c 4 "$T/o1/optimize.png" | od -An -c | tr -d ' \n')" = '211PNG'
check "run.txt: the record of an optimize" test "$(head -n 1 "$T/o1/run.txt")" = "; relsim optimize record"
check "run.txt: the procedure and its constants" grep -q "^; procedure KN (Kim and Nelson 2001), c = 1: indifference zone delta = 0.5, alpha = 0.05, first stage n0 = 20, eta = " "$T/o1/run.txt"
check "run.txt: the grid" grep -q "^; vary job.checkpoint_interval = 30m, 1h, 105m, 3h, 6h" "$T/o1/run.txt"
run_status 0 "optimize again into the same directory" "$RELSIM" optimize "$T/exact.ini" $GRID --minimize makespan_h --precision 0.5 --seed 1 --threads 1 -o "$T/o1" --quiet
check "--quiet prints nothing" test ! -s "$T/out"

# the same files for 1 and 2 threads
run_status 0 "optimize, 2 threads" "$RELSIM" optimize "$T/exact.ini" $GRID --minimize makespan_h --precision 0.5 --seed 1 --threads 2 -o "$T/t2" --no-plot --quiet
check "optimize.csv identical for 1 and 2 threads" cmp -s "$T/o1/optimize.csv" "$T/t2/optimize.csv"
check "optimize.md identical for 1 and 2 threads" cmp -s "$T/o1/optimize.md" "$T/t2/optimize.md"
check "--no-plot: no picture" test ! -e "$T/t2/optimize.png"

# a constraint: the intervals up to 90m write more than 20 checkpoints; 3h is the best of the rest
run_status 0 "optimize subject to a constraint" "$RELSIM" optimize "$T/exact.ini" --vary job.checkpoint_interval=30m,1h,90m,3h,6h --minimize makespan_h --subject-to 'checkpoints<=20' --precision 0.5 -o "$T/c" --no-plot
check "constraint: 3h is the best feasible point" out_has "^Best: checkpoint_interval 3h: makespan_h .* checkpoints "
check "constraint: the others are infeasible, with the reason" out_has "checkpoint_interval 90m: checkpoints<=20 fails with 95% confidence"
check "constraint: optimize.csv says infeasible" test "$(status_of "$T/c/optimize.csv" 30m)" = infeasible
check "constraint: checkpoints is a column" grep -q "checkpoints_mean" "$T/c/optimize.csv"
check "constraint: run.txt records it" grep -q "^; subject to checkpoints<=20" "$T/c/run.txt"

# a point that cannot finish is infeasible, not fatal
run_status 0 "a point that cannot finish" "$RELSIM" optimize "$T/exact.ini" --vary 'component.gpu.ttf=exponential(mean=640h),exponential(mean=5h),exponential(mean=1280h)' --maximize goodput --precision 0.002 -o "$T/l" --no-plot
check "cannot finish: infeasible with the safety limit's message" out_has "exponential(mean=5h): could not finish: trial 0 stopped at the safety limit"
check "cannot finish: the longer lives win" out_has "^Best: gpu_ttf exponential(mean=1280h)"
check "cannot finish: optimize.csv says infeasible, no trials kept" test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "trials") c = i } /5h/ { print $c }' "$T/l/optimize.csv")" = 0

# a budget that runs out: two points 0.006 h apart with delta 0.01
run_status 0 "a spent budget" "$RELSIM" optimize "$T/exact.ini" --vary job.checkpoint_interval=90m,105m --minimize makespan_h --precision 0.01 --max-trials 100 -o "$T/b" --no-plot
check "budget: the undecided point is named" out_has "^Undecided when the budget ran out (1):"
check "budget: said in the best's line" out_has "the budget ran out with others undecided)$"
check "budget: optimize.csv says undecided" test "$(col "$T/b/optimize.csv" status | grep -c '^undecided$')" = 1
check "budget: every point ran the whole budget" test "$(col "$T/b/optimize.csv" trials | sort -u)" = 100

# MPI: 1 and 2 ranks give the files of one process, bit for bit (a point that cannot finish
# and a constraint included)
if "$RELSIM" --version | grep -q "with MPI"; then
    MPIRUN="mpirun --allow-run-as-root --oversubscribe --mca btl self,vader --mca plm_rsh_agent false"
    for k in 1 2; do
        timeout 120 $MPIRUN -np $k "$RELSIM" optimize "$T/exact.ini" $GRID --minimize makespan_h --precision 0.5 --seed 1 --threads 1 -o "$T/m$k" --quiet --no-plot >"$T/out" 2>"$T/err"
        check "$k MPI rank(s): exit 0 ($(head -c 200 "$T/err"))" test $? -eq 0
        check "$k MPI rank(s): optimize.csv identical" cmp -s "$T/o1/optimize.csv" "$T/m$k/optimize.csv"
        check "$k MPI rank(s): optimize.md identical" cmp -s "$T/o1/optimize.md" "$T/m$k/optimize.md"
        timeout 120 $MPIRUN -np $k "$RELSIM" optimize "$T/exact.ini" --vary 'component.gpu.ttf=exponential(mean=640h),exponential(mean=5h),exponential(mean=1280h)' --vary job.checkpoint_interval=1h,3h --maximize goodput --subject-to 'checkpoints<=40' --precision 0.002 --threads 1 -o "$T/ml$k" --quiet --no-plot >"$T/out" 2>"$T/err"
        check "$k MPI rank(s), limit and constraint: exit 0 ($(head -c 200 "$T/err"))" test $? -eq 0
    done
    "$RELSIM" optimize "$T/exact.ini" --vary 'component.gpu.ttf=exponential(mean=640h),exponential(mean=5h),exponential(mean=1280h)' --vary job.checkpoint_interval=1h,3h --maximize goodput --subject-to 'checkpoints<=40' --precision 0.002 --threads 2 -o "$T/ml0" --quiet --no-plot
    check "MPI, limit and constraint: 1 rank = one process" cmp -s "$T/ml0/optimize.csv" "$T/ml1/optimize.csv"
    check "MPI, limit and constraint: 2 ranks = one process" cmp -s "$T/ml0/optimize.csv" "$T/ml2/optimize.csv"
else
    echo "optimize: this relsim has no MPI: the MPI checks are skipped"
fi

# bad options: one message, exit status 2, nothing written
bad() {
    what=$1
    shift
    run_status 2 "$what" "$RELSIM" optimize "$@" -o "$T/bad"
    check "$what: one line on stderr" test "$(wc -l <"$T/err")" -eq 1
    check "$what: nothing written" test ! -e "$T/bad"
    rm -rf "$T/bad"
}
bad "no --vary" "$T/exact.ini" --minimize makespan_h
bad "no objective" "$T/exact.ini" $GRID
bad "two objectives" "$T/exact.ini" $GRID --minimize makespan_h --maximize goodput
bad "an unknown metric" "$T/exact.ini" $GRID --minimize speed
check "an unknown metric is named" err_has "'speed' is not a metric of this scenario"
bad "a bad constraint" "$T/exact.ini" $GRID --minimize makespan_h --subject-to 'goodput>0.9'
check "a bad constraint says what is expected" err_has "expected METRIC>=X or METRIC<=X"
bad "a constraint on an unknown metric" "$T/exact.ini" $GRID --minimize makespan_h --subject-to 'speed>=1'
bad "a negative precision" "$T/exact.ini" $GRID --minimize makespan_h --precision -1
bad "a budget below the first stage" "$T/exact.ini" $GRID --minimize makespan_h --max-trials 10
check "a budget below the first stage says so" err_has "below the first stage"
bad "a first stage of 1" "$T/exact.ini" $GRID --minimize makespan_h --trials 1
bad "a bad seed" "$T/exact.ini" $GRID --minimize makespan_h --seed x
bad "an unknown option" "$T/exact.ini" $GRID --minimize makespan_h --fast
bad "a bad range" "$T/exact.ini" --vary job.checkpoint_interval=4h..1h*2 --minimize makespan_h
bad "too many points" "$T/exact.ini" --vary cluster.spares=0..199+1 --vary job.checkpoint_interval=1h..64h*2 --minimize makespan_h
bad "two scenarios" "$T/exact.ini" "$T/exact.ini" $GRID --minimize makespan_h
mkdir -p "$T/theirs"
echo "not ours" >"$T/theirs/notes.txt"
run_status 2 "a directory of other files" "$RELSIM" optimize "$T/exact.ini" $GRID --minimize makespan_h -o "$T/theirs"
check "a directory of other files is refused" err_has "not relsim results"

# with prices: the gallery's planner case on a smaller grid, whose cheapest useful node-hour is at
# 30 min (Daly's interval for a 5 min checkpoint and a 1.8 h MTBF is 33 min); the cost columns are
# in optimize.csv
run_status 0 "optimize with prices" "$RELSIM" optimize "$ROOT/scenarios/planner-2048.ini" \
    --vary job.checkpoint_interval=15m,30m,1h --minimize cost_per_useful_node_h --precision 0.05 \
    -o "$T/cost" --threads 2
check "optimize with prices: 30m is best" test "$(status_of "$T/cost/optimize.csv" 30m)" = best
check "optimize with prices: the cost columns are in optimize.csv" \
    grep -q "cost_per_useful_node_h_mean" "$T/cost/optimize.csv"
check "optimize with prices: the answer names the currency's figure" out_has "Best: checkpoint_interval 30m"

# the repairman chain prices spares exactly: 8 slots, exponential lives (100 h) and repairs
# (20 h), 2 crews, no delay, 10 a node-hour for slots and spares alike: the cost of a useful
# node-hour is 10 (8 + S) / (8 A(S)), A the chain's availability over the horizon (relsim
# analytic's exact repairman_availability); its argmin over S = 2..6 must be what optimize picks
cat >"$T/spares.ini" <<'EOF'
[scenario]
trials = 100
horizon = 20000h
[cluster]
nodes = 8
repair_crews = 2
[component.gpu]
ttf = exponential(mean=100h)
ttr = exponential(mean=20h)
[detection]
timeout = 0s
[failover]
time = 0s
[cost]
node_hour = 10
EOF
best_s=""
best_c=""
for sp in 2 3 4 5 6; do
    "$RELSIM" analytic "$T/spares.ini" --set cluster.spares=$sp -o "$T/an$sp" >/dev/null 2>&1
    c=$(awk -F, -v s=$sp '$1 == "repairman_availability" { printf "%.10f", 10 * (8 + s) / (8 * $2) }' "$T/an$sp/analytic.csv")
    if [ -z "$best_c" ] || awk -v a="$c" -v b="$best_c" 'BEGIN { exit !(a < b) }'; then best_c=$c; best_s=$sp; fi
done
check "the chain's cheapest spares are known ($best_s at $best_c)" test -n "$best_s"
for seed in 1 2 3; do
    run_status 0 "optimize spares, seed $seed" "$RELSIM" optimize "$T/spares.ini" --vary cluster.spares=2..6+1 \
        --minimize cost_per_useful_node_h --precision 0.05 --seed $seed -o "$T/sp$seed"
    check "optimize spares, seed $seed: the chain's argmin ($best_s) is best" \
        test "$(status_of "$T/sp$seed/optimize.csv" "$best_s")" = best
done

finish
