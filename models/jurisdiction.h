/* Jurisdictions for data residency: the country a catalog region keeps its
 * data in, and named sets of countries (`eu`: the 27 member states, `eea`:
 * with Iceland, Liechtenstein and Norway, or one ISO 3166-1 alpha-2 code
 * such as `de`, lower case). */
#ifndef REGIONSIM_MODELS_JURISDICTION_H
#define REGIONSIM_MODELS_JURISDICTION_H

#include <stdbool.h>

/* The country of a catalog region ("eu-west-1" -> "ie"); NULL when the
 * region is not in the catalog (a custom region). */
const char *region_country(const char *region);
/* Whether `set` names a jurisdiction: eu, eea, or a country that has a
 * catalog region. */
bool jurisdiction_known(const char *set);
/* Whether country (may be NULL) is inside the named set. */
bool jurisdiction_contains(const char *set, const char *country);

#endif
