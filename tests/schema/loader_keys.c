/* Prints every key path the loader accepts, for tests/schema/check.py. */
#include <stdio.h>

#include "scenarios/loader/loader.h"

int main(void)
{
    scenario_loader_print_keys(stdout);
    return ferror(stdout) ? 1 : 0;
}
