/* The built-in region catalog (AWS, Azure, GCP; name, provider, coordinates)
 * and the user populations with a representative location. The data is
 * embedded from models/data/regions.csv and populations.csv: pointers returned
 * here are valid for the life of the program. */
#ifndef REGIONSIM_MODELS_REGION_H
#define REGIONSIM_MODELS_REGION_H

#include <stdbool.h>
#include <stdio.h>

struct region_info {
    const char *provider; /* "aws", "azure", "gcp" */
    const char *name;     /* the provider's id: "us-east-1" */
    const char *metro;    /* "Ashburn VA" */
    double lat, lon;
};

struct population_info {
    const char *name; /* "europe-west" */
    const char *where;
    double lat, lon;
};

/* Looks up a region by id, optionally prefixed "aws:", "azure:", "gcp:".
 * Returns NULL when unknown or ambiguous (*ambiguous set when not NULL). */
const struct region_info *region_find(const char *name, bool *ambiguous);
/* Looks up a population by name; NULL when unknown. */
const struct population_info *region_find_population(const char *name);
/* The known name nearest to `name` (edit distance) among regions and
 * populations, or NULL when nothing is close. For "did you mean" messages. */
const char *region_suggest(const char *name);

/* The catalog by index, 0 <= i < region_count(); NULL out of range. */
int region_count(void);
const struct region_info *region_at(int i);
int region_population_count(void);
const struct population_info *region_population_at(int i);

/* Prints the catalog (regions by provider, then populations) to out.
 * Returns 0, or SIM_EIO. */
int region_print_catalog(FILE *out);

/* RTT in ms between two regions or populations, by name. *measured says
 * whether a table holds the pair. Returns 0, or SIM_ENOTFOUND with a message
 * (and suggestion) in err. */
struct sim_error;
int region_rtt(const char *a, const char *b, double *rtt_ms, bool *measured, struct sim_error *err);

#endif
