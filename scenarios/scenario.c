/* Names of failure kinds, and which models need every request. The
 * defaults of every scenario key are in defaults.c; strategy names are the
 * registry's (models/strategies/). */
#include "scenarios/scenario.h"

#include <string.h>

static const char *const failure_keys[] = {
#define FAILURE_KEY(id, key) key,
    FAILURE_MAP(FAILURE_KEY)
#undef FAILURE_KEY
};

const char *failure_key(enum failure_kind k)
{
    return (unsigned)k < FAILURE_KIND_COUNT ? failure_keys[k] : NULL;
}

const char *scenario_per_request_model(const struct scenario *s)
{
    if (s->sessions.store != SESSIONS_NONE)
        return "sessions";
    if (s->workload.breaker_failures > 0)
        return "workload.circuit_breaker";
    for (int g = 0; g < s->n_regions; g++)
        if (s->regions[g].max_queue > 0)
            return "regions[].max_queue";
    return NULL;
}
