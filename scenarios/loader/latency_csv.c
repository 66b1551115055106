/* A scenario's own RTT matrix: a CSV whose header row and first column name
 * the scenario's regions or user populations, cells in ms (empty = keep the
 * built-in estimate). Region pairs given one way apply both ways. The file
 * is data received from others: a regular file under 1 MiB, and an error
 * echoes at most the one line of it that is wrong. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/loader/internal.h"

/* Region index r >= 0, or user population -(u + 1); INT32_MIN when unknown. */
static int lookup(const struct scenario *s, const char *name)
{
    for (int i = 0; i < s->n_regions; i++)
        if (strcmp(s->regions[i].name, name) == 0)
            return i;
    for (int u = 0; u < s->n_users; u++)
        if (strcmp(s->users[u].from, name) == 0)
            return -(u + 1);
    return INT32_MIN;
}

/* Splits `line` (modified in place) at commas into at most max cells; returns
 * the count and each cell's 1-based column. */
static int split(char *line, char **cells, int *cols, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        cells[n] = p;
        cols[n] = (int)(p - line) + 1;
        n++;
        char *c = strchr(p, ',');
        if (c == NULL)
            break;
        *c = '\0';
        p = c + 1;
    }
    for (int i = 0; i < n; i++) {
        while (*cells[i] == ' ')
            cells[i]++, cols[i]++;
        size_t l = strlen(cells[i]);
        while (l && (cells[i][l - 1] == ' ' || cells[i][l - 1] == '\r'))
            cells[i][--l] = '\0';
    }
    return n;
}

enum { MAXC = SCENARIO_MAX_REGIONS + SCENARIO_MAX_USERS + 1 };

/* One CSV being read: its text (for messages) and what its header said. */
struct csv {
    struct ldr *L;
    const char *path, *data;
    size_t size;
    int header[MAXC], n_header;
    bool given[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    int errors0; /* the loader's error count before the file */
};

/* Errors inside a file that the scenario names show one line of it, the
 * first that is wrong: a file that is no RTT table (say /etc/passwd) is not
 * echoed line by line. */
static bool clean(const struct csv *c)
{
    return c->L->n_errors == c->errors0;
}

static void read_header(struct csv *c, char **cells, const int *cols, int n, int line_no)
{
    c->n_header = n;
    for (int i = 1; i < n && clean(c); i++) {
        c->header[i] = lookup(c->L->s, cells[i]);
        if (c->header[i] == INT32_MIN || c->header[i] < 0)
            ldr_error_in(c->L, c->path, c->data, c->size, line_no, cols[i],
                         "'%s' is not a region of this scenario (columns name regions)", cells[i]);
    }
}

/* A row: a region's RTTs to the header's regions (given one way, they apply
 * both ways unless the other way is given too), or a population's. */
static void read_row(struct csv *c, char **cells, const int *cols, int n, int line_no)
{
    struct scenario *s = c->L->s;
    int row = lookup(s, cells[0]);
    if (row == INT32_MIN) {
        ldr_error_in(c->L, c->path, c->data, c->size, line_no, cols[0],
                     "'%s' is not a region or user population of this scenario", cells[0]);
        return;
    }
    if (n != c->n_header) {
        ldr_error_in(c->L, c->path, c->data, c->size, line_no, 1, "%d cells; the header has %d",
                     n, c->n_header);
        return;
    }
    for (int i = 1; i < n && clean(c); i++) {
        int col = c->header[i];
        if (cells[i][0] == '\0' || col < 0)
            continue;
        char *end;
        double v = strtod(cells[i], &end);
        if (*end != '\0' || !(v >= 0 && v < 10000)) {
            ldr_error_in(c->L, c->path, c->data, c->size, line_no, cols[i],
                         "expected an RTT in ms from 0 to 10000, got '%s'", cells[i]);
            continue;
        }
        if (row < 0) {
            s->user_rtt_ms[-row - 1][col] = v;
            continue;
        }
        s->rtt_ms[row][col] = v;
        c->given[row][col] = true;
        if (!c->given[col][row])
            s->rtt_ms[col][row] = v;
    }
}

void ldr_latency_csv(struct ldr *L)
{
    char path[1024];
    ldr_relative_path(L, ldr_src_of(L, L->latency_file_mark), L->latency_file, path, sizeof path);
    size_t size;
    const char *why;
    char *data = ldr_read_file(path, LDR_MAX_FILE_BYTES, &size, &why);
    if (data == NULL) {
        ldr_error(L, L->latency_file_mark, "cannot read the latency file '%s': %s", path, why);
        return;
    }
    ldr_add_input(L->s, L->latency_file, data, size);
    struct csv *c = calloc(1, sizeof *c);
    char *copy = malloc(size + 1);
    if (copy == NULL || c == NULL) {
        free(data);
        free(copy);
        free(c);
        ldr_error(L, L->latency_file_mark, "out of memory reading '%s'", path);
        return;
    }
    *c = (struct csv){.L = L, .path = path, .data = data, .size = size, .errors0 = L->n_errors};
    memcpy(copy, data, size + 1);
    int line_no = 1;
    size_t counted = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && !L->stop && clean(c);
         line = strtok_r(NULL, "\n", &save)) {
        /* strtok_r skips empty lines: recount the line number from the offset. */
        for (; counted < (size_t)(line - copy); counted++)
            line_no += data[counted] == '\n';
        if (line[0] == '#')
            continue;
        char *cells[MAXC];
        int cols[MAXC];
        int n = split(line, cells, cols, MAXC);
        if (c->n_header == 0)
            read_header(c, cells, cols, n, line_no);
        else
            read_row(c, cells, cols, n, line_no);
    }
    if (c->n_header == 0 && clean(c))
        ldr_error(L, L->latency_file_mark, "the latency file '%s' has no header row", path);
    free(c);
    free(copy);
    free(data);
}
