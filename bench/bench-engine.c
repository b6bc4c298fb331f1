/* SPDX-License-Identifier: ISC */
/*
 * bench-engine.c - how fast and how small the engine core is (make bench).
 *
 * Prints figures beside the targets of issue 2; it never fails on a slow
 * machine (no assertions: speed is reported, not tested).  Each figure is
 * the median of BENCH_REPS repetitions, to shrug off a noisy neighbour.
 *
 * This program, unlike the engine, reads the wall clock: CLOCK_MONOTONIC
 * around the measured loops only.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pt.h"
#include "sched.h"

#define BENCH_REPS 5
/* Each protothread waits on timers until the run has had about this many
 * events (but at least BENCH_MIN_WAITS each): with 10,000 runs that is 400
 * waits, so the heap stays full for most of the run and one measurement
 * lasts long enough not to be a single scheduling hiccup. */
#define BENCH_EVENTS 4000000
#define BENCH_MIN_WAITS 4

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One figure beside its target.  ok: 1 meets it, 0 misses, -1 none. */
static void
bench_line(const char *what, double value, const char *unit,
	   const char *target, int ok)
{
	printf("  %-44s %12.2f %-8s %-16s %s\n", what, value, unit, target,
	    ok < 0 ? "" : ok ? "meets" : "MISSES");
}

/* ---- resume + yield ------------------------------------------------------ */

struct spinner {
	struct pt pt;
	unsigned long turns;
};

/* noinline: each resume is a real call, as when the scheduler runs it. */
static __attribute__((noinline)) PT_THREAD(bench_spin(struct spinner *sp))
{
	PT_BEGIN(&sp->pt);
	for (;;) {
		sp->turns++;
		PT_YIELD(&sp->pt);
	}
	PT_END(&sp->pt);
}

/* One protothread, resumed and yielding n times. */
static double
bench_resume_one(unsigned long n)
{
	struct spinner sp;
	unsigned long i;
	double t0, t1;

	memset(&sp, 0, sizeof sp);
	PT_INIT(&sp.pt);
	t0 = bench_now();
	for (i = 0; i < n; i++)
		bench_spin(&sp);
	t1 = bench_now();
	if (sp.turns != n)
		printf("  (resume count off: %lu of %lu)\n", sp.turns, n);
	return (t1 - t0) * 1e9 / (double)n;
}

/* Many protothreads in an array, resumed round robin: the same work with
 * the state spread over memory instead of in one cache line. */
static double
bench_resume_many(struct spinner *sp, size_t count, unsigned int rounds)
{
	unsigned int r;
	double t0, t1;
	size_t i;

	memset(sp, 0, count * sizeof *sp);
	for (i = 0; i < count; i++)
		PT_INIT(&sp[i].pt);
	t0 = bench_now();
	for (r = 0; r < rounds; r++)
		for (i = 0; i < count; i++)
			bench_spin(&sp[i]);
	t1 = bench_now();
	return (t1 - t0) * 1e9 / ((double)count * rounds);
}

/* ---- protothreads waiting on timers ---------------------------------------- */

/* A recipe run in miniature, laid out as the models lay theirs: the task
 * the scheduler runs and the protothread it resumes, plus the run's own
 * state (waits left, its random sequence). */
struct waiter {
	struct sched_task task;
	struct pt pt;
	uint32_t left;
	uint32_t x;
};

static PT_THREAD(bench_wait(struct waiter *w, struct sched *s))
{
	PT_BEGIN(&w->pt);
	while (w->left > 0) {
		w->left--;
		w->x = w->x * 1103515245u + 12345u;
		/* A timer 1 to 1000 ms away: a heap with real spread. */
		sched_after(s, 1 + (w->x >> 8) % 1000, &w->task);
		PT_YIELD(&w->pt);
	}
	PT_END(&w->pt);
}

static void
bench_wait_fn(struct sched *s, struct sched_task *t)
{
	struct waiter *w = (struct waiter *)((char *)t -
	    offsetof(struct waiter, task));

	bench_wait(w, s);
}

struct sched_result {
	double ns_per_event;
	uint64_t events;
	size_t capheap, capready, maxheap;
	uint32_t waits;
};

static int
bench_sched(struct waiter *w, size_t n, struct sched_result *res)
{
	struct sched s;
	double t0, t1;
	size_t i;
	uint32_t waits = BENCH_MIN_WAITS;

	if (BENCH_EVENTS / n > waits)
		waits = (uint32_t)(BENCH_EVENTS / n);
	sched_init(&s);
	if (sched_reserve(&s, n, n) != 0) {
		sched_free(&s);
		return -1;
	}
	for (i = 0; i < n; i++) {
		w[i].task.fn = bench_wait_fn;
		PT_INIT(&w[i].pt);
		w[i].left = waits;
		w[i].x = (uint32_t)i;
		sched_ready(&s, &w[i].task);
	}
	/* The first event of each run sets its first timer: after it all n
	 * are waiting at once.  Time the whole run, start to end. */
	t0 = bench_now();
	sched_run(&s);
	t1 = bench_now();
	res->events = s.events;
	res->ns_per_event = (t1 - t0) * 1e9 / (double)s.events;
	res->capheap = s.capheap;
	res->capready = s.capready;
	res->maxheap = n;
	res->waits = waits;
	if (sched_failed(&s) || s.events != n * (waits + 1)) {
		sched_free(&s);
		return -1;
	}
	sched_free(&s);
	return 0;
}

int
main(void)
{
	static const size_t sizes[] = { 10000, 100000, 1000000 };
	static const double targets[] = { 5e6, 0, 1e6 };
	double v[BENCH_REPS], ns, eps;
	struct sched_result res = { 0 };
	struct spinner *sp;
	struct waiter *w;
	size_t k, n, engine;
	double bytes, load[1];
	char what[64], target[32];
	int r;

	printf("kitchen-tui engine bench: median of %d runs, %s continuations\n",
	    BENCH_REPS, PT_LC_LABELS ? "labels-as-values" : "switch");
	/* Wall-clock figures mean little on a busy machine: say how busy. */
	if (getloadavg(load, 1) == 1)
		printf("load average %.2f on %ld CPUs%s\n", load[0],
		    sysconf(_SC_NPROCESSORS_ONLN),
		    load[0] > (double)sysconf(_SC_NPROCESSORS_ONLN) ?
		    ": busy, figures below are pessimistic" : "");
	printf("  %-44s %12s %-8s %-16s\n", "figure", "value", "unit", "target");

	for (r = 0; r < BENCH_REPS; r++)
		v[r] = bench_resume_one(50000000UL);
	ns = bench_median(v, BENCH_REPS);
	bench_line("protothread resume+yield (one, hot)", ns, "ns", "<= 10 ns",
	    ns <= 10);

	if ((sp = calloc(100000, sizeof *sp)) == NULL) {
		fprintf(stderr, "bench-engine: out of memory\n");
		return 1;
	}
	for (r = 0; r < BENCH_REPS; r++)
		v[r] = bench_resume_many(sp, 100000, 100);
	ns = bench_median(v, BENCH_REPS);
	bench_line("resume+yield, 100,000 in an array", ns, "ns", "<= 10 ns",
	    ns <= 10);
	free(sp);

	if ((w = calloc(sizes[2], sizeof *w)) == NULL) {
		fprintf(stderr, "bench-engine: out of memory\n");
		return 1;
	}
	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		n = sizes[k];
		for (r = 0; r < BENCH_REPS; r++) {
			if (bench_sched(w, n, &res) != 0) {
				fprintf(stderr, "bench-engine: scheduler "
				    "failed at %zu\n", n);
				free(w);
				return 1;
			}
			v[r] = res.ns_per_event;
		}
		ns = bench_median(v, BENCH_REPS);
		eps = 1e9 / ns;
		printf("  %zu protothreads, each waiting on %u timers "
		    "1-1000 ms away in turn:\n", n, res.waits);
		snprintf(what, sizeof what, "  ns per event");
		bench_line(what, ns, "ns", "", -1);
		snprintf(what, sizeof what, "  events/s");
		if (targets[k] > 0) {
			snprintf(target, sizeof target, ">= %.0f M/s",
			    targets[k] / 1e6);
			bench_line(what, eps / 1e6, "M/s", target,
			    eps >= targets[k]);
		} else
			bench_line(what, eps / 1e6, "M/s", "(no target)", -1);
	}
	free(w);

	/*
	 * Engine state per waiting protothread, at the 1,000,000 run: its
	 * share of the heap and ready ring as allocated (capacity, not just
	 * what is in use: doubling leaves slack), plus the struct sched_task
	 * and struct pt embedded in the run.  The run's own fields (waits
	 * left, random state) are the model's, shown separately.
	 */
	n = res.maxheap;
	engine = sizeof(struct sched_task) + sizeof(struct pt);
	bytes = ((double)res.capheap * sizeof(struct sched_entry) +
	    (double)res.capready * sizeof(struct sched_task *)) / (double)n +
	    (double)engine;
	bench_line("bytes of engine state per waiting run", bytes, "bytes",
	    "<= 64 bytes", bytes <= 64);
	printf("    = heap %zu x %zu B + ready ring %zu x %zu B over %zu runs,"
	    "\n      + task %zu B + pt %zu B; the bench's whole run struct "
	    "is %zu B\n", res.capheap, sizeof(struct sched_entry),
	    res.capready, sizeof(struct sched_task *), n,
	    sizeof(struct sched_task), sizeof(struct pt), sizeof(struct waiter));
	return 0;
}
