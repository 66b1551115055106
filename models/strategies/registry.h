/* The registry of strategies: their tables of operations in report order,
 * looked up by index (a scenario holds strategy configurations by the same
 * index). registry.c is the list; a program may link its own list instead
 * (tests/test_strategy_registry.c adds a fifth strategy that way): the rest
 * of the code only calls the functions below. */
#ifndef REGIONSIM_MODELS_STRATEGIES_REGISTRY_H
#define REGIONSIM_MODELS_STRATEGIES_REGISTRY_H

#include <stdbool.h>

struct scenario;
struct strategy_type;

/* Where a strategy's regions come from in the scenario: a primary and a
 * recovery region (the keys `primary`, `recovery`), or a set of serving
 * regions (`regions`, with `primary` among them). */
enum strategy_placement { STRATEGY_PAIR, STRATEGY_SET };

/* registry.c: how many strategies are registered (at most
 * SCENARIO_MAX_STRATEGIES), and the k-th in report order (NULL out of range). */
int strategy_count(void);
const struct strategy_type *strategy_type(int k);

/* names.c: lookups over the registry. */
/* "backup_restore" ...; NULL when k is out of range. */
const char *strategy_key(int k);
/* "Backup & restore" ...; NULL when k is out of range. */
const char *strategy_label(int k);
/* How strategy k places its regions; k must be registered. */
enum strategy_placement strategy_placement(int k);
/* The index of the strategy called key, or -1. */
int strategy_find(const char *key);
/* Strategy k accepts scenario key `key` (one of the keys only some
 * strategies take); false when k is out of range. */
bool strategy_accepts(int k, const char *key);
/* Scenario key `key` means something to strategy k: every strategy takes
 * it, or k's module lists it (the reports leave the others out). */
bool strategy_key_applies(int k, const char *key);
/* scenario_defaults, then each registered strategy's own defaults: the
 * starting point of the loader and of scenarios built in C that run. */
void strategy_scenario_defaults(struct scenario *s);

#endif
