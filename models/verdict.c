/* verdict_judge: the quantile, its order-statistic interval and the verdict.
 * Invariant: everything is computed as "lower is better" on sorted values;
 * a higher-is-better target is judged on the negated values and negated back,
 * so one code path decides both. */
#include "models/verdict.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "sim/error.h"

#define VERDICT_ALPHA 0.05

static const char *const verdict_names[] = {
#define VERDICT_NAME(id, name) name,
    VERDICT_MAP(VERDICT_NAME)
#undef VERDICT_NAME
};

const char *verdict_name(enum verdict v)
{
    return (unsigned)v <= VERDICT_UNDECIDED ? verdict_names[v] : "?";
}

/* P(B <= k), B ~ Binomial(n, q). */
static double binom_cdf(long k, double q, long n)
{
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    return gsl_cdf_binomial_P((unsigned)k, q, (unsigned)n);
}

/* The smallest k in [0, n] with P(B <= k) >= p (n when none below n). */
static long binom_quantile(double p, double q, long n)
{
    long a = 0, b = n;
    while (a < b) {
        long mid = a + (b - a) / 2;
        if (binom_cdf(mid, q, n) >= p)
            b = mid;
        else
            a = mid + 1;
    }
    return a;
}

void verdict_ranks(long n, double q, long *lo, long *hi)
{
    /* X_(l) <= quantile <= X_(u) unless fewer than l or at least u of the n
     * observations fall below it: each tail has probability <= alpha / 2. */
    long k = binom_quantile(VERDICT_ALPHA / 2, q, n); /* first k with F(k) >= a/2 */
    *lo = binom_cdf(k, q, n) > VERDICT_ALPHA / 2 ? k : k + 1;
    if (*lo > n)
        *lo = n;
    long u = binom_quantile(1 - VERDICT_ALPHA / 2, q, n);
    *hi = u >= n ? n + 1 : u + 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Clopper-Pearson 95% interval of k successes in n. */
static void share_interval(long k, long n, double *lo, double *hi)
{
    *lo = k == 0 ? 0 : gsl_cdf_beta_Pinv(VERDICT_ALPHA / 2, (double)k, (double)(n - k + 1));
    *hi = k == n ? 1 : gsl_cdf_beta_Pinv(1 - VERDICT_ALPHA / 2, (double)(k + 1), (double)(n - k));
}

/* The verdict of n observations of which k meet the target. */
static enum verdict decide(long n, long k, double q)
{
    long lo, hi;
    verdict_ranks(n, q, &lo, &hi);
    if (hi <= k)
        return VERDICT_MEETS; /* X_(hi) <= target */
    if (lo >= 1 && lo > k)
        return VERDICT_MISSES; /* X_(lo) > target */
    return VERDICT_UNDECIDED;
}

/* Observations that would decide it if the share meeting stayed share: the
 * first n' where decide() does not say undecided; 0 beyond 10^7. */
static long decisive_n(long n, double share, double q)
{
    const long cap = 10000000;
    long a = n, b = n;
    do {
        a = b;
        b = b * 2 + 1;
        if (b > cap)
            return 0;
    } while (decide(b, (long)floor(share * (double)b), q) == VERDICT_UNDECIDED);
    while (a + 1 < b) { /* undecided at a, decided at b */
        long mid = a + (b - a) / 2;
        if (decide(mid, (long)floor(share * (double)mid), q) == VERDICT_UNDECIDED)
            a = mid;
        else
            b = mid;
    }
    return b;
}

int verdict_judge(const double *values, size_t n, double target, double q, bool higher_is_better,
                  struct verdict_result *out)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (v == NULL)
        return SIM_ENOMEM;
    double sign = higher_is_better ? -1 : 1, t = sign * target;
    long m = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) {
            v[m] = sign * values[i];
            k += v[m] <= t;
            m++;
        }
    qsort(v, (size_t)m, sizeof *v, cmp_double);
    struct verdict_result r = {.quantile = q,
                               .n = (int)m,
                               .estimate = NAN,
                               .ci_low = NAN,
                               .ci_high = NAN,
                               .share = NAN,
                               .share_lo = NAN,
                               .share_hi = NAN,
                               .verdict = VERDICT_UNDECIDED};
    if (m > 0) {
        long rank = (long)ceil(q * (double)m - 1e-9), lo, hi;
        rank = rank < 1 ? 1 : rank > m ? m : rank;
        verdict_ranks(m, q, &lo, &hi);
        r.estimate = v[rank - 1];
        r.ci_low = lo >= 1 ? v[lo - 1] : -INFINITY;
        r.ci_high = hi <= m ? v[hi - 1] : INFINITY;
        r.share = (double)k / (double)m;
        share_interval(k, m, &r.share_lo, &r.share_hi);
        r.verdict = decide(m, k, q);
        if (r.verdict == VERDICT_UNDECIDED)
            r.more = decisive_n(m, r.share, q);
    }
    if (higher_is_better) { /* back to the metric's own sign */
        double lo = -r.ci_high, hi = -r.ci_low;
        r.estimate = -r.estimate;
        r.ci_low = lo;
        r.ci_high = hi;
    }
    free(v);
    *out = r;
    return 0;
}
