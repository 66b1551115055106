/* The run store (run_store.h). Invariant: slot i's record and the bytes at
 * offset i * RUN_TIMELINE_VALUES doubles of the file are written by the one
 * put of run i and by nothing else, so puts from several threads never touch
 * the same memory or bytes. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "models/run_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOT_BYTES ((off_t)RUN_TIMELINE_VALUES * (off_t)sizeof(double))

struct run_store {
    size_t n;
    int fd;                     /* the timelines, unlinked */
    struct run_record *records; /* n */
    bool *has;                  /* n */
};

/* An unlinked read-write file in dir: O_TMPFILE where the file system has
 * it, else a fresh name made with O_EXCL and removed at once. */
static int spill_open(const char *dir)
{
    int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/.regionsim-runs.XXXXXX", dir) >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

static int os_error(struct sim_error *err, const char *what, const char *where, int e)
{
    char why[128];
    snprintf(why, sizeof why, "%s", strerror(e ? e : EIO));
    if (why[0] >= 'A' && why[0] <= 'Z' && (why[1] < 'A' || why[1] > 'Z'))
        why[0] = (char)(why[0] - 'A' + 'a');
    return sim_error_set(err, SIM_EIO, NULL, 0, 0, "cannot %s %s: %s", what, where, why);
}

struct run_store *run_store_new(size_t n, const char *spill_dir, struct sim_error *err)
{
    if (spill_dir == NULL) {
        spill_dir = getenv("TMPDIR");
        if (spill_dir == NULL || spill_dir[0] == '\0')
            spill_dir = "/tmp";
    }
    struct run_store *st = calloc(1, sizeof *st);
    if (st != NULL)
        st->fd = -1;
    if (st == NULL || (st->records = calloc(n ? n : 1, sizeof *st->records)) == NULL ||
        (st->has = calloc(n ? n : 1, sizeof *st->has)) == NULL) {
        sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory for %zu runs", n);
        run_store_free(st);
        return NULL;
    }
    st->n = n;
    for (size_t i = 0; i < n; i++)
        st->records[i].strategy = -1;
    st->fd = spill_open(spill_dir);
    if (st->fd < 0) {
        os_error(err, "create a temporary file in", spill_dir, errno);
        run_store_free(st);
        return NULL;
    }
    return st;
}

void run_store_free(struct run_store *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; st->records && i < st->n; i++)
        free(st->records[i].incidents);
    if (st->fd >= 0)
        close(st->fd);
    free(st->records);
    free(st->has);
    free(st);
}

size_t run_store_size(const struct run_store *st)
{
    return st->n;
}

int run_store_put(struct run_store *st, size_t i, const struct run_record *rec,
                  const double *timelines, struct sim_error *err)
{
    if (i >= st->n || st->has[i])
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "run %zu: no such slot or put twice", i);
    struct incident_result *in = NULL;
    if (rec->n_incidents > 0) {
        in = malloc((size_t)rec->n_incidents * sizeof *in);
        if (in == NULL)
            return sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
        memcpy(in, rec->incidents, (size_t)rec->n_incidents * sizeof *in);
    }
    const char *p = (const char *)timelines;
    for (off_t done = 0; done < SLOT_BYTES;) {
        ssize_t w =
            pwrite(st->fd, p + done, (size_t)(SLOT_BYTES - done), (off_t)i * SLOT_BYTES + done);
        if (w <= 0) {
            free(in);
            return os_error(err, "write", "the temporary file of the runs' timelines",
                            w < 0 ? errno : ENOSPC);
        }
        done += w;
    }
    st->records[i] = *rec;
    st->records[i].incidents = in;
    st->has[i] = true;
    return 0;
}

int run_store_put_result(struct run_store *st, size_t i, const struct run_result *r,
                         struct sim_error *err)
{
    double *t = malloc(RUN_TIMELINE_VALUES * sizeof *t);
    if (t == NULL)
        return sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    struct run_record rec;
    run_record_of(r, &rec);
    run_timelines_of(r, t);
    int rc = run_store_put(st, i, &rec, t, err);
    free(t);
    return rc;
}

const struct run_record *run_store_records(const struct run_store *st)
{
    return st->records;
}

bool run_store_has(const struct run_store *st, size_t i)
{
    return i < st->n && st->has[i];
}

int run_store_read(const struct run_store *st, size_t i, size_t from, size_t n, double *out,
                   struct sim_error *err)
{
    if (i >= st->n || from + n > RUN_TIMELINE_VALUES)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "run %zu: no such timeline values", i);
    char *p = (char *)out;
    off_t at = (off_t)i * SLOT_BYTES + (off_t)(from * sizeof(double));
    for (size_t done = 0, want = n * sizeof(double); done < want;) {
        ssize_t r = pread(st->fd, p + done, want - done, at + (off_t)done);
        if (r <= 0)
            return os_error(err, "read", "the temporary file of the runs' timelines",
                            r < 0 ? errno : EIO);
        done += (size_t)r;
    }
    return 0;
}
