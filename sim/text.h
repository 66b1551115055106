/* Small text helpers shared by the layers that talk to people (the loader's
 * "did you mean" and the region catalog's suggestions). */
#ifndef REGIONSIM_SIM_TEXT_H
#define REGIONSIM_SIM_TEXT_H

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), ASCII
 * case folded. Strings longer than 63 bytes are reported as 1000 (far apart). */
int sim_edit_distance(const char *a, const char *b);

#endif
