/* Values as people write them: durations (250ms 30s 15m 2h 3d 1y), duration
 * distributions, sizes (KB = 1000 bytes, KiB = 1024), rates (200/s, 12k/min),
 * byte rates (250MB/s, 10Gbps), fractions (0.25 or 25%), numbers and booleans.
 * Each converter reports its own error at the value and writes *out only on success. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenarios/loader/internal.h"
#include "sim/error.h"

/* A finite number at the start of s; *end past it. False when none. */
static bool leading_number(const char *s, double *v, const char **end)
{
    if (!(isdigit((unsigned char)s[0]) || ((s[0] == '-' || s[0] == '+' || s[0] == '.') &&
                                           (isdigit((unsigned char)s[1]) || s[1] == '.'))))
        return false;
    char *e;
    errno = 0;
    double x = strtod(s, &e);
    if (e == s || !isfinite(x) || errno == ERANGE)
        return false;
    /* strtod reads hex floats and exponents; keep to decimal. */
    for (const char *p = s; p < e; p++)
        if (*p == 'x' || *p == 'X')
            return false;
    *v = x;
    *end = e;
    return true;
}

static bool whole_number(const char *s, double *v)
{
    const char *end;
    return leading_number(s, v, &end) && *end == '\0';
}

bool ldr_duration(struct ldr *L, yaml_node_t *n, const char *key, bool positive, sim_time *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    sim_time t;
    double bare;
    int rc = sim_time_parse(s, &t);
    if (rc == SIM_ERANGE) {
        ldr_error(L, n->start_mark, "'%s' is too long a duration: '%s' (at most about 292y)", key,
                  s);
        return false;
    }
    if (rc != 0) {
        if (whole_number(s, &bare))
            ldr_error(L, n->start_mark,
                      "'%s' needs a unit: write %ss, %sms, %sm or %sh (ms s m h d y)", key, s, s, s,
                      s);
        else
            ldr_error(L, n->start_mark,
                      "'%s' expects a duration like 250ms, 30s, 15m, 2h, 3d, 1y or 1h30m, got '%s'", key,
                      s);
        return false;
    }
    if (t < 0 || (positive && t == 0)) {
        ldr_error(L, n->start_mark, "'%s' must be %s, got '%s'", key,
                  positive ? "greater than zero" : "zero or more", s);
        return false;
    }
    *out = t;
    return true;
}

static const char *const dist_keys[] = {"median", "p95", "min", "max", "mean"};
enum { DIST_MEDIAN, DIST_P95, DIST_MIN, DIST_MAX, DIST_MEAN, DIST_KEYS };

/* Reads the keys of a distribution mapping into v[] (have[] says which were
 * given); false after an error. */
static bool dist_values(struct ldr *L, yaml_node_t *n, const char *key, sim_time *v, bool *have)
{
    bool ok = true;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ldr_node(L, p->key), *val = ldr_node(L, p->value);
        if (!k || !val || !ldr_enter(L, val))
            return false;
        const char *ks = ldr_scalar(L, k, key);
        int idx = -1;
        for (int i = 0; ks && i < DIST_KEYS; i++)
            if (strcmp(ks, dist_keys[i]) == 0)
                idx = i;
        if (ks && idx < 0) {
            const char *near = ldr_nearest(ks, dist_keys, DIST_KEYS);
            if (near)
                ldr_error(L, k->start_mark,
                          "unknown key '%s' in the distribution of '%s'; did you mean '%s'?", ks,
                          key, near);
            else
                ldr_error(L, k->start_mark,
                          "unknown key '%s' in the distribution of '%s'; write { median, p95 }, "
                          "{ min, max } or { mean }",
                          ks, key);
            ok = false;
        } else if (idx >= 0 && have[idx]) {
            ldr_error(L, k->start_mark, "duplicate key '%s'", ks);
            ok = false;
        } else if (idx >= 0) {
            have[idx] = ldr_duration(L, val, dist_keys[idx], false, &v[idx]);
            ok = ok && have[idx];
        } else {
            ok = false;
        }
        ldr_leave(L);
    }
    return ok;
}

/* Writes a distribution field by field over zeroed bytes: a struct
 * assigned whole may carry stack garbage in its padding, and
 * scenario_digest hashes the scenario's bytes (--resume's key changed from
 * one process to the next). */
static void set_dist(struct sim_dur *out, enum sim_dur_kind kind, sim_time a, sim_time b)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->a = a;
    out->b = b;
}

/* The distribution the given keys describe, checked; false after an error. */
static bool dist_build(struct ldr *L, yaml_node_t *n, const char *key, bool positive,
                       const sim_time *v, const bool *have, struct sim_dur *out)
{
    bool logn = have[DIST_MEDIAN] || have[DIST_P95], unif = have[DIST_MIN] || have[DIST_MAX];
    bool expo = have[DIST_MEAN];
    const char *bad = NULL;
    if (logn + unif + expo != 1)
        bad = "takes one of { median, p95 } (lognormal), { min, max } (uniform) or { mean } "
              "(exponential)";
    else if (logn && !(have[DIST_MEDIAN] && have[DIST_P95]))
        bad = "a lognormal needs both 'median' and 'p95'";
    else if (logn && (v[DIST_MEDIAN] <= 0 || v[DIST_P95] < v[DIST_MEDIAN]))
        bad = "need p95 >= median > 0";
    else if (unif && !(have[DIST_MIN] && have[DIST_MAX]))
        bad = "a uniform needs both 'min' and 'max'";
    else if (unif && v[DIST_MAX] < v[DIST_MIN])
        bad = positive ? "need max >= min and max > 0" : "need max >= min";
    else if (unif && positive && v[DIST_MAX] == 0)
        bad = "need max >= min and max > 0";
    else if (expo && positive && v[DIST_MEAN] == 0)
        bad = "the mean must be greater than zero";
    if (bad) {
        ldr_error(L, n->start_mark, logn + unif + expo != 1 ? "'%s' %s" : "'%s': %s", key, bad);
        return false;
    }
    if (logn)
        set_dist(out, SIM_DUR_LOGNORMAL, v[DIST_MEDIAN], v[DIST_P95]);
    else if (unif)
        set_dist(out, SIM_DUR_UNIFORM, v[DIST_MIN], v[DIST_MAX]);
    else
        set_dist(out, SIM_DUR_EXP, v[DIST_MEAN], 0);
    return true;
}

bool ldr_dist(struct ldr *L, yaml_node_t *n, const char *key, bool positive, struct sim_dur *out)
{
    if (n->type != YAML_MAPPING_NODE) {
        sim_time t;
        if (!ldr_duration(L, n, key, positive, &t))
            return false;
        set_dist(out, SIM_DUR_FIXED, t, 0);
        return true;
    }
    sim_time v[DIST_KEYS] = {0};
    bool have[DIST_KEYS] = {false};
    return dist_values(L, n, key, v, have) && dist_build(L, n, key, positive, v, have, out);
}

static const struct {
    const char *unit;
    double bytes;
} size_units[] = {
    {"B", 1},
    {"KB", 1e3},
    {"kB", 1e3},
    {"MB", 1e6},
    {"GB", 1e9},
    {"TB", 1e12},
    {"PB", 1e15},
    {"KiB", 1024.0},
    {"MiB", 1048576.0},
    {"GiB", 1073741824.0},
    {"TiB", 1099511627776.0},
    {"PiB", 1125899906842624.0},
};

/* Bytes of "500GB"; the unit is required (except for 0). */
static bool parse_size(const char *s, const char **end_unit, double *out, bool *missing_unit)
{
    const char *end;
    double x;
    *missing_unit = false;
    if (!leading_number(s, &x, &end) || x < 0)
        return false;
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < sizeof size_units / sizeof size_units[0]; i++) {
        size_t l = strlen(size_units[i].unit);
        if (strncmp(end, size_units[i].unit, l) == 0 && (end[l] == '\0' || end[l] == '/')) {
            *out = x * size_units[i].bytes;
            *end_unit = end + l;
            return true;
        }
    }
    if (*end == '\0' && x == 0) {
        *out = 0;
        *end_unit = end;
        return true;
    }
    *missing_unit = *end == '\0';
    return false;
}

bool ldr_size(struct ldr *L, yaml_node_t *n, const char *key, int64_t *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    const char *rest;
    double b;
    bool missing;
    if (!parse_size(s, &rest, &b, &missing) || *rest != '\0') {
        /* "2kb", "500gb": the unit in another case. */
        const char *u = s;
        while (*u && (isdigit((unsigned char)*u) || *u == '.'))
            u++;
        for (size_t i = 0; *u && u != s && i < sizeof size_units / sizeof size_units[0]; i++)
            if (strcasecmp(u, size_units[i].unit) == 0 && strcmp(u, size_units[i].unit) != 0) {
                ldr_error(L, n->start_mark, "'%s': unknown size unit '%s'; did you mean '%.*s%s'?",
                          key, u, (int)(u - s), s, size_units[i].unit);
                return false;
            }
        ldr_error(L, n->start_mark,
                  "'%s' expects a size like 2KB, 500GB or 1TB (KB = 1000 bytes; KiB, MiB, GiB, "
                  "TiB = 1024), got '%s'%s",
                  key, s, missing ? ": the unit is missing" : "");
        return false;
    }
    if (b > 9.0e18) {
        ldr_error(L, n->start_mark, "'%s' is too large: '%s'", key, s);
        return false;
    }
    *out = (int64_t)llround(b);
    return true;
}

/* Seconds in "/s", "/min", ...; 0 when not a time unit. */
static double per_unit(const char *u)
{
    static const struct {
        const char *name;
        double sec;
    } t[] = {{"s", 1}, {"sec", 1}, {"min", 60}, {"m", 60}, {"h", 3600}, {"d", 86400}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(u, t[i].name) == 0)
            return t[i].sec;
    return 0;
}

bool ldr_rate(struct ldr *L, yaml_node_t *n, const char *key, double *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    const char *end;
    double x, mult = 1, sec = 0;
    if (leading_number(s, &x, &end) && x >= 0) {
        if (*end == 'k' || *end == 'K')
            mult = 1e3, end++;
        else if (*end == 'M')
            mult = 1e6, end++;
        if (*end == '/')
            sec = per_unit(end + 1);
    }
    double bare;
    if (sec == 0 && whole_number(s, &bare)) {
        ldr_error(L, n->start_mark, "'%s' needs a unit: write %s/s, %s/min or %s/h", key, s, s, s);
        return false;
    }
    if (sec == 0) {
        ldr_error(L, n->start_mark, "'%s' expects a rate like 200/s, 12k/min or 1M/h, got '%s'",
                  key, s);
        return false;
    }
    double r = x * mult / sec;
    if (!(r <= LDR_MAX_RATE)) {
        ldr_error(L, n->start_mark,
                  "'%s' is %.3g per second; at most 1e9/s (1000M/s) is accepted", key, r);
        return false;
    }
    *out = r;
    return true;
}

bool ldr_byte_rate(struct ldr *L, yaml_node_t *n, const char *key, double *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    const char *rest, *end;
    double b, x, sec = 0;
    bool missing;
    if (parse_size(s, &rest, &b, &missing) && *rest == '/') {
        sec = per_unit(rest + 1);
    } else if (leading_number(s, &x, &end) && x >= 0) {
        static const struct {
            const char *u;
            double bits;
        } bps[] = {{"bps", 1}, {"kbps", 1e3}, {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}};
        while (*end == ' ')
            end++;
        for (size_t i = 0; i < sizeof bps / sizeof bps[0]; i++)
            if (strcmp(end, bps[i].u) == 0) {
                b = x * bps[i].bits / 8;
                sec = 1;
            }
    }
    if (sec == 0 || b <= 0) {
        ldr_error(L, n->start_mark,
                  "'%s' expects a positive transfer rate like 250MB/s, 1TB/h or 10Gbps, got '%s'",
                  key, s);
        return false;
    }
    *out = b / sec;
    return true;
}

bool ldr_fraction(struct ldr *L, yaml_node_t *n, const char *key, double *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    const char *end;
    double x;
    if (leading_number(s, &x, &end)) {
        if (strcmp(end, "%") == 0 && x >= 0 && x <= 100) {
            *out = x / 100;
            return true;
        }
        if (*end == '\0' && x >= 0 && x <= 1) {
            *out = x;
            return true;
        }
        if (*end == '\0' && x > 1 && x <= 100) {
            ldr_error(L, n->start_mark, "'%s' is a fraction from 0 to 1: write %g or %s%%", key,
                      x / 100, s);
            return false;
        }
    }
    ldr_error(L, n->start_mark,
              "'%s' expects a fraction from 0 to 1 or a percentage (0.25 or "
              "25%%), got '%s'",
              key, s);
    return false;
}

bool ldr_number(struct ldr *L, yaml_node_t *n, const char *key, double lo, double hi, double *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    double x;
    if (!whole_number(s, &x)) {
        ldr_error(L, n->start_mark, "'%s' expects a number, got '%s'", key, s);
        return false;
    }
    if (x < lo || x > hi) {
        ldr_error(L, n->start_mark, "'%s' must be between %g and %g, got %s", key, lo, hi, s);
        return false;
    }
    *out = x;
    return true;
}

bool ldr_integer(struct ldr *L, yaml_node_t *n, const char *key, long long lo, long long hi,
                 long long *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    double x;
    if (!whole_number(s, &x) || x != floor(x)) {
        ldr_error(L, n->start_mark, "'%s' expects a whole number, got '%s'", key, s);
        return false;
    }
    if (x < (double)lo || x > (double)hi) {
        ldr_error(L, n->start_mark, "'%s' must be between %lld and %lld, got %s", key, lo, hi, s);
        return false;
    }
    *out = (long long)x;
    return true;
}

bool ldr_bool(struct ldr *L, yaml_node_t *n, const char *key, bool *out)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    ldr_error(L, n->start_mark, "'%s' expects true or false, got '%s'", key, s);
    return false;
}

bool ldr_string(struct ldr *L, yaml_node_t *n, const char *key, char *out, size_t size)
{
    const char *s = ldr_scalar(L, n, key);
    if (s == NULL)
        return false;
    if (strlen(s) >= size) {
        ldr_error(L, n->start_mark, "'%s' is too long (at most %zu characters)", key, size - 1);
        return false;
    }
    strcpy(out, s);
    return true;
}
