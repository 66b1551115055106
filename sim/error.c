/* Messages for SIM_E* codes and the one function that fills a struct sim_error. */
#include "sim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *sim_strerror(int code)
{
    switch (code) {
#define SIM_ERR_CASE(name, val, msg)                                                               \
    case SIM_E##name:                                                                              \
        return msg;
        SIM_ERRNO_MAP(SIM_ERR_CASE)
#undef SIM_ERR_CASE
    case 0:
        return "success";
    default:
        return "unknown error";
    }
}

int sim_error_set(struct sim_error *err, int code, const char *file, int line, int column,
                  const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}
