/* The cost of an outage per year of one run (business.h). Invariant: a run
 * of a scenario without a business block keeps outage_applies false, so the
 * outage metrics are left out rather than written as zero. */
#include "models/business.h"

#include <math.h>

bool business_applies(const struct scenario_business *b)
{
    return b->downtime_per_hour > 0 || b->lost_write > 0 || b->n_sla > 0;
}

double business_sla_credit(const struct scenario_business *b, double a)
{
    double credit = 0;
    for (int i = 0; i < b->n_sla; i++)
        if (a < b->sla[i].below && b->sla[i].credit > credit)
            credit = b->sla[i].credit;
    return credit;
}

double business_outage_cost_year(const struct scenario_business *b, const struct run_result *r,
                                 sim_time horizon)
{
    if (r->requests <= 0 || horizon <= 0)
        return NAN;
    double a = (double)r->successes / (double)r->requests;
    double per_year = (double)SIM_YEAR / (double)horizon;
    int64_t lost = 0;
    for (int i = 0; i < r->n_incidents; i++)
        if (r->incidents[i].data_lost_applies)
            lost += r->incidents[i].lost_writes;
    double downtime = b->downtime_per_hour * (1 - a) * ((double)SIM_YEAR / (double)SIM_HOUR);
    double writes = b->lost_write * (double)lost * per_year;
    double credits = 12 * business_sla_credit(b, a) * r->cost_month;
    return downtime + writes + credits;
}

void business_fill(const struct scenario *s, struct run_result *r)
{
    r->outage_applies = business_applies(&s->business);
    if (r->outage_applies)
        r->outage_cost_year = business_outage_cost_year(&s->business, r, s->horizon);
}
