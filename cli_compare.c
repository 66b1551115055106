/* regionsim compare: the difference B - A, per strategy and metric, between
 * two results of one scenario (DIR_A/<scenario>, DIR_B/<scenario>, as
 * `run` writes them). Paired by replication when both runs used the same
 * seed and replications (common random numbers: replication i of A and of
 * B saw the same failures and arrivals), Welch's unpaired interval
 * otherwise. Reads only the files `run` writes (summary.csv, runs.csv,
 * summary.json); writes PREFIX.md and PREFIX.csv atomically, or nothing. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "cli.h"
#include "cli_compare.h"
#include "sim/stats.h"

/* B - A of one strategy's metric over replications: paired (d_i = b_i -
 * a_i where both have a value; the paired t interval) or Welch's unpaired
 * interval (Welch-Satterthwaite degrees of freedom). Returns 0 or SIM_ENOMEM. */
static int difference(const struct cmp_side *A, const struct cmp_side *B, const char *strategy,
                      int ca, int cb, bool paired, struct sim_summary *out)
{
    if (paired) {
        double *d = malloc(((size_t)A->replications + 1) * sizeof *d);
        if (d == NULL)
            return SIM_ENOMEM;
        for (int rep = 0; rep < A->replications; rep++)
            d[rep] = cmp_run_value(B, strategy, rep, cb) - cmp_run_value(A, strategy, rep, ca);
        int rc = sim_summarise(d, (size_t)A->replications, out);
        free(d);
        return rc;
    }
    struct sim_tally ta, tb;
    sim_tally_init(&ta);
    sim_tally_init(&tb);
    for (int i = 0; i < A->n_runs; i++)
        if (strcmp(A->run_strategy[i], strategy) == 0 &&
            !isnan(A->run_values[(size_t)i * CMP_MAX_FIELDS + ca]))
            sim_tally_add(&ta, A->run_values[(size_t)i * CMP_MAX_FIELDS + ca]);
    for (int i = 0; i < B->n_runs; i++)
        if (strcmp(B->run_strategy[i], strategy) == 0 &&
            !isnan(B->run_values[(size_t)i * CMP_MAX_FIELDS + cb]))
            sim_tally_add(&tb, B->run_values[(size_t)i * CMP_MAX_FIELDS + cb]);
    *out = (struct sim_summary){.n = (size_t)(ta.n + tb.n), .mean = NAN, .ci_low = NAN,
                                .ci_high = NAN};
    if (ta.n == 0 || tb.n == 0)
        return 0;
    out->mean = tb.mean - ta.mean;
    if (ta.n < 2 || tb.n < 2)
        return 0;
    double va = sim_tally_var(&ta) / (double)ta.n, vb = sim_tally_var(&tb) / (double)tb.n;
    double se2 = va + vb, half = 0;
    if (se2 > 0) {
        double df = se2 * se2 / (va * va / (double)(ta.n - 1) + vb * vb / (double)(tb.n - 1));
        half = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(se2);
    }
    out->ci_low = out->mean - half;
    out->ci_high = out->mean + half;
    return 0;
}

/* Prints, as Markdown list items, the parameters whose values differ. */
static void parameter_changes(FILE *f, const struct cmp_side *A, const struct cmp_side *B)
{
    static const char tag[] = "\n    {\"key\": \"";
    int changed = 0;
    for (int side = 0; side < 2; side++) {
        const struct cmp_side *x = side ? B : A, *y = side ? A : B;
        for (const char *p = strstr(x->json, tag); p; p = strstr(p + 1, tag)) {
            char k[256], vx[256], vy[256];
            if (!cmp_json_string(p + 1, "{\"key\": \"", k, sizeof k) ||
                !cmp_json_string(p + 1, "\"value\": \"", vx, sizeof vx))
                continue;
            bool in_y = cmp_parameter(y->json, k, vy, sizeof vy);
            if (side == 1 && in_y)
                continue; /* listed from A's side */
            if (in_y && strcmp(vx, vy) == 0)
                continue;
            fprintf(f, "%s- `%s`: %s -> %s\n", changed++ ? "" : "\nParameters that differ:\n\n",
                    k, side ? "(absent)" : vx, side ? vx : in_y ? vy : "(absent)");
        }
    }
    if (changed == 0)
        fputs("\nNo parameter differs.\n", f);
}

static void print_number(FILE *f, const char *fmt, double x)
{
    if (!isnan(x))
        fprintf(f, fmt, x);
}

/* One side's mean, then in CSV its interval and n; ends with a separator. */
static void print_side(FILE *f, const struct cmp_row *r, bool csv, const char *g)
{
    print_number(f, g, r->mean);
    if (!csv) {
        fputs(" | ", f);
        return;
    }
    fputc(',', f);
    print_number(f, g, r->lo);
    fputc(',', f);
    print_number(f, g, r->hi);
    fprintf(f, ",%ld,", r->n);
}

/* Writes the comparison as CSV (csv) or Markdown. */
static int write_table(FILE *f, const struct cmp_side *A, const struct cmp_side *B, bool paired,
                       bool csv)
{
    if (csv)
        fputs("strategy,metric,unit,a_mean,a_ci95_low,a_ci95_high,a_n,b_mean,b_ci95_low,"
              "b_ci95_high,b_n,method,n_diff,mean_diff,ci95_low,ci95_high\n",
              f);
    else
        fputs("| strategy | metric | unit | A mean | B mean | B - A | 95% CI | n |\n"
              "|---|---|---|---|---|---|---|---|\n",
              f);
    for (int i = 0; i < A->n_rows; i++) {
        const struct cmp_row *ra = &A->rows[i], *rb = cmp_match(B, ra);
        int ca = cmp_column_of(A, ra), cb = rb ? cmp_column_of(B, rb) : -1;
        if (ca < 0 || cb < 0)
            continue;
        struct sim_summary d;
        if (difference(A, B, ra->strategy, ca, cb, paired, &d) != 0)
            return SIM_ENOMEM;
        const char *g = csv ? "%.10g" : "%.4g";
        fprintf(f, csv ? "%s,%s,%s," : "| %s | %s | %s | ", ra->strategy, ra->metric, ra->unit);
        print_side(f, ra, csv, g);
        print_side(f, rb, csv, g);
        if (csv)
            fprintf(f, "%s,%zu,", paired ? "paired" : "welch", d.n);
        print_number(f, csv ? g : "%+.4g", d.mean);
        fputs(csv ? "," : " | ", f);
        print_number(f, g, d.ci_low);
        fputs(csv ? "," : " to ", f);
        print_number(f, g, d.ci_high);
        if (csv)
            fputc('\n', f);
        else
            fprintf(f, " | %zu |\n", d.n);
    }
    return 0;
}

/* The whole Markdown document: what was compared, how, and the table. */
static int write_markdown(FILE *f, const struct cmp_side *A, const struct cmp_side *B, bool paired)
{
    fprintf(f, "# regionsim compare: %s\n\n", A->scenario);
    fprintf(f, "- A: `%s` (seed %llu, %d replications)\n", A->dir, A->seed, A->replications);
    fprintf(f, "- B: `%s` (seed %llu, %d replications)\n\n", B->dir, B->seed, B->replications);
    if (paired)
        fputs("**Paired** differences B - A: both runs used the same seed and replications, "
              "so replication i of A and of B saw the same failures and arrivals; the mean "
              "and Student-t 95% interval are over the per-replication differences of "
              "runs.csv (n: replications where both have a value).\n",
              f);
    else
        fputs("**Unpaired** differences B - A (Welch): the runs used different seeds or "
              "replications, so they share no random numbers; the 95% interval is Welch's "
              "over the per-replication values of runs.csv (n: replications of A plus of "
              "B).\n",
              f);
    parameter_changes(f, A, B);
    fputs("\nA and B means are summary.csv's. An interval that excludes zero is a "
          "difference the runs show at 95% confidence.\n\n",
          f);
    return write_table(f, A, B, paired, false);
}

/* Writes prefix + ext through fn into a temporary file beside it; its name
 * goes to tmp. Returns 0, or -1 after a message (nothing left behind). */
static int write_temp(const char *prefix, const char *ext, char *tmp, size_t size,
                      const struct cmp_side *A, const struct cmp_side *B, bool paired)
{
    snprintf(tmp, size, "%s%s.XXXXXX", prefix, ext);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        fprintf(stderr, "regionsim: compare: cannot write %s%s: %s\n", prefix, ext,
                strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return -1;
    }
    int rc = ext[1] == 'c' ? write_table(f, A, B, paired, true) : write_markdown(f, A, B, paired);
    int err = ferror(f) ? errno : 0;
    if (fclose(f) != 0 && err == 0)
        err = errno;
    if (rc != 0 || err != 0) {
        fprintf(stderr, "regionsim: compare: cannot write %s%s: %s\n", prefix, ext,
                rc ? "out of memory" : strerror(err));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Writes PREFIX.md and PREFIX.csv (both or neither) and prints the
 * Markdown on out. Returns the exit status: 0, or 1 when a write failed. */
static int write_outputs(const char *prefix, const struct cmp_side *A, const struct cmp_side *B,
                         bool paired, FILE *out)
{
    char md[4200], csv[4200], md_tmp[4200], csv_tmp[4200];
    snprintf(md, sizeof md, "%s.md", prefix);
    snprintf(csv, sizeof csv, "%s.csv", prefix);
    if (write_temp(prefix, ".md", md_tmp, sizeof md_tmp, A, B, paired) != 0)
        return 1;
    if (write_temp(prefix, ".csv", csv_tmp, sizeof csv_tmp, A, B, paired) != 0) {
        unlink(md_tmp);
        return 1;
    }
    if (rename(md_tmp, md) != 0 || rename(csv_tmp, csv) != 0) {
        fprintf(stderr, "regionsim: compare: cannot write %s: %s\n", prefix, strerror(errno));
        unlink(md_tmp);
        unlink(csv_tmp);
        return 1;
    }
    if (out) {
        write_markdown(out, A, B, paired);
        fprintf(out, "\n(written to %s and %s)\n", md, csv);
    }
    return 0;
}

/* Reads both sides and checks they are two runs of one scenario. Returns
 * 0, or 2 after a message. */
static int read_both(struct cmp_side *A, struct cmp_side *B, const char *a, const char *b)
{
    if (!cmp_side_read(A, a) || !cmp_side_read(B, b))
        return 2;
    if (strcmp(A->scenario, B->scenario) != 0) {
        fprintf(stderr,
                "regionsim: compare: %s holds scenario '%s', %s scenario '%s': compare takes "
                "two runs of one scenario, DIR_A/<scenario> DIR_B/<scenario> (run a variant "
                "into another -o directory under the same name)\n",
                a, A->scenario, b, B->scenario);
        return 2;
    }
    for (int i = 0; i < A->n_rows; i++) {
        const struct cmp_row *rb = cmp_match(B, &A->rows[i]);
        if (rb && cmp_column_of(A, &A->rows[i]) >= 0 && cmp_column_of(B, rb) >= 0)
            return 0;
    }
    fprintf(stderr, "regionsim: compare: %s and %s share no strategy with a metric in runs.csv\n",
            a, b);
    return 2;
}

static const char compare_help[] =
    "usage: regionsim compare [-o PREFIX] [-q] DIR_A/<scenario> DIR_B/<scenario>\n"
    "\n"
    "Compares two runs of one scenario (two directories 'regionsim run' wrote,\n"
    "e.g. the scenario as it is and a variant made with --set or extends), and\n"
    "gives for every strategy and metric they share the difference B - A with\n"
    "its 95% confidence interval:\n"
    "  paired   when both runs used the same seed and replications: replication i\n"
    "           of A and of B saw the same failures and arrivals, and the interval\n"
    "           is the paired t interval over the per-replication differences of\n"
    "           runs.csv; far narrower than two separate intervals suggest\n"
    "  unpaired (Welch) otherwise\n"
    "It says which it used and lists the parameters that differ.\n"
    "\n"
    "Options:\n"
    "  -o, --out PREFIX         writes PREFIX.md and PREFIX.csv (default: compare,\n"
    "                           in the current directory); both or neither\n"
    "  -q, --quiet              write the files only, print nothing\n"
    "  -h, --help               this text\n"
    "\n"
    "PREFIX.csv has one row per strategy and metric: strategy,metric,unit,\n"
    "a_mean,a_ci95_low,a_ci95_high,a_n,b_mean,b_ci95_low,b_ci95_high,b_n (each\n"
    "side's summary.csv), method (paired or welch), n_diff, and mean_diff,\n"
    "ci95_low,ci95_high of B - A.\n"
    "\n"
    "Examples:\n"
    "  regionsim run shop.yaml -o base\n"
    "  regionsim run shop.yaml -o auto --set strategies.warm_standby.automatic=true\n"
    "  regionsim compare base/three-region-shop auto/three-region-shop -o auto-vs-base\n"
    "\n"
    "Exit status: 0 done, 1 a file could not be written, 2 bad usage, or results\n"
    "that cannot be read or are not two runs of one scenario (nothing written).\n";

static int compare_usage(const char *fmt, const char *arg)
{
    fputs("regionsim: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nusage: regionsim compare ...; try 'regionsim compare --help'\n", stderr);
    return 2;
}

int cli_compare(int argc, char **argv)
{
    static const struct option longopts[] = {{"out", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *prefix = "compare";
    bool quiet = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(compare_help, stdout);
            return 0;
        }
        if (c == 'q')
            quiet = true;
        else if (c == 'o' && optarg[0] != '\0')
            prefix = optarg;
        else if (c == 'o')
            return compare_usage("%s-o needs a file prefix, not an empty name", "");
        else if (c == ':')
            return compare_usage("option '%s' needs a value", argv[optind - 1]);
        else
            return compare_usage("unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind != 2)
        return compare_usage("compare needs two result directories, DIR_A/<scenario> "
                             "DIR_B/<scenario>, %s",
                             argc - optind < 2 ? "not fewer" : "not more");
    struct cmp_side *A = calloc(2, sizeof *A), *B = A + 1;
    if (A == NULL)
        return 1;
    int rc = read_both(A, B, argv[optind], argv[optind + 1]);
    if (rc == 0) {
        bool paired = A->seed == B->seed && A->replications == B->replications;
        rc = write_outputs(prefix, A, B, paired, quiet ? NULL : stdout);
    }
    cmp_side_free(A);
    cmp_side_free(B);
    free(A);
    return rc;
}
