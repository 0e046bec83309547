/*
 * draw: one value of a law of durations from the random stream at given coordinates: what the
 * cluster (failover times) and the job (checkpoint and restore costs) both draw with.
 */
#ifndef RELSIM_SIM_MODEL_DRAW_H
#define RELSIM_SIM_MODEL_DRAW_H

#include <stdint.h>

#include "models/dist.h"
#include "sim/engine/stream.h"

/* Draws one value of law d from stream (entity, purpose, k) by inversion; a fixed law takes no
 * draw (the stream is not touched). */
double draw_law(const dist *d, stream *r, uint32_t entity, uint32_t purpose, uint32_t k);

#endif
