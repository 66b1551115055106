/* TEMPORARY placeholder so the skeleton links; replaced by the catalog (issue 3). */
#include "models/region.h"

#include "sim/error.h"

int region_print_catalog(FILE *out)
{
    (void)out;
    return SIM_EIO;
}

int region_rtt(const char *a, const char *b, double *rtt_ms, bool *measured,
               struct sim_error *err)
{
    (void)a, (void)b, (void)rtt_ms, (void)measured;
    return sim_error_set(err, SIM_ENOTFOUND, NULL, 0, 0, "the region catalog is not implemented yet");
}
