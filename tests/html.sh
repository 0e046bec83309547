#!/bin/sh
# The batch report in a real browser. Run once by tests/run.sh, in the plain build only.
#   RELSIM=path/to/relsim sh tests/html.sh
# Needs Debian's Chromium and playwright-core in build/node: `make deps-html` installs both, and
# `make check` runs it when either is missing.
#
# Makes a real report: `relsim batch` on three gallery scenarios (few trials; lab-cluster with a
# [sweep] section, per-step without a job) and a bad file whose name and message hold < & " >;
# then runs the batch again, so that every good scenario is up to date and the report is built
# from the files alone. A relsim without a batch command gets its report from relsim run,
# analytic and sweep and build/tests/mkreport instead. Then tests/html_check.js opens
# OUT/report.html in headless Chromium: it loads, no console or page error, nothing fetched but
# data: URIs, every picture loads, the summary table has 4 rows with lab-cluster first, the bad
# name is shown as written and no script exists. A full-page screenshot goes to
# BUILD/report-screenshot.png. If Chromium cannot be started, that is a failure.
# Prints one line per failure and ends with "html: N passed, M failed".

SUITE=html
. "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$RELSIM")
SHOT=$BUILD/report-screenshot.png

BAD='bad <&"x">.ini'
mkdir -p "$T/scn" "$T/out"
cp "$ROOT/scenarios/default.ini" "$ROOT/scenarios/per-step.ini" "$T/scn/"
printf '[cluster]\nnodes = 4\n[component.gpu]\nttf = 1000\nttr = 1h\n[job]\nwork = 10h\n' >"$T/scn/$BAD"
start=$(date +%s)

if "$RELSIM" batch --help >/dev/null 2>&1; then
    mode=batch
    # the gallery's lab-cluster with a sweep of its own, smaller than the one it declares
    { sed '/^\[sweep\]/,$d' "$ROOT/scenarios/lab-cluster.ini"
      printf '\n[sweep]\nvary = cluster.spares=0,1,2\ntrials = 1000\n'; } >"$T/scn/lab-cluster.ini"
    "$RELSIM" batch "$T/scn" -o "$T/out" --set scenario.trials=300 --quiet >"$T/out1" 2>"$T/err1"
    st=$?
    check "batch: exit status 2 with a failed scenario (got $st: $(head -c 300 "$T/err1"))" test $st -eq 2
    "$RELSIM" batch "$T/scn" -o "$T/out" --set scenario.trials=300 --quiet >"$T/out2" 2>"$T/err2"
    st=$?
    check "batch again: exit status 2 (got $st)" test $st -eq 2
    check "batch again: the good scenarios are up to date" \
        test "$(grep -c ',up_to_date,' "$T/out/report.csv")" -eq 3
else
    mode=mkreport
    sed '/^\[sweep\]/,$d' "$ROOT/scenarios/lab-cluster.ini" >"$T/scn/lab-cluster.ini"
    ok=1
    for s in lab-cluster default per-step; do
        "$RELSIM" run "$T/scn/$s.ini" -o "$T/out/$s" --trials 300 --quiet 2>>"$T/err1" || ok=0
        "$RELSIM" analytic "$T/scn/$s.ini" -o "$T/out/$s" --quiet 2>>"$T/err1" || ok=0
    done
    "$RELSIM" sweep "$T/scn/lab-cluster.ini" --vary cluster.spares=0,1,2 --trials 1000 \
        -o "$T/out/lab-cluster-sweep" --quiet 2>>"$T/err1" || ok=0
    check "run, analytic and sweep write the results ($(head -c 300 "$T/err1"))" test $ok -eq 1
    msg=$("$RELSIM" run "$T/scn/$BAD" -o "$T/out/bad" 2>&1)
    "$BUILD/tests/mkreport" "$T/out" --command "relsim run, analytic and sweep; tests/mkreport" \
        --ran "$T/scn/lab-cluster.ini" lab-cluster lab-cluster lab-cluster-sweep \
        --up "$T/scn/default.ini" default default - \
        --ran "$T/scn/per-step.ini" per-step per-step - \
        --failed "$T/scn/$BAD" "$msg" 2>"$T/err2"
    check "mkreport writes the report ($(cat "$T/err2"))" test $? -eq 0
fi
for f in report.html report.md report.csv; do
    check "$mode writes $f" test -s "$T/out/$f"
done
check "no temporary file is left" test -z "$(ls "$T/out" | grep '\.tmp$')"

# The browser: each check prints PASS or FAIL; exit status 2 if it could not be driven at all.
rm -f "$SHOT"
node "$ROOT/tests/html_check.js" "$T/out/report.html" "$SHOT" 4 lab-cluster "$BAD" >"$T/browser" 2>&1
st=$?
while IFS= read -r line; do
    case $line in
    PASS*) pass ;;
    FAIL*) fail "browser: ${line#FAIL }" ;;
    esac
done <"$T/browser"
if [ $st -eq 2 ]; then
    fail "browser: could not be driven (make deps-html installs Chromium and playwright-core):"
    sed 's/^/    /' "$T/browser"
elif [ $st -ne 0 ] && ! grep -q '^FAIL' "$T/browser"; then
    fail "browser: exit status $st: $(head -c 500 "$T/browser")"
fi
check "the screenshot is saved" test -s "$SHOT"
echo "html: report by $mode, checked in $(chromium --version 2>/dev/null | head -n 1) in $(($(date +%s) - start)) s; screenshot $SHOT"
finish
