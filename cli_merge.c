/* `regionsim merge DIR`: the shard files of DIR read back (format in
 * cli_shard.c). Every shard is checked before anything is written: the same
 * version, N and key, each index from 0 to N - 1 once, each file complete
 * (its trailer present). Then the run is done again from the header's
 * arguments, with each point's runs taken from the shards in task order
 * instead of simulated: task t is the next record of shard t % N. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models/run_store.h"

#define SHARD_MAGIC "RSIMSHRD"
#define SHARD_END UINT64_MAX
#define MAX_ARG 65536

struct shard_in {
    FILE *f;
    char path[4096];
    struct cli_shard_header h;
    char *cwd;
    uint64_t count; /* from the trailer */
};

struct cli_shards {
    int n;
    struct shard_in *in; /* by index */
    unsigned char *buf;  /* one packed run */
    size_t cap;
};

static bool get_u32(FILE *f, uint32_t *v)
{
    unsigned char b[4];
    if (fread(b, 1, 4, f) != 4)
        return false;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

static bool get_u64(FILE *f, uint64_t *v)
{
    uint32_t lo, hi;
    if (!get_u32(f, &lo) || !get_u32(f, &hi))
        return false;
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

static char *get_str(FILE *f)
{
    uint32_t n;
    if (!get_u32(f, &n) || n > MAX_ARG)
        return NULL;
    char *s = malloc(n + 1);
    if (s != NULL && fread(s, 1, n, f) != n) {
        free(s);
        return NULL;
    }
    if (s)
        s[n] = '\0';
    return s;
}

/* Reads the header and the trailer of path into sh (its file left at the
 * first task). Returns 0, or an error naming path. */
static int open_one(const char *path, struct shard_in *sh, struct sim_error *err)
{
    snprintf(sh->path, sizeof sh->path, "%s", path);
    sh->f = fopen(path, "rb");
    if (sh->f == NULL)
        return cli_os_error(err, "read", path, errno);
    char magic[8];
    uint32_t version, idx, n, argc;
    struct cli_shard_header *h = &sh->h;
    if (fread(magic, 1, 8, sh->f) != 8 || memcmp(magic, SHARD_MAGIC, 8) != 0 ||
        !get_u32(sh->f, &version))
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: not a regionsim shard file", path);
    if (version != CLI_SHARD_VERSION)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                             "%s: shard format %" PRIu32 ", this regionsim reads %u; merge with "
                             "the regionsim that made it",
                             path, version, CLI_SHARD_VERSION);
    if (!get_u32(sh->f, &idx) || !get_u32(sh->f, &n) ||
        fread(h->key, 1, CLI_SHARD_KEY, sh->f) != CLI_SHARD_KEY || !get_u64(sh->f, &h->tasks) ||
        (sh->cwd = get_str(sh->f)) == NULL || !get_u32(sh->f, &argc) || argc > 4096 ||
        (h->argv = calloc(argc + 1, sizeof *h->argv)) == NULL)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: a damaged shard header", path);
    h->index = (int)idx;
    h->n = (int)n;
    h->cwd = sh->cwd;
    for (h->argc = 0; h->argc < (int)argc; h->argc++)
        if ((h->argv[h->argc] = get_str(sh->f)) == NULL)
            return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: a damaged shard header", path);
    long start = ftell(sh->f);
    uint64_t end;
    if (fseek(sh->f, -16, SEEK_END) != 0 || !get_u64(sh->f, &end) || end != SHARD_END ||
        !get_u64(sh->f, &sh->count) || fseek(sh->f, start, SEEK_SET) != 0)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                             "%s: incomplete (no trailer): the shard's run did not finish; run "
                             "it again",
                             path);
    return 0;
}

static void close_one(struct shard_in *sh)
{
    if (sh->f)
        fclose(sh->f);
    for (int i = 0; sh->h.argv && i < sh->h.argc; i++)
        free(sh->h.argv[i]);
    free(sh->h.argv);
    free(sh->cwd);
}

void cli_shards_close(struct cli_shards *s)
{
    if (s == NULL)
        return;
    for (int i = 0; s->in && i < s->n; i++)
        close_one(&s->in[i]);
    free(s->in);
    free(s->buf);
    free(s);
}

/* Whether name is shard-I-of-N.regionsim-shard; fills i and n. */
static bool shard_name(const char *name, int *i, int *n)
{
    char back[128];
    if (sscanf(name, "shard-%d-of-%d.", i, n) != 2 || *n < 1 || *i < 0 || *i >= *n)
        return false;
    cli_shard_name(back, sizeof back, *i, *n);
    return strcmp(back, name) == 0;
}

/* Checks shard sh against the first one (index 0). */
static int same_run(const struct shard_in *first, const struct shard_in *sh, struct sim_error *err)
{
    if (memcmp(first->h.key, sh->h.key, CLI_SHARD_KEY) != 0 || first->h.tasks != sh->h.tasks)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                             "%s and %s come from different runs (their inputs, options or "
                             "regionsim versions differ): merge only shards of one command",
                             first->path, sh->path);
    uint64_t want = first->h.tasks / (uint64_t)sh->h.n +
                    ((uint64_t)sh->h.index < first->h.tasks % (uint64_t)sh->h.n);
    if (sh->count != want)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                             "%s holds %" PRIu64 " tasks, not %" PRIu64, sh->path, sh->count, want);
    return 0;
}

/* Lists dir's shards into s->in (by index): every one of N exactly once. */
static int find_shards(const char *dir, struct cli_shards *s, struct sim_error *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return cli_os_error(err, "read", dir, errno);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        int i, n;
        if (!shard_name(e->d_name, &i, &n))
            continue;
        if (s->n == 0 && (s->in = calloc((size_t)n, sizeof *s->in)) != NULL)
            s->n = n;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
            continue;
        if (s->in == NULL)
            rc = sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
        else if (n != s->n)
            rc = sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                               "%s: shards of %d and of %d in one directory: merge only shards "
                               "of one command",
                               dir, s->n, n);
        else
            rc = open_one(path, &s->in[i], err);
    }
    closedir(d);
    if (rc == 0 && s->n == 0)
        rc = sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                           "%s: no shard files (shard-I-of-N.regionsim-shard, made by "
                           "'regionsim run --shard I/N -o %s')",
                           dir, dir);
    for (int i = 0; rc == 0 && i < s->n; i++)
        if (s->in[i].f == NULL)
            rc = sim_error_set(err, SIM_EINVAL, NULL, 0, 0,
                               "%s: shard %d of %d is missing (run 'regionsim run --shard %d/%d' "
                               "with the same arguments)",
                               dir, i, s->n, i, s->n);
    for (int i = 0; rc == 0 && i < s->n; i++)
        rc = same_run(&s->in[0], &s->in[i], err);
    return rc;
}

struct cli_shards *cli_shards_open(const char *dir, struct sim_error *err)
{
    struct cli_shards *s = calloc(1, sizeof *s);
    if (s == NULL) {
        sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    if (find_shards(dir, s, err) != 0) {
        cli_shards_close(s);
        return NULL;
    }
    return s;
}

const struct cli_shard_header *cli_shards_header(const struct cli_shards *s)
{
    return &s->in[0].h;
}

/* Reads task t from its shard into slot i of store. */
static int take(struct cli_shards *s, uint64_t t, struct run_store *store, size_t i,
                struct incident_result *incidents, double *timelines, struct sim_error *err)
{
    struct shard_in *sh = &s->in[t % (uint64_t)s->n];
    uint64_t task;
    uint32_t size;
    if (!get_u64(sh->f, &task) || !get_u32(sh->f, &size) || task != t || size > (64u << 20))
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: task %" PRIu64 " is not next",
                             sh->path, t);
    if (size > s->cap) {
        unsigned char *b = realloc(s->buf, size);
        if (b == NULL)
            return sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
        s->buf = b;
        s->cap = size;
    }
    struct run_record rec;
    if (fread(s->buf, 1, size, sh->f) != size ||
        run_unpack(s->buf, size, &rec, incidents, timelines) != 0)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "%s: task %" PRIu64 " is damaged",
                             sh->path, t);
    return run_store_put(store, i, &rec, timelines, err);
}

int cli_shards_fill(struct cli_shards *s, uint64_t base, struct run_store *store,
                    struct sim_error *err)
{
    struct incident_result *incidents = malloc(RESULTS_MAX_INCIDENTS * sizeof *incidents);
    double *timelines = malloc(RUN_TIMELINE_VALUES * sizeof *timelines);
    int rc =
        incidents && timelines ? 0 : sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; rc == 0 && i < run_store_size(store); i++)
        rc = take(s, base + i, store, i, incidents, timelines, err);
    free(incidents);
    free(timelines);
    return rc;
}

int cli_merge_run(const char *dir, bool quiet, cli_parse_fn parse)
{
    struct sim_error err = {0};
    char abs[4096];
    struct cli_shards *s = realpath(dir, abs) ? cli_shards_open(abs, &err) : NULL;
    if (s == NULL) {
        if (err.message[0] == '\0')
            cli_os_error(&err, "read", dir, errno);
        fprintf(stderr, "regionsim: %s\n", err.message);
        return 2;
    }
    const struct cli_shard_header *h = cli_shards_header(s);
    /* the scenario files are named as the shards' command named them */
    if (chdir(h->cwd) != 0) {
        cli_os_error(&err, "enter", h->cwd, errno);
        fprintf(stderr, "regionsim: %s (where the shards ran: merge needs their files)\n",
                err.message);
        cli_shards_close(s);
        return 2;
    }
    struct cli_run_opts o;
    int rc = parse(h->argc, h->argv, &o);
    if (rc < 0) {
        o.command_out = o.out;
        o.out = abs;
        o.quiet = o.quiet || quiet;
        o.shard_count = 0;
        o.merge = s;
        rc = cli_run(h->argv + optind, h->argc - optind, &o);
    } else {
        rc = 2; /* the shards' own command line no longer parses */
    }
    cli_shards_close(s);
    return rc;
}
