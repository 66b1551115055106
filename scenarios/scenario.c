/* Names of strategies and failure kinds. The defaults of every scenario key
 * are in defaults.c. */
#include "scenarios/scenario.h"

#include <string.h>

static const char *const strategy_keys[] = {
#define STRATEGY_KEY(id, key, label) key,
    STRATEGY_MAP(STRATEGY_KEY)
#undef STRATEGY_KEY
};
static const char *const strategy_labels[] = {
#define STRATEGY_LABEL(id, key, label) label,
    STRATEGY_MAP(STRATEGY_LABEL)
#undef STRATEGY_LABEL
};
static const char *const failure_keys[] = {
#define FAILURE_KEY(id, key) key,
    FAILURE_MAP(FAILURE_KEY)
#undef FAILURE_KEY
};

const char *strategy_key(enum strategy_kind k)
{
    return (unsigned)k < STRATEGY_COUNT ? strategy_keys[k] : NULL;
}

const char *strategy_label(enum strategy_kind k)
{
    return (unsigned)k < STRATEGY_COUNT ? strategy_labels[k] : NULL;
}

const char *failure_key(enum failure_kind k)
{
    return (unsigned)k < FAILURE_KIND_COUNT ? failure_keys[k] : NULL;
}
