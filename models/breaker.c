/* The breakers' states: consecutive failures and the end of the open time. */
#include "models/breaker.h"

#include <string.h>

void breaker_init(struct breaker *b, int failures, sim_time open)
{
    memset(b, 0, sizeof *b);
    b->failures = failures;
    b->open = open;
}

void breaker_record(struct breaker *b, int pop, int g, bool ok, sim_time now)
{
    if (b->failures == 0 || g < 0)
        return;
    if (ok) {
        b->fails[pop][g] = 0;
        b->until[pop][g] = 0;
        return;
    }
    /* A failed half-open probe opens it again at once. */
    bool probe = b->until[pop][g] > 0;
    if (probe || ++b->fails[pop][g] >= b->failures) {
        b->until[pop][g] = now + b->open;
        b->fails[pop][g] = 0;
        b->opened += 1;
    }
}
