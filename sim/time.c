/* Conversions of sim_time (int64 nanoseconds) to and from seconds and text.
 * Parsing is exact for integers with a unit; fractions round to nearest ns;
 * compound durations ("1h30m") add their terms, units strictly decreasing.
 * Text never parses to a value outside [-SIM_TIME_MAX, SIM_TIME_MAX]. */
#include "sim/time.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

double sim_time_to_sec(sim_time t)
{
    return (double)t / (double)SIM_SEC;
}

sim_time sim_time_from_sec(double s)
{
    double ns = s * (double)SIM_SEC;
    if (!(ns < 9.2e18))
        return isnan(ns) ? 0 : SIM_TIME_MAX;
    if (ns <= -9.2e18)
        return -SIM_TIME_MAX;
    /* llround without the libm call (it is on every event's path): truncate,
     * then round the exact remainder half away from zero. */
    sim_time t = (sim_time)ns;
    double rest = ns - (double)t;
    return t + (rest >= 0.5) - (rest <= -0.5);
}

static const struct {
    const char *suffix;
    sim_time unit;
} units[] = {
    {"ns", SIM_NS},  {"us", SIM_US}, {"ms", SIM_MS},     {"s", SIM_SEC},  {"m", SIM_MIN},
    {"h", SIM_HOUR}, {"d", SIM_DAY}, {"w", 7 * SIM_DAY}, {"y", SIM_YEAR}, {"min", SIM_MIN},
};

/* One term "<number><unit>" at *pp (leading spaces skipped): its value in ns
 * into *t and the unit's index into *unit (-1: a bare number, no unit). */
static int parse_term(const char **pp, sim_time *t, int *unit)
{
    const char *p = *pp;
    while (isspace((unsigned char)*p))
        p++;
    /* Integer part exactly, fraction as a double; at least one digit, and a
     * '.' must be followed by a digit ("1.h" and "." are errors). */
    bool digits = false;
    int64_t whole = 0;
    while (isdigit((unsigned char)*p)) {
        int d = *p++ - '0';
        if (whole > (INT64_MAX - d) / 10)
            return SIM_ERANGE;
        whole = whole * 10 + d;
        digits = true;
    }
    double frac = 0, scale = 0.1;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return SIM_EPARSE;
        while (isdigit((unsigned char)*p)) {
            frac += (*p++ - '0') * scale;
            scale /= 10;
        }
        digits = true;
    }
    if (!digits)
        return SIM_EPARSE;
    while (isspace((unsigned char)*p))
        p++;
    size_t len = 0;
    while (isalpha((unsigned char)p[len]))
        len++;
    *unit = -1;
    if (len == 0) {
        if (whole != 0 || frac != 0)
            return SIM_EPARSE;
        *t = 0;
        *pp = p;
        return 0;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strlen(units[i].suffix) == len && strncmp(units[i].suffix, p, len) == 0) {
            sim_time u = units[i].unit;
            if (whole > INT64_MAX / u)
                return SIM_ERANGE;
            sim_time f = (sim_time)llround(frac * (double)u);
            if (f > INT64_MAX - whole * u)
                return SIM_ERANGE;
            *t = whole * u + f;
            *unit = (int)i;
            *pp = p + len;
            return 0;
        }
    }
    return SIM_EPARSE;
}

int sim_time_parse(const char *text, sim_time *out)
{
    if (text == NULL)
        return SIM_EPARSE;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    int sign = 1;
    if (*p == '-' || *p == '+')
        sign = *p++ == '-' ? -1 : 1;
    /* A sum of terms with strictly decreasing units ("1h30m", "2d 12h"); a
     * bare 0 stands alone. */
    sim_time sum = 0, last = INT64_MAX;
    int terms = 0;
    for (;;) {
        sim_time t;
        int unit;
        int rc = parse_term(&p, &t, &unit);
        if (rc != 0)
            return rc;
        terms++;
        if (unit < 0 && terms == 1 && *p == '\0')
            break; /* a bare zero */
        if (unit < 0 || units[unit].unit >= last)
            return SIM_EPARSE;
        last = units[unit].unit;
        if (t > INT64_MAX - sum)
            return SIM_ERANGE;
        sum += t;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            break;
    }
    *out = sign * sum;
    return 0;
}

char *sim_time_format(sim_time t, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    const char *neg = t < 0 ? "-" : "";
    uint64_t a = t < 0 ? (uint64_t)(-(t + 1)) + 1 : (uint64_t)t;
    double d = (double)a;
    /* Each unit is used while its value, rounded to 3 digits, stays below the
     * next unit ("999.9996ms" is "1s", not "1e+03ms"). */
    if (t == SIM_TIME_MAX)
        snprintf(buf, size, "never");
    else if (a == 0)
        snprintf(buf, size, "0s");
    else if (a < (uint64_t)SIM_US)
        snprintf(buf, size, "%s%lluns", neg, (unsigned long long)a);
    else if (d / 1e3 < 999.5)
        snprintf(buf, size, "%s%.3gus", neg, d / 1e3);
    else if (d / 1e6 < 999.5)
        snprintf(buf, size, "%s%.3gms", neg, d / 1e6);
    else if (d / 1e9 < 59.95)
        snprintf(buf, size, "%s%.3gs", neg, d / 1e9);
    else if (d / (double)SIM_MIN < 59.95)
        snprintf(buf, size, "%s%.3gm", neg, d / (double)SIM_MIN);
    else if (a < (uint64_t)(2 * SIM_DAY)) {
        uint64_t h = a / (uint64_t)SIM_HOUR;
        uint64_t m = (a % (uint64_t)SIM_HOUR + (uint64_t)SIM_MIN / 2) / (uint64_t)SIM_MIN;
        if (m == 60) {
            h++;
            m = 0;
        }
        if (m)
            snprintf(buf, size, "%s%lluh %llum", neg, (unsigned long long)h, (unsigned long long)m);
        else
            snprintf(buf, size, "%s%lluh", neg, (unsigned long long)h);
    } else if (d / (double)SIM_DAY < 999.5)
        snprintf(buf, size, "%s%.3gd", neg, d / (double)SIM_DAY);
    else
        snprintf(buf, size, "%s%.0fd", neg, d / (double)SIM_DAY);
    return buf;
}
