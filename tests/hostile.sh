#!/bin/sh
# Hostile tests of the output layer: relsim tried as a hostile user and as a flaky machine would
# (issue 12). Each case is a promise: bad input gets a clear message and writes nothing; a result
# set is published whole or not at all; an interrupted run leaves nothing; a second writer is
# refused; nothing a user typed reaches a script or a record unescaped; nothing hangs.
#   RELSIM=path/to/relsim sh tests/hostile.sh
# Prints one line per failure and ends with "hostile: N passed, M failed". Cases that need what
# the machine may not allow (mounting a small tmpfs) or that the sanitizer build cannot take
# (address-space limits, 10^8 events) say "skipped" and count as neither.

SUITE=hostile
. "$(dirname "$0")/lib.sh"

SAN=0
case $RELSIM in */asan/*) SAN=1 ;; esac
skipped=0
skip() {
    skipped=$((skipped + 1))
    echo "skipped: $*"
}

absent() { [ ! -e "$1" ] && [ ! -L "$1" ]; }
# only_entries DIR NAMES...: DIR holds exactly these names (hidden ones too)
only_entries() {
    d=$1
    shift
    want=$([ $# -gt 0 ] && printf '%s\n' "$@" | sort | tr '\n' ' ')
    got=$(ls -A "$d" 2>/dev/null | sort | tr '\n' ' ')
    [ "$want" = "$got" ] || {
        echo "  $d holds: $got (expected: $want)"
        return 1
    }
}
no_stage() { [ -z "$(find "$1" -name '.relsim-stage-*' 2>/dev/null)" ]; }
# with_timeout SECONDS CMD...: a hang is a failure, not a stuck suite
with_timeout() {
    s=$1
    shift
    timeout -s KILL "$s" "$@"
}
# wait_for FILE: until it exists (a fake gnuplot says it started), at most 20 s
wait_for() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -e "$1" ]
}

cat >"$T/small.ini" <<'EOF'
[scenario]
name = small
trials = 50
seed = 3
[cluster]
nodes = 8
spares = 1
repair_crews = 1
[component.node]
ttf = exponential(mean=300h)
ttr = 5h
[job]
work = 100h
checkpoint_interval = 2h
checkpoint_cost = 3m
restart_cost = 6m
EOF
S=$T/small.ini
cd "$T" || exit 1

# A gnuplot that waits (so that a signal can arrive while it draws), one that fails with a
# message, and one that writes half a PNG, each as `gnuplot` first in PATH.
mkdir -p slowbin failbin halfbin nobin
REAL_GNUPLOT=$(command -v gnuplot)
cat >slowbin/gnuplot <<EOF
#!/bin/sh
: >"$T/gnuplot-started"
sleep 30
exec ${REAL_GNUPLOT:-false} "\$@"
EOF
cat >failbin/gnuplot <<'EOF'
#!/bin/sh
echo "line 7: boom, a font is missing" >&2
exit 1
EOF
cat >halfbin/gnuplot <<'EOF'
#!/bin/sh
# a PNG signature and nothing more, as when the disk filled up, at the script's output
out=$(sed -n "s/^set output '\(.*\)'\$/\1/p" "$1")
printf '\211PNG\r\n\032\n' >"$out"
exit 0
EOF
chmod +x slowbin/gnuplot failbin/gnuplot halfbin/gnuplot
NOPLOT_PATH=$T/nobin # no gnuplot there (/bin may be /usr/bin)
for tool in sh sleep; do ln -sf "$(command -v $tool)" nobin/$tool; done

# ---------------------------------------------------------------- 1. nothing reaches a script
run_status 2 "1: -o with a newline and a gnuplot command" "$RELSIM" run "$S" -o "$T/x
system(\"touch PWNED\")
" -q
check "1: the command did not run" absent PWNED
check "1: the refusal names the control character" err_has "control character (0x0a"
check "1: nothing was created" absent "$T/x
system(\"touch PWNED\")
"
run_status 2 "1: sweep -o with a newline" "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o "a
b" -q
run_status 2 "1: batch -o with a tab" "$RELSIM" batch "$S" -o "a	b" -q
run_status 2 "1: analytic -o with an escape" "$RELSIM" analytic "$S" -o "$(printf 'a\033b')" -q
# A directory with quotes, spaces, a dollar and a semicolon: accepted, drawn, never code.
D="$T/it's a \"dir\"; \$(touch PWNED2) \`touch PWNED3\`"
run_status 0 "1: a path full of shell and gnuplot specials" "$RELSIM" run "$S" -o "$D" -q
check "1: no command ran from the path" test ! -e PWNED2 -a ! -e PWNED3 -a ! -e "$D/PWNED2"
check "1: the picture was drawn there" test -s "$D/summary.png"
check "1: run.txt loads back as the scenario" "$RELSIM" check "$D/run.txt" >/dev/null 2>&1
check "1: one scenario name line in run.txt" test "$(grep -c '^; scenario name:' "$D/run.txt")" -eq 1
# A scenario file whose name holds a newline: its record stays one line per key.
NL="$T/odd
name.ini"
cp "$S" "$NL"
run_status 0 "1: a scenario path with a newline" "$RELSIM" run "$NL" -o nl -q --no-plot
check "1: the path is escaped in run.txt" grep -q '^; scenario file: .*odd\\nname.ini$' nl/run.txt
check "1: no line of run.txt starts with what followed the newline" test -z "$(grep '^name.ini' nl/run.txt)"
check "1: run.txt loads back" "$RELSIM" check nl/run.txt >/dev/null 2>&1
# A scenario name with quotes reaches gnuplot's title quoted.
sed 's/^name = small/name = q'"'"'uote/' "$S" >quote.ini
"$RELSIM" run quote.ini -o quote -q >/dev/null 2>"$T/err"
st=$?
if [ $st -eq 0 ]; then
    check "1: a quote in the name: the picture is drawn" test -s quote/summary.png
else
    check "1: a quote in the name is refused with a message" test -s "$T/err"
fi

# ---------------------------------------------------------------- 2. planted symlinks
mkdir o2 && echo secret >v
ln -s "$T/v" o2/trials.csv.tmp
ln -s "$T/v" o2/.trials.csv.XXXXXX
run_status 0 "2: a run beside planted temporary names" "$RELSIM" run "$S" -o o2 -q --no-plot --force
check "2: the link's target is untouched" test "$(cat v)" = secret
ln -s "$T/v" o2/summary.csv 2>/dev/null || { rm -f o2/summary.csv && ln -s "$T/v" o2/summary.csv; }
run_status 0 "2: a run onto a symlink named as an output" "$RELSIM" run "$S" -o o2 -q --no-plot --force
check "2: the target behind the link is untouched" test "$(cat v)" = secret
check "2: the output is a regular file now" test -f o2/summary.csv -a ! -L o2/summary.csv

# ---------------------------------------------------------------- 3. reports not ours
mkdir o3 && echo "my notes" >o3/report.md
run_status 1 "3: batch refuses a report.md it did not write" "$RELSIM" batch "$S" -o o3 -q --no-plot
check "3: the refusal names it" err_has "report.md was not written by relsim"
check "3: report.md untouched" test "$(cat o3/report.md)" = "my notes"
check "3: nothing run" absent o3/small
run_status 0 "3: with --force it is replaced" "$RELSIM" batch "$S" -o o3 -q --no-plot --force
check "3: report.md is relsim's now" grep -q "^# relsim report" o3/report.md
run_status 0 "3: a second batch replaces its own report" "$RELSIM" batch "$S" -o o3 -q --no-plot

# ---------------------------------------------------------------- 4. whole or absent
# run.txt (the last file) cannot be published: nothing of the set is.
mkdir -p o4/run.txt
run_status 1 "4: run.txt is a directory" "$RELSIM" run "$S" -o o4 -q --no-plot --force
check "4: the message names it" err_has "run.txt: Is a directory"
check "4: nothing else was published" only_entries o4 run.txt
for f in trials.csv summary.csv summary.png; do
    mkdir -p "o4-$f/$f"
    run_status 1 "4: $f is a directory" "$RELSIM" run "$S" -o "o4-$f" -q --force
    check "4: $f in the way: nothing published" only_entries "o4-$f" "$f"
done
mkdir -p o4s/sweep.png
run_status 1 "4: sweep.png is a directory" "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o o4s -q --force --trials 10
check "4: sweep: nothing published" only_entries o4s sweep.png
# A file-size limit: the write fails with its own message, and nothing is left.
mkdir o4f
(ulimit -f 16 && exec "$RELSIM" run "$S" -o o4f --trials 2000 -q --no-plot) >"$T/out" 2>"$T/err"
st=$?
check "4: a file-size limit: exit 1 (got $st)" test $st -eq 1
check "4: ... with the real error" err_has "File too large"
check "4: ... and nothing left" only_entries o4f
# A full disk: a 64 KiB tmpfs, if this machine lets us mount one.
mkdir full
if mount -t tmpfs -o size=64k relsim-test "$T/full" 2>/dev/null; then
    "$RELSIM" run "$S" -o full/r --trials 3000 -q >"$T/out" 2>"$T/err"
    st=$?
    check "4: a full disk: exit 1 (got $st)" test $st -eq 1
    check "4: ... says so" err_has "No space left on device"
    check "4: ... and leaves nothing" test -z "$(ls -A full/r 2>/dev/null)"
    "$RELSIM" batch "$S" -o full/b --set scenario.trials=3000 -q >"$T/out" 2>"$T/err"
    check "4: batch on a full disk fails" test $? -ne 0
    check "4: ... leaving no half result" test ! -e full/b/small/trials.csv -o -e full/b/small/run.txt
    check "4: ... and no stage" no_stage full
    umount "$T/full"
else
    skip "4: no tmpfs can be mounted here"
fi

# ---------------------------------------------------------------- 5. one writer at a time
PATH=$T/slowbin:$PATH "$RELSIM" run "$S" -o o5 -q >/dev/null 2>&1 &
slow=$!
wait_for "$T/gnuplot-started"
run_status 1 "5: a second run into the same directory" "$RELSIM" run "$S" -o o5 -q --no-plot --force
check "5: is refused with a message" err_has "another relsim is writing its results there"
run_status 1 "5: a sweep into it too" "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o o5 -q --force --trials 5
run_status 1 "5: and analytic" "$RELSIM" analytic "$S" -o o5 -q --force
kill -TERM $slow
wait $slow
st=$?
check "5: the first, interrupted while it plots: exit 143 (got $st)" test $st -eq 143
check "5: ... leaves nothing" only_entries o5
rm -f "$T/gnuplot-started"

# ---------------------------------------------------------------- 6. signals at each phase
for sig in TERM INT HUP; do
    PATH=$T/slowbin:$PATH "$RELSIM" run "$S" -o "o6-$sig" -q >/dev/null 2>"$T/err" &
    p=$!
    wait_for "$T/gnuplot-started"
    kill -$sig $p
    wait $p
    st=$?
    case $sig in TERM) want=143 ;; INT) want=130 ;; HUP) want=129 ;; esac
    check "6: SIG$sig while plotting: exit $want (got $st)" test $st -eq $want
    check "6: SIG$sig: says no output written" err_has "interrupted by SIG$sig; no output written"
    check "6: SIG$sig: nothing left, no stage" only_entries "o6-$sig"
    rm -f "$T/gnuplot-started"
done
# during the trials: a long run, signalled at once
cat >long.ini <<'EOF'
[scenario]
name = long
trials = 100000000
[cluster]
nodes = 64
[component.node]
ttf = exponential(mean=300h)
ttr = 5h
[job]
work = 1000h
checkpoint_interval = 1h
checkpoint_cost = 1m
restart_cost = 1m
EOF
"$RELSIM" run long.ini -o o6-trials -q --no-plot >/dev/null 2>"$T/err" &
p=$!
sleep 1
kill -TERM $p
wait $p
st=$?
check "6: SIGTERM during the trials: exit 143 (got $st)" test $st -eq 143
check "6: ... nothing left" only_entries o6-trials
# a sweep, while it plots
PATH=$T/slowbin:$PATH "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o o6-sweep -q --trials 5 >/dev/null 2>"$T/err" &
p=$!
wait_for "$T/gnuplot-started"
kill -TERM $p
wait $p
st=$?
check "6: sweep: SIGTERM while plotting: exit 143 (got $st)" test $st -eq 143
check "6: sweep: nothing left" only_entries o6-sweep
rm -f "$T/gnuplot-started"
# two signals at once: out at once, still nothing left
PATH=$T/slowbin:$PATH "$RELSIM" run "$S" -o o6-twice -q >/dev/null 2>&1 &
p=$!
wait_for "$T/gnuplot-started"
kill -INT $p
kill -INT $p
wait $p
st=$?
check "6: two SIGINTs: exit 130 (got $st)" test $st -eq 130
check "6: two SIGINTs: nothing left" only_entries o6-twice
rm -f "$T/gnuplot-started"
# kill -9: a stage stays behind, and the next run clears it
PATH=$T/slowbin:$PATH "$RELSIM" run "$S" -o o6-kill -q >/dev/null 2>&1 &
p=$!
wait_for "$T/gnuplot-started"
kill -KILL $p
wait $p 2>/dev/null
pkill -f "$T/slowbin/gnuplot" 2>/dev/null
check "6: kill -9: no result published" test ! -e o6-kill/run.txt
run_status 0 "6: the next run into it" "$RELSIM" run "$S" -o o6-kill -q --no-plot
check "6: ... clears the stage left behind" no_stage o6-kill
check "6: ... and publishes its set" only_entries o6-kill trials.csv summary.csv run.txt
rm -f "$T/gnuplot-started"

# ---------------------------------------------------------------- 7. resume judges the set
mkdir scn7
cp "$S" scn7/a.ini
run_status 0 "7: a batch" "$RELSIM" batch scn7 -o o7 -q --no-plot
check "7: analytic.csv is in the scenario's set" test -s o7/small/analytic.csv
sed 's/^ttr = 5h/ttr = 9h/' "$S" >scn7/a.ini
PATH=$T/slowbin:$PATH "$RELSIM" batch scn7 -o o7 -q >/dev/null 2>&1 &
p=$!
wait_for "$T/gnuplot-started"
kill -KILL $p
wait $p 2>/dev/null
pkill -f "$T/slowbin/gnuplot" 2>/dev/null
rm -f "$T/gnuplot-started"
run_status 0 "7: the batch after a kill -9" "$RELSIM" batch scn7 -o o7 --no-plot
check "7: the edited scenario ran again" out_has "small  *ran"
"$RELSIM" analytic scn7/a.ini -o o7-fresh -q >/dev/null 2>&1
check "7: analytic.csv is the edited scenario's" cmp -s o7/small/analytic.csv o7-fresh/analytic.csv
check "7: no stage left" no_stage o7

# ---------------------------------------------------------------- 8-11. no fixed buffers
LONG=$(printf 'L%.0s' $(seq 1 200))
# 30 long --set options: the command line is far over 510 bytes
sets=""
for i in $(seq 1 30); do sets="$sets --set scenario.trials=$((10 + i))"; done
# shellcheck disable=SC2086
run_status 0 "8: a command line of 30 long options" "$RELSIM" run "$S" -o "o8-$LONG" -q --no-plot $sets
check "8: the scenario name line survives" grep -q '^; scenario name: small$' "o8-$LONG/run.txt"
check "8: the whole command is recorded" grep -q "scenario.trials=40'*\$" "o8-$LONG/run.txt"
sed 's/^name = small/name = other/' "$S" >other.ini
run_status 2 "8: ... so the guard still knows whose results they are" "$RELSIM" run other.ini -o "o8-$LONG" -q --no-plot
check "8: the guard names the owner" err_has "holds the results of scenario 'small'"
run_status 0 "11: run.txt of a long command loads back" "$RELSIM" check "o8-$LONG/run.txt"
# batch: a long -o, and names that share a long prefix
mkdir scn9
P60=$(printf 'p%.0s' $(seq 1 62))
for n in a b; do sed "s/^name = small/name = ${P60}$n/" "$S" >"scn9/$n.ini"; done
OUT9="o9/$LONG/$LONG/$LONG"
run_status 0 "9: batch with a long -o and long shared prefixes" "$RELSIM" batch scn9 -o "$OUT9" -q --no-plot
check "9: two directories, one a scenario" test -s "$OUT9/${P60}a/trials.csv" -a -s "$OUT9/${P60}b/trials.csv"
check "9: each holds its own scenario" grep -q "^; scenario name: ${P60}b$" "$OUT9/${P60}b/run.txt"
# a directory path of 3,000 bytes (the system allows 4,095)
DEEP=$T/deep
for i in $(seq 1 14); do DEEP="$DEEP/$LONG"; done
run_status 0 "8: a 3,000-byte output path" "$RELSIM" run "$S" -o "$DEEP" -q --no-plot
check "8: written there" test -s "$DEEP/run.txt"
run_status 1 "8: a name component over 255 bytes" "$RELSIM" run "$S" -o "$LONG$LONG" -q --no-plot
check "8: the message says why" err_has "File name too long"

# ---------------------------------------------------------------- 12. memory limits
if [ $SAN = 0 ]; then
    sed -e 's/^nodes = 8/nodes = 10000000/' -e 's/^name = small/name = huge/' "$S" >huge.ini
    (ulimit -v 400000 && exec "$RELSIM" run huge.ini -o o12 -q --no-plot) >"$T/out" 2>"$T/err"
    st=$?
    check "12: 10^7 nodes under ulimit -v: refused (exit $st)" test $st -eq 2
    check "12: ... naming the limit" err_has "address-space limit"
    check "12: ... before creating anything" absent o12
    mkdir scn12 && cp huge.ini scn12/a.ini && cp "$S" scn12/b.ini
    (ulimit -v 400000 && exec "$RELSIM" batch scn12 -o o12b -q --no-plot) >"$T/out" 2>"$T/err"
    st=$?
    check "12: batch under ulimit -v: the huge one fails, exit 2 (got $st)" test $st -eq 2
    check "12: ... and the other still ran" test -s o12b/small/run.txt
    check "12: ... and the report names the failure" grep -q "FAILED" o12b/report.md
else
    skip "12: ulimit -v and the address sanitizer do not mix"
fi
# a memory cgroup of 400 MiB (a container, a Slurm job's --mem), v1 or v2, where one can be made
sed -e 's/^nodes = 8/nodes = 1000000/' -e 's/^name = small/name = big/' "$S" >big.ini
CG=""
for base in /sys/fs/cgroup/memory /sys/fs/cgroup; do
    d="$base/relsim-test-$$"
    if mkdir "$d" 2>/dev/null; then
        lim=$d/memory.max
        [ -e "$d/memory.limit_in_bytes" ] && lim=$d/memory.limit_in_bytes
        if [ -e "$lim" ] && echo 419430400 >"$lim" 2>/dev/null; then
            CG=$d
            break
        fi
        rmdir "$d"
    fi
done
if [ -n "$CG" ]; then
    sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" run big.ini -o o12c -q --no-plot --trials 1' sh "$CG" "$RELSIM" >"$T/out" 2>"$T/err"
    st=$?
    check "12: 10^6 nodes in a 400 MiB cgroup: refused (exit $st)" test $st -eq 2
    check "12: ... naming the cgroup's limit" err_has "memory limit of this process's cgroup"
    check "12: ... before creating anything" absent o12c
    rmdir "$CG" 2>/dev/null
else
    skip "12: no memory cgroup can be made here"
fi

# ---------------------------------------------------------------- 13. FIFOs never hang
mkdir o13 && mkfifo o13/run.txt
with_timeout 30 "$RELSIM" run "$S" -o o13 -q --no-plot >"$T/out" 2>"$T/err"
st=$?
check "13: a FIFO named run.txt: no hang, refused (exit $st)" test $st -ne 137 -a $st -ne 0
check "13: the FIFO is left alone" test -p o13/run.txt
mkdir -p o13b/small && mkfifo o13b/small/run.txt
with_timeout 30 "$RELSIM" batch "$S" -o o13b -q --no-plot >"$T/out" 2>"$T/err"
st=$?
check "13: batch beside a FIFO: no hang (exit $st)" test $st -ne 137
mkdir o13c && mkfifo o13c/report.md
with_timeout 30 "$RELSIM" batch "$S" -o o13c -q --no-plot >"$T/out" 2>"$T/err"
st=$?
check "13: a FIFO named report.md: no hang, refused (exit $st)" test $st -eq 1
mkdir o13d && mkfifo o13d/summary.csv
with_timeout 30 "$RELSIM" run "$S" -o o13d -q --no-plot --force >"$T/out" 2>"$T/err"
st=$?
check "13: a FIFO where summary.csv goes: refused, no hang (exit $st)" test $st -eq 1
check "13: ... nothing published" only_entries o13d summary.csv

# ---------------------------------------------------------------- 15. standard output
if [ -w /dev/full ]; then
    "$RELSIM" check "$S" >/dev/full 2>"$T/err"
    st=$?
    check "15: check >/dev/full: exit 1 (got $st)" test $st -eq 1
    check "15: ... says why" err_has "cannot write to standard output"
    "$RELSIM" run "$S" -o o15 --no-plot >/dev/full 2>"$T/err"
    check "15: run >/dev/full: exit 1" test $? -eq 1
else
    skip "15: no /dev/full"
fi
"$RELSIM" check "$S" >&- 2>"$T/err"
check "15: stdout closed: exit 1, no crash" test $? -eq 1

# ---------------------------------------------------------------- 16. batch and unreadable files
mkdir scn16 && cp "$S" scn16/good.ini
ln -s "$T/nowhere.ini" scn16/dangling.ini
ln -s loop.ini scn16/loop.ini
mkdir scn16/dir.ini
run_status 2 "16: batch over dangling, looping and directory .ini entries" "$RELSIM" batch scn16 -o o16 -q --no-plot
check "16: the dangling link is named" err_has "dangling.ini: cannot read: No such file"
check "16: the loop is named" err_has "loop.ini: cannot read: Too many levels of symbolic links"
check "16: the directory is named" err_has "dir.ini: not a regular file"
check "16: the good one still ran" test -s o16/small/run.txt
check "16: the report lists the failures" test "$(grep -c 'FAILED' o16/report.md)" -ge 1

# ---------------------------------------------------------------- 17. plots that fail keep results
run_status 0 "17: no gnuplot: the run still succeeds" env PATH="$NOPLOT_PATH" "$RELSIM" run "$S" -o o17a -q
check "17: ... says why, even with -q" err_has "gnuplot is not installed"
check "17: ... and keeps the results" only_entries o17a trials.csv summary.csv run.txt
run_status 0 "17: gnuplot fails: the run still succeeds" env PATH="$T/failbin:$PATH" "$RELSIM" run "$S" -o o17b -q
check "17: ... with gnuplot's own message" err_has "boom, a font is missing"
check "17: ... and no picture" only_entries o17b trials.csv summary.csv run.txt
run_status 0 "17: half a PNG: the run still succeeds" env PATH="$T/halfbin:$PATH" "$RELSIM" run "$S" -o o17c -q
check "17: ... says the picture was not finished" err_has "could not finish summary.png"
check "17: ... and publishes no half picture" only_entries o17c trials.csv summary.csv run.txt
run_status 0 "17: sweep: gnuplot fails, results kept" env PATH="$T/failbin:$PATH" "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o o17d -q --trials 5
check "17: sweep: results kept" only_entries o17d sweep.csv run.txt
run_status 0 "17: a TMPDIR that does not exist does not stop a run" env TMPDIR="$T/no/such/dir" "$RELSIM" run "$S" -o o17e -q
check "17: ... the picture is drawn (no system temporary used)" test -s o17e/summary.png
run_status 1 "17: sweep names the TMPDIR it cannot use" env TMPDIR="$T/no/such/dir" "$RELSIM" sweep "$S" --vary cluster.spares=0,1 -o o17f -q --trials 5
check "17: ... in its message" err_has "no/such/dir"
check "17: ... before writing anything" absent o17f

# ---------------------------------------------------------------- 18. smaller ones
run_status 2 "18: a refused --trials" "$RELSIM" run "$S" -o o18 --trials many
check "18: ... does not create -o" absent o18
run_status 2 "18: a refused scenario" "$RELSIM" run "$T/none.ini" -o o18
check "18: ... does not create -o" absent o18
mkdir scn18
cp "$S" scn18/a.ini
printf '[sweep]\nvary = cluster.spares=0,1\ntrials = 5\n' >>scn18/a.ini
sed 's/^name = small/name = small-sweep/' "$S" >scn18/b.ini
run_status 2 "18: a scenario named as another's sweep directory" "$RELSIM" batch scn18 -o o18b -q --no-plot
check "18: ... is refused, naming the clash" err_has "names the sweep directory of"
check "18: ... and the sweep's results are the sweep's" grep -q "^; relsim sweep record" o18b/small-sweep/run.txt
run_status 2 "18: --vary scenario.trials is refused" "$RELSIM" sweep "$S" --vary scenario.trials=1,2 -o o18v -q
check "18: ... saying why" err_has "scenario.trials cannot be varied"
check "18: ... before creating anything" absent o18v
run_status 2 "18: a --set value with a newline" "$RELSIM" run "$S" -o o18n -q --set "job.work=1h
2h"
check "18: ... gets a one-line message" test "$(wc -l <"$T/err")" -eq 1
if [ $SAN = 0 ]; then
    cat >busy.ini <<'EOF'
[scenario]
name = busy
trials = 1
[cluster]
nodes = 1
[component.node]
ttf = exponential(mean=1000000y)
ttr = 1h
[job]
work = 10y
checkpoint_interval = 1s
checkpoint_cost = 1ms
restart_cost = 1s
EOF
    run_status 2 "18: a job of 10^8 checkpoints and no failure" "$RELSIM" run busy.ini -o o18c -q --no-plot
    check "18: ... is blamed on its checkpoints, not on failure rates" err_has "with no failure: the job's own checkpoints"
else
    skip "18: 10^8 events are too slow under the sanitizers"
fi

# ---------------------------------------------------------------- more, beyond the list
run_status 1 "x: -o names a regular file" "$RELSIM" run "$S" -o "$S" -q --no-plot
check "x: ... which is untouched" grep -q '^name = small' "$S"
run_status 2 "x: -o empty" "$RELSIM" run "$S" -o "" -q
run_status 0 "x: -o with a trailing slash" "$RELSIM" run "$S" -o ox1/ -q --no-plot
check "x: ... written" test -s ox1/run.txt
mkdir realdir && ln -s realdir linked
run_status 0 "x: -o is a symlink to a directory" "$RELSIM" run "$S" -o linked -q --no-plot
check "x: ... written into its target" test -s realdir/run.txt
mkdir -p ox2/.relsim-stage-dead && echo junk >ox2/.relsim-stage-dead/trials.csv
run_status 0 "x: a stage left by a killed run" "$RELSIM" run "$S" -o ox2 -q --no-plot
check "x: ... is removed" no_stage ox2
run_status 0 "x: a run with a picture" "$RELSIM" run "$S" -o ox3 -q
run_status 0 "x: the same again without one" "$RELSIM" run "$S" -o ox3 -q --no-plot
check "x: ... leaves no stale picture of older results" only_entries ox3 trials.csv summary.csv run.txt
run_status 0 "x: analytic beside a run" "$RELSIM" analytic "$S" -o ox3 -q
check "x: ... adds only analytic.csv" only_entries ox3 trials.csv summary.csv run.txt analytic.csv
run_status 2 "x: the scenario is a FIFO" with_timeout 30 "$RELSIM" run "$(mkfifo fifo.ini && echo fifo.ini)" -o ox4 -q
run_status 2 "x: the scenario is /dev/zero" with_timeout 30 "$RELSIM" run /dev/zero -o ox5 -q
run_status 2 "x: the scenario is a directory" "$RELSIM" run "$T" -o ox6 -q
check "x: ... and nothing is created" test ! -e ox4 -a ! -e ox5 -a ! -e ox6
run_status 2 "x: --set of 10,000 characters" "$RELSIM" run "$S" -o ox7 -q --set "job.work=$(printf '9%.0s' $(seq 1 10000))h"
check "x: ... one message line" test "$(wc -l <"$T/err")" -le 2
run_status 2 "x: --seed beyond 32 bits" "$RELSIM" run "$S" -o ox8 -q --seed 4294967296
run_status 2 "x: --trials of 10^15" "$RELSIM" run "$S" -o ox8 -q --trials 1000000000000000
run_status 2 "x: --threads -1" "$RELSIM" run "$S" -o ox8 -q --threads -1
check "x: ... none of them created -o" absent ox8
echo "not a dir" >afile
run_status 1 "x: batch -o is a regular file" "$RELSIM" batch "$S" -o afile -q --no-plot
check "x: ... which is untouched" test "$(cat afile)" = "not a dir"
run_status 2 "x: the same scenario twice in a batch" "$RELSIM" batch "$S" "$S" -o ox9 -q --no-plot
check "x: ... the second is refused by name" err_has "is also that of"
run_status 2 "x: batch with no scenario" "$RELSIM" batch -o ox10
PATH=$T/slowbin:$PATH "$RELSIM" batch "$S" -o ox11 -q >/dev/null 2>&1 &
p=$!
wait_for "$T/gnuplot-started"
run_status 1 "x: a second batch into a batch's directory" "$RELSIM" batch "$S" -o ox11 -q --no-plot
check "x: ... is refused" err_has "another relsim is writing"
run_status 1 "x: a run into a batch's scenario directory while it plots" "$RELSIM" run "$S" -o ox11/small -q --no-plot
kill -TERM $p
wait $p
st=$?
check "x: the batch, interrupted: exit 143 (got $st)" test $st -eq 143
check "x: ... leaves no report and no stage" test ! -e ox11/report.html
check "x: ... no stage" no_stage ox11
rm -f "$T/gnuplot-started"
"$RELSIM" run "$S" -o ox12 -q --no-plot 2>&- >/dev/null
check "x: stderr closed: no crash (exit $?)" test $? -lt 128
run_status 0 "x: a quote and a space in -o are recorded quoted" "$RELSIM" run "$S" -o "ox 13'q" -q --no-plot
check "x: ... the recorded command is one shell word for it" grep -qF "'ox 13'\\\\''q'" "ox 13'q/run.txt"
check "x: no temporary or stage left anywhere under the test directory" test -z "$(find "$T" -name '.relsim-stage-*' -o -name '.*.csv.??????' -o -name '*.tmp' 2>/dev/null | grep -v '/o2/')"

[ $skipped -gt 0 ] && echo "hostile: $skipped case(s) skipped"
finish
