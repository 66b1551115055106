/* A target judged on a distribution (DESIGN section 5): the chosen quantile
 * of the observations (per-incident RTO or RPO, per-replication availability)
 * with an exact, distribution-free 95% interval from order statistics (the
 * rank of the quantile is binomial), the share of observations meeting the
 * target with its Clopper-Pearson interval, and the verdict. Pure arithmetic
 * on its inputs: no scenario, no runs. */
#ifndef REGIONSIM_MODELS_VERDICT_H
#define REGIONSIM_MODELS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#define VERDICT_MAP(X)                                                                             \
    X(NONE, "no target")                                                                           \
    X(MEETS, "meets")                                                                              \
    X(MISSES, "misses")                                                                            \
    X(UNDECIDED, "undecided")
enum verdict {
#define VERDICT_ENUM(id, name) VERDICT_##id,
    VERDICT_MAP(VERDICT_ENUM)
#undef VERDICT_ENUM
};
const char *verdict_name(enum verdict v);

struct verdict_result {
    enum verdict verdict;
    double quantile;                  /* q: the share of observations the target must hold for */
    double estimate;                  /* the q-quantile (nearest rank); INFINITY when censored */
    double ci_low, ci_high;           /* its 95% interval; -/+INFINITY where n is too small */
    double share, share_lo, share_hi; /* observations meeting the target, 95% interval */
    int n;                            /* observations */
    /* undecided: observations that would likely decide it, if the share
     * meeting the target stayed what it is (0: never, the share is q) */
    long more;
};

/* Judges values[0..n-1] (NAN skipped; INFINITY = censored, exceeding any
 * target) against `target` on quantile q in (0, 1]. higher_is_better judges
 * the (1 - q)-quantile from below (availability: q of the years at least the
 * target). Meets when the whole interval is on the target's good side (a
 * value equal to the target meets), misses when it is wholly on the bad
 * side, undecided otherwise and when there is no observation. Returns 0, or
 * SIM_ENOMEM (out untouched). */
int verdict_judge(const double *values, size_t n, double target, double q, bool higher_is_better,
                  struct verdict_result *out);

/* The 1-based ranks [*lo, *hi] of the order statistics bounding the
 * q-quantile of n observations with at least 95% coverage; *lo = 0 or
 * *hi = n + 1 where no order statistic is far enough out. */
void verdict_ranks(long n, double q, long *lo, long *hi);

#endif
