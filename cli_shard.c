/* Shard files: what `regionsim run --shard I/N` leaves for `regionsim merge`.
 * A run's tasks are numbered across its files, points and runs (slot i of a
 * point whose first task is B is task B + i); shard I holds every task t
 * with t % N == I, in increasing t, each as run_pack bytes. Layout (all
 * integers little-endian):
 *   "RSIMSHRD" u32 version, u32 I, u32 N, key[32], u64 tasks in the run,
 *   str cwd, u32 argc, argc x str      (str: u32 length, bytes)
 *   per task: u64 t, u32 length, packed run
 *   u64 UINT64_MAX, u64 number of tasks in this shard   (the trailer)
 * The key is the SHA-256 of everything that decides the results (see
 * cli_run.c); merge refuses shards whose keys, N or version differ, a
 * missing or repeated index and a shard without its trailer. Invariant: a
 * shard file appears whole (written under a temporary name, then renamed)
 * or not at all. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "models/run_store.h"

#define SHARD_MAGIC "RSIMSHRD"
#define SHARD_END UINT64_MAX

void cli_shard_key(const char *text, size_t size, unsigned char key[CLI_SHARD_KEY])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, size, (const uint8_t *)text);
    sha256_digest(&ctx, CLI_SHARD_KEY, key);
}

void cli_shard_name(char *buf, size_t size, int i, int n)
{
    snprintf(buf, size, "shard-%d-of-%d.regionsim-shard", i, n);
}

static void put_u32(FILE *f, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        fputc((int)(v >> (8 * i) & 0xff), f);
}

static void put_u64(FILE *f, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        fputc((int)(v >> (8 * i) & 0xff), f);
}

static void put_str(FILE *f, const char *s)
{
    put_u32(f, (uint32_t)strlen(s));
    fputs(s, f);
}

struct cli_shard_out {
    FILE *f;
    char tmp[4104], path[4096];
    uint64_t count;
    unsigned char *buf;
};

struct cli_shard_out *cli_shard_create(const char *dir, const struct cli_shard_header *h,
                                       struct sim_error *err)
{
    struct cli_shard_out *s = calloc(1, sizeof *s);
    if (s == NULL) {
        sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    char name[128];
    cli_shard_name(name, sizeof name, h->index, h->n);
    snprintf(s->path, sizeof s->path, "%s/%s", dir, name);
    snprintf(s->tmp, sizeof s->tmp, "%s.XXXXXX", s->path);
    int fd = mkstemp(s->tmp); /* O_EXCL: never follows a planted link */
    mode_t mask = umask(0);
    umask(mask);
    if (fd < 0 || fchmod(fd, 0666 & ~mask) != 0 || (s->f = fdopen(fd, "wb")) == NULL) {
        cli_os_error(err, "create", s->path, errno);
        if (fd >= 0) {
            close(fd);
            unlink(s->tmp);
        }
        free(s);
        return NULL;
    }
    cli_temp_push(s->tmp);
    fputs(SHARD_MAGIC, s->f);
    put_u32(s->f, CLI_SHARD_VERSION);
    put_u32(s->f, (uint32_t)h->index);
    put_u32(s->f, (uint32_t)h->n);
    fwrite(h->key, 1, CLI_SHARD_KEY, s->f);
    put_u64(s->f, h->tasks);
    put_str(s->f, h->cwd);
    put_u32(s->f, (uint32_t)h->argc);
    for (int i = 0; i < h->argc; i++)
        put_str(s->f, h->argv[i]);
    return s;
}

int cli_shard_put(struct cli_shard_out *s, uint64_t task, const struct run_record *rec,
                  const double *timelines, struct sim_error *err)
{
    size_t size = run_pack_size(rec);
    unsigned char *buf = malloc(size);
    if (buf == NULL)
        return sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    run_pack(rec, timelines, buf);
    put_u64(s->f, task);
    put_u32(s->f, (uint32_t)size);
    fwrite(buf, 1, size, s->f);
    free(buf);
    s->count++;
    if (ferror(s->f))
        return cli_os_error(err, "write", s->path, errno);
    return 0;
}

int cli_shard_finish(struct cli_shard_out *s, int rc, struct sim_error *err)
{
    if (s == NULL)
        return rc;
    if (rc == 0) {
        put_u64(s->f, SHARD_END);
        put_u64(s->f, s->count);
    }
    int closed = cli_close_file(s->f, 0, s->path, rc == 0 ? err : NULL);
    if (rc == 0)
        rc = closed;
    if (rc == 0 && rename(s->tmp, s->path) != 0)
        rc = cli_os_error(err, "write", s->path, errno);
    if (rc != 0)
        unlink(s->tmp);
    cli_temp_pop(s->tmp);
    free(s);
    return rc;
}
