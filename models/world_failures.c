/* The failure table: one row per kind, with where it strikes, the keys it
 * takes, and what its onset and its end change in the world. The only file
 * that names individual failure kinds; world_on_failure calls the rows. */
#include <string.h>

#include "models/world_impl.h"

/* A region is lost: what a takeover from it would lose is read now
 * (replication forgets applied writes, so it cannot be asked later). */
static void region_outage_onset(struct world *w, const struct fail_event *ev)
{
    world_region_lost(w, ev->region);
}

static void region_outage_end(struct world *w, const struct fail_event *ev)
{
    world_region_back(w, ev->region);
}

static void partial_outage_onset(struct world *w, const struct fail_event *ev)
{
    world_partial_outage(w, ev->region, ev->spec->capacity_lost, true);
}

static void partial_outage_end(struct world *w, const struct fail_event *ev)
{
    world_partial_outage(w, ev->region, ev->spec->capacity_lost, false);
}

static void control_plane_onset(struct world *w, const struct fail_event *ev)
{
    w->reg[ev->region].cp_slot = ev->slot;
    world_set_control_plane(w, ev->region, false);
}

static void control_plane_end(struct world *w, const struct fail_event *ev)
{
    world_set_control_plane(w, ev->region, true);
}

static void partition_onset(struct world *w, const struct fail_event *ev)
{
    world_set_link(w, ev->region, ev->region_b, false);
}

static void partition_end(struct world *w, const struct fail_event *ev)
{
    world_set_link(w, ev->region, ev->region_b, true);
}

static void degraded_link_onset(struct world *w, const struct fail_event *ev)
{
    world_degrade(w, ev->region, ev->region_b, ev->spec->extra_latency, ev->spec->loss);
}

static void degraded_link_end(struct world *w, const struct fail_event *ev)
{
    world_degrade(w, ev->region, ev->region_b, 0, 0);
}

static void dns_outage_onset(struct world *w, const struct fail_event *ev)
{
    world_set_dns_outage(w, true);
}

static void dns_outage_end(struct world *w, const struct fail_event *ev)
{
    world_set_dns_outage(w, false);
}

static void data_corruption_onset(struct world *w, const struct fail_event *ev)
{
    world_corrupt(w, ev->region, ev->spec->detect, ev->slot);
}

static const char *const region_keys[] = {"region", NULL};
static const char *const partial_keys[] = {"region", "capacity_lost", NULL};
static const char *const link_keys[] = {"between", NULL};
static const char *const degraded_keys[] = {"region", "between", "extra_latency", "loss", NULL};
static const char *const no_keys[] = {NULL};
static const char *const corruption_keys[] = {"region", "detect", NULL};

#define ROW(id, place_, keys_, loss_, on, off)                                                     \
    [FAILURE_##id] = {.place = place_, .keys = keys_, .region_loss = loss_,            \
                      .onset = on, .end = off}
static const struct failure_type table[FAILURE_KIND_COUNT] = {
    ROW(REGION_OUTAGE, FAILURE_AT_REGION, region_keys, true, region_outage_onset,
        region_outage_end),
    ROW(PARTIAL_OUTAGE, FAILURE_AT_REGION, partial_keys, false, partial_outage_onset,
        partial_outage_end),
    ROW(CONTROL_PLANE, FAILURE_AT_REGION, region_keys, false, control_plane_onset,
        control_plane_end),
    ROW(PARTITION, FAILURE_ON_LINK, link_keys, false, partition_onset, partition_end),
    ROW(DEGRADED_LINK, FAILURE_REGION_OR_LINK, degraded_keys, false, degraded_link_onset,
        degraded_link_end),
    ROW(DNS_OUTAGE, FAILURE_EVERYWHERE, no_keys, false, dns_outage_onset, dns_outage_end),
    ROW(DATA_CORRUPTION, FAILURE_AT_REGION, corruption_keys, false, data_corruption_onset, NULL),
};

const struct failure_type *failure_type(enum failure_kind k)
{
    return (unsigned)k < FAILURE_KIND_COUNT ? &table[k] : NULL;
}

bool failure_accepts(enum failure_kind k, const char *key)
{
    const struct failure_type *t = failure_type(k);
    for (const char *const *p = t ? t->keys : NULL; p && *p; p++)
        if (strcmp(*p, key) == 0)
            return true;
    return false;
}

enum failure_kind failure_region_loss_kind(void)
{
    return FAILURE_REGION_OUTAGE;
}
