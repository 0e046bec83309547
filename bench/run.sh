#!/bin/sh
# make bench: speed figures of one build. usage: bench/run.sh BUILD_DIR [--quick] [--record]
#   1. whole runs (bench/bench.c): events/s and trials/s by cluster size and threads
#   2. the event queue on the hold model (bench/queue.c), if built
#   3. ranks (MPI) against threads, and peak memory at 16,384 nodes
#   4. every exact closed form against the gallery at 20,000 trials (bench/exact.sh; 2,000 with
#      --quick)
#   5. relsim against a SimPy model of the same cluster and job (bench/simpy.sh), if present;
#      with --record, its figure replaces bench/speed.png
#   6. the job's closed-form advance against its phase-by-phase path, and against SimPy
#      (bench/leap.sh)
build=${1:?usage: sh bench/run.sh BUILD_DIR [--quick] [--record]}
shift
quick=
record=
for a in "$@"; do
    case $a in
    --quick) quick=--quick ;;
    --record) record=--record ;;
    *) echo "run.sh: unknown option $a (expected --quick, --record)" >&2; exit 2 ;;
    esac
done
echo "relsim $(cat VERSION) benchmark on $(nproc) core(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
"$build/bench/bench" $quick || exit 1
if [ -x "$build/bench/queue" ]; then
    echo
    "$build/bench/queue" $quick || exit 1
fi
t=$(mktemp -d /tmp/relsim-bench-XXXXXX)
trap 'rm -rf "$t"' EXIT
if "$build/relsim" --version | grep -q "with MPI" && command -v mpirun >/dev/null; then
    echo
    echo "Ranks and threads: the Llama-3-scale study (2,048 nodes, 54 days), whole runs with output"
    trials=2000
    [ "$quick" = --quick ] && trials=200
    printf '%8s %8s %10s %12s\n' ranks threads trials seconds
    for cfg in "1 1" "1 2" "2 1"; do
        ranks=${cfg% *}
        threads=${cfg#* }
        start=$(date +%s.%N)
        mpirun --allow-run-as-root --oversubscribe --mca btl self,vader --mca plm_rsh_agent false \
            -np "$ranks" "$build/relsim" run scenarios/llama3-16k.ini --trials $trials \
            --threads "$threads" -o "$t/out-$ranks-$threads" --quiet --no-plot || exit 1
        end=$(date +%s.%N)
        printf '%8s %8s %10s %12.3f\n' "$ranks" "$threads" $trials "$(echo "$end - $start" | bc)"
    done
    cmp -s "$t/out-1-1/trials.csv" "$t/out-2-1/trials.csv" &&
        cmp -s "$t/out-1-1/trials.csv" "$t/out-1-2/trials.csv" &&
        echo "(trials.csv identical in every configuration)"
fi
echo
echo "Peak memory (RSS) of relsim run at 16,384 nodes of 8 GPUs (a 30-day job), by trials:"
sed -e 's/^nodes = .*/nodes = 16384/' -e 's/^spares = .*/spares = 512/' \
    -e 's/^repair_crews = .*/repair_crews = 128/' scenarios/default.ini >"$t/n16k.ini"
for trials in 10 100; do
    /usr/bin/time -f "%M" -o "$t/rss" "$build/relsim" run "$t/n16k.ini" --trials $trials \
        -o "$t/n16k-$trials" --quiet --no-plot || exit 1
    awk -v n=$trials '{ printf "  %5d trials: %.1f MiB\n", n, $1 / 1024 }' "$t/rss"
done
echo
sh bench/exact.sh "$build" "$([ "$quick" = --quick ] && echo 2000 || echo 20000)" || exit 1
if [ -f bench/simpy.sh ]; then
    echo
    sh bench/simpy.sh "$build" $quick $record || exit 1
fi
echo
sh bench/leap.sh "$build" $quick || exit 1
