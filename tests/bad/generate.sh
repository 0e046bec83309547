#!/bin/sh
# Regenerates the cases of the catalogue that are not text to write by hand: binary garbage,
# UTF-16, a 5000-character line, long comment lines, 65 component kinds, a CSV file, includes 17
# deep and 64 includes.
# The output is the same on every run (no randomness from the system): the files are committed,
# this script says how they were made.
#   cd tests/bad && sh generate.sh
set -e
cd "$(dirname "$0")"

# An ELF header (as if the relsim binary itself were given as the scenario) followed by 496 bytes
# from a fixed linear congruential generator: NUL bytes, control characters, newlines, high bytes.
{
    printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
    printf "$(awk 'BEGIN { x = 12345; for (i = 0; i < 496; i++) { x = (75 * x + 74) % 65537; printf "\\%03o", x % 256 } }')"
} >binary-garbage.ini

# A scenario saved as "Unicode" by a Windows editor: UTF-16LE with a byte order mark.
printf '[scenario]\r\nname = bad-input\r\n\r\n[cluster]\r\nnodes = 4\r\n' |
    awk 'BEGIN { printf "\377\376"; RS = "\001" }
         { n = length($0); for (i = 1; i <= n; i++) printf "%s%c", substr($0, i, 1), 0 }' \
        >utf16-encoding.ini

# A 5000-character line (a paragraph pasted after a value), far over the limit of 198.
{
    printf '; a line of 5000 characters (a paragraph pasted after a value), far over the limit of 198\n'
    printf '[cluster]\n'
    awk 'BEGIN { s = "nodes = 4 ;"; while (length(s) < 5000) s = s " lorem ipsum"; print substr(s, 1, 5000) }'
} >line-5000-characters.ini

# A run record (run.txt) whose comment lines are long: a command line of 30 absolute paths, and
# a comment of 5000 characters. Comment lines of any length are read (and ignored).
{
    printf '; a run record with long comment lines: must run\n'
    printf '; command: relsim batch -o /very/long/directory/name/for/results/of/the/night'
    i=1
    while [ $i -le 30 ]; do
        printf ' /very/long/directory/name/for/scenarios/of/the/night/%02d/scenario.ini' $i
        i=$((i + 1))
    done
    printf '\n'
    awk 'BEGIN { s = "#"; while (length(s) < 5000) s = s " lorem ipsum"; print substr(s, 1, 5000) }'
    printf '[scenario]\nname = bad-input\ntrials = 20\nseed = 1\nhorizon = 30d\n\n'
    printf '[cluster]\nnodes = 4\n\n[component.gpu]\nttf = exponential(mean=100d)\nttr = 1d\n'
} >good-long-comment-lines.ini

# 65 kinds of component (at most 64).
{
    printf '; 65 kinds of component (at most 64)\n[scenario]\nhorizon = 30d\n[cluster]\nnodes = 4\n'
    i=1
    while [ $i -le 65 ]; do
        printf '[component.part%d]\nttf = exponential(mean=1000d)\nttr = 1d\n' $i
        i=$((i + 1))
    done
} >too-many-component-kinds.ini

# A results file given instead of a scenario (relsim run results/x/trials.csv): one message per
# line, at most 100, then "more errors follow".
{
    echo 'trial,completed,makespan_h,availability,goodput,failures,useful_h,lost_h,checkpoint_h,restart_h,down_h,wait_spare_h,checkpoints,events'
    i=0
    while [ $i -lt 120 ]; do
        echo "$i,1,241.5,0.998,0.9937,1,240,0.8,0.5,0.1,0.1,0,12,1234"
        i=$((i + 1))
    done
} >csv-instead-of-scenario.ini

# Includes nested 17 deep, more than the 16 allowed: include/deep-01.ini includes deep-02.ini,
# and so on to deep-17.ini.
i=1
while [ $i -le 17 ]; do
    {
        printf '; level %d of include-too-deep.ini\n[scenario]\n' $i
        if [ $i -lt 17 ]; then printf 'include = deep-%02d.ini\n' $((i + 1)); fi
    } >"include/deep-$(printf %02d $i).ini"
    i=$((i + 1))
done
printf '; includes nested 17 deep (at most 16)\n[scenario]\ninclude = include/deep-01.ini\nhorizon = 30d\n[cluster]\nnodes = 4\n[component.gpu]\nttf = 1y\nttr = 1d\n' >include-too-deep.ini

# 64 includes: with the scenario itself, 65 files (at most 64).
{
    printf '; 64 includes: with this file, 65 files (at most 64)\n[scenario]\nhorizon = 30d\n'
    i=1
    while [ $i -le 64 ]; do
        echo 'include = include/comment-only.ini'
        i=$((i + 1))
    done
    printf '[cluster]\nnodes = 4\n[component.gpu]\nttf = 1y\nttr = 1d\n'
} >include-too-many-files.ini
