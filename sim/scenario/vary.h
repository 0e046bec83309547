/*
 * vary: the VALUES grammar of `--vary KEY=VALUES` and of a scenario's [sweep] vary keys: a list
 * (15m,30m,1h), a geometric range (15m..8h*2) or a linear one (0..32+8), of durations or plain
 * numbers. The scenario loader checks [sweep] keys with it; sweeps expand their points with it.
 */
#ifndef RELSIM_SIM_SCENARIO_VARY_H
#define RELSIM_SIM_SCENARIO_VARY_H

#include <stddef.h>

#define VARY_MAX_VALUES 200

/* One --vary option. */
typedef struct {
    char key[96];    /* section.key as written */
    char column[96]; /* its CSV column: the key without its section, component.NAME,
                        tier.NAME and domain.NAME -> NAME_ */
    int nvalues;
    char value[VARY_MAX_VALUES][64]; /* as given to --set */
    int is_duration;                 /* every value is a duration: a <column>_h column too */
    double hours[VARY_MAX_VALUES];
} vary_key;

/* Parses "KEY=V1,V2,..." or a range "KEY=A..B*F" (geometric: A, A*F, ... up to B) or
 * "KEY=A..B+S" (linear), of durations or plain numbers. Returns 0, or -1 with a message. What a
 * sweep holds fixed across its points is refused: scenario.trials and scenario.seed (common random
 * numbers: every point runs the same trials), scenario.name, scenario.include and the [sweep]
 * keys. */
int vary_parse(const char *arg, vary_key *k, char *err, size_t n);

#endif
