#!/bin/sh
# make bench: speed figures of one build. usage: bench/run.sh BUILD_DIR
build=$1
echo "relsim $(cat VERSION) benchmark on $(nproc) core(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
"$build/bench/bench" "$@"
