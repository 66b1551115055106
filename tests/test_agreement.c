/* Sampled and exact runs of one scenario agree (DESIGN section 5,
 * "Sampling"): three regions, one outage of the primary, every strategy,
 * the same seeds; every metric the issue names is compared between the two
 * modes' means over replications. The tolerance is the 95% interval of the
 * difference of two independent means, t sqrt(se_exact^2 + se_sampled^2)
 * (Welch: Student t with the Welch-Satterthwaite degrees of freedom, as
 * the standard errors come from few replications), with t's level
 * Bonferroni-corrected over all the comparisons made (a family-wise 95%: one
 * chance in twenty that any of them fails by chance), never tuned.
 * REGIONSIM_AGREEMENT_FULL=1 runs the case, a day at 500 req/s (about
 * ten minutes of one core); the default is four hours at 200 req/s. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/results.h"
#include "models/strategies/registry.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

static const char scenario_text[] =
    "scenario: agreement\n"
    "horizon: %s\n"
    "seed: 12\n"
    "regions: [us-east-1, eu-west-1, ap-southeast-1]\n"
    "workload: { rate: %s, write_fraction: 0.1, keys: 20000 }\n"
    "failures:\n"
    "  - { at: %s, kind: region_outage, region: us-east-1, duration: 1h }\n"
    "report: { formats: [] }\n";

static const enum metric compared[] = {
    METRIC_RTO,       METRIC_RPO,       METRIC_LOST_WRITES, METRIC_AVAILABILITY,
    METRIC_DOWNTIME,  METRIC_READ_P50,  METRIC_READ_P99,    METRIC_WRITE_P50,
    METRIC_WRITE_P99, METRIC_CONFLICTS, METRIC_COST_MONTH,
};
#define N_COMPARED (sizeof compared / sizeof *compared)

struct tally {
    int n;
    double sum, sum2;
};

static void tally_add(struct tally *t, double x)
{
    if (isnan(x))
        return;
    t->n++;
    t->sum += x;
    t->sum2 += x * x;
}

static double mean_of(const struct tally *t)
{
    return t->sum / t->n;
}

/* Squared standard error of the mean (0 with fewer than two values). */
static double se2_of(const struct tally *t)
{
    if (t->n < 2)
        return 0;
    double m = mean_of(t), v = (t->sum2 - t->n * m * m) / (t->n - 1);
    return (v > 0 ? v : 0) / t->n;
}

static void test_sampled_agrees_with_exact(void **state)
{
    (void)state;
    bool full = getenv("REGIONSIM_AGREEMENT_FULL") != NULL;
    int reps = full ? 10 : 6;
    char text[1024];
    int len = snprintf(text, sizeof text, scenario_text, full ? "24h" : "4h",
                       full ? "500/s" : "200/s", full ? "6h" : "1h");
    struct scenario *s = calloc(2, sizeof *s);
    struct run_result *out = malloc(sizeof *out);
    assert_int_equal(scenario_load_buffer("agreement.yaml", text, (size_t)len, &s[0], stderr), 0);
    s[1] = s[0];
    s[0].workload.sample_rate = SCENARIO_SAMPLE_EXACT;
    s[1].workload.sample_rate = 50; /* strides 4 (10 at 500/s) while hot */
    struct tally t[SCENARIO_MAX_STRATEGIES][N_COMPARED][2];
    memset(t, 0, sizeof t);
    int comparisons = 0;
    for (int k = 0; k < strategy_count(); k++) {
        if (!s[0].strategies[k].enabled)
            continue;
        for (int mode = 0; mode < 2; mode++)
            for (int rep = 0; rep < reps; rep++) {
                struct sim_error err;
                assert_int_equal(world_run(&s[mode], k, rep, out, NULL, &err), 0);
                for (size_t m = 0; m < N_COMPARED; m++)
                    tally_add(&t[k][m][mode], run_metric(out, compared[m]));
            }
        for (size_t m = 0; m < N_COMPARED; m++)
            comparisons += t[k][m][0].n > 0 && t[k][m][1].n > 0;
    }
    double alpha = 0.05 / (2.0 * comparisons);
    int bad = 0;
    for (int k = 0; k < strategy_count(); k++)
        for (size_t m = 0; m < N_COMPARED; m++) {
            const struct tally *e = &t[k][m][0], *p = &t[k][m][1];
            if (e->n == 0 || p->n == 0) {
                /* applies in both modes or in neither */
                assert_int_equal(e->n > 0, p->n > 0);
                continue;
            }
            double a = se2_of(e), b = se2_of(p), d = mean_of(p) - mean_of(e);
            double df =
                a + b > 0
                    ? (a + b) * (a + b) /
                          (a * a / (e->n > 1 ? e->n - 1 : 1) + b * b / (p->n > 1 ? p->n - 1 : 1))
                    : 1;
            double tol = gsl_cdf_tdist_Qinv(alpha, df) * sqrt(a + b);
            bool ok = fabs(d) <= tol;
            printf("%-15s %-18s exact %12.6g sampled %12.6g diff %10.3g tol %10.3g %s\n",
                   strategy_key(k), metric_name(compared[m]), mean_of(e), mean_of(p), d, tol,
                   ok ? "" : "DISAGREE");
            bad += !ok;
        }
    printf("%d comparisons, each at %.2g two-sided (family-wise 95%%)\n", comparisons, 2 * alpha);
    assert_int_equal(bad, 0);
    free(out);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sampled_agrees_with_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
