/* scenario_params: every row of the defaults table read back from a loaded
 * scenario. Invariant: a value is formatted by one function whether it comes
 * from the scenario or from the table, so "is default" is a text comparison
 * of two spellings made the same way. */
#include "scenarios/effective.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/rng.h"

/* A field's storage, to format a table default as a field. */
union field {
    int i;
    uint64_t u;
    unsigned bits;
    int64_t size;
    double d;
    bool b;
    sim_time t;
    struct sim_dur dist;
    struct sim_opt_time opt;
    struct scenario_opt_frac ofrac;
};

static void dur_text(const struct sim_dur *d, char *buf, size_t size)
{
    char a[32], b[32];
    sim_time_format(d->a, a, sizeof a);
    sim_time_format(d->b, b, sizeof b);
    switch (d->kind) {
    case SIM_DUR_FIXED:
        snprintf(buf, size, "%s", a);
        return;
    case SIM_DUR_LOGNORMAL:
        snprintf(buf, size, "{ median: %s, p95: %s }", a, b);
        return;
    case SIM_DUR_UNIFORM:
        snprintf(buf, size, "{ min: %s, max: %s }", a, b);
        return;
    case SIM_DUR_EXP:
        snprintf(buf, size, "{ mean: %s }", a);
        return;
    }
    snprintf(buf, size, "?");
}

/* Bytes as a scenario file writes them: the largest unit that holds them
 * whole (decimal first, then binary: "100GB", "200MiB"), else the largest
 * decimal one to three significant digits. */
static void size_text(double bytes, const char *per, char *buf, size_t size)
{
    static const struct {
        const char *name;
        double bytes;
    } units[] = {{"PB", 1e15},
                 {"TB", 1e12},
                 {"GB", 1e9},
                 {"MB", 1e6},
                 {"KB", 1e3},
                 {"PiB", 1125899906842624.0},
                 {"TiB", 1099511627776.0},
                 {"GiB", 1073741824.0},
                 {"MiB", 1048576.0},
                 {"KiB", 1024.0}};
    const size_t n = sizeof units / sizeof *units;
    for (size_t i = 0; i < n; i++) {
        double x = bytes / units[i].bytes;
        if (x >= 1 && x == round(x)) {
            snprintf(buf, size, "%.15g%s%s", x, units[i].name, per);
            return;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (bytes >= units[i].bytes) {
            snprintf(buf, size, "%.3g%s%s", bytes / units[i].bytes, units[i].name, per);
            return;
        }
    snprintf(buf, size, "%.6gB%s", bytes, per);
}

/* A number in its row's unit: rates per second, transfer rates in bytes. */
static void num_text(const struct scenario_default *d, double x, char *buf, size_t size)
{
    if (d->unit && strcmp(d->unit, "rate") == 0)
        snprintf(buf, size, "%.6g/s", x);
    else if (d->unit && strcmp(d->unit, "transfer rate") == 0)
        size_text(x, "/s", buf, size);
    else
        snprintf(buf, size, "%.6g", x);
}

/* Set bits of `bits` by their names: "[png, svg]". */
static void bits_text(const struct scenario_default *d, unsigned bits, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "[");
    for (int i = 0, n = 0; i < d->n_names && len < size; i++)
        if (bits & (1u << i))
            len += (size_t)snprintf(buf + len, size - len, "%s%s", n++ ? ", " : "", d->names[i]);
    if (len < size)
        snprintf(buf + len, size - len, "]");
}

/* The value of row d's type stored at p (any alignment) as text: an enum
 * by its name, bits by theirs, when the row names them. */
static void value_text(const struct scenario_default *d, const void *p, char *buf, size_t size)
{
    union field f;
    memset(&f, 0, sizeof f);
    switch (d->type) {
    case SCENARIO_DEF_INT:
        memcpy(&f.i, p, sizeof f.i);
        if (d->names && f.i >= 0 && f.i < d->n_names && d->names[f.i])
            snprintf(buf, size, "%s", d->names[f.i]);
        else
            snprintf(buf, size, "%d", f.i);
        return;
    case SCENARIO_DEF_U64:
        memcpy(&f.u, p, sizeof f.u);
        snprintf(buf, size, "%" PRIu64, f.u);
        return;
    case SCENARIO_DEF_BITS:
        memcpy(&f.bits, p, sizeof f.bits);
        if (d->names)
            bits_text(d, f.bits, buf, size);
        else
            snprintf(buf, size, "0x%x", f.bits);
        return;
    case SCENARIO_DEF_SIZE:
        memcpy(&f.size, p, sizeof f.size);
        size_text((double)f.size, "", buf, size);
        return;
    case SCENARIO_DEF_NUM:
        memcpy(&f.d, p, sizeof f.d);
        num_text(d, f.d, buf, size);
        return;
    case SCENARIO_DEF_SAMPLE:
        memcpy(&f.d, p, sizeof f.d);
        if (f.d == SCENARIO_SAMPLE_AUTO || f.d < 0)
            snprintf(buf, size, "%s", f.d < 0 ? "exact" : "auto");
        else
            snprintf(buf, size, "%.6g/s", f.d);
        return;
    case SCENARIO_DEF_BOOL:
        memcpy(&f.b, p, sizeof f.b);
        snprintf(buf, size, "%s", f.b ? "true" : "false");
        return;
    case SCENARIO_DEF_TIME:
        memcpy(&f.t, p, sizeof f.t);
        sim_time_format(f.t, buf, size);
        return;
    case SCENARIO_DEF_DIST:
        memcpy(&f.dist, p, sizeof f.dist);
        dur_text(&f.dist, buf, size);
        return;
    case SCENARIO_DEF_OPT:
        memcpy(&f.opt, p, sizeof f.opt);
        if (f.opt.set)
            sim_time_format(f.opt.v, buf, size);
        else
            snprintf(buf, size, "none");
        return;
    case SCENARIO_DEF_OFRAC:
        memcpy(&f.ofrac, p, sizeof f.ofrac);
        if (f.ofrac.set)
            snprintf(buf, size, "%.6g", f.ofrac.v);
        else
            snprintf(buf, size, "none");
        return;
    case SCENARIO_DEF_STR:
        snprintf(buf, size, "%s", (const char *)p);
        return;
    case SCENARIO_DEF_NONE:
        break;
    }
    snprintf(buf, size, "-");
}

static void default_text(const struct scenario_default *d, char *buf, size_t size)
{
    union field f;
    memset(&f, 0, sizeof f);
    switch (d->type) {
    case SCENARIO_DEF_INT:
        f.i = (int)d->v.i;
        break;
    case SCENARIO_DEF_U64:
        f.u = (uint64_t)d->v.i;
        break;
    case SCENARIO_DEF_BITS:
        f.bits = (unsigned)d->v.i;
        break;
    case SCENARIO_DEF_SIZE:
        f.size = (int64_t)d->v.i;
        break;
    case SCENARIO_DEF_NUM:
    case SCENARIO_DEF_SAMPLE:
        f.d = d->v.d;
        break;
    case SCENARIO_DEF_BOOL:
        f.b = d->v.b;
        break;
    case SCENARIO_DEF_TIME:
        f.t = d->v.t;
        break;
    case SCENARIO_DEF_DIST:
        f.dist = d->v.dist;
        break;
    case SCENARIO_DEF_OPT:
        f.opt = d->v.opt;
        break;
    case SCENARIO_DEF_OFRAC:
        f.ofrac = d->v.ofrac;
        break;
    case SCENARIO_DEF_STR:
        snprintf(buf, size, "%s", d->v.s);
        return;
    case SCENARIO_DEF_NONE:
        break;
    }
    value_text(d, &f, buf, size);
}

/* A row of unit "region" holds an index into s->regions: its name, or
 * "none" when negative. False when d is not such a row. */
static bool region_text(const struct scenario *s, const struct scenario_default *d, int i,
                        char *buf, size_t size)
{
    if (d->type != SCENARIO_DEF_INT || d->unit == NULL || strcmp(d->unit, "region") != 0)
        return false;
    if (i >= 0 && i < s->n_regions)
        snprintf(buf, size, "%s", s->regions[i].name);
    else
        snprintf(buf, size, i < 0 ? "none" : "%d", i);
    return true;
}

/* Reports row d (the default that applies) read from base, of scenario s. */
static void emit(const struct scenario *s, const struct scenario_default *d, const char *key,
                 const void *base, void (*fn)(const struct scenario_param *p, void *ctx), void *ctx)
{
    struct scenario_param p = {.source = d->source};
    char def[sizeof p.value];
    snprintf(p.key, sizeof p.key, "%s", key);
    const char *at = (const char *)base + d->offset;
    int i = 0;
    memcpy(&i, at, d->type == SCENARIO_DEF_INT ? sizeof i : 0);
    if (!region_text(s, d, i, p.value, sizeof p.value))
        value_text(d, at, p.value, sizeof p.value);
    if (!region_text(s, d, (int)d->v.i, def, sizeof def))
        default_text(d, def, sizeof def);
    p.is_default = strcmp(def, p.value) == 0;
    if (p.is_default && d->absent)
        snprintf(p.value, sizeof p.value, "%s", d->absent);
    fn(&p, ctx);
}

/* The override of base row i for strategy name, or row i itself. */
static const struct scenario_default *row_for(int i, const char *name)
{
    const struct scenario_default *b = scenario_default_at(i);
    for (int j = i + 1; j < scenario_default_count(); j++) {
        const struct scenario_default *o = scenario_default_at(j);
        if (o->strategy && strcmp(o->key, b->key) == 0 && strcmp(o->strategy, name) == 0)
            return o;
    }
    return b;
}

void scenario_params(const struct scenario *s, const char *const *names,
                     bool (*applies)(int k, const char *key),
                     void (*fn)(const struct scenario_param *p, void *ctx), void *ctx)
{
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (d->scope == SCENARIO_SCOPE_TOP && d->type != SCENARIO_DEF_NONE)
            emit(s, d, d->key, s, fn, ctx);
    }
    for (int k = 0; k < SCENARIO_MAX_STRATEGIES; k++) {
        if (!s->strategies[k].enabled || names[k] == NULL)
            continue;
        for (int i = 0; i < scenario_default_count(); i++) {
            const struct scenario_default *d = scenario_default_at(i);
            if (d->scope != SCENARIO_SCOPE_STRATEGY || d->strategy || d->type == SCENARIO_DEF_NONE)
                continue;
            const char *sub = d->key + strlen("strategies.*.");
            if (applies && !applies(k, sub))
                continue;
            char key[96];
            /* "strategies.*.standby" -> "strategies.warm_standby.standby" */
            snprintf(key, sizeof key, "strategies.%s.%s", names[k], sub);
            emit(s, row_for(i, names[k]), key, &s->strategies[k], fn, ctx);
        }
    }
}
