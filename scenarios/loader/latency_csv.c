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

void ldr_latency_csv(struct ldr *L)
{
    struct scenario *s = L->s;
    char path[1024];
    const char *slash = strrchr(L->name, '/');
    if (L->latency_file[0] == '/' || slash == NULL)
        snprintf(path, sizeof path, "%s", L->latency_file);
    else
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - L->name), L->name, L->latency_file);
    size_t size;
    const char *why;
    char *data = ldr_read_file(path, LDR_MAX_FILE_BYTES, &size, &why);
    if (data == NULL) {
        ldr_error(L, L->latency_file_mark, "cannot read the latency file '%s': %s", path, why);
        return;
    }
    ldr_add_input(s, L->latency_file, data, size);
    char *copy = malloc(size + 1);
    if (copy == NULL) {
        free(data);
        ldr_error(L, L->latency_file_mark, "out of memory reading '%s'", path);
        return;
    }
    memcpy(copy, data, size + 1);
    enum { MAXC = SCENARIO_MAX_REGIONS + SCENARIO_MAX_USERS + 1 };
    int header[MAXC], n_header = 0, line_no = 1;
    size_t counted = 0;
    bool given[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS] = {{false}};
    char *save = NULL;
    /* Errors inside a file that the scenario names show one line of it, the
     * first that is wrong: a file that is no RTT table (say /etc/passwd) is
     * not echoed line by line. */
    int errors0 = L->n_errors;
    for (char *line = strtok_r(copy, "\n", &save); line && !L->stop && L->n_errors == errors0;
         line = strtok_r(NULL, "\n", &save)) {
        /* strtok_r skips empty lines: recount the line number from the offset. */
        for (; counted < (size_t)(line - copy); counted++)
            line_no += data[counted] == '\n';
        if (line[0] == '#')
            continue;
        char *cells[MAXC];
        int cols[MAXC];
        int n = split(line, cells, cols, MAXC);
        if (n_header == 0) {
            n_header = n;
            for (int c = 1; c < n && L->n_errors == errors0; c++) {
                header[c] = lookup(s, cells[c]);
                if (header[c] == INT32_MIN || header[c] < 0)
                    ldr_error_in(L, path, data, size, line_no, cols[c],
                                 "'%s' is not a region of this scenario (columns name regions)",
                                 cells[c]);
            }
            continue;
        }
        int row = lookup(s, cells[0]);
        if (row == INT32_MIN) {
            ldr_error_in(L, path, data, size, line_no, cols[0],
                         "'%s' is not a region or user population of this scenario", cells[0]);
            continue;
        }
        if (n != n_header) {
            ldr_error_in(L, path, data, size, line_no, 1, "%d cells; the header has %d", n,
                         n_header);
            continue;
        }
        for (int c = 1; c < n && c < n_header && L->n_errors == errors0; c++) {
            if (cells[c][0] == '\0' || header[c] < 0)
                continue;
            char *end;
            double v = strtod(cells[c], &end);
            if (*end != '\0' || !(v >= 0 && v < 10000)) {
                ldr_error_in(L, path, data, size, line_no, cols[c],
                             "expected an RTT in ms from 0 to 10000, got '%s'", cells[c]);
                continue;
            }
            if (row >= 0) {
                s->rtt_ms[row][header[c]] = v;
                given[row][header[c]] = true;
                if (!given[header[c]][row])
                    s->rtt_ms[header[c]][row] = v;
            } else {
                s->user_rtt_ms[-row - 1][header[c]] = v;
            }
        }
    }
    if (n_header == 0 && L->n_errors == errors0)
        ldr_error(L, L->latency_file_mark, "the latency file '%s' has no header row", path);
    free(copy);
    free(data);
}
