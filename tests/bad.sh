#!/bin/sh
# The catalogue of bad inputs: the real relsim binary on every file of tests/bad/.
#   RELSIM=path/to/relsim sh tests/bad.sh            check every case
#   RELSIM=path/to/relsim sh tests/bad.sh --update   rewrite every .expect from the binary's
#                                                    stderr (review with git diff tests/bad)
# Prints one line per failure and ends with "bad: N passed, M failed".
#
# tests/bad/NAME.ini with NAME.expect is a bad case: `relsim run NAME.ini -o DIR`, run from
# tests/bad (so that messages read "NAME.ini:LINE: ..."), must exit with status 2, print exactly
# NAME.expect on stderr and nothing on stdout, and leave DIR (a fresh empty directory) empty.
# tests/bad/good-NAME.ini must run: status 0, nothing on stderr, trials.csv written. A case with
# a NAME.args file runs with the options it holds, one argument per line, after -o DIR (--set and
# --add cases). Files under
# tests/bad/include/ are included by the cases, not cases themselves. A status of 128 or more is
# a crash, 124 a hang (killed after $LIMIT seconds); both fail whatever else is checked.
# Inputs that cannot be files in git are made here, in a temporary directory: see make_special.

SUITE=bad
. "$(dirname "$0")/lib.sh"
BAD=$(cd "$(dirname "$0")/bad" && pwd) || exit 1
LIMIT=${BAD_LIMIT:-60} # seconds before a run counts as hung
UPDATE=0
case $# in
0) ;;
1) [ "$1" = --update ] && UPDATE=1 || { echo "usage: sh tests/bad.sh [--update]" >&2; exit 2; } ;;
*) echo "usage: sh tests/bad.sh [--update]" >&2; exit 2 ;;
esac
LC_ALL=C # strerror() texts in the messages are the C locale's
export LC_ALL
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT # an unreadable case inside
updated=0

# Cases whose input is made at run time (NAME.expect without NAME.ini).
SPECIALS="directory-instead-of-file missing-file unreadable-file read-error"
SPECIALS="$SPECIALS fifo-instead-of-file"
# make_special NAME DIR: creates DIR/NAME.ini as the case needs it.
make_special() {
    case $1 in
    directory-instead-of-file) mkdir "$2/$1.ini" ;;   # a directory given as the scenario
    missing-file) ;;                                  # a scenario that does not exist
    unreadable-file)                                  # a scenario without read permission
        cp "$BAD/good-layout.ini" "$2/$1.ini" && chmod 000 "$2/$1.ini" ;;
    read-error) ln -s /proc/self/mem "$2/$1.ini" ;;   # open succeeds, read fails (EIO): a bad disk
    fifo-instead-of-file) mkfifo "$2/$1.ini" ;;       # a named pipe: refused at once, no hang
    *) return 1 ;;
    esac
}

TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout $LIMIT"

# run DIR NAME [OPTIONS...]: runs relsim on NAME.ini from DIR with the fresh empty output
# directory $run/out, then the arguments of NAME.args if there is one, then OPTIONS; sets $status
# and $run, and fills $T/stdout and $T/stderr. (Few processes per case: the sanitizer build runs
# the catalogue too.)
run() {
    cd "$1" || exit 1
    scn=$2.ini
    run=$T/r/$2
    args=$BAD/$2.args
    shift 2
    mkdir -p "$run/out" || exit 1
    if [ -f "$args" ]; then
        # one argument per line: prepended to OPTIONS, split on newlines only, no globbing
        old_ifs=$IFS
        IFS='
'
        set -f
        # shellcheck disable=SC2046
        set -- $(cat "$args") "$@"
        set +f
        IFS=$old_ifs
    fi
    $TIMEOUT "$RELSIM" run "$scn" -o "$run/out" "$@" >"$T/stdout" 2>"$T/stderr"
    status=$?
}

# What the run left in $run beyond an empty out/ (or, with "good", beyond out/ and its files).
leftovers() {
    if [ "$1" = good ]; then
        find "$run" ! -path "$run" ! -path "$run/out" ! -path "$run/out/*"
    else
        find "$run" ! -path "$run" ! -path "$run/out"
    fi
}

# check_bad NAME: the checks of a bad case; prints why it failed, returns 1 if it did.
check_bad() {
    exp=$BAD/$1.expect
    why=""
    if [ "$status" -eq 124 ] && [ -n "$TIMEOUT" ]; then
        why="hung (killed after $LIMIT s)"
    elif [ "$status" -ge 128 ]; then
        why="crashed (status $status, signal $((status - 128)))"
    elif [ "$status" -ne 2 ]; then
        why="exit status $status, expected 2"
    fi
    if [ $UPDATE -eq 1 ] && [ -z "$why" ] && ! cmp -s "$T/stderr" "$exp"; then
        cp "$T/stderr" "$exp"
        updated=$((updated + 1))
    fi
    differs=0
    if [ ! -f "$exp" ]; then
        why="${why:+$why; }no $1.expect (make it with sh tests/bad.sh --update)"
    elif ! cmp -s "$exp" "$T/stderr"; then
        why="${why:+$why; }stderr differs from $1.expect"
        differs=1
    fi
    [ -s "$T/stdout" ] && why="${why:+$why; }wrote on stdout"
    left=$(leftovers)
    [ -n "$left" ] && why="${why:+$why; }left files: $(echo "$left" | sed "s|^$run/||" | tr '\n' ' ')"
    [ -z "$why" ] && return 0
    echo "FAIL: $1: $why"
    [ $differs -eq 1 ] && diff -u "$exp" "$T/stderr" | sed -e "1s|.*|--- $1.expect|" -e "2s|.*|+++ stderr of relsim|"
    return 1
}

tally() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

# what tests/bad holds, but for the .expect files --update may add
listing() { ls -A "$BAD" | grep -v '\.expect$'; }
before=$(listing)

# ---------------------------------------------------------------- bad cases: files
for ini in "$BAD"/*.ini; do
    name=${ini##*/}
    name=${name%.ini}
    case $name in good-*) continue ;; esac
    run "$BAD" "$name"
    check_bad "$name"
    tally $?
done

# ---------------------------------------------------------------- bad cases: made here
for name in $SPECIALS; do
    cwd=$T/c/$name
    mkdir -p "$cwd" || exit 1
    make_special "$name" "$cwd" || { echo "FAIL: $name: cannot make its input"; tally 1; continue; }
    if [ "$name" = unreadable-file ] && [ -r "$cwd/$name.ini" ]; then
        # Root reads any file: the message cannot be checked, but relsim must not crash.
        [ $UPDATE -eq 1 ] && echo "bad: $name.expect kept as it is (this user can read any file)"
        run "$cwd" "$name" --quiet --no-plot
        if [ "$status" -ge 124 ]; then
            echo "FAIL: $name: status $status (crash or hang) with a file it could read after all"
            tally 1
        else
            tally 0
        fi
        continue
    fi
    run "$cwd" "$name"
    check_bad "$name"
    tally $?
done

# Every .expect belongs to a case.
for exp in "$BAD"/*.expect; do
    [ -e "$exp" ] || continue
    name=${exp##*/}
    name=${name%.expect}
    [ -f "$BAD/$name.ini" ] && continue
    case " $SPECIALS " in *" $name "*) continue ;; esac
    echo "FAIL: $name.expect: no $name.ini and no such case in tests/bad.sh"
    tally 1
done

# ---------------------------------------------------------------- good cases: must run
for ini in "$BAD"/good-*.ini; do
    [ -e "$ini" ] || continue
    name=${ini##*/}
    name=${name%.ini}
    run "$BAD" "$name" --quiet --no-plot
    why=""
    if [ "$status" -ne 0 ]; then
        why="exit status $status, expected 0: $(head -c 300 "$T/stderr")"
    elif [ -s "$T/stderr" ]; then
        why="wrote on stderr: $(head -c 300 "$T/stderr")"
    elif [ ! -s "$run/out/trials.csv" ]; then
        why="no trials.csv"
    elif [ -n "$(leftovers good)" ]; then
        why="left files beside the output directory: $(leftovers good | sed "s|^$run/||" | tr '\n' ' ')"
    fi
    if [ -z "$why" ]; then tally 0; else echo "FAIL: $name: $why"; tally 1; fi
done

# Nothing was written into tests/bad itself (results/NAME/ if -o were ignored, say).
if [ "$(listing)" != "$before" ]; then
    echo "FAIL: files appeared in tests/bad: $(listing | grep -vxF "$before" | tr '\n' ' ')"
    tally 1
fi

[ $UPDATE -eq 1 ] && echo "bad: $updated .expect file(s) changed; review them with git diff tests/bad"
finish
