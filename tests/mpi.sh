#!/bin/sh
# MPI tests: `mpirun -np K relsim run|sweep|batch|fit` gives the same files, bit for bit, as one
# process, for K = 1, 2, 3 (oversubscribed on a small machine) and any threads per rank; a rank
# that dies ends the job with a message, no hang and no output.
#   RELSIM=path/to/relsim sh tests/mpi.sh      (prints "mpi: N passed, M failed")
SUITE=mpi
. "$(dirname "$0")/lib.sh"
if ! "$RELSIM" --version | grep -q "with MPI"; then
    echo "FAIL: $RELSIM was built without MPI (make deps installs Open MPI; make MPI=1)"
    echo "mpi: 0 passed, 1 failed"
    exit 1
fi
# as root mpirun needs --allow-run-as-root; more ranks than cores need --oversubscribe
MPIRUN="mpirun --allow-run-as-root --oversubscribe --mca btl self,vader --mca plm_rsh_agent false"

cat >"$T/s.ini" <<'INI'
[scenario]
name = s
trials = 700
seed = 11
[cluster]
nodes = 32
spares = 2
repair_crews = 2
[component.gpu]
count = 8
ttf = weibull(shape=0.8, scale=4000h)
ttr = lognormal(mean=12h, sd=6h)
[detection]
timeout = 10m
heartbeat = 2m
[job]
work = 300h
checkpoint_interval = daly
checkpoint_cost = 5m
restart_cost = exponential(mean=10m)
[sweep]
vary = job.checkpoint_interval=30m,2h
vary2 = cluster.spares=0,2
trials = 120
INI

"$RELSIM" run "$T/s.ini" -o "$T/one" --threads 2 --quiet --no-plot
"$RELSIM" sweep "$T/s.ini" -o "$T/one-sweep" --threads 2 --quiet --no-plot
for k in 1 2 3; do
    for th in 1 2; do
        timeout 300 $MPIRUN -np $k "$RELSIM" run "$T/s.ini" -o "$T/run-$k-$th" --threads $th --quiet --no-plot >"$T/out" 2>"$T/err"
        check "run, $k rank(s) x $th thread(s): exit 0 ($(head -c 300 "$T/err"))" test $? -eq 0
        check "run, $k rank(s) x $th thread(s): trials.csv identical" cmp -s "$T/one/trials.csv" "$T/run-$k-$th/trials.csv"
        check "run, $k rank(s) x $th thread(s): summary.csv identical" cmp -s "$T/one/summary.csv" "$T/run-$k-$th/summary.csv"
    done
    timeout 300 $MPIRUN -np $k "$RELSIM" sweep "$T/s.ini" -o "$T/sweep-$k" --threads 1 --quiet --no-plot >"$T/out" 2>"$T/err"
    check "sweep, $k rank(s): exit 0 ($(head -c 300 "$T/err"))" test $? -eq 0
    check "sweep, $k rank(s): sweep.csv identical" cmp -s "$T/one-sweep/sweep.csv" "$T/sweep-$k/sweep.csv"
done

# every rule's randomness at once: per-node Weibull lives, a process-reach kind, random failover,
# checkpoint, incremental and restore costs, a heartbeat: 1 thread, 2 threads and 2 ranks agree
cat >"$T/all.ini" <<'INI'
[scenario]
name = all
trials = 600
seed = 9
[cluster]
nodes = 16
spares = 2
repair_crews = 2
[component.gpu]
count = 8
ttf = weibull(shape=0.9, scale=4000h)
ttr = lognormal(mean=10h, sd=5h)
[component.sw]
ttf = exponential(mean=500h)
ttr = 5m
reach = process
[detection]
timeout = 10m
heartbeat = 2m
[failover]
time = exponential(mean=10m)
[job]
work = 300h
checkpoint_interval = 1h
checkpoint_cost = exponential(mean=3m)
restart_cost = exponential(mean=6m)
full_every = 4
incremental_cost = exponential(mean=1m)
incremental_restore_cost = exponential(mean=2m)
INI
"$RELSIM" run "$T/all.ini" -o "$T/all-1" --threads 1 --quiet --no-plot
"$RELSIM" run "$T/all.ini" -o "$T/all-2" --threads 2 --quiet --no-plot
timeout 300 $MPIRUN -np 2 "$RELSIM" run "$T/all.ini" -o "$T/all-r2" --threads 1 --quiet --no-plot >"$T/out" 2>"$T/err"
check "every rule random: 2 threads = 1 thread" cmp -s "$T/all-1/trials.csv" "$T/all-2/trials.csv"
check "every rule random: 2 ranks = 1 thread" cmp -s "$T/all-1/trials.csv" "$T/all-r2/trials.csv"
check "every rule random: the rules were exercised" awk -F, '
    NR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; next }
    { p += $col["process_failures"]; i += $col["incremental_checkpoints"] }
    END { exit !(p > 0 && i > 0) }' "$T/all-1/trials.csv"

# the storage tiers, failure domains and a site, every duration random: the same bit for bit
cat >"$T/dr.ini" <<'INI'
[scenario]
name = dr
trials = 400
seed = 5
[cluster]
nodes = 16
spares = 2
[component.gpu]
count = 8
ttf = weibull(shape=0.9, scale=3000h)
ttr = lognormal(mean=10h, sd=5h)
[component.sw]
ttf = exponential(mean=400h)
ttr = 5m
reach = process
[detection]
timeout = 10m
heartbeat = 2m
[domain.rack]
size = 4
ttf = exponential(mean=800h)
ttr = exponential(mean=3h)
[site]
ttf = exponential(mean=2000h)
rto = exponential(mean=8h)
replicate_every = 2h
transfer_time = exponential(mean=20m)
[job]
work = 300h
checkpoint_interval = 30m
[tier.local]
cost = exponential(mean=1m)
restore_cost = exponential(mean=3m)
lost_on = node
redundancy = partner
[tier.pfs]
every = 4
restore_cost = exponential(mean=15m)
lost_on = site
ttf = exponential(mean=100h)
ttr = exponential(mean=2h)
mode = async
snapshot = exponential(mean=30s)
write_time = exponential(mean=20m)
INI
"$RELSIM" run "$T/dr.ini" -o "$T/dr-1" --threads 1 --quiet --no-plot
"$RELSIM" run "$T/dr.ini" -o "$T/dr-2" --threads 2 --quiet --no-plot
timeout 300 $MPIRUN -np 2 "$RELSIM" run "$T/dr.ini" -o "$T/dr-r2" --threads 1 --quiet --no-plot >"$T/out" 2>"$T/err"
check "tiers, domains, site: 2 threads = 1 thread" cmp -s "$T/dr-1/trials.csv" "$T/dr-2/trials.csv"
check "tiers, domains, site: 2 ranks = 1 thread" cmp -s "$T/dr-1/trials.csv" "$T/dr-r2/trials.csv"
check "tiers, domains, site: the rules were exercised" awk -F, '
    NR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; next }
    { d += $col["domain_failures"]; s += $col["site_failures"]; a += $col["async_lost"]
      r += $col["restores_pfs"]; k += $col["skipped_pfs"] }
    END { exit !(d > 0 && s > 0 && a > 0 && r > 0 && k > 0) }' "$T/dr-1/trials.csv"
# a precision target under MPI: rank 0 decides each round, the others follow
"$RELSIM" run "$T/dr.ini" -o "$T/prec-1" --trials 50 --precision 0.002 --threads 1 --quiet --no-plot
timeout 300 $MPIRUN -np 2 "$RELSIM" run "$T/dr.ini" -o "$T/prec-r2" --trials 50 --precision 0.002 --threads 1 --quiet --no-plot >"$T/out" 2>"$T/err"
check "--precision, 2 ranks = 1 ($(head -c 200 "$T/err"))" cmp -s "$T/prec-1/trials.csv" "$T/prec-r2/trials.csv"
check "--precision added trials" test "$(wc -l <"$T/prec-1/trials.csv")" -gt 51

mkdir -p "$T/dir"
cp "$T/s.ini" "$T/dir/s.ini"
sed -e 's/^name = s$/name = t/' -e 's/^trials = 700$/trials = 300/' -e '/^\[sweep\]/,$d' "$T/s.ini" >"$T/dir/t.ini"
"$RELSIM" batch "$T/dir" -o "$T/batch-one" --threads 2 --quiet --no-plot
timeout 300 $MPIRUN -np 3 "$RELSIM" batch "$T/dir" -o "$T/batch-3" --threads 1 --quiet --no-plot >"$T/out" 2>"$T/err"
check "batch, 3 ranks: exit 0 ($(head -c 300 "$T/err"))" test $? -eq 0
for f in s/trials.csv s/summary.csv s/analytic.csv t/trials.csv s-sweep/sweep.csv; do
    check "batch, 3 ranks: $f identical" cmp -s "$T/batch-one/$f" "$T/batch-3/$f"
done
# the report too, but for the time each run took
no_time() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /wall_time/) w = i } { $w = ""; print }' "$1"; }
no_time "$T/batch-one/report.csv" >"$T/r1"
no_time "$T/batch-3/report.csv" >"$T/r3"
check "batch, 3 ranks: report.csv identical but for wall times" cmp -s "$T/r1" "$T/r3"

# relsim fit: rank 0 alone fits and writes; the files are those of one process, the terminal's
# text printed once
"$RELSIM" fit "$ROOT/scenarios/logs/fleet-intervals.csv" --by component -o "$T/fit-one" --no-plot >"$T/fit-one.txt"
timeout 120 $MPIRUN -np 2 "$RELSIM" fit "$ROOT/scenarios/logs/fleet-intervals.csv" --by component -o "$T/fit-2" --no-plot >"$T/out" 2>"$T/err"
check "fit, 2 ranks: exit 0 ($(head -c 300 "$T/err"))" test $? -eq 0
for f in fit.csv fit.ini; do
    check "fit, 2 ranks: $f identical" cmp -s "$T/fit-one/$f" "$T/fit-2/$f"
done
check "fit, 2 ranks: the report printed once" test "$(grep -c '^written:' "$T/out")" -eq 1
printf 'unit,kind,start_h,end_h,failed\nu1,gpu,0,-5,1\n' >"$T/bad-log.csv"
timeout 120 $MPIRUN -np 2 "$RELSIM" fit "$T/bad-log.csv" -o "$T/fit-bad" >"$T/out" 2>"$T/err"
check "fit, 2 ranks, a bad log: a non-zero exit" test $? -ne 0
check "fit, 2 ranks, a bad log: the message, once" test "$(grep -c 'bad-log.csv:2:' "$T/err")" -eq 1
check "fit, 2 ranks, a bad log: no output" test ! -e "$T/fit-bad/fit.csv"

# bad input: every rank refuses, one message, status 2, no output
printf '[cluster]\nnodes = 4\n' >"$T/bad.ini"
timeout 120 $MPIRUN -np 2 "$RELSIM" run "$T/bad.ini" -o "$T/bad-out" >"$T/out" 2>"$T/err"
check "bad input under MPI: a non-zero exit" test $? -ne 0
check "bad input under MPI: the message, once" test "$(grep -c 'needs ttf\|no \[component' "$T/err")" -eq 1
check "bad input under MPI: no output" test ! -e "$T/bad-out/trials.csv"

# a rank that dies: the job ends (no hang) with a message, and no output file, not even a .tmp
sed 's/^trials = 700$/trials = 200000/' "$T/s.ini" >"$T/long.ini"
start=$(date +%s)
# mpirun follows its SIGTERM to the other ranks with a SIGKILL after odls_base_sigkill_timeout
# (1 s by default): rank 0 removes its staging directory on the SIGTERM, which a loaded machine
# can make it miss; 10 s leaves it the time (a stage a SIGKILL leaves is removed by the next run)
RELSIM_TEST_FAIL_RANK=1 timeout 120 $MPIRUN --mca odls_base_sigkill_timeout 10 -x RELSIM_TEST_FAIL_RANK -np 3 "$RELSIM" run "$T/long.ini" -o "$T/dead" --threads 1 --quiet >"$T/out" 2>"$T/err"
status=$?
check "a dead rank: the job fails (status $status)" test $status -ne 0 -a $status -ne 124
check "a dead rank: no hang ($(($(date +%s) - start)) s)" test $(($(date +%s) - start)) -lt 100
check "a dead rank: mpirun says which rank" grep -qi "rank 1\|process.*1\|exited" "$T/err"
check "a dead rank: no output file, not even a temporary" test -z "$(ls -A "$T/dead" 2>/dev/null)"

finish
