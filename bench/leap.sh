#!/bin/sh
# The job's closed-form advance (issue 18): a trial's cost in its failures, not its checkpoints.
#
#   sh bench/leap.sh BUILD_DIR [--quick] [--simpy-only]
#
# Whole `relsim run` processes (trials.csv written), CPU seconds (user + system, GNU time) per
# trial, each twice: leaping (the default) and phase by phase (RELSIM_JOB_STEP=1, what every job
# did before), with the engine's events per trial:
#   1. 1,024 nodes (scenarios/default.ini without heartbeat, a 30-day job) with a 1-hour and a
#      1-minute interval (checkpoints of 2 min and 2 s);
#   2. 16 nodes of system MTBF 24 h, a 500 h job, a 2 h interval (issue 18's small cluster);
#   3. the Llama-3-scale study (scenarios/llama3-16k.ini), 1,000 trials on 2 threads, wall
#      seconds.
# Then, if /usr/bin/python3 has SimPy, workloads 1 (1 h) and 2 against bench/simpy_model.py
# (one core each, taskset): relsim's trials per CPU second over SimPy's. With --simpy-only (what
# bench/simpy.sh runs last), only that: workloads 1 (1 h) and 2 leaping, against SimPy.
set -u
build=${1:?usage: sh bench/leap.sh BUILD_DIR [--quick] [--simpy-only]}
shift
quick=0
only=0
for a in "$@"; do
    case $a in
    --quick) quick=1 ;;
    --simpy-only) only=1 ;;
    *) echo "leap.sh: unknown option $a (expected --quick, --simpy-only)" >&2; exit 2 ;;
    esac
done
relsim=$build/relsim
[ -x "$relsim" ] || { echo "leap.sh: $relsim is missing" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "leap.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c ${BENCH_CPU:-0}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# default.ini without its heartbeat (the SimPy model has none)
# default.ini without its heartbeat (the SimPy model has none); the 1-minute interval with a
# checkpoint of 2 s, the same share of the time as 2 min an hour (the same makespan, so the same
# failures: what differs is the checkpoint count alone)
for iv in "1h 2m" "1m 2s"; do
    set -- $iv
    sed -e "s/^checkpoint_interval = .*/checkpoint_interval = $1/" \
        -e "s/^checkpoint_cost = .*/checkpoint_cost = $2/" \
        -e 's/^heartbeat = .*/heartbeat = 0s/' scenarios/default.ini >"$tmp/n1024-$1.ini"
done
cat >"$tmp/n16.ini" <<EOF
[scenario]
name = n16
seed = 1
[cluster]
nodes = 16
spares = 2
spare_mode = cold
repair_crews = 2
[component.node]
ttf = exponential(mean=384h)
ttr = lognormal(mean=1d, sd=12h)
[detection]
timeout = 10m
heartbeat = 0s
[failover]
time = 5m
[job]
work = 500h
checkpoint_interval = 2h
checkpoint_cost = 2m
restart_cost = 10m
EOF

# run TAG INI TRIALS THREADS STEP: prints "cpu_seconds wall_seconds events_per_trial"
run() {
    if [ "$5" = 1 ]; then step=1; else step=0; fi
    RELSIM_JOB_STEP=$step /usr/bin/time -f '%U %S %e' -o "$tmp/$1.time" $pin_now "$relsim" run "$2" \
        -o "$tmp/$1" --threads "$4" --trials "$3" --no-plot --quiet --force || exit 1
    ev=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "events") c = i }
                  NR > 1 { s += $c; n++ } END { printf "%.1f", s / n }' "$tmp/$1/trials.csv")
    awk -v ev="$ev" '{ printf "%.3f %.3f %s\n", $1 + $2, $3, ev }' "$tmp/$1.time"
}

echo "The job's closed-form advance: whole relsim run processes, one thread${pin:+ ($pin)}"
printf '%-26s %8s %14s %14s %12s %12s\n' workload trials "us/trial leap" "us/trial step" \
    "events leap" "events step"
pin_now=$pin
workloads="n1024-1h 10000|n1024-1m 10000|n16 100000"
[ $only = 1 ] && workloads="n1024-1h 10000|n16 100000"
echo "$workloads" | tr '|' '\n' >"$tmp/workloads"
while read -r tag trials; do
    [ $quick = 1 ] && trials=$((trials / 10))
    set -- $(run "$tag-l" "$tmp/$tag.ini" "$trials" 1 0)
    lc=$1 le=$3
    sc=0 se=-
    if [ $only = 0 ]; then
        set -- $(run "$tag-s" "$tmp/$tag.ini" "$trials" 1 1)
        sc=$1 se=$3
    fi
    cmp -s "$tmp/$tag-l/summary.csv" "$tmp/$tag-s/summary.csv" && same="" || same=" (summaries differ: events)"
    awk -v t="$tag" -v n="$trials" -v lc="$lc" -v sc="$sc" -v le="$le" -v se="$se" 'BEGIN {
        st = sc > 0 ? sprintf("%.2f", 1e6 * sc / n) : "-"
        printf "%-26s %8d %14.2f %14s %12s %12s\n", t, n, 1e6 * lc / n, st, le, se }'
    echo "$tag $trials $lc $sc" >>"$tmp/figs"
done <"$tmp/workloads"
if [ $only = 0 ]; then
    awk '$1 == "n1024-1h" { h = $3 / $2 } $1 == "n1024-1m" { m = $3 / $2 }
         END { printf "1,024 nodes: a 1-minute interval costs %.2f x a 1-hour one per trial (leaping)\n", m / h }' "$tmp/figs"
    echo
    pin_now=""
    trials=1000
    set -- $(run llama-l scenarios/llama3-16k.ini $trials 2 0)
    lw=$2 le=$3
    set -- $(run llama-s scenarios/llama3-16k.ini $trials 2 1)
    echo "scenarios/llama3-16k.ini, $trials trials, 2 threads: $lw s leaping, $2 s phase by phase" \
        "(wall, whole process; events per trial $le and $3)"
fi

py=/usr/bin/python3
if ! "$py" -c 'import simpy' 2>/dev/null; then
    echo
    echo "against SimPy: skipped ($py cannot import simpy: apt-get install python3-simpy3)"
    exit 0
fi
echo
echo "against SimPy $("$py" -c 'import simpy; print(simpy.__version__)') (bench/simpy_model.py), one core each: trials per CPU second"
printf '%-26s %10s %12s %12s %10s\n' workload "SimPy" "relsim leap" "relsim step" "leap/SimPy"
components1024='gpu 8 exponential(mean=3301d) lognormal(mean=2d,sd=1d)
host 1 exponential(mean=2304d) lognormal(mean=1d,sd=12h)
network 1 exponential(mean=2633d) lognormal(mean=6h,sd=3h)
software 1 exponential(mean=1813d) 30m'
# simpy TRIALS NODES SPARES CREWS WORK INTERVAL COMPONENTS...: CPU seconds of the SimPy model
simpy() {
    n=$1 nodes=$2 sp=$3 cr=$4 work=$5 iv=$6
    shift 6
    /usr/bin/time -f '%U %S' -o "$tmp/simpy.time" $pin "$py" bench/simpy_model.py --nodes "$nodes" \
        --spares "$sp" --crews "$cr" "$@" --timeout 10m --failover 5m --work "$work" \
        --interval "$iv" --checkpoint-cost 2m --restart-cost 10m --trials "$n" --seed 1 \
        >"$tmp/simpy.out" || exit 1
    awk '{ print $1 + $2 }' "$tmp/simpy.time"
}
args1024=""
while read -r name count ttf ttr; do
    args1024="$args1024 --component $name $count $ttf $ttr"
done <<EOF
$components1024
EOF
st=200
[ $quick = 1 ] && st=40
# shellcheck disable=SC2086
c=$(simpy $st 1024 32 8 30d 1h $args1024)
awk -v n=$st -v c="$c" '$1 == "n1024-1h" { s = n / c; l = $2 / $3; p = $4 > 0 ? sprintf("%.1f", $2 / $4) : "-"
    printf "%-26s %10.1f %12.1f %12s %9.0fx\n", "n1024-1h", s, l, p, l / s }' "$tmp/figs"
st=2000
[ $quick = 1 ] && st=400
c=$(simpy $st 16 2 2 500h 2h --component node 1 'exponential(mean=384h)' 'lognormal(mean=1d,sd=12h)')
awk -v n=$st -v c="$c" '$1 == "n16" { s = n / c; l = $2 / $3; p = $4 > 0 ? sprintf("%.1f", $2 / $4) : "-"
    printf "%-26s %10.1f %12.1f %12s %9.0fx\n", "n16", s, l, p, l / s }' "$tmp/figs"
