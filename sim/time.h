/* Simulated time: an int64_t count of nanoseconds, never a double, so runs are
 * exact and reproducible. Conversions to seconds exist for output only. */
#ifndef REGIONSIM_SIM_TIME_H
#define REGIONSIM_SIM_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t sim_time;

/* A duration that may be absent, such as a target nobody set: `set` false
 * means absent whatever v holds; set with v == 0 is a duration of zero. */
struct sim_opt_time {
    bool set;
    sim_time v;
};

#define SIM_NS ((sim_time)1)
#define SIM_US ((sim_time)1000)
#define SIM_MS ((sim_time)1000000)
#define SIM_SEC ((sim_time)1000000000)
#define SIM_MIN (60 * SIM_SEC)
#define SIM_HOUR (60 * SIM_MIN)
#define SIM_DAY (24 * SIM_HOUR)
#define SIM_YEAR (365 * SIM_DAY)
#define SIM_TIME_MAX INT64_MAX

/* Seconds as a double, for output and for distributions. */
double sim_time_to_sec(sim_time t);
/* Nearest sim_time to s seconds; saturates at +-SIM_TIME_MAX. */
sim_time sim_time_from_sec(double s);

/* Parses a duration with a unit suffix: "250ms", "30s", "15m", "2h", "3d",
 * "1y", "1.5h", "500us", "10ns", or a sum of such terms with strictly
 * decreasing units, spaces allowed between them: "1h30m", "2d 12h", "1m30.5s"
 * (what sim_time_format writes parses back); a bare "0" is zero. Returns 0 and sets *out,
 * or SIM_EPARSE (no number, unknown or missing unit) or SIM_ERANGE
 * (overflow). Negative values parse; callers decide whether they make sense. */
int sim_time_parse(const char *text, sim_time *out);

/* Writes t as short human text in the largest unit that keeps it readable
 * ("250ms", "1.5s", "15m", "2h 30m"), always NUL-terminated. Returns buf. */
char *sim_time_format(sim_time t, char *buf, size_t size);

#endif
