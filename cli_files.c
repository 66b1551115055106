/* The results on disk: one scenario's directory, the batch's index.html and
 * combined summary.csv, the output directory's checks and lock, and what
 * --resume reads back. Invariants: a file is written under a fresh name made
 * with O_EXCL (mkstemp beside it, so a planted link is never followed) and
 * renamed into place; a scenario's directory is written whole into a fresh
 * temporary directory and swapped in, so DIR/<scenario>/ holds one run's
 * complete set or the previous one, never a mixture. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "plots/index.h"
#include "plots/plot.h"
#include "plots/report.h"

int cli_os_error(struct sim_error *err, const char *what, const char *path, int errnum)
{
    char why[128];
    snprintf(why, sizeof why, "%s", strerror(errnum ? errnum : EIO));
    if (why[0] >= 'A' && why[0] <= 'Z' && (why[1] < 'A' || why[1] > 'Z'))
        why[0] = (char)(why[0] - 'A' + 'a'); /* "No space left" -> "no space left" */
    return sim_error_set(err, SIM_EIO, NULL, 0, 0, "cannot %s %s: %s", what, path, why);
}

int cli_mkdirs(const char *path, struct sim_error *err)
{
    char p[4096];
    if (path[0] == '\0')
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "an empty directory name");
    if ((size_t)snprintf(p, sizeof p, "%s", path) >= sizeof p)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                return cli_os_error(err, "create", p, errno);
            *s = c;
            if (c == '\0')
                break;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return cli_os_error(err, "create", path, errno);
    if (!S_ISDIR(st.st_mode))
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s exists and is not a directory", path);
    return 0;
}

/* The mode new files and directories get: what open(2) and mkdir(2) would
 * give under the process's umask (mkstemp and mkdtemp give 0600/0700). */
static mode_t umask_now(void)
{
    static mode_t mask = (mode_t)-1;
    if (mask == (mode_t)-1) {
        mask = umask(022);
        umask(mask);
    }
    return mask;
}

int cli_close_file(FILE *f, int rc, const char *path, struct sim_error *err)
{
    errno = 0;
    int e = 0;
    if (fflush(f) != 0 || ferror(f))
        e = errno ? errno : EIO;
    if (fclose(f) != 0 && e == 0)
        e = errno ? errno : EIO;
    if (e != 0)
        return cli_os_error(err, "write", path, e);
    if (rc != 0)
        return sim_error_set(err, rc, NULL, 0, 0, "cannot write %s: %s", path, sim_strerror(rc));
    return 0;
}

typedef int (*writer_fn)(const void *ctx, FILE *f);

/* Writes path through fn into a fresh PATH.XXXXXX, then renames it into
 * place. Returns 0, or a negative SIM_E code with err filled and no
 * temporary file left. */
static int write_atomic(const char *path, writer_fn fn, const void *ctx, struct sim_error *err)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", path);
    int fd = mkstemp(tmp); /* O_CREAT|O_EXCL: never follows a planted link */
    if (fd < 0)
        return cli_os_error(err, "create a file beside", path, errno);
    cli_temp_push(tmp);
    FILE *f = fchmod(fd, 0666 & ~umask_now()) == 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlink(tmp);
        cli_temp_pop(tmp);
        return cli_os_error(err, "write", path, e);
    }
    int rc = cli_close_file(f, fn(ctx, f), path, err);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = cli_os_error(err, "write", path, errno);
    if (rc != 0)
        unlink(tmp);
    cli_temp_pop(tmp);
    return rc;
}

struct doc_ctx {
    const struct summary *r;
    unsigned formats;
};

static int w_summary_csv(const void *c, FILE *f)
{
    return report_write_summary_csv(((const struct doc_ctx *)c)->r, f, true);
}
static int w_summary_json(const void *c, FILE *f)
{
    return report_write_summary_json(((const struct doc_ctx *)c)->r, f);
}
static int w_runs_csv(const void *c, FILE *f)
{
    return report_write_runs_csv(((const struct doc_ctx *)c)->r, f);
}
static int w_incidents_csv(const void *c, FILE *f)
{
    return report_write_incidents_csv(((const struct doc_ctx *)c)->r, f);
}
static int w_timeline_csv(const void *c, FILE *f)
{
    return report_write_timeline_csv(((const struct doc_ctx *)c)->r, f);
}
static int w_markdown(const void *c, FILE *f)
{
    const struct doc_ctx *d = c;
    return report_write_markdown(d->r, f, d->formats);
}
static int w_html(const void *c, FILE *f)
{
    return report_write_html(((const struct doc_ctx *)c)->r, f);
}

static int join(char *out, size_t size, const char *dir, const char *name, struct sim_error *err)
{
    if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s/%s", dir, name);
    return 0;
}

/* Every document of a scenario's directory, summary.json last (its presence
 * marks complete results); one list for writing and for --resume's check. */
static const struct {
    const char *name;
    writer_fn fn;
} docs[] = {{"summary.csv", w_summary_csv},     {"runs.csv", w_runs_csv},
            {"incidents.csv", w_incidents_csv}, {"timeline.csv", w_timeline_csv},
            {"report.md", w_markdown},          {"report.html", w_html},
            {"summary.json", w_summary_json}};
static const unsigned fmt_bits[] = {REPORT_FORMAT_PNG, REPORT_FORMAT_SVG, REPORT_FORMAT_PDF};
static const char *const fmt_ext[] = {"png", "svg", "pdf"};

/* dir/plots/<chart>.<ext> of chart c in format k. */
static int chart_path(char *out, size_t size, const char *dir, int c, int k, struct sim_error *err)
{
    if ((size_t)snprintf(out, size, "%s/plots/%s.%s", dir, plot_chart_file(c), fmt_ext[k]) >= size)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s/plots", dir);
    return 0;
}

/* Writes every file of r into the existing, empty directory dir. */
static int write_set(const struct summary *r, const char *dir, unsigned formats,
                     struct sim_error *err)
{
    char path[4096];
    int rc;
    if (formats) {
        if ((rc = join(path, sizeof path, dir, "plots", err)) != 0)
            return rc;
        if (mkdir(path, 0777 & ~umask_now()) != 0)
            return cli_os_error(err, "create", path, errno);
        for (int c = 0; c < PLOT_CHART_COUNT; c++)
            for (int k = 0; k < 3; k++) {
                if (!(formats & fmt_bits[k]) || !plot_chart_applies(r, c))
                    continue;
                if ((rc = chart_path(path, sizeof path, dir, c, k, err)) != 0)
                    return rc;
                errno = 0;
                if ((rc = plot_write_file(r, c, fmt_bits[k], path)) != 0)
                    return errno ? cli_os_error(err, "write", path, errno)
                                 : sim_error_set(err, rc, NULL, 0, 0, "cannot write %s: %s", path,
                                                 sim_strerror(rc));
            }
    }
    const struct doc_ctx ctx = {r, formats};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        if ((rc = join(path, sizeof path, dir, docs[i].name, err)) != 0 ||
            (rc = write_atomic(path, docs[i].fn, &ctx, err)) != 0)
            return rc;
    }
    return 0;
}

/* Removes path and, when it is a directory, everything under it; links are
 * removed, never followed. Returns 0 or -1 (errno set). */
static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (d == NULL)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char sub[4096];
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub ||
            remove_tree(sub) != 0)
            rc = -1;
    }
    closedir(d);
    return rc == 0 ? rmdir(path) : -1;
}

/* Splits dir into its parent and last name: "out/shop" -> "out", "shop". */
static int split_dir(const char *dir, char *parent, size_t size, const char **name,
                     struct sim_error *err)
{
    const char *slash = strrchr(dir, '/');
    if (slash == NULL || slash[1] == '\0')
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: not DIR/NAME", dir);
    if ((size_t)snprintf(parent, size, "%.*s", slash == dir ? 1 : (int)(slash - dir), dir) >= size)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", dir);
    *name = slash + 1;
    return 0;
}

/* Puts the complete directory fresh in place of dir (absent, or a directory
 * of earlier results, which is removed). Between the two renames dir is
 * briefly absent, never mixed. */
static int swap_in(const char *fresh, const char *dir, const char *parent, const char *name,
                   struct sim_error *err)
{
    char old[4096];
    struct stat st;
    bool had = lstat(dir, &st) == 0;
    if (had && !S_ISDIR(st.st_mode))
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s exists and is not a directory", dir);
    if (had) {
        if ((size_t)snprintf(old, sizeof old, "%s/.%s.old.XXXXXX", parent, name) >= sizeof old)
            return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", dir);
        /* renaming onto the fresh empty directory replaces it */
        if (mkdtemp(old) == NULL || rename(dir, old) != 0) {
            int e = errno;
            rmdir(old);
            return cli_os_error(err, "replace", dir, e);
        }
    }
    if (rename(fresh, dir) != 0) {
        int e = errno;
        if (had)
            rename(old, dir);
        return cli_os_error(err, "replace", dir, e);
    }
    if (had) { /* garbage now: a second signal may remove it too */
        cli_temp_push(old);
        remove_tree(old);
        cli_temp_pop(old);
    }
    return 0;
}

int cli_stage_begin(const char *dir, char *fresh, size_t size, struct sim_error *err)
{
    char parent[4096];
    const char *name = NULL;
    int rc = split_dir(dir, parent, sizeof parent, &name, err);
    if (rc == 0)
        rc = cli_mkdirs(parent, err);
    if (rc != 0)
        return rc;
    if ((size_t)snprintf(fresh, size, "%s/.%s.XXXXXX", parent, name) >= size)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", dir);
    if (mkdtemp(fresh) == NULL)
        return cli_os_error(err, "create a directory beside", dir, errno);
    cli_temp_push(fresh);
    if (chmod(fresh, 0777 & ~umask_now()) != 0) {
        rc = cli_os_error(err, "create", fresh, errno);
        remove_tree(fresh);
        cli_temp_pop(fresh);
    }
    return rc;
}

int cli_stage_end(const char *fresh, const char *dir, int rc, struct sim_error *err)
{
    char parent[4096];
    const char *name = NULL;
    if (rc == 0)
        rc = split_dir(dir, parent, sizeof parent, &name, err);
    if (rc == 0)
        rc = swap_in(fresh, dir, parent, name, err);
    if (rc != 0)
        remove_tree(fresh);
    cli_temp_pop(fresh);
    return rc;
}

int cli_write_file(const char *dir, const char *name, int (*fn)(const void *ctx, FILE *f),
                   const void *ctx, struct sim_error *err)
{
    char path[4096];
    int rc = join(path, sizeof path, dir, name, err);
    return rc == 0 ? write_atomic(path, fn, ctx, err) : rc;
}

int cli_write_results(const struct summary *r, const char *dir, unsigned formats,
                      struct sim_error *err)
{
    char fresh[4096];
    int rc = cli_stage_begin(dir, fresh, sizeof fresh, err);
    if (rc != 0)
        return rc;
    return cli_stage_end(fresh, dir, write_set(r, fresh, formats, err), err);
}

struct index_ctx {
    const char *dir;
    const struct report_index_entry *e;
    int n;
};

static int w_index_csv(const void *c, FILE *f)
{
    const struct index_ctx *x = c;
    fputs(report_summary_header, f);
    for (int i = 0; i < x->n; i++) {
        if (!x->e[i].complete || x->e[i].sweep)
            continue; /* a sweep's rows are in its sweep.csv */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/summary.csv", x->dir, x->e[i].name);
        FILE *in = fopen(path, "r");
        if (in == NULL)
            return SIM_EIO;
        char line[8192];
        bool first = true;
        while (fgets(line, sizeof line, in)) {
            if (!first)
                fputs(line, f);
            first = false;
        }
        int bad = ferror(in);
        fclose(in);
        if (bad)
            return SIM_EIO;
    }
    return ferror(f) ? SIM_EIO : 0;
}

static int w_index_html(const void *c, FILE *f)
{
    const struct index_ctx *x = c;
    return report_write_index_html(x->e, x->n, f);
}

int cli_write_index(const char *dir, const struct report_index_entry *entries, int n,
                    struct sim_error *err)
{
    char path[4096];
    const struct index_ctx ctx = {dir, entries, n};
    int rc = cli_mkdirs(dir, err);
    if (rc == 0 && (rc = join(path, sizeof path, dir, "summary.csv", err)) == 0)
        rc = write_atomic(path, w_index_csv, &ctx, err);
    if (rc == 0 && (rc = join(path, sizeof path, dir, "index.html", err)) == 0)
        rc = write_atomic(path, w_index_html, &ctx, err);
    return rc;
}

/* The text after `"key": ` in json, up to the next comma or newline. */
static bool json_field(const char *json, const char *key, char *out, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    if (p == NULL)
        return false;
    p += strlen(pat);
    size_t n = strcspn(p, ",\n");
    if (n >= size)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* True when every file of a complete result set for formats is in dir: the
 * documents, and each chart summary.json (json) lists as drawn. */
static bool set_complete(const char *dir, unsigned formats, const char *json)
{
    const char *charts = strstr(json, "\n  \"charts\": [");
    const char *end = charts ? strchr(charts, ']') : NULL;
    if (end == NULL)
        return false;
    char path[4096];
    struct stat st;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        if (join(path, sizeof path, dir, docs[i].name, NULL) != 0 || stat(path, &st) != 0 ||
            !S_ISREG(st.st_mode))
            return false;
    for (int c = 0; c < PLOT_CHART_COUNT; c++) {
        char name[64];
        snprintf(name, sizeof name, "\"%s\"", plot_chart_file(c));
        const char *at = strstr(charts, name);
        if (at == NULL || at > end)
            continue; /* not drawn: it does not apply */
        for (int k = 0; k < 3; k++)
            if ((formats & fmt_bits[k]) && (chart_path(path, sizeof path, dir, c, k, NULL) != 0 ||
                                            stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
                return false;
    }
    return true;
}

/* True when json opens with the provenance s would be written with now. */
static bool same_provenance(const char *json, const struct scenario *s)
{
    char *want = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&want, &size);
    if (f == NULL)
        return false;
    fputs("{\n", f);
    int rc = report_write_provenance(s, f);
    bool ok = fclose(f) == 0 && rc == 0 && strncmp(json, want, size) == 0;
    free(want);
    return ok;
}

bool cli_resume_ok(const char *dir, const struct scenario *s, struct report_index_entry *e)
{
    char path[4096], json[16384];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    size_t n = fread(json, 1, sizeof json - 1, f);
    fclose(f);
    json[n] = '\0';
    char cheapest[64];
    if (!same_provenance(json, s) || !set_complete(dir, s->report.formats, json))
        return false;
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", s->name);
    snprintf(e->description, sizeof e->description, "%s", s->description);
    if (json_field(json, "cheapest_meeting_targets", cheapest, sizeof cheapest) &&
        cheapest[0] == '"') {
        size_t len = strlen(cheapest);
        cheapest[len - 1] = '\0';
        for (int k = 0; k < strategy_count(); k++)
            if (strcmp(cheapest + 1, strategy_key(k)) == 0)
                snprintf(e->cheapest, sizeof e->cheapest, "%s", strategy_label(k));
    }
    e->complete = true;
    return true;
}

int cli_prepare_out(const char *out, const char *const *names, int n, struct sim_error *err)
{
    int rc = cli_mkdirs(out, err);
    if (rc != 0)
        return rc;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/.regionsim.probe.XXXXXX", out) >= sizeof path)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", out);
    int fd = mkstemp(path);
    if (fd < 0)
        return cli_os_error(err, "write into", out, errno);
    close(fd);
    unlink(path);
    for (int i = 0; i < n; i++) {
        struct stat st;
        if ((rc = join(path, sizeof path, out, names[i], err)) != 0)
            return rc;
        if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
            return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                                 "%s exists and is not a directory; regionsim replaces only "
                                 "directories of results",
                                 path);
    }
    return 0;
}

int cli_lock_out(const char *out, bool shared, struct sim_error *err)
{
    char path[4096];
    int rc = join(path, sizeof path, out, ".regionsim.lock", err);
    if (rc != 0)
        return rc;
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return cli_os_error(err, "open the lock file", path, errno);
    if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                                 "%s is in use by another regionsim run (it holds %s); wait "
                                 "for it to end or choose another -o",
                                 out, path);
        return cli_os_error(err, "lock", path, e);
    }
    return fd;
}

/* Reads all of path (at most 16 MiB) into a NUL-terminated buffer, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1 || cap >= (16u << 20))
            break;
        char *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
        } else {
            buf = grown;
            cap *= 2;
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (buf == NULL || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

int cli_results_meet(const char *dir, const char *key)
{
    char path[4096];
    if (join(path, sizeof path, dir, "summary.json", NULL) != 0)
        return -1;
    char *json = slurp(path);
    if (json == NULL)
        return -1;
    int met = 0;
    static const char tag[] = "\n      \"strategy\": \"";
    for (const char *p = strstr(json, tag); p != NULL; p = strstr(p, tag)) {
        p += sizeof tag - 1;
        size_t n = strcspn(p, "\"");
        char value[16];
        bool named = key == NULL || (strlen(key) == n && strncmp(p, key, n) == 0);
        if (named && json_field(p, "meets_targets", value, sizeof value) &&
            strcmp(value, "true") == 0)
            met = 1;
    }
    free(json);
    return met;
}
