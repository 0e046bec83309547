#!/bin/sh
# CLI tests: the real relsim binary on real scenario files, good and bad.
#   RELSIM=path/to/relsim sh tests/cli.sh
# Prints one line per failure and ends with "cli: N passed, M failed".

SUITE=cli
. "$(dirname "$0")/lib.sh"



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
    "trial,completed,makespan_h,availability,goodput,failures,useful_h,unsaved_h,lost_h,checkpoint_h,restart_h,down_h,wait_spare_h,process_failures,checkpoints,full_checkpoints,incremental_checkpoints,sdc_strikes,sdc_recovered,sdc_unrecoverable,interruptions,rpo_h,rto_h,rpo_max_h,rto_max_h,events"
check "trials.csv has one row per trial" test "$(wc -l <"$T/a/trials.csv")" -eq 201
# trial_in_order FILE N: the trial column runs 0 .. N-1, one row each, in order
trial_in_order() { awk -F, -v n="$2" 'NR > 1 && $1 != NR - 2 { bad = 1 } END { exit bad || NR != n + 1 }' "$1"; }
check "trials.csv: trial runs 0 .. 199 in order" trial_in_order "$T/a/trials.csv" 200
check "summary.csv has the documented columns" test "$(head -n 1 "$T/a/summary.csv")" = \
    "metric,mean,sd,ci95_low,ci95_high,p05,p50,p95,min,max,n"
# one row per metric, and the per-trial means of goodput, rpo_h and rto_h beside their ratios
# of totals
check "summary.csv has one row per metric" test "$(wc -l <"$T/a/summary.csv")" -eq 29
# with tiers: the tiers' figures, and each tier's rows named after it, in the order of every
cat >"$T/tiers.ini" <<'EOF'
[cluster]
nodes = 4
[component.gpu]
ttf = exponential(mean=100h)
ttr = 1h
[job]
work = 20h
checkpoint_interval = 1h
[tier.pfs]
every = 4
cost = 10m
restore_cost = 20m
lost_on = never
[tier.local]
cost = 1m
restore_cost = 2m
lost_on = node
EOF
run_status 0 "run with tiers" "$RELSIM" run "$T/tiers.ini" -o "$T/tiers" --trials 20 --quiet --no-plot
check "trials.csv with tiers names the tiers' columns" test "$(head -n 1 "$T/tiers/trials.csv" | sed 's/.*rto_max_h,//')" = \
    "async_lost,async_committed,storage_wait_h,restores_local,restores_pfs,skipped_local,skipped_pfs,checkpoint_local_h,checkpoint_pfs_h,restart_local_h,restart_pfs_h,events"
check "summary.csv with tiers has their rows" grep -q '^restart_pfs_h,' "$T/tiers/summary.csv"
# --precision: rounds of trials (the total doubling) until the CI is narrow enough; the trials are
# those of a plain run of as many, bit for bit
run_status 0 "run --precision" "$RELSIM" run "$T/small.ini" -o "$T/prec" --trials 20 --precision 0.01 --threads 1
check "--precision says whether it reached its target" out_has "target +-0.01 reached after"
n_prec=$(($(wc -l <"$T/prec/trials.csv") - 1))
check "--precision ran more trials than the first round ($n_prec)" test "$n_prec" -gt 20
check "--precision: the record says how many trials ran" grep -q "^trials = $n_prec\$" "$T/prec/run.txt"
run_status 0 "run as many trials plainly" "$RELSIM" run "$T/small.ini" -o "$T/prec2" --trials "$n_prec" --quiet --threads 2
check "--precision: trials.csv is a plain run's" cmp -s "$T/prec/trials.csv" "$T/prec2/trials.csv"
check "--precision: summary.csv is a plain run's" cmp -s "$T/prec/summary.csv" "$T/prec2/summary.csv"
run_status 0 "--precision with a budget" "$RELSIM" run "$T/small.ini" -o "$T/prec3" --trials 20 --precision 1e-9 --max-trials 50 --threads 1
check "--precision: the budget is said when it runs out" out_has "NOT reached"
check "--precision: the budget is kept (50 trials)" test "$(($(wc -l <"$T/prec3/trials.csv") - 1))" -eq 50
run_status 2 "--metric without --precision" "$RELSIM" run "$T/small.ini" -o "$T/prec4" --metric lost_h
check "--metric without --precision: why" err_has "only with --precision"
run_status 2 "--precision 0" "$RELSIM" run "$T/small.ini" -o "$T/prec4" --precision 0
check "--precision 0: no output" no_files "$T/prec4"
check "summary.csv: goodput, then goodput_per_trial_mean" test "$(cut -d, -f1 "$T/a/summary.csv" | grep -n goodput | tr '\n' ' ')" = "5:goodput 6:goodput_per_trial_mean "
check "summary.png is a PNG" test "$(head -c 8 "$T/a/summary.png" | od -An -c | tr -d ' \n')" = '211PNG\r\n032\n'
# the accounting identity on every row of the real output
check "makespan = useful + unsaved + lost + checkpoint + restart + down in every row" awk -F, \
    'NR > 1 { d = $3 - ($7 + $8 + $9 + $10 + $11 + $12); if (d < 0) d = -d; if (d > 1e-9 * $3) bad = 1 }
     END { exit bad }' "$T/a/trials.csv"
check "trials.csv numbers carry at most 12 significant digits" awk -F, \
    'NR > 1 { for (i = 1; i <= NF; i++) { m = $i; sub(/e.*/, "", m); gsub(/[-.]/, "", m)
              sub(/^0+/, "", m); if (length(m) > 12) bad = 1 } } END { exit bad }' "$T/a/trials.csv"
check "the mean of trials.csv's makespans is summary.csv's mean" awk -F, \
    'FNR == NR { if (FNR > 1) { s += $3; k++ }; next }
     $1 == "makespan_h" { d = s / k - $2; if (d < 0) d = -d; exit !(k == 200 && d <= 1e-11 * $2) }' \
    "$T/a/trials.csv" "$T/a/summary.csv"
check "run.txt records the seed" grep -q "^seed = 5" "$T/a/run.txt"
check "run.txt records the resolved interval" grep -q "^checkpoint_interval = .*daly" "$T/a/run.txt"
check "run.txt records the version" grep -q "^; relsim: $(cat "$ROOT/VERSION")" "$T/a/run.txt"

# same numbers whatever the number of threads
run_status 0 "run small, 2 threads" "$RELSIM" run "$T/small.ini" -o "$T/b" --threads 2 --quiet
check "trials.csv identical for 1 and 2 threads" cmp -s "$T/a/trials.csv" "$T/b/trials.csv"
check "summary.csv identical for 1 and 2 threads" cmp -s "$T/a/summary.csv" "$T/b/summary.csv"

# more trials than a block (256 a thread): still 0 .. N-1 in order, and the same rows
for thr in 1 2; do
    run_status 0 "600 trials on $thr thread(s)" "$RELSIM" run "$T/small.ini" -o "$T/order$thr" --trials 600 --threads $thr --quiet --no-plot
    check "600 trials on $thr thread(s): trial runs 0 .. 599 in order" trial_in_order "$T/order$thr/trials.csv" 600
done
check "600 trials: trials.csv identical for 1 and 2 threads" cmp -s "$T/order1/trials.csv" "$T/order2/trials.csv"

# run.txt is itself a scenario that reproduces the run
run_status 0 "run.txt runs" "$RELSIM" run "$T/a/run.txt" -o "$T/c" --quiet
check "run.txt reproduces trials.csv" cmp -s "$T/a/trials.csv" "$T/c/trials.csv"

# options override the file
run_status 0 "--trials and --seed" "$RELSIM" run "$T/small.ini" -o "$T/d" --trials 30 --seed 9 --quiet --no-plot
check "--trials sets the number of rows" test "$(wc -l <"$T/d/trials.csv")" -eq 31
check "--seed is recorded" grep -q "^seed = 9" "$T/d/run.txt"
check "--no-plot draws nothing" test ! -e "$T/d/summary.png"
check "another seed gives other numbers" test "$(sed -n 2p "$T/d/trials.csv")" != "$(sed -n 2p "$T/a/trials.csv")"

# the embedded default: its record says that no file was read (run and sweep alike)
run_status 0 "run without a scenario" "$RELSIM" run -o "$T/emb" --trials 5 --quiet --no-plot
check "run.txt says the embedded default ran" grep -q '^; scenario file: (none: the default embedded in relsim' "$T/emb/run.txt"
run_status 0 "sweep without a scenario" "$RELSIM" sweep --vary cluster.spares=0,32 -o "$T/embs" --trials 5 --quiet --no-plot
check "the sweep's run.txt says so too" grep -q '^; scenario file: (none: the default embedded in relsim' "$T/embs/run.txt"
run_status 0 "run of a file" "$RELSIM" run "$T/small.ini" -o "$T/emf" --trials 5 --quiet --no-plot
check "run.txt names the file read" grep -q "^; scenario file: $T/small.ini\$" "$T/emf/run.txt"

# the summary table
run_status 0 "summary table" "$RELSIM" run "$T/small.ini" -o "$T/e" --trials 20 --no-plot
check "the table shows goodput with its CI" out_has "^goodput"
check "the table leaves out the rules the scenario does not use" test -z "$(grep -E '^(sdc_|process_failures|incremental_checkpoints|full_checkpoints|unsaved_h)' "$T/out")"
run_status 0 "summary table with incrementals" "$RELSIM" run "$T/small.ini" -o "$T/e2" --trials 20 --no-plot --set job.full_every=2
check "... shows full and incremental checkpoints" test "$(grep -cE '^(full|incremental)_checkpoints' "$T/out")" -eq 2
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
# every command: an unknown option and a bad shared option, named, status 2, nothing written
for cmd in run check sweep batch analytic; do
    run_status 2 "$cmd: unknown option" "$RELSIM" $cmd "$T/small.ini" --frobnicate
    check "$cmd: the unknown option is named" \
        err_has "^relsim $cmd: unknown option or missing argument '--frobnicate'"
    run_status 2 "$cmd: --set without its value" "$RELSIM" $cmd "$T/small.ini" --set
    check "$cmd: the missing argument is named" err_has "^relsim $cmd: unknown option or missing argument '--set'"
done
for cmd in run sweep batch; do
    run_status 2 "$cmd: --threads 0" "$RELSIM" $cmd "$T/small.ini" --threads 0 -o "$T/thr-$cmd"
    check "$cmd: --threads 0 is explained" err_has "^relsim $cmd: --threads: "
    check "$cmd: --threads 0 writes nothing" test ! -e "$T/thr-$cmd"
done
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

# a name may not climb out of the results directory, nor hide
for bad_name in .. .hidden; do
    run_status 2 "name = $bad_name is refused" "$RELSIM" check "$T/small.ini" --set "scenario.name=$bad_name"
    check "name = $bad_name: the message says why" err_has "name '$bad_name' may hold only"
done
# the heartbeat may be as long as the timeout (the delay is then uniform on (0, timeout))
run_status 0 "heartbeat = timeout is accepted" "$RELSIM" check "$T/small.ini" --set detection.heartbeat=10m -q

# ---------------------------------------------------------------- the bad-input catalogue's line numbers
# tests/bad/*.expect were generated from the binary's own messages (tests/bad/README.md): they
# pin regressions. That each message's line number points at the offending line is checked here,
# against what the message names: the key, section, quoted text, byte or column on that line.
cat >"$T/lines.awk" <<'AWK'
function hexval(h,    i, v) {
    v = 0
    for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
    return v
}
function load(path,    line, n) {
    if (path in nlines) return
    n = 0
    while ((getline line < path) > 0) raw[path, ++n] = line
    close(path)
    nlines[path] = n
}
function text(path, n,    t) { # the line without its CR, a leading BOM or blanks
    t = raw[path, n]
    sub(/\r$/, "", t)
    if (n == 1) sub(/^\357\273\277/, "", t)
    sub(/^[ \t]+/, "", t)
    return t
}
function is_key(t, k) { return index(t, k) == 1 && substr(t, length(k) + 1) ~ /^[ \t]*=/ }
function quoted(s, after,    r) { r = substr(s, index(s, after) + length(after)); return substr(r, 1, index(r, "'") - 1) }
function section(s,    r) { r = substr(s, index(s, "[")); return substr(r, 1, index(r, "]")) }
function first_on(s,    i) { i = index(s, "(first on line "); return i ? substr(s, i + 15) + 0 : 0 }
function bad(why) { printf "FAIL: %s: line %d of %s: %s\n", FILENAME, L, F, why; failed++ }
{
    if (!match($0, /:[0-9]+: /)) next
    F = substr($0, 1, RSTART - 1)
    L = substr($0, RSTART + 1, RLENGTH - 3) + 0
    M = substr($0, RSTART + RLENGTH)
    msgs++
    load(F)
    if (nlines[F] == 0) { bad("cannot read the file"); next }
    if (L < 1 || L > nlines[F]) { bad("beyond the file's " nlines[F] " lines"); next }
    T = text(F, L)
    R = raw[F, L]
    ok = -1 # no check for this kind of message
    if (M ~ /^[a-z_0-9]+: /) ok = is_key(T, substr(M, 1, index(M, ":") - 1))
    else if (M ~ /^'[^']+' is outside any section/) ok = index(T, quoted(M, "'")) == 1
    else if (M ~ /^[a-z_0-9]+ is set twice in \[/) {
        K = substr(M, 1, index(M, " ") - 1)
        ok = is_key(T, K) && is_key(text(F, first_on(M)), K)
    } else if (M ~ /^duplicate section \[/) ok = index(T, section(M)) == 1 && index(text(F, first_on(M)), section(M)) == 1
    else if (M ~ /^\[[^]]+\] needs / || M ~ /^unknown section \[/) ok = index(T, section(M)) == 1
    else if (M ~ /^unknown key '/) ok = is_key(T, quoted(M, "unknown key '"))
    else if (M ~ /got '.*'$/) { G = substr(M, index(M, "got '") + 5); ok = index(R, substr(G, 1, length(G) - 1)) > 0 }
    else if (M ~ /^heartbeat must not exceed/) ok = is_key(T, "heartbeat")
    else if (M ~ /^[a-z_]+ = [a-z_]+ /) ok = is_key(T, substr(M, 1, index(M, " ") - 1))
    else if (M ~ /^include cycle:/ || M ~ /^includes nest/ || M ~ /^too many files/) ok = is_key(T, "include")
    else if (M ~ /^without a \[job\] section/) ok = L == 1 || index(T, "[scenario]") == 1
    else if (M ~ /^missing section \[cluster\]/ || M ~ /^no \[component\.NAME\] section/) ok = L == 1
    else if (M ~ /^too many component kinds/) ok = index(T, "[component.") == 1
    else if (M ~ /^too many tiers/) ok = index(T, "[tier.") == 1
    else if (M ~ /^too many domains/) ok = index(T, "[domain.") == 1
    else if (M ~ /^\[sdc\] with /) ok = index(T, "[sdc]") == 1
    else if (M ~ /^\[[^]]+\] with /) ok = index(T, section(M)) == 1
    else if (M ~ /^line is too long/) ok = length(R) > 198
    else if (M ~ /^control character 0x/) ok = index(R, sprintf("%c", hexval(substr(M, 21, 2)))) > 0
    else if (M ~ /^non-ASCII byte 0x[0-9a-f][0-9a-f] at column [0-9]+/)
        ok = substr(R, substr(M, index(M, "at column ") + 10) + 0, 1) == sprintf("%c", hexval(substr(M, 18, 2)))
    else if (M ~ /byte order mark/) ok = index(R, "\357\273\277") > 0
    else if (M ~ /^'#' starts a comment/) ok = index(R, "#") > 0
    else if (M ~ /^missing '\]' in section header/ || M ~ /^unexpected text '/) ok = index(T, "[") == 1
    else if (M ~ /^missing key before '='/) ok = index(T, "=") == 1
    else if (M ~ /^(component|tier|domain) name '/) { K = substr(M, 1, index(M, " ") - 1); ok = index(T, "[" K "." quoted(M, K " name '") "]") == 1 }
    if (ok == 0) bad("does not hold what the message names: " M)
    else if (ok == 1) checked++
}
END {
    printf "%d %d\n", msgs, checked
    exit failed > 0
}
AWK
(cd "$ROOT/tests/bad" && LC_ALL=C awk -f "$T/lines.awk" ./*.expect) >"$T/lines.out"
st=$?
grep '^FAIL' "$T/lines.out"
set -- $(tail -n 1 "$T/lines.out")
check "bad/*.expect: every message's line number points at the line it names" test $st -eq 0
# (all but the binary file's NUL byte, which awk cannot see, and a few others: see the count)
check "bad/*.expect: nearly every message checked ($2 of $1)" test "${2:-0}" -ge $((${1:-1} - 5))

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

# ---------------------------------------------------------------- a result set is published whole or not at all
# Failures made through the contract alone (no temporary's name is assumed): afterwards the
# directory holds what was in the way and nothing else, no file of the set, no temporary or
# staging directory (hidden names included).
# left_over DIR BLOCKER
left_over() {
    rest=$(ls -A "$1" | grep -vx "$2" | tr '\n' ' ')
    check "$2 failed: nothing else left (${rest:-nothing})" test -z "$rest"
}
# A file of the set that the disk has no room for: files limited to 1 KiB (ulimit -f 2, the
# signal of a write beyond it ignored so that the write fails instead): trials.csv of two trials
# fits, summary.csv does not.
mkdir -p "$T/full"
(trap '' XFSZ; ulimit -f 2 && exec "$RELSIM" run "$T/small.ini" -o "$T/full" --trials 2 --quiet --no-plot) >"$T/out" 2>"$T/err"
st=$?
check "files of 1 KiB at most: the run fails (status $st)" test $st -eq 1
check "files of 1 KiB at most: the message names summary.csv" err_has "summary.csv.*File too large"
left_over "$T/full" summary.csv
# A file of the set that cannot be published (a directory in its place).
for f in trials.csv summary.csv run.txt; do
    mkdir -p "$T/place-$f/$f"
    run_status 1 "$f is a directory" "$RELSIM" run "$T/small.ini" -o "$T/place-$f" --trials 20 --quiet
    check "$f is a directory: the message names it" err_has "$f.*Is a directory"
    left_over "$T/place-$f" "$f"
done

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

# ---------------------------------------------------------------- relsim analytic
cat >"$T/expo.ini" <<'EOF'
; one node, exponential lives, three spares: Daly's form is exact here
[scenario]
name = expo
trials = 400
seed = 3
[cluster]
nodes = 1
spares = 3
[component.node]
ttf = exponential(mean=10h)
ttr = 1m
[detection]
timeout = 20m
[failover]
time = 10m
[job]
work = 40h
checkpoint_interval = 2h
checkpoint_cost = 15m
restart_cost = 30m
EOF
run_status 0 "--help lists analytic" "$RELSIM" --help
check "--help names analytic" out_has "analytic"
run_status 0 "analytic --help" "$RELSIM" analytic --help
check "analytic --help names analytic.csv" out_has "analytic.csv"
run_status 0 "analytic a scenario" "$RELSIM" analytic "$T/expo.ini" -o "$T/an"
check "analytic writes analytic.csv" test -s "$T/an/analytic.csv"
check "analytic.csv has the documented columns" test "$(head -n 1 "$T/an/analytic.csv")" = \
    "quantity,value,fit,metric,formula,reference,note"
check "analytic: Daly's makespan is exact here" grep -q '^daly_makespan_h,[0-9.e+-]*,exact,makespan_h,' "$T/an/analytic.csv"
check "analytic: the system MTBF in hours" grep -q '^system_mtbf_h,10,exact,' "$T/an/analytic.csv"
check "analytic: only analytic.csv, no temporary file" test "$(ls "$T/an")" = analytic.csv
check "analytic prints the table" out_has "^daly_makespan_h .* exact"
check "analytic prints the references" out_has "ref: Daly 2006"
check "analytic names the file written" out_has "analytic.csv"
# Weibull lives: it says so instead of printing a wrong number
run_status 0 "analytic, Weibull lives" "$RELSIM" analytic "$T/small.ini" -o "$T/an-w" --quiet
check "analytic: no Daly form for Weibull lives" grep -q '^daly_makespan_h,,n/a,makespan_h,' "$T/an-w/analytic.csv"
check "analytic: the reason is given" grep -q '^daly_makespan_h,.*not exponential' "$T/an-w/analytic.csv"
check "analytic --quiet prints nothing" test ! -s "$T/out"
run_status 0 "analytic --set" "$RELSIM" analytic "$T/expo.ini" -o "$T/an-set" --quiet \
    --set detection.timeout=0m --set failover.time=0m --set cluster.nodes=2
check "analytic --set: two nodes halve the MTBF" grep -q '^system_mtbf_h,5,exact,' "$T/an-set/analytic.csv"
check "analytic --set: no down time without delays" test -z "$(grep '^expected_down_h,' "$T/an-set/analytic.csv")"
run_status 2 "analytic --set with a bad value" "$RELSIM" analytic "$T/expo.ini" -o "$T/an-setbad" --set cluster.nodes=many
check "analytic --set error: no output" no_files "$T/an-setbad"
# bad input: status 2, nothing written
run_status 2 "analytic, bad scenario" "$RELSIM" analytic "$T/bad.ini" -o "$T/an-bad"
check "analytic, bad scenario: path:line: message" err_has "bad.ini:4: ttf: '1000' has no unit"
check "analytic, bad scenario: no output" no_files "$T/an-bad"
run_status 2 "analytic, two scenarios" "$RELSIM" analytic "$T/expo.ini" "$T/small.ini" -o "$T/an-two"
run_status 2 "analytic, unknown option" "$RELSIM" analytic "$T/expo.ini" --trials 5 -o "$T/an-two"
check "analytic, bad options: no output" no_files "$T/an-two"
# the output directory rule of run
run_status 2 "analytic refuses a directory of other files" "$RELSIM" analytic "$T/expo.ini" -o "$T/mine"
check "analytic: the refusal names the foreign file" err_has "notes.txt"
check "analytic: nothing added to the foreign directory" test ! -e "$T/mine/analytic.csv"
run_status 2 "analytic refuses another scenario's results" "$RELSIM" analytic "$T/expo.ini" -o "$T/a"
check "analytic: the refusal says whose results they are" err_has "holds the results of scenario 'other', not 'expo'"
run_status 0 "analytic --force" "$RELSIM" analytic "$T/expo.ini" -o "$T/a" --force --quiet
check "analytic --force writes" test -s "$T/a/analytic.csv"
run_status 0 "run before analytic" "$RELSIM" run "$T/expo.ini" -o "$T/ra" --trials 20 --quiet --no-plot
run_status 0 "analytic beside run's results" "$RELSIM" analytic "$T/expo.ini" -o "$T/ra" --quiet
run_status 0 "run again beside analytic.csv" "$RELSIM" run "$T/expo.ini" -o "$T/ra" --trials 20 --quiet --no-plot
check "run and analytic share the directory" test -s "$T/ra/analytic.csv" -a -s "$T/ra/trials.csv"
(cd "$T" && "$RELSIM" analytic --quiet >"$T/out" 2>"$T/err")
check "analytic without a scenario writes results/default/analytic.csv" test -s "$T/results/default/analytic.csv"

# ---------------------------------------------------------------- closed forms in relsim run
run_status 0 "run prints the closed forms" "$RELSIM" run "$T/expo.ini" -o "$T/rc" --no-plot
check "run: a closed forms block" out_has "^closed forms .*theory"
check "run: the exact makespan agrees" out_has "^makespan_h .*exact: agrees .*daly_makespan_h"
check "run: goodput is approximate" out_has "^goodput .*approximate"
check "run: the block points to relsim analytic" out_has "relsim analytic"
printf '[scenario]\nhorizon = 200h\ntrials = 20\n[cluster]\nnodes = 4\nspares = 1\n[component.n]\nttf = weibull(shape=0.8, scale=500h)\nttr = 5h\n' >"$T/wb.ini"
run_status 0 "run, no closed form" "$RELSIM" run "$T/wb.ini" -o "$T/wb" --no-plot
check "run: says when no closed form applies, and why" out_has "closed forms: none applies to this scenario.*not exponential"

# ---------------------------------------------------------------- relsim sweep
run_status 0 "sweep --help" "$RELSIM" sweep --help
check "sweep --help shows the range syntax" out_has "15m..8h\*2"
run_status 0 "sweep a grid" "$RELSIM" sweep "$T/small.ini" --vary job.checkpoint_interval=30m..4h*2 --vary cluster.spares=0,2 --trials 60 --threads 1 -o "$T/sw1"
for f in sweep.csv sweep.png run.txt; do check "sweep writes $f" test -s "$T/sw1/$f"; done
check "sweep.csv has one row per point (4 x 2) and a header" test "$(wc -l <"$T/sw1/sweep.csv")" -eq 9
check "sweep.csv: the varied keys come first, durations in hours too" test "$(head -n 1 "$T/sw1/sweep.csv" | cut -d, -f1-4)" = "checkpoint_interval,checkpoint_interval_h,spares,trials"
check "sweep.csv: the paired difference and the marks" grep -q "goodput_diff_to_best_ci95_low.*,best,indistinguishable_from_best" "$T/sw1/sweep.csv"
check "sweep.csv: exactly one best point" test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "best") c = i } NR > 1 && $c == 1 { n++ } END { print n }' "$T/sw1/sweep.csv")" = 1
check "sweep: the table marks the best" out_has " best$"
check "sweep.png is a PNG" test "$(head -c 4 "$T/sw1/sweep.png" | od -An -c | tr -d ' \n')" = '211PNG'
check "sweep: run.txt records the grid" grep -q "^; vary job.checkpoint_interval = 30m, 1h, 2h, 4h" "$T/sw1/run.txt"
run_status 0 "sweep, 2 threads" "$RELSIM" sweep "$T/small.ini" --vary job.checkpoint_interval=30m..4h*2 --vary cluster.spares=0,2 --trials 60 --threads 2 -o "$T/sw2" --quiet --no-plot
check "sweep.csv identical for 1 and 2 threads" cmp -s "$T/sw1/sweep.csv" "$T/sw2/sweep.csv"
run_status 0 "sweep with a precision target out of reach" "$RELSIM" sweep "$T/small.ini" --vary job.checkpoint_interval=1h,2h --trials 10 --precision 0.0001 --max-trials 40 -o "$T/sw3" --no-plot
check "sweep says the budget ran out" out_has "NOT reached: the trial budget ran out"
check "sweep used the whole budget" grep -q "^; trials: 40 " "$T/sw3/run.txt"
run_status 0 "sweep with a precision target in reach" "$RELSIM" sweep "$T/small.ini" --vary job.checkpoint_interval=1h,2h --trials 10 --precision 0.05 -o "$T/sw4" --no-plot
check "sweep says the target was reached" out_has "precision target 0.05 on goodput: reached"
run_status 2 "sweep without --vary" "$RELSIM" sweep "$T/small.ini" -o "$T/sw5"
check "sweep without --vary says so" err_has "nothing to vary"
run_status 2 "sweep with a bad range" "$RELSIM" sweep "$T/small.ini" --vary job.checkpoint_interval=4h..1h*2 -o "$T/sw5"
check "a bad range names --vary" err_has "^relsim sweep: --vary: range"
run_status 2 "sweep with a bad value" "$RELSIM" sweep "$T/small.ini" --vary cluster.spares=1,many -o "$T/sw5"
check "a bad value names the --vary" err_has "^--vary cluster.spares=many: spares: 'many' is not a whole number"
check "sweep, bad input: no output" no_files "$T/sw5"
run_status 2 "sweep with an unknown metric" "$RELSIM" sweep "$T/small.ini" --vary cluster.spares=1,2 --metric speed -o "$T/sw5"

# ---------------------------------------------------------------- the gallery runs, and batch = run alone
for f in "$ROOT"/scenarios/*.ini; do
    g=$(basename "$f" .ini)
    run_status 0 "gallery $g runs" "$RELSIM" run "$f" --trials 5 -o "$T/gallery-$g" --quiet --no-plot
done
mkdir -p "$T/two"
cp "$T/small.ini" "$T/two/small.ini"
cp "$T/other.ini" "$T/two/other.ini"
# a service and a job without an interruption: figures that do not apply (an RPO over none) are
# empty in summary.csv, and the report takes them as such, not as incomplete results
mkdir -p "$T/na"
sed '/^\[sweep\]/,$d' "$ROOT/scenarios/serving.ini" >"$T/na/serving.ini"
printf '[scenario]\ntrials = 5\n[cluster]\nnodes = 2\n[component.gpu]\nttf = 100000h\nttr = 1h\n[job]\nwork = 10h\ncheckpoint_interval = 1h\ncheckpoint_cost = 1m\nrestart_cost = 1m\n' >"$T/na/quiet.ini"
run_status 0 "batch of figures that do not apply" "$RELSIM" batch "$T/na" -o "$T/na-out" --quiet --no-plot --set scenario.trials=5
check "figures that do not apply are not incomplete results" sh -c "! grep -q 'Incomplete results' '$T/na-out/report.html'"
# the rules beside failures have their cards in the report: maintenance, the repair pipeline and
# the fleet, a replayed trace
mkdir -p "$T/rules"
cat "$T/na/quiet.ini" >"$T/rules/maint.ini"
printf '[maintenance]\nevery = 3h\nduration = 10m\n' >>"$T/rules/maint.ini"
printf '[scenario]\ntrials = 5\nhorizon = 30d\n[cluster]\nnodes = 4\nspares = 2\n[component.gpu]\nttf = exponential(mean=100h)\nttr = 1d\nauto_success = 0.5\nmanual_ttr = 2d\nbad_repair = 0.2\nbad_repair_ttf = 10h\n[fleet]\nlemon_fraction = 0.5\nlemon_factor = 4\nretire_after = 2\nreplacement = 5d\n' >"$T/rules/fleet.ini"
printf '[scenario]\ntrials = 5\nhorizon = 1y\n[cluster]\nnodes = 32\n[component.gpu]\nttf = trace(%s)\nttr = 1d\n' "$ROOT/scenarios/logs/cluster-events.csv" >"$T/rules/replay.ini"
run_status 0 "batch of the rules' scenarios" "$RELSIM" batch "$T/rules" -o "$T/rules-out" --quiet --no-plot
for card in "Planned maintenances" "Manual / faulty repairs" "Retired nodes" "Replayed failures"; do
    check "the report's card: $card" grep -q "$card" "$T/rules-out/report.html"
done
run_status 0 "batch of two" "$RELSIM" batch "$T/two" -o "$T/two-out" --quiet --no-plot --threads 2
"$RELSIM" run "$T/small.ini" -o "$T/small-alone" --quiet --no-plot --threads 1
check "batch gives what run gives alone" cmp -s "$T/small-alone/trials.csv" "$T/two-out/small/trials.csv"
run_status 0 "batch again: nothing to run" "$RELSIM" batch "$T/two" -o "$T/two-out" --no-plot --threads 2
check "batch again: both up to date" test "$(grep -c 'up to date' "$T/out")" -eq 2
sed -i 's/^seed = 5$/seed = 6/' "$T/two/small.ini"
run_status 0 "batch after an edit" "$RELSIM" batch "$T/two" -o "$T/two-out" --no-plot --threads 2
check "batch after an edit: the edited one runs again" grep -q "small .* ran" "$T/out"
check "batch after an edit: the other is up to date" grep -q "other .* up to date" "$T/out"
printf '[cluster]\nnodes = 4\n' >"$T/two/broken.ini"
run_status 2 "batch with a broken file: status 2" "$RELSIM" batch "$T/two" -o "$T/two-out" --no-plot
check "batch with a broken file: the others still done" grep -q "other .* up to date" "$T/out"
check "batch with a broken file: reported" grep -q "broken.ini" "$T/two-out/report.csv"

finish
