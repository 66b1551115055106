/* Sweeps: a scenario file with `sweep:` axes (and --sweep axes from the
 * command line) becomes a grid of points, each the same file with its
 * values written in (and --set's before them), loaded and validated like a
 * file of its own. Every point keeps the file's seed, so the same failures
 * and arrivals hit every point and differences between points are paired.
 * Invariant: every point is loaded before any is returned; an error anywhere
 * returns none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/loader/internal.h"

/* The short name of an axis: its last key, or its whole path when another
 * axis ends in the same key. */
static void axis_label(const struct scenario_sweep *sw, int a, char *buf, size_t size)
{
    const char *path = sw->path[a];
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    bool clash = false;
    for (int b = 0; b < sw->n_axes; b++) {
        const char *o = strrchr(sw->path[b], '.');
        o = o ? o + 1 : sw->path[b];
        clash |= b != a && strcmp(o, last) == 0;
    }
    snprintf(buf, size, "%s", clash ? path : last);
    for (char *c = buf; *c; c++)
        if (*c == '.' || *c == '[' || *c == ']')
            *c = '-';
}

/* A directory-safe spelling of a value: letters, digits and '.'; '%' is
 * "pct", '/' is "per", anything else '-'. */
static void value_label(const char *v, char *buf, size_t size)
{
    size_t n = 0;
    for (; *v && n + 4 < size; v++) {
        char c = *v;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')
            buf[n++] = c;
        else if (c == '%' || c == '/')
            n += (size_t)snprintf(buf + n, size - n, "%s", c == '%' ? "pct" : "per");
        else if (n > 0 && buf[n - 1] != '-')
            buf[n++] = '-';
    }
    buf[n] = '\0';
}

/* "ttl-30s_standby-10pct": the point's name from its value of each axis. */
static void point_name(const struct scenario_sweep *sw, const int *value, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int a = 0; a < sw->n_axes && n < size; a++) {
        char label[SCENARIO_KEY_MAX], val[SCENARIO_VALUE_MAX];
        axis_label(sw, a, label, sizeof label);
        value_label(sw->value[a][value[a]], val, sizeof val);
        n += (size_t)snprintf(buf + n, size - n, "%s%s-%s", a ? "_" : "", label, val);
    }
}

/* Appends the --sweep axes to the file's; false (with a message) when the
 * grid is too large or a value repeats. */
static bool add_axes(const char *file, struct scenario_sweep *sw,
                     const struct scenario_sweep *extra, FILE *errors)
{
    for (int a = 0; extra && a < extra->n_axes; a++) {
        if (sw->n_axes == SCENARIO_MAX_AXES) {
            if (errors)
                fprintf(errors, "%s: error: more than %d sweep axes\n", file, SCENARIO_MAX_AXES);
            return false;
        }
        int k = sw->n_axes++;
        memcpy(sw->path[k], extra->path[a], sizeof sw->path[k]);
        sw->n_values[k] = extra->n_values[a];
        memcpy(sw->value[k], extra->value[a], sizeof sw->value[k]);
    }
    long points = 1;
    for (int a = 0; a < sw->n_axes; a++) {
        for (int i = 0; i < sw->n_values[a]; i++)
            for (int j = 0; j < i; j++)
                if (strcmp(sw->value[a][i], sw->value[a][j]) == 0) {
                    if (errors)
                        fprintf(errors, "%s: error: sweep of %s lists '%s' twice\n", file,
                                sw->path[a], sw->value[a][i]);
                    return false;
                }
        for (int b = 0; b < a; b++)
            if (strcmp(sw->path[a], sw->path[b]) == 0) {
                if (errors)
                    fprintf(errors, "%s: error: %s is swept twice\n", file, sw->path[a]);
                return false;
            }
        points *= sw->n_values[a];
    }
    if (points > SCENARIO_MAX_POINTS) {
        if (errors)
            fprintf(errors, "%s: error: the sweep has %ld points; at most %d are run at once\n",
                    file, points, SCENARIO_MAX_POINTS);
        return false;
    }
    return true;
}

/* Loads point p (value indices from p, the first axis slowest) into *pt;
 * its errors go to `errors` after a line naming the point. */
static int load_point(const char *file, const char *data, size_t size,
                      const struct scenario_set *sets, int n_sets, const struct scenario_sweep *sw,
                      long p, struct scenario_point *pt, FILE *errors)
{
    struct ldr_override ov[64 + SCENARIO_MAX_AXES];
    for (int a = sw->n_axes - 1; a >= 0; a--) {
        pt->value[a] = (int)(p % sw->n_values[a]);
        p /= sw->n_values[a];
    }
    point_name(sw, pt->value, pt->name, sizeof pt->name);
    char origin[SCENARIO_NAME_MAX + 16];
    snprintf(origin, sizeof origin, "sweep point %s:", pt->name);
    int n = 0;
    for (int i = 0; i < n_sets && n < 64; i++)
        ov[n++] = (struct ldr_override){sets[i].path, sets[i].value, "--set"};
    for (int a = 0; a < sw->n_axes; a++)
        ov[n++] = (struct ldr_override){sw->path[a], sw->value[a][pt->value[a]], origin};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = errors ? open_memstream(&buf, &len) : NULL;
    int bad = ldr_load(file, data, size, ov, n, NULL, &pt->s, mem);
    if (mem) {
        fclose(mem);
        if (bad && buf)
            fprintf(errors, "%s: in sweep point %s:\n%s", file, pt->name, buf);
        free(buf);
    }
    return bad;
}

int scenario_load_sweep(const char *path, const struct scenario_set *sets, int n_sets,
                        const struct scenario_sweep *extra, struct scenario_sweep *sweep,
                        struct scenario_point **points, int *n_points, FILE *errors)
{
    *points = NULL;
    *n_points = 0;
    memset(sweep, 0, sizeof *sweep);
    size_t size;
    char *data = ldr_read_scenario(path, &size, errors);
    if (data == NULL)
        return 1;
    if (n_sets > 64) {
        if (errors)
            fprintf(errors, "%s: error: more than 64 --set options\n", path);
        free(data);
        return 1;
    }
    struct ldr_override ov[64];
    for (int i = 0; i < n_sets; i++)
        ov[i] = (struct ldr_override){sets[i].path, sets[i].value, "--set"};
    struct scenario_point *base = calloc(1, sizeof *base); /* zero padding: s.digest hashes the bytes */
    int bad = base ? ldr_load(path, data, size, ov, n_sets, sweep, &base->s, errors) : 1;
    if (bad == 0 && !add_axes(path, sweep, extra, errors))
        bad = 1;
    long total = 1;
    for (int a = 0; a < sweep->n_axes; a++)
        total *= sweep->n_values[a];
    struct scenario_point *pts = NULL;
    if (bad == 0 && sweep->n_axes == 0) {
        base->name[0] = '\0';
        pts = base;
        base = NULL;
    } else if (bad == 0) {
        pts = calloc((size_t)total, sizeof *pts);
        bad = pts == NULL;
        for (long p = 0; pts && p < total; p++)
            bad += load_point(path, data, size, sets, n_sets, sweep, p, &pts[p], errors);
    }
    free(base);
    free(data);
    if (bad) {
        free(pts);
        return bad;
    }
    *points = pts;
    *n_points = (int)total;
    return 0;
}

/* Copies one axis (key: [values]) into sw; false after an error. */
static bool read_axis(struct ldr *L, yaml_node_t *k, yaml_node_t *v, struct scenario_sweep *sw)
{
    const char *key = ldr_scalar(L, k, "sweep");
    if (key == NULL)
        return false;
    if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start) {
        ldr_error(L, v->start_mark, "sweep of '%s' expects a list of values, e.g. [30s, 60s, 5m]",
                  key);
        return false;
    }
    if (strlen(key) >= SCENARIO_KEY_MAX) {
        ldr_error(L, k->start_mark, "'%s' is too long a key path", key);
        return false;
    }
    if (sw->n_axes == SCENARIO_MAX_AXES) {
        ldr_error(L, k->start_mark, "more than %d sweep axes", SCENARIO_MAX_AXES);
        return false;
    }
    int a = sw->n_axes++;
    snprintf(sw->path[a], sizeof sw->path[a], "%s", key);
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *x = ldr_node(L, *it);
        const char *val = x ? ldr_scalar(L, x, key) : NULL;
        if (val == NULL)
            return false;
        if (sw->n_values[a] == SCENARIO_MAX_SWEEP_VALUES || strlen(val) >= SCENARIO_VALUE_MAX) {
            ldr_error(L, x->start_mark, "at most %d values of at most %d characters per axis",
                      SCENARIO_MAX_SWEEP_VALUES, SCENARIO_VALUE_MAX - 1);
            return false;
        }
        snprintf(sw->value[a][sw->n_values[a]++], SCENARIO_VALUE_MAX, "%s", val);
    }
    return true;
}

void ldr_sweep_key(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)target;
    if (n->type != YAML_MAPPING_NODE) {
        ldr_error(L, n->start_mark,
                  "'sweep' expects a mapping of key paths to lists of values, e.g. "
                  "{ dns.ttl: [30s, 5m] }");
        return;
    }
    struct scenario_sweep local, *sw = L->sweep ? L->sweep : &local;
    memset(sw, 0, sizeof *sw);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ldr_node(L, p->key), *v = ldr_node(L, p->value);
        if (!k || !v || !read_axis(L, k, v, sw))
            return;
    }
}
