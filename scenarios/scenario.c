/* Names of failure kinds. The defaults of every scenario key are in
 * defaults.c; strategy names are the registry's (models/strategies/). */
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
