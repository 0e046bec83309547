#!/bin/sh
# make layers: the layering of relsim's sources, checked from their #include lines.
#
#   models/         the mathematics and vocabulary every layer shares: includes only models/
#   analysis/       statistics, output files, plots, reports: models/ and analysis/, never sim/
#   sim/engine/     the event engine and random streams: only sim/engine/ (it knows no model)
#   sim/scenario/   scenario files: models/ and sim/scenario/
#   sim/model/      the trial model: the layers above and sim/model/
#   sim/study/      studies (Monte Carlo, runs, sweeps, batches, closed forms): all but sim/cli/
#   sim/cli/        the command line: anything
#
# and no cycle of includes between modules (a module is a.h with a.c and, for a module of several
# files, its internal header a_int.h: a.c -> b.h and b.c -> a.h is a cycle of the modules a and
# b). Prints every violation as FILE:LINE: what, and
# the closing line "layers: N passed, M failed"; exit status 1 on any violation.
cd "$(dirname "$0")/.." || exit 1
find models analysis sim -name '*.[ch]' | sort | xargs grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' |
    awk -F: '
function layer(p) {
    if (p ~ /^models\//) return "models"
    if (p ~ /^analysis\//) return "analysis"
    if (p ~ /^sim\/engine\//) return "engine"
    if (p ~ /^sim\/scenario\//) return "scenario"
    if (p ~ /^sim\/model\//) return "model"
    if (p ~ /^sim\/study\//) return "study"
    if (p ~ /^sim\/cli\//) return "cli"
    return "other"
}
BEGIN {
    allow["models"] = " models "
    allow["analysis"] = " models analysis "
    allow["engine"] = " engine "
    allow["scenario"] = " models scenario "
    allow["model"] = " models engine scenario model "
    allow["study"] = " models analysis engine scenario model study "
    allow["cli"] = " models analysis engine scenario model study cli "
    bad = 0; checked = 0
}
{
    file = $1; line = $2
    inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
    if (inc !~ /^(models|analysis|sim)\//) next  # generated or local
    checked++
    from = layer(file); to = layer(inc)
    if (index(allow[from], " " to " ") == 0) {
        printf "%s:%s: %s (layer %s) includes %s (layer %s)\n", file, line, file, from, inc, to
        bad++
    }
    a = file; sub(/\.[ch]$/, "", a); sub(/_int$/, "", a)
    b = inc; sub(/\.[ch]$/, "", b); sub(/_int$/, "", b)
    if (a != b && !((a, b) in edge)) { edge[a, b] = 1; out[a] = out[a] " " b; node[a] = 1; node[b] = 1 }
}
function visit(v,    i, n, w, parts) {
    state[v] = 1; stack[++depth] = v
    n = split(out[v], parts, " ")
    for (i = 1; i <= n; i++) {
        w = parts[i]
        if (state[w] == 1) {
            msg = ""
            for (j = depth; j >= 1 && stack[j] != w; j--) msg = " -> " stack[j] msg
            printf "include cycle: %s%s -> %s\n", w, msg, w
            bad++
        } else if (state[w] == 0) visit(w)
    }
    depth--; state[v] = 2
}
END {
    for (v in node) state[v] = 0
    depth = 0
    for (v in node) if (state[v] == 0) visit(v)
    printf "layers: %d passed, %d failed\n", checked - (bad > checked ? checked : bad), bad
    exit bad > 0
}'
