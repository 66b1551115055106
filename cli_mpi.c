/* `mpirun -n N regionsim run ...`: rank 0 does everything a run does but
 * simulate; the other ranks simulate the tasks it hands out one at a time,
 * on request (dynamic load balancing: a rank that finishes early asks
 * again), and send each back packed (run_pack, the shard files' bytes).
 * Rank 0 puts every result into the point's store by task index, so the
 * outputs are those of a single process, byte for byte, whatever the ranks
 * and their speed. Messages: READY (worker, first), TASK u64 (rank 0),
 * RESULT u64 task, u8 ok, then the packed run or an error message (worker),
 * STOP (rank 0, once to each worker at the end). Built only when CMake finds
 * MPI (REGIONSIM_MPI); without it cli_mpi_begin always says "not under MPI". */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "models/run_store.h"

#ifdef REGIONSIM_MPI
#include <mpi.h>

enum { TAG_READY = 1, TAG_TASK, TAG_RESULT, TAG_STOP };
enum worker_state { WORKER_UNKNOWN, WORKER_IDLE, WORKER_BUSY, WORKER_STOPPED };

struct cli_mpi {
    int rank, size;
    enum worker_state *state; /* by rank; [0] unused */
};

struct cli_mpi *cli_mpi_begin(void)
{
    /* only under a launcher: a plain `regionsim run` never starts MPI */
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return NULL;
    int ready = 0, size = 1, rank = 0;
    MPI_Initialized(&ready);
    if (!ready && MPI_Init(NULL, NULL) != MPI_SUCCESS)
        return NULL;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    struct cli_mpi *m = size > 1 ? calloc(1, sizeof *m) : NULL;
    if (m != NULL && (m->state = calloc((size_t)size, sizeof *m->state)) == NULL) {
        free(m);
        m = NULL;
    }
    if (m == NULL) {
        MPI_Finalize();
        return NULL;
    }
    m->rank = rank;
    m->size = size;
    return m;
}

int cli_mpi_rank(const struct cli_mpi *m)
{
    return m ? m->rank : 0;
}

/* Waits for a message from `source` (MPI_ANY_SOURCE: any) into *st: polls
 * every millisecond rather than spinning, so a waiting rank leaves its core
 * to the ones simulating (a task takes far longer than a millisecond). */
static void wait_message(int source, MPI_Status *st)
{
    const struct timespec ms = {0, 1000000};
    for (int flag = 0;;) {
        MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, st);
        if (flag)
            return;
        nanosleep(&ms, NULL);
    }
}

static void send_task(struct cli_mpi *m, int worker, uint64_t t)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(t >> (8 * i));
    MPI_Send(b, 8, MPI_BYTE, worker, TAG_TASK, MPI_COMM_WORLD);
    m->state[worker] = WORKER_BUSY;
}

static uint64_t get_task(const unsigned char *b)
{
    uint64_t t = 0;
    for (int i = 0; i < 8; i++)
        t |= (uint64_t)b[i] << (8 * i);
    return t;
}

/* Receives the next message of any worker into a fresh buffer (*buf,
 * *size); returns its tag and sets *from. */
static int receive(struct cli_mpi *m, unsigned char **buf, int *size, int *from)
{
    MPI_Status st;
    wait_message(MPI_ANY_SOURCE, &st);
    MPI_Get_count(&st, MPI_BYTE, size);
    *buf = malloc(*size > 0 ? (size_t)*size : 1);
    MPI_Recv(*buf, *size, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *from = st.MPI_SOURCE;
    m->state[*from] = WORKER_IDLE; /* a READY or a RESULT: it waits for work */
    return st.MPI_TAG;
}

/* A worker's RESULT for tasks [base, base + n) into store. */
static int take_result(const unsigned char *b, int size, uint64_t base, struct run_store *store,
                       int from, struct sim_error *err)
{
    static const char bad[] = "rank %d sent a damaged result";
    if (size < 9)
        return sim_error_set(err, SIM_EIO, NULL, 0, 0, bad, from);
    uint64_t t = get_task(b);
    if (b[8] == 0) /* the worker's error message */
        return sim_error_set(err, SIM_EIO, NULL, 0, 0, "rank %d: %.*s", from, size - 9, b + 9);
    struct run_record rec;
    struct incident_result *in = malloc(RESULTS_MAX_INCIDENTS * sizeof *in);
    double *tl = malloc(RUN_TIMELINE_VALUES * sizeof *tl);
    int rc = in && tl ? 0 : sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == 0 && (t < base || t - base >= run_store_size(store) ||
                    run_unpack(b + 9, (size_t)size - 9, &rec, in, tl) != 0))
        rc = sim_error_set(err, SIM_EIO, NULL, 0, 0, bad, from);
    if (rc == 0)
        rc = run_store_put(store, (size_t)(t - base), &rec, tl, err);
    free(in);
    free(tl);
    return rc;
}

int cli_mpi_fill(struct cli_mpi *m, uint64_t base, struct run_store *store, volatile int *stop,
                 sim_progress_fn progress, void *progress_ctx, struct sim_error *err)
{
    size_t n = run_store_size(store), done = 0;
    uint64_t next = base, end = base + n;
    int out = 0, rc = 0; /* tasks handed out and not back */
    while (done < n) {
        for (int w = 1; w < m->size && next < end && rc == 0 && !*stop; w++)
            if (m->state[w] == WORKER_IDLE) {
                send_task(m, w, next++);
                out++;
            }
        if (out == 0 && (rc != 0 || *stop || next == end))
            break;
        unsigned char *b;
        int size, from;
        if (receive(m, &b, &size, &from) == TAG_RESULT) {
            out--;
            int r = take_result(b, size, base, store, from, err);
            rc = rc ? rc : r;
            if (r == 0 && progress)
                progress(progress_ctx, ++done, n);
        }
        free(b);
    }
    return rc != 0 ? rc : *stop ? SIM_EINTR : 0;
}

/* Sends back the result of task t (run by run(ctx, t, ...)) to rank 0. */
static void serve(uint64_t t, cli_task_fn run, void *ctx, struct run_result *r)
{
    struct sim_error err = {0};
    double *tl = malloc(RUN_TIMELINE_VALUES * sizeof *tl);
    int rc = tl && r ? run(ctx, t, r, &err)
                     : sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    unsigned char *msg = NULL;
    size_t size = 0;
    if (rc == 0) {
        struct run_record rec;
        run_record_of(r, &rec);
        run_timelines_of(r, tl);
        size = 9 + run_pack_size(&rec);
        if ((msg = malloc(size)) != NULL)
            run_pack(&rec, tl, msg + 9);
        else
            rc = sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (rc != 0) {
        size = 9 + strlen(err.message);
        if ((msg = malloc(size)) != NULL)
            memcpy(msg + 9, err.message, size - 9);
    }
    if (msg != NULL) {
        for (int i = 0; i < 8; i++)
            msg[i] = (unsigned char)(t >> (8 * i));
        msg[8] = rc == 0;
        MPI_Send(msg, (int)size, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    free(msg);
    free(tl);
}

int cli_mpi_work(struct cli_mpi *m, cli_task_fn run, void *ctx)
{
    (void)m;
    struct run_result *r = malloc(sizeof *r);
    MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_READY, MPI_COMM_WORLD);
    for (;;) {
        MPI_Status st;
        unsigned char b[8];
        wait_message(0, &st);
        MPI_Recv(b, 8, MPI_BYTE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        if (st.MPI_TAG != TAG_TASK)
            break;
        serve(get_task(b), run, ctx, r);
    }
    free(r);
    return 0;
}

void cli_mpi_end(struct cli_mpi *m)
{
    if (m == NULL)
        return;
    if (m->rank == 0)
        for (int stopped = 0; stopped < m->size - 1;) {
            for (int w = 1; w < m->size; w++)
                if (m->state[w] == WORKER_IDLE) {
                    MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
                    m->state[w] = WORKER_STOPPED;
                    stopped++;
                }
            if (stopped < m->size - 1) { /* one still starting or running a task */
                unsigned char *b;
                int size, from;
                receive(m, &b, &size, &from);
                free(b);
            }
        }
    MPI_Finalize();
    free(m->state);
    free(m);
}

#else /* without MPI: never under mpirun */

struct cli_mpi *cli_mpi_begin(void)
{
    return NULL;
}

int cli_mpi_rank(const struct cli_mpi *m)
{
    (void)m;
    return 0;
}

int cli_mpi_fill(struct cli_mpi *m, uint64_t base, struct run_store *store, volatile int *stop,
                 sim_progress_fn progress, void *progress_ctx, struct sim_error *err)
{
    (void)m, (void)base, (void)store, (void)stop, (void)progress, (void)progress_ctx;
    return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "built without MPI");
}

int cli_mpi_work(struct cli_mpi *m, cli_task_fn run, void *ctx)
{
    (void)m, (void)run, (void)ctx;
    return SIM_EINVAL;
}

void cli_mpi_end(struct cli_mpi *m)
{
    (void)m;
}

#endif
