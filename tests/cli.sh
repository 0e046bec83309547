#!/bin/sh
# CLI tests: the real relsim binary on real scenario files, good and bad.
#   RELSIM=path/to/relsim sh tests/cli.sh
# Prints one line per failure and ends with "cli: N passed, M failed".

RELSIM=${RELSIM:-bin/relsim}
case $RELSIM in /*) ;; *) RELSIM=$(pwd)/$RELSIM ;; esac
ROOT=$(pwd)
T=$(mktemp -d /tmp/relsim-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check NAME CONDITION...: the condition is a shell command that must succeed.
check() {
    name=$1
    shift
    if "$@"; then pass; else fail "$name"; fi
}

# run_status WANT NAME CMD...: runs CMD with stdout/stderr in $T/out, $T/err; checks the status.
run_status() {
    want=$1
    name=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "$name: exit $got, expected $want; stderr: $(head -c 300 "$T/err")"; fi
}

err_has() { grep -q -- "$1" "$T/err"; }
out_has() { grep -q -- "$1" "$T/out"; }
no_files() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }

# ---------------------------------------------------------------- help and version
run_status 0 "--version" "$RELSIM" --version
check "--version prints the version" out_has "relsim $(cat "$ROOT/VERSION")"
run_status 0 "--help" "$RELSIM" --help
check "--help lists run" out_has "run"
run_status 0 "run --help" "$RELSIM" run --help
check "run --help lists --trials" out_has "--trials"
run_status 2 "no command" "$RELSIM"
run_status 2 "unknown command" "$RELSIM" fly
check "unknown command is named" err_has "unknown command 'fly'"

# ---------------------------------------------------------------- a good run
cat >"$T/small.ini" <<'EOF'
; a small cluster, fast to run
[scenario]
name = small
trials = 200
seed = 5

[cluster]
nodes = 16
spares = 2
repair_crews = 1

[component.gpu]
count = 8
ttf = weibull(shape=0.8, scale=2000h)
ttr = lognormal(mean=12h, sd=6h)

[detection]
timeout = 10m
heartbeat = 2m

[failover]
time = 5m

[job]
work = 200h
checkpoint_interval = daly
checkpoint_cost = 5m
restart_cost = 10m
EOF
run_status 0 "run small" "$RELSIM" run "$T/small.ini" -o "$T/a" --threads 1 --quiet
for f in trials.csv summary.csv run.txt summary.png; do
    check "run writes $f" test -s "$T/a/$f"
done
check "no temporary file is left" test -z "$(ls "$T/a" | grep '\.tmp$')"
check "trials.csv has the documented columns" test "$(head -n 1 "$T/a/trials.csv")" = \
    "trial,completed,makespan_h,availability,goodput,failures,useful_h,lost_h,checkpoint_h,restart_h,down_h,wait_spare_h,checkpoints,events"
check "trials.csv has one row per trial" test "$(wc -l <"$T/a/trials.csv")" -eq 201
check "summary.csv has the documented columns" test "$(head -n 1 "$T/a/summary.csv")" = \
    "metric,mean,sd,ci95_low,ci95_high,p05,p50,p95,min,max,n"
check "summary.csv has one row per metric" test "$(wc -l <"$T/a/summary.csv")" -eq 14
check "summary.png is a PNG" test "$(head -c 8 "$T/a/summary.png" | od -An -c | tr -d ' \n')" = '211PNG\r\n032\n'
# the accounting identity on every row of the real output
check "makespan = useful + lost + checkpoint + restart + down in every row" awk -F, \
    'NR > 1 { d = $3 - ($7 + $8 + $9 + $10 + $11); if (d < 0) d = -d; if (d > 1e-9 * $3) bad = 1 }
     END { exit bad }' "$T/a/trials.csv"
check "run.txt records the seed" grep -q "^seed = 5" "$T/a/run.txt"
check "run.txt records the resolved interval" grep -q "^checkpoint_interval = .*daly" "$T/a/run.txt"
check "run.txt records the version" grep -q "relsim $(cat "$ROOT/VERSION")" "$T/a/run.txt"

# same numbers whatever the number of threads
run_status 0 "run small, 2 threads" "$RELSIM" run "$T/small.ini" -o "$T/b" --threads 2 --quiet
check "trials.csv identical for 1 and 2 threads" cmp -s "$T/a/trials.csv" "$T/b/trials.csv"
check "summary.csv identical for 1 and 2 threads" cmp -s "$T/a/summary.csv" "$T/b/summary.csv"

# run.txt is itself a scenario that reproduces the run
run_status 0 "run.txt runs" "$RELSIM" run "$T/a/run.txt" -o "$T/c" --quiet
check "run.txt reproduces trials.csv" cmp -s "$T/a/trials.csv" "$T/c/trials.csv"

# options override the file
run_status 0 "--trials and --seed" "$RELSIM" run "$T/small.ini" -o "$T/d" --trials 30 --seed 9 --quiet --no-plot
check "--trials sets the number of rows" test "$(wc -l <"$T/d/trials.csv")" -eq 31
check "--seed is recorded" grep -q "^seed = 9" "$T/d/run.txt"
check "--no-plot draws nothing" test ! -e "$T/d/summary.png"
check "another seed gives other numbers" test "$(sed -n 2p "$T/d/trials.csv")" != "$(sed -n 2p "$T/a/trials.csv")"

# the summary table
run_status 0 "summary table" "$RELSIM" run "$T/small.ini" -o "$T/e" --trials 20 --no-plot
check "the table shows goodput with its CI" out_has "^goodput"
check "the table names the files written" out_has "trials.csv"

# the default scenario (what make run does), briefly
(cd "$T" && "$RELSIM" run --trials 10 --quiet --no-plot >"$T/out" 2>"$T/err")
check "the default scenario writes results/default/" test -s "$T/results/default/trials.csv"
check "the default scenario is 1024 nodes" grep -q "^nodes = 1024" "$T/results/default/run.txt"

# ---------------------------------------------------------------- bad input: status 2, one clear message, no output
printf '[cluster]\nnodes = 4\n[component.gpu]\nttf = 1000\nttr = 1h\n[job]\nwork = 10h\n' >"$T/bad.ini"
run_status 2 "bad scenario" "$RELSIM" run "$T/bad.ini" -o "$T/bad-out"
check "bad scenario: path:line: message" err_has "bad.ini:4: ttf: '1000' has no unit"
check "bad scenario: no output directory" no_files "$T/bad-out"

run_status 2 "missing scenario file" "$RELSIM" run "$T/nope.ini" -o "$T/nope-out"
check "missing file is named" err_has "nope.ini: cannot open"
check "missing file: no output" no_files "$T/nope-out"

run_status 2 "--trials 0" "$RELSIM" run "$T/small.ini" --trials 0 -o "$T/x"
check "--trials 0 names the option" err_has "\-\-trials"
run_status 2 "--seed too large" "$RELSIM" run "$T/small.ini" --seed 4294967296 -o "$T/x"
run_status 2 "--threads 0" "$RELSIM" run "$T/small.ini" --threads 0 -o "$T/x"
run_status 2 "unknown option" "$RELSIM" run "$T/small.ini" --frobnicate -o "$T/x"
run_status 2 "two scenarios" "$RELSIM" run "$T/small.ini" "$T/small.ini" -o "$T/x"
check "bad options: no output" no_files "$T/x"

# a job that can never finish stops at the safety limit instead of hanging
printf '[cluster]\nnodes = 4\n[component.c]\nttf = exponential(mean=1h)\nttr = 1h\n[job]\nwork = 100h\n' >"$T/never.ini"
run_status 2 "a job that cannot finish" timeout 60 "$RELSIM" run "$T/never.ini" -o "$T/never-out"
check "the safety limit says why" err_has "cannot complete"
check "safety limit: no output" no_files "$T/never-out"

# a run that would need far too much memory is refused before it starts
printf '[cluster]\nnodes = 100000000\n[component.c]\nttf = 1y\nttr = 1h\n[scenario]\nhorizon = 1d\n' >"$T/huge.ini"
run_status 2 "10^8 nodes" "$RELSIM" run "$T/huge.ini" -o "$T/huge-out"
check "memory refusal says why" err_has "GiB"


# ---------------------------------------------------------------- relsim check
run_status 0 "check a valid scenario" "$RELSIM" check "$T/small.ini"
check "check says ok" out_has "small.ini: ok"
check "check gives the system MTBF and failures a day" out_has "system MTBF .* failures a day"
check "check resolves daly" out_has "^checkpoint_interval = .*daly"
check "check prints the defaults" out_has "^spare_mode = cold"
"$RELSIM" check "$T/small.ini" | grep -v '^;' >"$T/resolved.ini"
run_status 0 "the resolved text is itself a scenario" "$RELSIM" check "$T/resolved.ini"
run_status 2 "check reports every error of every file" "$RELSIM" check "$T/bad.ini" "$T/small.ini" "$T/nope.ini"
check "check: the first file's error" err_has "bad.ini:4: ttf"
check "check: the missing file" err_has "nope.ini: cannot open"
check "check: the good file is still ok" out_has "small.ini: ok"
run_status 0 "check without a scenario checks the default" "$RELSIM" check -q
check "check -q prints one line" test "$(wc -l <"$T/out")" -eq 1

# ---------------------------------------------------------------- --set and include
run_status 0 "--set overrides a key" "$RELSIM" run "$T/small.ini" -o "$T/set" --trials 5 --quiet --no-plot --set cluster.spares=0 --set 'component.gpu.ttr=lognormal(mean=1d, sd=6h)'
check "--set is in the record" grep -q "^spares = 0" "$T/set/run.txt"
check "--set law is in the record" grep -q "^ttr = lognormal(mean=1d, sd=6h)" "$T/set/run.txt"
check "--set is in the recorded command" grep -q "set cluster.spares=0" "$T/set/run.txt"
run_status 2 "--set with a bad value" "$RELSIM" run "$T/small.ini" -o "$T/setbad" --set cluster.nodes=many
check "--set error names the option" err_has "^--set cluster.nodes=many: nodes: 'many' is not a whole number"
check "--set error: no output" no_files "$T/setbad"
mkdir -p "$T/fam/variants"
cp "$T/small.ini" "$T/fam/base.ini"
printf '[scenario]\ninclude = ../base.ini\nname = hot\n[cluster]\nspare_mode = hot\n' >"$T/fam/variants/hot.ini"
run_status 0 "include a base file" "$RELSIM" run "$T/fam/variants/hot.ini" -o "$T/hot" --trials 5 --quiet --no-plot
check "the include's values are used" grep -q "^nodes = 16" "$T/hot/run.txt"
check "the including file overrides" grep -q "^spare_mode = hot" "$T/hot/run.txt"
printf '[scenario]\ninclude = b.ini\n' >"$T/fam/a.ini"
printf '[scenario]\ninclude = a.ini\n' >"$T/fam/b.ini"
run_status 2 "include cycle" "$RELSIM" check "$T/fam/a.ini"
check "include cycle names the chain" err_has "include cycle: .*a.ini -> .*b.ini -> .*a.ini"

# ---------------------------------------------------------------- another scenario's results are not overwritten
sed 's/^name = small/name = other/' "$T/small.ini" >"$T/other.ini"
run_status 2 "refuses another scenario's results" "$RELSIM" run "$T/other.ini" -o "$T/a" --trials 5 --quiet
check "refusal says whose results they are" err_has "holds the results of scenario 'small', not 'other'"
check "refusal leaves the results alone" cmp -s "$T/a/trials.csv" "$T/b/trials.csv"
run_status 0 "--force replaces them" "$RELSIM" run "$T/other.ini" -o "$T/a" --trials 5 --quiet --force
check "--force wrote the new results" grep -q "^name = other" "$T/a/run.txt"
run_status 0 "the same scenario may write again" "$RELSIM" run "$T/other.ini" -o "$T/a" --trials 6 --quiet --no-plot
mkdir -p "$T/mine" && echo keep >"$T/mine/notes.txt"
run_status 2 "refuses a directory of other files" "$RELSIM" run "$T/small.ini" -o "$T/mine" --quiet
check "refusal names the foreign file" err_has "notes.txt"
check "the foreign file is untouched" test "$(cat "$T/mine/notes.txt")" = keep

# ---------------------------------------------------------------- interruption leaves nothing behind
sed -e 's/^trials = 200/trials = 1000000/' "$T/small.ini" >"$T/long.ini"
for sig in INT TERM; do
    "$RELSIM" run "$T/long.ini" -o "$T/sig$sig" --quiet >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 1
    kill -$sig $pid
    wait $pid
    status=$?
    want=130
    [ $sig = TERM ] && want=143
    check "SIG$sig: exit status $want (got $status)" test $status -eq $want
    check "SIG$sig: says so" err_has "interrupted by SIG$sig; no output written"
    check "SIG$sig: no file, not even a temporary" no_files "$T/sig$sig"
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
