# tests/lib.sh: what the shell test scripts share. A script sets SUITE, then sources this file:
#   SUITE=cli
#   . "$(dirname "$0")/lib.sh"
# It sets RELSIM (the binary under test as an absolute path: $RELSIM, default bin/relsim), ROOT
# (the directory the script runs from, the checkout) and T (a scratch directory, removed on
# exit), and defines the tally:
#   pass                  counts a passed check
#   fail MESSAGE          counts a failed one and prints "FAIL: MESSAGE"
#   check NAME CMD...     passes if CMD succeeds, else fails with NAME
#   finish                prints "SUITE: N passed, M failed" (the line tests/run.sh reads) and
#                         succeeds only if none failed: the script's last command
# and the checks of a command's run:
#   run_status WANT NAME CMD...  runs CMD with stdout in $T/out and stderr in $T/err, and checks
#                                that its exit status is WANT
#   out_has TEXT, err_has TEXT   TEXT (a grep pattern) is in $T/out, in $T/err
#   no_files DIR                 DIR is absent or empty
RELSIM=${RELSIM:-bin/relsim}
case $RELSIM in /*) ;; *) RELSIM=$(pwd)/$RELSIM ;; esac
ROOT=$(pwd)
T=$(mktemp -d "/tmp/relsim-$SUITE-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

check() {
    name=$1
    shift
    if "$@"; then pass; else fail "$name"; fi
}

finish() {
    echo "$SUITE: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

run_status() {
    want=$1
    name=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "$name: exit $got, expected $want; stderr: $(head -c 400 "$T/err")"; fi
}
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }
no_files() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }
