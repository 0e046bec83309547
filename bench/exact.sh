#!/bin/sh
# Every closed form relsim calls exact, on every gallery scenario at 20,000 trials: the verdict
# of `relsim run` (stat_agree: 4 SE at large n) for each. Part of make bench (a statistical run,
# too long for make test). Exit status 1 if any DISAGREES.
#   usage: sh bench/exact.sh BUILD_DIR [TRIALS]
build=${1:?usage: sh bench/exact.sh BUILD_DIR [TRIALS]}
trials=${2:-20000}
t=$(mktemp -d /tmp/relsim-exact-XXXXXX)
trap 'rm -rf "$t"' EXIT
echo "Exact closed forms against the simulation, every gallery scenario, $trials trials each"
printf '  %-15s %-13s %12s %12s %9s  %s\n' scenario metric simulated "closed form" "sim/th-1" verdict
bad=0
for f in scenarios/*.ini; do
    n=$(basename "$f" .ini)
    "$build/relsim" run "$f" --trials "$trials" -o "$t/$n" --no-plot 2>/dev/null >"$t/$n.txt" || {
        echo "  $n: relsim run failed"
        bad=1
        continue
    }
    # metric, simulated mean, closed form, relative difference, verdict
    grep ' exact: ' "$t/$n.txt" | awk -v n="$n" '{
        for (k = 1; k <= NF; k++) if ($k == "exact:") break
        v = $0; sub(/.* exact: /, "", v); sub(/ +[a-z_]+$/, "", v)
        printf "  %-15s %-13s %12s %12s %9s  %s\n", n, $1, $2, $(k - 2), $(k - 1), v }'
    grep -q 'exact: DISAGREES' "$t/$n.txt" && bad=1
done
[ $bad = 0 ] && echo "(every exact closed form agrees)" || echo "SOME EXACT CLOSED FORM DISAGREES"
exit $bad
