/* libFuzzer target: any bytes through scenario_load_buffer, errors printed to
 * /dev/null so the message and caret code runs too. Built by tools/fuzz.sh
 * with clang -fsanitize=fuzzer,address,undefined; never part of the product. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenarios/loader/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct scenario s;
    static FILE *sink;
    if (sink == NULL)
        sink = fopen("/dev/null", "w");
    scenario_load_buffer("fuzz.yaml", (const char *)data, size, &s, sink);
    return 0;
}
