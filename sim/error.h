/* Error codes and the error record shared by every layer.
 * Codes are negative ints; their names and messages come from one X-macro. */
#ifndef REGIONSIM_SIM_ERROR_H
#define REGIONSIM_SIM_ERROR_H

#define SIM_ERRNO_MAP(X)                                                                           \
    X(NOMEM, -1, "out of memory")                                                                  \
    X(INVAL, -2, "invalid argument")                                                               \
    X(IO, -3, "input/output error")                                                                \
    X(PARSE, -4, "parse error")                                                                    \
    X(RANGE, -5, "value out of range")                                                             \
    X(NOTFOUND, -6, "not found")                                                                   \
    X(LIMIT, -7, "limit exceeded")                                                                 \
    X(INTR, -8, "interrupted")

enum sim_errno {
#define SIM_ERR_ENUM(name, val, msg) SIM_E##name = (val),
    SIM_ERRNO_MAP(SIM_ERR_ENUM)
#undef SIM_ERR_ENUM
};

/* A located error: code, human message, and where in which input file. line and
 * column are 1-based; 0 when the error has no position. */
struct sim_error {
    int code;
    char message[512];
    char file[256];
    int line;
    int column;
};

/* Returns the static message for a SIM_E* code ("unknown error" otherwise). */
const char *sim_strerror(int code);

/* Fills err (if not NULL) with code, position and a printf-style message, and
 * returns code so callers can `return sim_error_set(...)`. */
int sim_error_set(struct sim_error *err, int code, const char *file, int line, int column,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif
