/* world.c assembles one world from a scenario (regions, users, DNS, health
 * checks, replication, failures, one strategy's runbook) on a fresh engine and
 * runs it to the horizon into a struct run_result. */
#ifndef REGIONSIM_MODELS_WORLD_H
#define REGIONSIM_MODELS_WORLD_H

#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/error.h"

/* Simulates replication `replication` of strategy k (enabled in s) and fills
 * *out (which the caller allocates; it is large). Random streams derive from
 * (s->seed, replication, component name), never from k, so every strategy of
 * a replication sees the same failures and arrivals. When *stop becomes
 * nonzero the run ends early and SIM_EINTR is returned. Returns 0, or a
 * negative SIM_E code with err filled. */
int world_run(const struct scenario *s, int k, int replication,
              struct run_result *out, const volatile int *stop, struct sim_error *err);

/* Whether world_run samples requests for s (README "Sampling"): a rate in
 * workload.sample_rate, or auto past the exact budget with no model that
 * follows every request (scenario_per_request_model). */
bool world_samples(const struct scenario *s);

#endif
