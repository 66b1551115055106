/* Progress of a batch on stderr. Invariant: on a terminal the bar occupies
 * one line that is cleared before anything else is printed; elsewhere nothing
 * but the one line per scenario is written, so logs stay readable. */
#include "cli.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(struct progress *p, FILE *out, bool quiet)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->quiet = quiet;
    p->tty = out != NULL && isatty(fileno(out));
}

void progress_begin(struct progress *p, const char *name, int index, int count, size_t total)
{
    snprintf(p->name, sizeof p->name, "%s", name);
    p->index = index;
    p->count = count;
    p->total = total;
    p->done = 0;
    p->sim_seconds = 0;
    p->start = now_s();
    p->last_draw = 0;
    if (!p->quiet && p->tty)
        progress_update(p, 0, total, 0);
}

/* "1.2e5" style rate with a unit suffix: simulated time per wall second */
static void rate_text(char *buf, size_t size, double sim_per_s)
{
    if (sim_per_s >= 86400)
        snprintf(buf, size, "%.1f sim-days/s", sim_per_s / 86400);
    else if (sim_per_s >= 3600)
        snprintf(buf, size, "%.1f sim-h/s", sim_per_s / 3600);
    else
        snprintf(buf, size, "%.0f sim-s/s", sim_per_s);
}

void progress_update(struct progress *p, size_t done, size_t total, double sim_seconds)
{
    p->done = done;
    p->total = total;
    p->sim_seconds = sim_seconds;
    if (p->quiet || !p->tty)
        return;
    double t = now_s();
    if (done != 0 && done != total && t - p->last_draw < 0.1)
        return;
    p->last_draw = t;
    double el = t - p->start;
    char bar[31], rate[32] = "", left[32] = "";
    int fill = total ? (int)(30.0 * (double)done / (double)total) : 0;
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    if (done > 0 && el > 0) {
        rate_text(rate, sizeof rate, sim_seconds / el);
        double eta = el / (double)done * (double)(total - done);
        snprintf(left, sizeof left, "%d:%02d left", (int)(eta / 60), (int)eta % 60);
    }
    fprintf(p->out, "\r\033[K[%d/%d] %.30s [%s] %zu/%zu runs  %s  %s", p->index, p->count, p->name,
            bar, done, total, rate, left);
    fflush(p->out);
}

void progress_end(struct progress *p, const char *status, const char *where)
{
    if (p->quiet)
        return;
    double el = now_s() - p->start;
    char rate[32] = "";
    if (p->done > 0 && el > 0)
        rate_text(rate, sizeof rate, p->sim_seconds / el);
    if (p->tty)
        fputs("\r\033[K", p->out);
    fprintf(p->out, "[%d/%d] %s: %s, %zu/%zu runs in %.1f s", p->index, p->count, p->name, status,
            p->done, p->total, el);
    if (rate[0])
        fprintf(p->out, " (%s)", rate);
    if (where)
        fprintf(p->out, " -> %s", where);
    fputc('\n', p->out);
    fflush(p->out);
}
