/* Progress of a batch on stderr. Invariant: on a terminal (TERM not dumb)
 * the bar occupies one line, narrower than the terminal, that is redrawn
 * with a carriage return and blanked with spaces before anything else is
 * printed; elsewhere nothing but the one line per scenario is written, so
 * logs stay readable. No colour or escape sequence is ever written. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
    const char *term = getenv("TERM");
    p->tty = out != NULL && isatty(fileno(out)) && !(term && strcmp(term, "dumb") == 0);
}

/* The terminal's width in columns: TIOCGWINSZ, else $COLUMNS, else 80. */
static int term_width(FILE *out)
{
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    int n = cols ? atoi(cols) : 0;
    return n > 0 ? n : 80;
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

int progress_format(char *buf, size_t size, const struct progress *p, double elapsed, int width)
{
    char rate[32] = "", left[32] = "", head[96], runs[64];
    if (p->done > 0 && elapsed > 0) {
        rate_text(rate, sizeof rate, p->sim_seconds / elapsed);
        double eta = elapsed / (double)p->done * (double)(p->total - p->done);
        snprintf(left, sizeof left, "%d:%02d left", (int)(eta / 60), (int)eta % 60);
    }
    snprintf(head, sizeof head, "[%d/%d] %.30s", p->index, p->count, p->name);
    snprintf(runs, sizeof runs, "%zu/%zu runs", p->done, p->total);
    int max = width - 1 < (int)size - 1 ? width - 1 : (int)size - 1; /* the last column wraps */
    /* narrower: a shorter bar, then without the rate, then without the time left */
    for (int drop = 0; drop < 3; drop++) {
        const char *r = drop >= 1 ? "" : rate, *l = drop >= 2 ? "" : left;
        int fixed = (int)(strlen(head) + strlen(runs) + 4) + (r[0] ? 2 + (int)strlen(r) : 0) +
                    (l[0] ? 2 + (int)strlen(l) : 0);
        int bar = max - fixed > 30 ? 30 : max - fixed;
        if (bar < 5)
            continue;
        int fill = p->total ? (int)((double)bar * (double)p->done / (double)p->total) : 0;
        int n = snprintf(buf, size, "%s [", head);
        for (int i = 0; i < bar; i++)
            buf[n++] = i < fill ? '#' : '.';
        return n + snprintf(buf + n, size - (size_t)n, "] %s%s%s%s%s", runs, r[0] ? "  " : "", r,
                            l[0] ? "  " : "", l);
    }
    if (max < 1)
        max = 1;
    snprintf(buf, (size_t)max + 1, "%s %s", head, runs); /* cut to the width */
    return (int)strlen(buf);
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
    char line[512];
    int n = progress_format(line, sizeof line, p, t - p->start, term_width(p->out));
    /* spaces blank what is left of a longer previous line */
    fprintf(p->out, "\r%s%*s", line, p->drawn > n ? p->drawn - n : 0, "");
    p->drawn = n;
    fflush(p->out);
}

/* text in at most max characters: whole, or its start and end around "..." */
static void elide(char *out, size_t size, const char *text, int max)
{
    int n = (int)strlen(text);
    if (n <= max || max < 5) {
        snprintf(out, size, "%.*s", max < 0 ? 0 : max, text);
        return;
    }
    int head = (max - 3) / 2, tail = max - 3 - head;
    snprintf(out, size, "%.*s...%s", head, text, text + n - tail);
}

int progress_end_format(char *buf, size_t size, const struct progress *p, const char *status,
                        const char *where, double elapsed, int width)
{
    char rate[48] = "", counts[160], name[sizeof p->name], path[4096] = "";
    if (p->done > 0 && elapsed > 0) {
        char r[32];
        rate_text(r, sizeof r, p->sim_seconds / elapsed);
        snprintf(rate, sizeof rate, " (%s)", r);
    }
    snprintf(counts, sizeof counts, ": %s, %zu/%zu runs in %.1f s", status, p->done, p->total,
             elapsed);
    if (where)
        snprintf(path, sizeof path, " -> %s", where);
    snprintf(name, sizeof name, "%s", p->name);
    int max = width > 0 ? width - 1 : (int)size - 1; /* the last column wraps */
    int fixed = snprintf(NULL, 0, "[%d/%d] ", p->index, p->count) + (int)strlen(counts);
    /* narrower: without the rate, then the name shortened in the middle
     * (to 10 columns at least) before the path, then the path, then cut */
    if (fixed + (int)strlen(name) + (int)strlen(rate) + (int)strlen(path) > max) {
        rate[0] = '\0';
        int nlen = max - fixed - (int)strlen(path);
        if (nlen < 10 && where)
            nlen = 10;
        elide(name, sizeof name, p->name, nlen);
        int room = max - fixed - (int)strlen(name); /* for " -> path" */
        if (where && room >= 9) {
            char tail[sizeof path - 8];
            elide(tail, sizeof tail, where, room - 4);
            snprintf(path, sizeof path, " -> %s", tail);
        } else {
            path[0] = '\0';
        }
    }
    int n = snprintf(buf, size, "[%d/%d] %s%s%s%s", p->index, p->count, name, counts, rate, path);
    if (n > max && max >= 0) {
        buf[max] = '\0';
        n = max;
    }
    return n;
}

void progress_end(struct progress *p, const char *status, const char *where)
{
    if (p->quiet)
        return;
    if (p->tty && p->drawn > 0)
        fprintf(p->out, "\r%*s\r", p->drawn, "");
    p->drawn = 0;
    char line[8192];
    progress_end_format(line, sizeof line, p, status, where, now_s() - p->start,
                        p->tty ? term_width(p->out) : 0);
    fprintf(p->out, "%s\n", line);
    fflush(p->out);
}
