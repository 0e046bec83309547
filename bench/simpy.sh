#!/bin/sh
# relsim against a SimPy model of the same cluster and job (bench/simpy_model.py), one core each.
#
#   sh bench/simpy.sh BUILD_DIR [--quick] [--record]
#
# For clusters of 16, 1,024 and 16,384 nodes (8 GPUs each, the Llama 3 failure rates of
# scenarios/default.ini as exponential components, cold spares, repair crews, a fixed 10m
# detection timeout and 5m failover, a 30-day job with Daly's interval):
#
#   relsim    BUILD/bench/simpy_relsim: the trials on one thread through mc_run, reduced to the
#             mean makespan as the SimPy model reduces its own (the engine);
#   relsim run  the whole `relsim run --threads 1` process, trials.csv, percentiles and all;
#   SimPy     /usr/bin/python3 bench/simpy_model.py (Debian's python3-simpy3).
#
# All three pinned to one core (taskset, BENCH_CPU, default 0) and timed in CPU seconds (user +
# system; relsim run by GNU time, else in wall seconds), so that other work on the machine does
# not count; relsim runs 100 times SimPy's trials (at most 200,000; 10 times with --quick). Then
# the agreement of the mean makespans: Welch's test at 5 %, |mean1 - mean2| <= t(0.975, nu)
# sqrt(se1^2 + se2^2), nu by Welch-Satterthwaite. Last, the same three sizes with no detection or
# failover delay and unlimited crews, where `relsim analytic` finds Daly's makespan exact (at
# 1,024 and 16,384 nodes; at 16 the 2 spares can run out): both simulators against it.
#
# Writes BUILD/bench/speed.dat and BUILD/bench/speed.png (gnuplot, log-log trials/s against
# nodes); with --record, bench/speed.png too, the figure of record of bench/README.md.
# Last, issue 18's two workloads against SimPy (bench/leap.sh --simpy-only): 16 nodes of system
# MTBF 24 h, a 500 h job at a 2 h interval, and default.ini's 1,024 nodes at a 1 h interval.
set -u
build=${1:?usage: sh bench/simpy.sh BUILD_DIR [--quick] [--record]}
shift
quick=0
record=0
for a in "$@"; do
    case $a in
    --quick) quick=1 ;;
    --record) record=1 ;;
    *) echo "simpy.sh: unknown option $a (expected --quick, --record)" >&2; exit 2 ;;
    esac
done

py=/usr/bin/python3 # Debian's python, where python3-simpy3 lives (not a pyenv python3 on PATH)
if ! "$py" -c 'import simpy' 2>/dev/null; then
    echo "relsim against SimPy: skipped ($py cannot import simpy: apt-get install python3-simpy3)"
    exit 0
fi
for f in "$build/relsim" "$build/bench/simpy_relsim"; do
    [ -x "$f" ] || { echo "simpy.sh: $f is missing (make bench builds it)" >&2; exit 1; }
done
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c ${BENCH_CPU:-0}"
timer=""
[ -x /usr/bin/time ] && timer=/usr/bin/time

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
out=$build/bench
mkdir -p "$out"

# The components: name, count, ttf, ttr (those of scenarios/default.ini, all lives exponential).
components='gpu|8|exponential(mean=3301d)|lognormal(mean=2d, sd=1d)
host|1|exponential(mean=2304d)|lognormal(mean=1d, sd=12h)
network|1|exponential(mean=2633d)|lognormal(mean=6h, sd=3h)
software|1|exponential(mean=1813d)|30m'
work=30d
ckpt_cost=2m
restart_cost=10m
seed=1

# scenario FILE NODES SPARES CREWS TIMEOUT FAILOVER
scenario() {
    {
        printf '[scenario]\nname = simpy-bench\nseed = %s\n\n' "$seed"
        printf '[cluster]\nnodes = %s\nspares = %s\nspare_mode = cold\nrepair_crews = %s\n\n' \
            "$2" "$3" "$4"
        echo "$components" | while IFS='|' read -r name count ttf ttr; do
            printf '[component.%s]\ncount = %s\nttf = %s\nttr = %s\n\n' \
                "$name" "$count" "$ttf" "$ttr"
        done
        printf '[detection]\ntimeout = %s\nheartbeat = 0s\n\n[failover]\ntime = %s\n\n' "$5" "$6"
        printf '[job]\nwork = %s\ncheckpoint_interval = daly\ncheckpoint_cost = %s\n' \
            "$work" "$ckpt_cost"
        printf 'restart_cost = %s\n' "$restart_cost"
    } >"$1"
}

# simpy TRIALS NODES SPARES CREWS TIMEOUT FAILOVER: the same model, on the command line.
simpy() {
    py_trials=$1 py_nodes=$2 py_spares=$3 py_crews=$4 py_timeout=$5 py_failover=$6
    set --
    while IFS='|' read -r name count ttf ttr; do
        set -- "$@" --component "$name" "$count" "$ttf" "$ttr"
    done <<EOF
$components
EOF
    $pin "$py" bench/simpy_model.py --nodes "$py_nodes" --spares "$py_spares" \
        --crews "$py_crews" "$@" --timeout "$py_timeout" --failover "$py_failover" \
        --work "$work" --interval daly --checkpoint-cost "$ckpt_cost" \
        --restart-cost "$restart_cost" --trials "$py_trials" --seed "$seed"
}

# relsim_run TAG INI TRIALS: the whole `relsim run` process; prints its CPU seconds (its wall
# seconds without GNU time).
relsim_run() {
    if [ -n "$timer" ]; then
        $timer -f '%U %S' -o "$tmp/$1.time" $pin "$build/relsim" run "$2" -o "$tmp/$1" \
            --threads 1 --trials "$3" --no-plot --quiet --force || return 1
        awk '{ print $1 + $2 }' "$tmp/$1.time"
    else
        t0=$(date +%s.%N)
        $pin "$build/relsim" run "$2" -o "$tmp/$1" --threads 1 --trials "$3" --no-plot \
            --quiet --force || return 1
        awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'
    fi
}

# summary_of DIR METRIC: mean sd n from relsim's summary.csv.
summary_of() {
    awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
                       $1 == m { print $c["mean"], $c["sd"], $c["n"] }' "$1/summary.csv"
}

# daly_of DIR: value and fit of daly_makespan_h in analytic.csv (first three fields: no quotes).
daly_of() { awk -F, '$1 == "daly_makespan_h" { print $2, $3 }' "$1/analytic.csv"; }

# Trials per size: SimPy's take ~10-30 s of CPU each (2-5 s with --quick, a fifth); relsim's
# 100 times as many, at most 200,000 (the trials.csv of `relsim run` grows with them), or 10
# times as many with --quick.
sizes="16 1024 16384"
simpy_trials() {
    case $1 in
    16) t=15000 ;;
    1024) t=600 ;;
    16384) t=20 ;;
    esac
    [ $quick = 1 ] && t=$((t / 5 > 5 ? t / 5 : 5))
    echo $t
}
relsim_trials() {
    t=$(($(simpy_trials "$1") * (quick ? 10 : 100)))
    [ $t -gt 200000 ] && t=200000
    echo $t
}

# Welch's test and the table's agreement column, from "m1 sd1 n1 m2 sd2 n2".
AWK_STATS='
function t975(df,  z, t) { z = 1.959963984540054; t = z + (z^3 + z) / (4 * df)
    t += (5 * z^5 + 16 * z^3 + 3 * z) / (96 * df^2)
    return t + (3 * z^7 + 19 * z^5 + 17 * z^3 - 15 * z) / (384 * df^3) }
function se(sd, n) { return sd / sqrt(n) }
function half(sd, n) { return t975(n - 1) * se(sd, n) }
function welch(m1, s1, n1, m2, s2, n2,  a, b, nu) { a = se(s1, n1)^2; b = se(s2, n2)^2
    nu = (a + b)^2 / (a^2 / (n1 - 1) + b^2 / (n2 - 1)); Z = (m1 - m2) / sqrt(a + b)
    TCRIT = t975(nu); return (Z < 0 ? -Z : Z) <= TCRIT }
'

echo "relsim against SimPy $("$py" -c 'import simpy; print(simpy.__version__)')" \
    "(python $("$py" -c 'import sys; print(sys.version.split()[0])')): the same cluster and job," \
    "one core each${pin:+ ($pin)}, trials per CPU second"
echo "nodes of 8 GPUs, Llama 3 failure rates (exponential), cold spares n/32+2, crews n/128+1,"
echo "detection 10m, failover 5m, a 30-day job, Daly's interval, checkpoint 2m, restore 10m"
[ $quick = 1 ] && echo "(--quick: a fifth of the SimPy trials, relsim 10 times as many)"
echo

: >"$out/speed.dat"
: >"$tmp/agree"
: >"$tmp/metrics"
for n in $sizes; do
    sp=$((n / 32 + 2))
    cr=$((n / 128 + 1))
    rt=$(relsim_trials $n)
    st=$(simpy_trials $n)
    ini=$tmp/n$n.ini
    scenario "$ini" $n $sp $cr 10m 5m
    "$build/relsim" analytic "$ini" -o "$tmp/an$n" -q --force >/dev/null || exit 1
    # relsim, the engine
    line=$($pin "$build/bench/simpy_relsim" "$ini" $rt) || exit 1
    set -- $line
    e_cpu=$4 e_events=$8 e_mean=${10} e_sd=${12} e_n=${14}
    # relsim run, the whole process: the same trials, so the same mean
    r_cpu=$(relsim_run run$n "$ini" $rt) || exit 1
    set -- $(summary_of "$tmp/run$n" makespan_h)
    if ! awk -v a="$1" -v b="$e_mean" 'BEGIN { d = a - b; exit !((d < 0 ? -d : d) <= 1e-12 * b) }'
    then
        echo "simpy.sh: relsim run and simpy_relsim differ on the mean makespan ($1, $e_mean)" >&2
        exit 1
    fi
    # SimPy
    simpy $st $n $sp $cr 10m 5m >"$tmp/simpy$n.txt" || exit 1
    set -- $(awk '$1 == "trials" { print $4 }' "$tmp/simpy$n.txt")
    s_cpu=$1
    set -- $(awk '$1 == "makespan_h" { print $2, $3, $6 }' "$tmp/simpy$n.txt")
    s_mean=$1 s_sd=$2 s_n=$3
    set -- $(daly_of "$tmp/an$n")
    echo "$n $rt $e_cpu $r_cpu $st $s_cpu $e_events" >>"$out/speed.dat"
    echo "$n main $e_mean $e_sd $e_n $s_mean $s_sd $s_n $1 $2" >>"$tmp/agree"
    # every metric, for the record: relsim run's summary.csv against SimPy's table
    for m in makespan_h failures lost_h restart_h down_h wait_spare_h; do
        echo "$n $m $(summary_of "$tmp/run$n" $m)" \
            "$(awk -v m=$m '$1 == m { print $2, $3, $6 }' "$tmp/simpy$n.txt")" >>"$tmp/metrics"
    done
done

# Daly exact: no detection or failover delay, unlimited crews (spares as above).
for n in $sizes; do
    sp=$((n / 32 + 2))
    rt=$(relsim_trials $n)
    st=$(simpy_trials $n)
    ini=$tmp/d$n.ini
    scenario "$ini" $n $sp unlimited 0s 0s
    "$build/relsim" analytic "$ini" -o "$tmp/and$n" -q --force >/dev/null || exit 1
    line=$($pin "$build/bench/simpy_relsim" "$ini" $rt) || exit 1
    set -- $line
    e_mean=${10} e_sd=${12} e_n=${14}
    simpy $st $n $sp unlimited 0s 0s >"$tmp/simpyd$n.txt" || exit 1
    set -- $(awk '$1 == "makespan_h" { print $2, $3, $6 }' "$tmp/simpyd$n.txt")
    s_mean=$1 s_sd=$2 s_n=$3
    set -- $(daly_of "$tmp/and$n")
    echo "$n D=0 $e_mean $e_sd $e_n $s_mean $s_sd $s_n $1 $2" >>"$tmp/agree"
done

# The speed table.
awk '{ printf "%s %s %s\n", $0, $2 / $3, $5 / $6 }' "$out/speed.dat" >"$tmp/speed" &&
    mv "$tmp/speed" "$out/speed.dat"
awk 'BEGIN { printf "%7s %9s %12s %14s %8s %12s %11s %10s %10s\n", "nodes", "trials",
             "relsim/s", "relsim run/s", "trials", "SimPy/s", "events/s", "ratio", "ratio run" }
     { printf "%7d %9d %12.6g %14.6g %8d %12.4g %11.3g %9.0fx %9.0fx\n", $1, $2, $2 / $3,
              $2 / $4, $5, $5 / $6, $7 / $3, ($2 / $3) / ($5 / $6), ($2 / $4) / ($5 / $6) }' \
    "$out/speed.dat"
echo "(relsim/s: the engine, mc_run on one thread; relsim run/s: the whole relsim run process,"
echo " trials.csv and percentiles included; ratio: relsim/s over SimPy/s, ratio run: relsim run's)"
echo

# The agreement table.
awk "$AWK_STATS"'
BEGIN { printf "%7s %-5s %-26s %-26s %7s %5s  %s\n", "nodes", "case", "relsim makespan_h [95% CI]",
        "SimPy makespan_h [95% CI]", "z", "agree", "Daly makespan_h" }
{ ok = welch($3, $4, $5, $6, $7, $8)
  r = sprintf("%.2f [%.2f, %.2f]", $3, $3 - half($4, $5), $3 + half($4, $5))
  s = sprintf("%.2f [%.2f, %.2f]", $6, $6 - half($7, $8), $6 + half($7, $8))
  if ($10 == "exact")
      d = sprintf("%.2f exact: relsim %+.1f se, SimPy %+.1f se", $9, ($3 - $9) / se($4, $5),
                  ($6 - $9) / se($7, $8))
  else
      d = sprintf("%.2f %s (relsim %+.2f%%)", $9, $10, 100 * ($3 / $9 - 1))
  printf "%7d %-5s %-26s %-26s %+7.2f %5s  %s\n", $1, $2, r, s, Z, ok ? "yes" : "NO", d }
' "$tmp/agree"
echo "(main: detection 10m, failover 5m, crews n/128+1; D=0: no delay, unlimited crews, where"
echo " Daly's makespan is exact; z = difference of the means over its standard error, agree:"
echo " Welch's test at 5 %, |z| <= t(0.975) with Welch-Satterthwaite degrees of freedom; the"
echo " exact closed form is compared with each mean in its own standard errors, se)"
echo
echo "Other metrics of the main case, relsim run against SimPy (mean, and z as above):"
awk "$AWK_STATS"'
BEGIN { printf "%7s %-13s %14s %14s %7s\n", "nodes", "metric", "relsim", "SimPy", "z" }
{ if ($4 > 0 || $7 > 0) { welch($3, $4, $5, $6, $7, $8); z = sprintf("%+7.2f", Z) }
  else z = sprintf("%7s", $3 == $6 ? "equal" : "DIFFER")
  printf "%7d %-13s %14.6g %14.6g %s\n", $1, $2, $3, $6, z }
' "$tmp/metrics"

# The figure: trials/s against nodes, log-log, the ratios written at each size.
if command -v gnuplot >/dev/null 2>&1; then
    png=$out/speed.png
    simpy_v=$("$py" -c 'import simpy; print(simpy.__version__)')
    cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
    gnuplot <<EOF || exit 1
set terminal pngcairo size 900,820 font "sans,11"
set output "$png"
set multiplot title "relsim against SimPy $simpy_v: the same cluster and 30-day job,\
 one core of an $cpu" font "sans,12"
set logscale x
set xrange [10:26000]
set xtics ("16" 16, "64" 64, "256" 256, "1,024" 1024, "4,096" 4096, "16,384" 16384)
set grid
set lmargin 12
set rmargin 4
set style line 1 lc rgb "#1f5fa8" lw 2.5 pt 7 ps 1.3
set style line 2 lc rgb "#6fa8dc" lw 2 pt 5 ps 1.1
set style line 3 lc rgb "#d0582a" lw 2.5 pt 9 ps 1.4
set style line 4 lc rgb "#555555" lw 1.5 dt 2

# top: trials per CPU second, log-log
rate(x) = x >= 100 ? sprintf("%.0f/s", x) : sprintf("%.3g/s", x)
set size 1, 0.6
set origin 0, 0.38
set logscale y
set yrange [0.3:1e6]
set format y "10^{%L}"
set format x ""
set xlabel ""
set ylabel "trials per CPU second"
set key top right box opaque
plot "$out/speed.dat" using 1:(\$2/\$3) with linespoints ls 1 \
        title "relsim (engine, one thread)", \
     "" using 1:(\$2/\$4) with linespoints ls 2 title "relsim run (trials.csv included)", \
     "" using 1:(\$5/\$6) with linespoints ls 3 title "SimPy $simpy_v", \
     "" using 1:(\$5/\$6):(rate(\$5/\$6)) with labels offset 0,-1.2 tc rgb "#d0582a" notitle, \
     "" using 1:(\$2/\$3):(rate(\$2/\$3)) with labels offset 0,1.2 tc rgb "#1f5fa8" notitle

# bottom: the ratio, against the goal
set size 1, 0.4
set origin 0, 0
unset logscale y
set yrange [0:*]
set offsets 0, 0, graph 0.2, 0
set format y "%gx"
set format x "%g"
set xtics ("16" 16, "64" 64, "256" 256, "1,024" 1024, "4,096" 4096, "16,384" 16384)
set xlabel "cluster size (nodes of 8 GPUs)"
set ylabel "speed ratio relsim / SimPy"
set key bottom center horizontal box opaque
set arrow from 10,100 to 26000,100 nohead ls 4
set label "goal: 100x" at 2500,100 offset 0,-0.8 tc rgb "#555555"
plot "$out/speed.dat" using 1:((\$2/\$3)/(\$5/\$6)) with linespoints ls 1 title "relsim", \
     "" using 1:((\$2/\$4)/(\$5/\$6)) with linespoints ls 2 title "relsim run", \
     "" using 1:((\$2/\$3)/(\$5/\$6)):(sprintf("%.0fx", (\$2/\$3)/(\$5/\$6))) \
        with labels offset 0,1 font "sans bold,11" tc rgb "#1f5fa8" notitle, \
     "" using 1:((\$2/\$4)/(\$5/\$6)):(sprintf("%.0fx", (\$2/\$4)/(\$5/\$6))) \
        with labels left offset 1,-1 tc rgb "#3f80c0" notitle
unset multiplot
EOF
    if [ $record = 1 ]; then
        cp "$png" bench/speed.png && echo && echo "wrote $png and bench/speed.png"
    else
        echo && echo "wrote $png"
    fi
fi

# Issue 18's two workloads (a 16-node cluster of system MTBF 24 h with a 500 h job at a 2 h
# interval; default.ini's 1,024 nodes with a 1 h interval): bench/leap.sh's comparison alone.
echo
if [ $quick = 1 ]; then sh bench/leap.sh "$build" --simpy-only --quick; else sh bench/leap.sh "$build" --simpy-only; fi
