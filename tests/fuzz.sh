#!/bin/sh
# Runs the libFuzzer harnesses built by `make fuzz`, one after the other, for SECONDS in all (split
# evenly between them), with a fixed seed, inputs of at most 4096 bytes and the dictionary
# tests/fuzz_scenario.dict. Each harness keeps its corpus in FUZZ_DIR/corpus-NAME/, seeded on
# every run from the gallery (scenarios/*.ini), the bad inputs (tests/bad/*.ini, if any) and the
# regression files (tests/fuzz-regressions/*); the law harness is also seeded with every law
# written in those scenario files. Crashing inputs are written to FUZZ_DIR/crashes/.
# Prints libFuzzer's final statistics and, per harness, the lines
#   fuzz: HARNESS N executions, C crashes
#   fuzz: HARNESS cov: X ft: Y, corpus U units, E exec/s
# and, after a crash, libFuzzer's report (the stack trace). Exit status 1 if anything crashed.
#   usage: tests/fuzz.sh FUZZ_DIR SECONDS HARNESS...
dir=$1
seconds=$2
shift 2
per=$((seconds / $#))
[ "$per" -ge 1 ] || per=1
mkdir -p "$dir/crashes"
status=0

# seed CORPUS FILE...: copies each existing file in, named after its path.
seed() {
    corpus=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$corpus/seed-$(printf '%s' "$f" | tr '/' '-')"
    done
}

# seed_laws CORPUS FILE...: every law value of the scenario files, one file each.
seed_laws() {
    corpus=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        sed -n -E 's/^[[:space:]]*(ttf|ttr|time|checkpoint_cost|restart_cost)[[:space:]]*[=:][[:space:]]*([^;]*).*/\2/p' "$f"
    done | while IFS= read -r law; do
        sum=$(printf '%s' "$law" | cksum | cut -d ' ' -f 1)
        printf '%s' "$law" >"$corpus/seed-law-$sum"
    done
}

for h in "$@"; do
    name=${h#fuzz_}
    corpus="$dir/corpus-$name"
    log="$dir/$h.log"
    mkdir -p "$corpus"
    seed "$corpus" scenarios/*.ini tests/bad/*.ini tests/fuzz-regressions/*
    [ "$name" = dist ] && seed_laws "$corpus" scenarios/*.ini tests/bad/*.ini
    echo "fuzz: running $h for $per s on $corpus"
    start=$(date +%s)
    "$dir/$h" -seed=1 -max_len=4096 -max_total_time="$per" -timeout=10 -print_final_stats=1 \
        -dict=tests/fuzz_scenario.dict -artifact_prefix="$dir/crashes/$h-" "$corpus" \
        >"$log" 2>&1
    rc=$?
    elapsed=$(($(date +%s) - start))
    [ "$elapsed" -ge 1 ] || elapsed=1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    # libFuzzer reports 0 exec/s when it stops at a crash: the average over the run instead.
    [ "${speed:-0}" -eq 0 ] && speed=$((${execs:-0} / elapsed))
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    units=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d ' ' -f 2)
    crashes=$(grep -c 'Test unit written to' "$log")
    if [ "$rc" -ne 0 ]; then
        # libFuzzer's report without its progress lines: the error, the stack, the input.
        grep -v -E '^(#[0-9]+|stat::)' "$log"
        [ "$crashes" -eq 0 ] && crashes=1 # it did not even start, or died without an artifact
        status=1
    fi
    grep '^stat::' "$log"
    echo "fuzz: $h ${execs:-0} executions, $crashes crashes"
    echo "fuzz: $h ${cov:-cov: ? ft: ?}, corpus ${units:-?} units, ${speed:-?} exec/s"
done
exit $status
