/* TEMPORARY placeholder so the skeleton links; replaced by the loader (issue 3). */
#include "scenarios/loader/loader.h"

int scenario_load_file(const char *path, struct scenario *out, FILE *errors)
{
    (void)out;
    if (errors)
        fprintf(errors, "%s: error: the scenario loader is not implemented yet\n", path);
    return 1;
}
