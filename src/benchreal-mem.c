/* SPDX-License-Identifier: ISC */
/*
 * benchreal-mem.c - clocks, memory readers and the stop check of --bench.
 *
 * Memory comes from /proc (Linux).  smaps_rollup walks the page tables,
 * so its Rss is exact to the page; /proc/PID/status counters may lag a
 * little behind on some kernels and are only the fallback.  Page tables
 * (VmPTE) are added because they are real memory a thread's stack or a
 * child process costs and that Rss does not show.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "benchreal-impl.h"

double
bench_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
bench_children_cpu(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The signals that stop the bench.  One that the caller ignores (a
 * background job of a shell ignores SIGINT) does not stop it either. */
static int stop_sigs[4];
static int nstop_sigs;

void
bench_stop_watch(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	nstop_sigs = 0;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], NULL, &sa) != 0 || sa.sa_handler != SIG_IGN)
			stop_sigs[nstop_sigs++] = sigs[i];
}

void
bench_stop_watch_term(void)
{
	int i;

	for (i = 0; i < nstop_sigs; i++)
		if (stop_sigs[i] == SIGTERM)
			return;
	stop_sigs[nstop_sigs++] = SIGTERM;
}

bool
bench_stop_pending(int *signo)
{
	sigset_t set;
	int i;

	if (nstop_sigs == 0 || sigpending(&set) != 0)
		return false;
	for (i = 0; i < nstop_sigs; i++) {
		if (sigismember(&set, stop_sigs[i]) == 1) {
			if (signo != NULL)
				*signo = stop_sigs[i];
			return true;
		}
	}
	return false;
}

/*
 * Add up the kB values of the given keys in a /proc file.  Returns how
 * many of the keys were found.
 */
static int
proc_sum_kb(pid_t pid, const char *file, const char *const *keys, int nkeys,
	    uint64_t *kb)
{
	char path[64], line[256];
	unsigned long long v;
	size_t len;
	FILE *f;
	int i, found = 0;

	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/%s", file);
	else
		snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, file);
	*kb = 0;
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		for (i = 0; i < nkeys; i++) {
			len = strlen(keys[i]);
			if (strncmp(line, keys[i], len) == 0 && line[len] == ':' &&
			    sscanf(line + len + 1, "%llu", &v) == 1) {
				*kb += v;
				found++;
			}
		}
	}
	fclose(f);
	return found;
}

int
bench_mem_resident(pid_t pid, uint64_t *bytes)
{
	static const char *const rss[] = { "Rss" }, *const vmrss[] = { "VmRSS" };
	static const char *const pte[] = { "VmPTE" };
	uint64_t kb, ptkb;

	if (proc_sum_kb(pid, "smaps_rollup", rss, 1, &kb) != 1 &&
	    proc_sum_kb(pid, "status", vmrss, 1, &kb) != 1)
		return -1;
	proc_sum_kb(pid, "status", pte, 1, &ptkb);
	*bytes = (kb + ptkb) * 1024;
	return 0;
}

int
bench_mem_private(pid_t pid, uint64_t *bytes)
{
	static const char *const priv[] = { "Private_Clean", "Private_Dirty" };
	static const char *const pte[] = { "VmPTE" };
	uint64_t kb, ptkb;

	if (proc_sum_kb(pid, "smaps_rollup", priv, 2, &kb) != 2)
		return -1;
	proc_sum_kb(pid, "status", pte, 1, &ptkb);
	*bytes = (kb + ptkb) * 1024;
	return 0;
}

uint64_t
bench_mem_peak(void)
{
	static const char *const hwm[] = { "VmHWM" };
	uint64_t kb;

	if (proc_sum_kb(0, "status", hwm, 1, &kb) != 1)
		return 0;
	return kb * 1024;
}
