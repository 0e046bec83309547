/*
 * draw: see draw.h.
 */
#include "sim/model/draw.h"

double draw_law(const dist *d, stream *r, uint32_t entity, uint32_t purpose, uint32_t k)
{
    if (d->kind == DIST_FIXED) return d->p1;
    return dist_quantile(d, stream_uniform_at(r, entity, purpose, k));
}
