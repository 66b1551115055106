/* SIGINT and SIGTERM during a run, and what an interrupted run leaves. The first signal raises the
 * stop flag that the pool and every world poll; the run ends its current write and exits 128 + the
 * signal. A second signal ends the process at once, but first removes what is being written (the
 * temporary directory of a scenario, a temporary file) with async-signal-safe calls only, so no
 * hidden half-written directory is left behind.
 * The flag and the paths are process-wide by nature (a signal handler sees
 * nothing else): they are the only mutable statics of the command line.
 * A run killed outright (SIGKILL, power loss) leaves its temporary names;
 * the next run into the same directory, holding its lock, removes them. */
#define _GNU_SOURCE /* syscall(SYS_getdents64) */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t caught;

/* The paths being written: armed[i] is raised after path[i] is complete
 * and lowered before it changes. */
static char temp_path[CLI_TEMP_SLOTS][4096];
static volatile sig_atomic_t temp_armed[CLI_TEMP_SLOTS];

/* unlinkat's and getdents64's view of a directory entry */
struct dirent64_raw {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Removes name under dirfd and, when it is a directory, everything in it
 * (links are removed, never followed), with async-signal-safe calls. */
static void remove_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0 || depth > 16)
        return;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[4096];
    for (int removed = 1; removed;) { /* again from the start until a pass removes nothing */
        removed = 0;
        lseek(fd, 0, SEEK_SET);
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
            for (long off = 0; off < n;) {
                const struct dirent64_raw *e = (const struct dirent64_raw *)(buf + off);
                off += e->d_reclen;
                if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                    remove_at(fd, e->d_name, depth + 1);
                    removed = 1;
                }
            }
        if (n < 0)
            break;
    }
    close(fd);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

static void on_signal(int sig)
{
    if (!stop_flag) {
        caught = sig;
        stop_flag = 1;
        return;
    }
    for (int i = 0; i < CLI_TEMP_SLOTS; i++)
        if (temp_armed[i])
            remove_at(AT_FDCWD, temp_path[i], 0);
    _exit(128 + sig);
}

volatile int *cli_signals_install(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT); /* one handler at a time */
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &stop_flag;
}

bool cli_stopped(void)
{
    return stop_flag != 0;
}

int cli_stop_status(void)
{
    return 128 + (caught ? caught : SIGINT);
}

volatile int *cli_stop_flag(void)
{
    return &stop_flag;
}

int cli_temp_push(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < CLI_TEMP_SLOTS; i++)
        if (!temp_armed[i]) {
            if (n >= sizeof temp_path[i])
                return -1; /* too long to be ours: not removed on a second signal */
            memcpy(temp_path[i], path, n + 1);
            temp_armed[i] = 1;
            return i;
        }
    return -1;
}

void cli_temp_pop(const char *path)
{
    for (int i = CLI_TEMP_SLOTS - 1; i >= 0; i--)
        if (temp_armed[i] && strcmp(temp_path[i], path) == 0) {
            temp_armed[i] = 0;
            return;
        }
}

/* name is prefix followed by mkstemp's six letters or digits. */
static bool temp_name(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || strlen(name + n) != 6)
        return false;
    for (const char *p = name + n; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

/* One of the temporary names a run into out makes for these scenarios. */
static bool leftover(const char *name, const char *const *names, int n)
{
    static const char *const batch[] = {"summary.csv.", "index.html.", ".regionsim.probe.",
                                        ".regionsim-runs."};
    for (size_t i = 0; i < sizeof batch / sizeof batch[0]; i++)
        if (temp_name(name, batch[i]))
            return true;
    for (int i = 0; i < n; i++) {
        char p[2 * SCENARIO_NAME_MAX];
        snprintf(p, sizeof p, ".%s.", names[i]);
        if (temp_name(name, p))
            return true;
        snprintf(p, sizeof p, ".%s.old.", names[i]);
        if (temp_name(name, p))
            return true;
    }
    return false;
}

void cli_remove_leftovers(const char *out, const char *const *names, int n)
{
    DIR *d = opendir(out);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (leftover(e->d_name, names, n))
            remove_at(dirfd(d), e->d_name, 0);
    closedir(d);
}
