#!/bin/sh
# make bench: speed figures of one build. usage: bench/run.sh BUILD_DIR [--quick]
#   1. whole runs (bench/bench.c): events/s and trials/s by cluster size and threads
#   2. the event queue on the hold model (bench/queue.c), if built
#   3. relsim against a SimPy model of the same cluster and job (bench/simpy.sh), if present
build=$1
shift
echo "relsim $(cat VERSION) benchmark on $(nproc) core(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
"$build/bench/bench" "$@" || exit 1
if [ -x "$build/bench/queue" ]; then
    echo
    "$build/bench/queue" "$@" || exit 1
fi
if [ -f bench/simpy.sh ]; then
    echo
    sh bench/simpy.sh "$build" "$@" || exit 1
fi
