/* incidents.csv: one row per (strategy, replication, incident) kept by the
 * run (at most RESULTS_MAX_INCIDENTS per run; runs.csv's `incidents` counts
 * them all). Phase columns are offsets from start_s, empty where the runbook
 * had no such phase; recovered_s is absolute, empty when censored. */
#include <inttypes.h>
#include <math.h>

#include "plots/report.h"

static void field(FILE *f, double v)
{
    char buf[40];
    report_fmt_num(buf, sizeof buf, v, false);
    fputc(',', f);
    fputs(buf, f);
}

static void row(const struct summary *r, FILE *f, const struct run_record *run, int i)
{
    const struct incident_result *in = &run->incidents[i];
    const struct scenario *s = r->scenario;
    char cause[256];
    report_csv_str(f, s->name);
    fprintf(f, ",%s,%d,%d,%s,", strategy_key(run->strategy), run->replication, i + 1,
            incident_cause_text(in, cause, sizeof cause));
    if (in->region >= 0 && in->region < s->n_regions)
        report_csv_str(f, s->regions[in->region].name);
    field(f, sim_time_to_sec(in->t_fail));
    for (int p = 0; p < PHASE_COUNT; p++)
        field(f, in->phase_end[p] >= 0 ? sim_time_to_sec(in->phase_end[p]) : NAN);
    field(f, in->censored ? NAN : sim_time_to_sec(in->t_rec));
    field(f, incident_value(in, METRIC_RTO));
    field(f, incident_value(in, METRIC_RPO));
    field(f, incident_value(in, METRIC_LOST_WRITES));
    fprintf(f, ",%" PRId64 ",%d\n", in->failed_requests, in->censored ? 1 : 0);
}

int report_write_incidents_csv(const struct summary *r, FILE *f)
{
    fputs("scenario,strategy,replication,incident,cause,region,start_s,detect_s,decide_s,fence_s,"
          "provision_s,restore_s,promote_s,start_compute_s,dns_switch_s,scale_s,failback_s,"
          "recovered_s,rto_s,rpo_s,lost_writes,failed_requests,censored\n",
          f);
    _Static_assert(PHASE_COUNT == 10, "incidents.csv has one column per phase");
    for (int k = 0; k < r->n_strategies; k++)
        for (size_t j = 0; j < r->n_runs; j++) {
            const struct run_record *run = &r->runs[j];
            if (run->strategy != r->strategy[k].kind)
                continue;
            for (int i = 0; i < run->n_incidents; i++)
                row(r, f, run, i);
        }
    return ferror(f) ? SIM_EIO : 0;
}
