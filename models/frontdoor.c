/* Front-door routing table: per population, the first origin in RTT order
 * that is eligible and healthy. */
#include "models/frontdoor.h"

#include <string.h>

void fd_init(struct frontdoor *f, const struct scenario *s)
{
    memset(f, 0, sizeof *f);
    f->n_pops = s->n_users;
    f->n_regions = s->n_regions;
    f->extra = s->routing.frontdoor_extra;
    f->load_aware = s->routing.load_aware;
    f->target = s->routing.load_target;
    f->wait_limit = s->workload.timeout / 10;
    for (int p = 0; p < s->n_users; p++) {
        f->route[p] = -1;
        for (int g = 0; g < s->n_regions; g++)
            f->order[p][g] = (int8_t)g;
        for (int i = 1; i < s->n_regions; i++) {
            int8_t v = f->order[p][i];
            int j = i - 1;
            while (j >= 0 && s->user_rtt_ms[p][f->order[p][j]] > s->user_rtt_ms[p][v]) {
                f->order[p][j + 1] = f->order[p][j];
                j--;
            }
            f->order[p][j + 1] = v;
        }
    }
}

void fd_update(struct frontdoor *f, const bool *eligible, const bool *healthy)
{
    for (int p = 0; p < f->n_pops; p++) {
        int best = -1, fallback = -1;
        for (int k = 0; k < f->n_regions; k++) {
            int g = f->order[p][k];
            if (!eligible[g])
                continue;
            if (fallback < 0)
                fallback = g;
            if (healthy[g]) {
                best = g;
                break;
            }
        }
        f->route[p] = best >= 0 ? best : fallback;
        f->spill_to[p] = -1;
        for (int k = 0; k < f->n_regions && best >= 0 && f->spill_to[p] < 0; k++) {
            int g = f->order[p][k];
            if (g != best && eligible[g] && healthy[g])
                f->spill_to[p] = g;
        }
    }
}

void fd_adjust(struct frontdoor *f)
{
    for (int g = 0; g < f->n_regions; g++) {
        bool failing = f->sent[g] > 0 && (f->ok[g] < f->target * f->sent[g] ||
                                          f->wait[g] > (double)f->wait_limit * f->ok[g]);
        f->shed[g] += failing ? FD_SHED_UP : -FD_SHED_DOWN;
        f->shed[g] = f->shed[g] < 0 ? 0 : f->shed[g] > 1 ? 1 : f->shed[g];
        f->sent[g] = f->ok[g] = f->wait[g] = 0;
    }
}
