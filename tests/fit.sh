#!/bin/sh
# relsim fit on real files: the gallery's logs, good runs, and every bad log of tests/fit/bad/.
#   RELSIM=path/to/relsim sh tests/fit.sh            check every case
#   RELSIM=path/to/relsim sh tests/fit.sh --update   rewrite every tests/fit/bad/*.expect from the
#                                                    binary's stderr (review with git diff)
# tests/fit/bad/NAME.csv with NAME.expect is a bad log: `relsim fit NAME.csv -o DIR` (with the
# options of NAME.args, one a line, when there is one), run from tests/fit/bad so that messages
# read "NAME.csv:LINE: ...", must exit with status 2, print exactly NAME.expect on stderr and
# nothing on stdout, and write nothing (DIR is not created).
# Prints one line per failure and ends with "fit: N passed, M failed".

SUITE=fit
. "$(dirname "$0")/lib.sh"
BAD=$ROOT/tests/fit/bad
UPDATE=0
[ "${1:-}" = --update ] && UPDATE=1
LC_ALL=C
export LC_ALL

# col FILE NAME: the 1-based index of column NAME in the CSV header of FILE
col() { head -n 1 "$1" | tr ',' '\n' | grep -n -x -- "$2" | cut -d: -f1; }
# field FILE LAW NAME: column NAME of the row of law LAW (the first group)
field() { c=$(col "$1" "$3"); awk -F, -v law="$2" -v c="$c" 'NR > 1 && $2 == law { print $c; exit }' "$1"; }

# ---------------------------------------------------------------- the bad logs
for csv in "$BAD"/*.csv; do
    name=$(basename "$csv" .csv)
    set --
    if [ -f "$BAD/$name.args" ]; then
        while IFS= read -r a; do set -- "$@" "$a"; done <"$BAD/$name.args"
    fi
    (cd "$BAD" && "$RELSIM" fit "$name.csv" "$@" -o "$T/bad-out") >"$T/out" 2>"$T/err"
    got=$?
    if [ $UPDATE -eq 1 ]; then cp "$T/err" "$BAD/$name.expect"; fi
    if [ "$got" -ne 2 ]; then fail "$name: exit $got, expected 2; stderr: $(head -c 300 "$T/err")"; else pass; fi
    if [ -f "$BAD/$name.expect" ] && cmp -s "$T/err" "$BAD/$name.expect"; then pass; else
        fail "$name: stderr differs from $name.expect: $(diff "$BAD/$name.expect" "$T/err" | head -n 6)"
    fi
    if [ -s "$T/out" ]; then fail "$name: printed on stdout"; else pass; fi
    if [ -e "$T/bad-out" ]; then fail "$name: wrote $T/bad-out"; rm -rf "$T/bad-out"; else pass; fi
done
# inputs that cannot be files in git
run_status 2 "a missing log" "$RELSIM" fit "$T/absent.csv" -o "$T/bad-out"
check "a missing log is named" err_has "absent.csv: no such file"
mkdir "$T/dir.csv"
run_status 2 "a directory as the log" "$RELSIM" fit "$T/dir.csv" -o "$T/bad-out"
check "a directory is not a log" err_has "dir.csv: not a regular file"
run_status 2 "two logs" "$RELSIM" fit a.csv b.csv
check "one log at a time" err_has "one log at a time"
run_status 2 "no log" "$RELSIM" fit
check "no temporary output left by bad logs" test ! -e "$T/bad-out"

# ---------------------------------------------------------------- help
run_status 0 "fit --help" "$RELSIM" fit --help
check "fit --help names --window" out_has "--window START,END"
run_status 0 "relsim --help" "$RELSIM" --help
check "relsim --help lists fit" out_has "fit LOG.csv"

# ---------------------------------------------------------------- the gallery's interval table
LOGS=$ROOT/scenarios/logs
run_status 0 "fit the fleet" "$RELSIM" fit "$LOGS/fleet-intervals.csv" --by component -o "$T/fleet"
for f in fit.csv fit.ini fit.png run.txt; do check "fit writes $f" test -s "$T/fleet/$f"; done
check "nothing else in the output directory" test "$(ls -A "$T/fleet" | tr '\n' ' ')" = "fit.csv fit.ini fit.png run.txt "
check "fit.csv has the documented columns" test "$(head -n 1 "$T/fleet/fit.csv")" = \
    "group,law,lives,failures,censored,truncated,exposure_h,fitted,note,p1_name,p1,p1_se,p1_ci95_low,p1_ci95_high,p2_name,p2,p2_se,p2_ci95_low,p2_ci95_high,loglik,aic,delta_aic,aic_weight,gof_test,gof_stat,gof_df,gof_p,chosen,scenario_law"
check "fit.csv: four laws for each of two kinds" test "$(wc -l <"$T/fleet/fit.csv")" -eq 9
check "fit.csv: one law chosen per kind" test "$(awk -F, -v c="$(col "$T/fleet/fit.csv" chosen)" 'NR > 1 && $c == 1' "$T/fleet/fit.csv" | wc -l)" -eq 2
# the GPUs' lives came from weibull(shape=0.8, scale=1500d): the truth is inside the 95% CIs
lo=$(field "$T/fleet/fit.csv" weibull p1_ci95_low)
hi=$(field "$T/fleet/fit.csv" weibull p1_ci95_high)
check "the Weibull shape's CI holds 0.8 ($lo, $hi)" awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo < 0.8 && 0.8 < hi) }'
lo=$(field "$T/fleet/fit.csv" weibull p2_ci95_low)
hi=$(field "$T/fleet/fit.csv" weibull p2_ci95_high)
check "the Weibull scale's CI holds 36000 h ($lo, $hi)" awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo < 36000 && 36000 < hi) }'
check "fit.ini has a section per kind" test "$(grep -c '^\[component\.' "$T/fleet/fit.ini")" -eq 2
check "run.txt is a fit record" grep -q '^; relsim fit record' "$T/fleet/run.txt"
check "run.txt names the log" grep -q "^; log file: .*fleet-intervals.csv" "$T/fleet/run.txt"
check "the terminal shows the fragment" out_has "^\[component.gpu\] ttf = "
# the fragment is included by a scenario: relsim check loads it and shows the laws
cat >"$T/fleet/use.ini" <<'EOF'
[scenario]
name = from-fit
horizon = 30d
include = fit.ini

[cluster]
nodes = 16

[component.gpu]
count = 8
ttr = 1d

[component.host]
ttr = 4h
EOF
run_status 0 "a scenario includes fit.ini" "$RELSIM" check "$T/fleet/use.ini"
gpu_law=$(sed -n 's/^ttf = //p' "$T/fleet/fit.ini" | head -n 1)
check "the included law is the chosen one ($gpu_law)" out_has "ttf = $gpu_law"
rm "$T/fleet/use.ini"
# the picture is a whole PNG
check "fit.png is a PNG" sh -c "head -c 8 '$T/fleet/fit.png' | od -An -c | grep -q 'P   N   G'"
# again into the same directory: allowed (it holds fit's results)
run_status 0 "fit again into its own directory" "$RELSIM" fit "$LOGS/fleet-intervals.csv" -o "$T/fleet" --quiet --no-plot
check "--quiet prints nothing" test ! -s "$T/out"
check "--no-plot: the old picture is gone with the old set" test ! -e "$T/fleet/fit.png"
check "pooled: one group, all" test "$(cut -d, -f1 "$T/fleet/fit.csv" | sort -u | tr '\n' ' ')" = "all group "
# a directory holding other files is refused without --force
mkdir "$T/other" && echo x >"$T/other/notes.txt"
run_status 2 "a directory of other files" "$RELSIM" fit "$LOGS/fleet-intervals.csv" -o "$T/other"
check "the refusal names the file" err_has "notes.txt"
check "nothing was written there" test "$(ls -A "$T/other")" = notes.txt
run_status 0 "--force writes there" "$RELSIM" fit "$LOGS/fleet-intervals.csv" -o "$T/other" --force --quiet --no-plot
check "--force: fit.csv written" test -s "$T/other/fit.csv"
# --laws
run_status 0 "--laws weibull,exponential" "$RELSIM" fit "$LOGS/fleet-intervals.csv" --laws weibull,exponential -o "$T/two" --quiet --no-plot
check "--laws: two rows" test "$(wc -l <"$T/two/fit.csv")" -eq 3
check "--laws: in the order given" test "$(awk -F, 'NR > 1 { printf "%s ", $2 }' "$T/two/fit.csv")" = "weibull exponential "
run_status 2 "--laws twice" "$RELSIM" fit "$LOGS/fleet-intervals.csv" --laws weibull,weibull -o "$T/x"
check "--laws twice is said" err_has "weibull is given twice"

# kinds that are no section names, one that clashes once made one, and a kind without failures
{
    echo "unit,kind,start_h,end_h,failed"
    i=0
    for k in "gpu a" gpu_a "it's"; do
        for t in 100 250 400 800 1200 1500 2500 3000; do i=$((i + 1)); echo "u$i,$k,0,$t,1"; done
        i=$((i + 1)); echo "u$i,$k,0,4000,0"
    done
    echo "u99,nic,0,5000,0"
} >"$T/kinds.csv"
run_status 0 "odd kinds" "$RELSIM" fit "$T/kinds.csv" --by component -o "$T/kinds" --quiet
check "odd kinds: sections made names" test "$(grep '^\[component' "$T/kinds/fit.ini" | tr '\n' ' ')" = \
    "[component.gpu_a] [component.gpu_a_2] [component.it_s] "
check "odd kinds: a kind without failures has no law" grep -q '^; \[component.nic\]: no law' "$T/kinds/fit.ini"
check "odd kinds: the picture is drawn" test -s "$T/kinds/fit.png"
printf '[scenario]\nname = k\nhorizon = 1d\ninclude = fit.ini\n[cluster]\nnodes = 1\n[component.gpu_a]\nttr = 1h\n[component.gpu_a_2]\nttr = 1h\n[component.it_s]\nttr = 1h\n' >"$T/kinds/use.ini"
run_status 0 "odd kinds: fit.ini loads" "$RELSIM" check "$T/kinds/use.ini"

# ---------------------------------------------------------------- the gallery's event log
run_status 0 "fit the event log" "$RELSIM" fit "$LOGS/cluster-events.csv" --by component \
    --window 2024-01-01,2024-07-01 -o "$T/events"
check "event log: gpu:N are of kind gpu" test "$(cut -d, -f1 "$T/events/fit.csv" | sort -u | tr '\n' ' ')" = "gpu group host "
check "event log: some lives are left-truncated" test "$(field "$T/events/fit.csv" weibull truncated)" -gt 0
check "event log: the record has the window" grep -q "^; window: 2024-01-01,2024-07-01" "$T/events/run.txt"
check "event log: the terminal says what was not counted" out_has "not counted"
# the same log, its times in hours from 2023-07-01: the same lives and the same fit
t0=$(date -u -d 2023-07-01T00:00:00Z +%s)
grep -v '^#' "$LOGS/cluster-events.csv" | tail -n +2 >"$T/rows"
cut -d, -f1 "$T/rows" | date -u -f - +%s | awk -v t0="$t0" '{ printf "%.6f\n", ($1 - t0) / 3600 }' >"$T/times"
{ echo "time,node,component,event"; cut -d, -f2- "$T/rows" | paste -d, "$T/times" -; } >"$T/hours.csv"
run_status 0 "fit the event log in hours" "$RELSIM" fit "$T/hours.csv" --by component --window 4416,8784 -o "$T/hours" --quiet --no-plot
a=$(field "$T/events/fit.csv" weibull p1)
b=$(field "$T/hours/fit.csv" weibull p1)
check "hours and ISO 8601 give one fit ($a, $b)" awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }'

# ---------------------------------------------------------------- R, where it is installed
# tests/fit/reference.R made the data sets and reference values test_fit checks against: where R
# and its packages are installed, it makes the same again (not needed to build or test relsim)
if command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'library(survival); library(fitdistrplus)' >/dev/null 2>&1; then
    mkdir "$T/r"
    run_status 0 "reference.R runs" Rscript "$ROOT/tests/fit/reference.R" "$T/r"
    for d in weibull lognormal gamma exponential truncated; do
        check "reference.R makes $d.csv again" cmp -s "$T/r/$d.csv" "$ROOT/tests/fit/$d.csv"
    done
    # every number of reference.csv again, to 1e-9 relative (R's arithmetic may differ by a
    # last digit from one build to another)
    same_numbers() {
        paste -d '|' "$1" "$2" | awk -F'|' '{
            na = split($1, a, ","); nb = split($2, b, ",")
            if (na != nb) exit 1
            for (i = 1; i <= na; i++) if (a[i] != b[i]) {
                x = a[i] + 0; y = b[i] + 0; d = x - y; if (d < 0) d = -d; m = y < 0 ? -y : y
                if (d > 1e-9 * m) exit 1
            } }'
    }
    check "reference.R makes reference.csv again" same_numbers "$T/r/reference.csv" "$ROOT/tests/fit/reference.csv"
fi

finish
