/* Prints the defaults table, one row a line: key, strategy, text (tab
 * separated; "-" for none), for tests/defaults/check.py. */
#include <stdio.h>

#include "scenarios/defaults.h"

int main(void)
{
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        printf("%s\t%s\t%s\n", d->key, d->strategy ? d->strategy : "-", d->text ? d->text : "-");
    }
    return ferror(stdout) ? 1 : 0;
}
