/*
 * service: see service.h. (Placeholder: the model lands with issue 15's serving work.)
 */
#include "sim/model/service.h"

#include <stdlib.h>

struct service {
    const scn *s;
    engine *e;
    int failed;
};

service *service_new(const scn *s, engine *e)
{
    service *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->s = s;
    v->e = e;
    return v;
}

void service_free(service *v)
{
    free(v);
}

int service_reset(service *v)
{
    v->failed = 0;
    return 0;
}

void service_on_slot(void *v, uint32_t slot, int up, double detect_at)
{
    (void)v;
    (void)slot;
    (void)up;
    (void)detect_at;
}

void service_finish(service *v, double end, metric_row *out)
{
    (void)v;
    (void)end;
    (void)out;
}

int service_failed(const service *v)
{
    return v->failed;
}
