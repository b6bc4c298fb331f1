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

#include "peer.h"

/* Each figure: one warm-up repetition thrown away, then BENCH_REPS timed
 * ones; the median is the figure and min-max its spread. */
#define BENCH_REPS 5
/* Every protothread waits on this many timers in turn, at every size, so
 * the mix of events is the same at 10k and at 1M: one first run (no heap
 * work) to BENCH_WAITS timer events (a pop and a push each), 1 in 9. */
#define BENCH_WAITS 8
/* A repetition at a small size runs the whole workload again until it has
 * had this many events, so one measurement is long enough to be more than
 * a scheduling hiccup. */
#define BENCH_MIN_EVENTS 2000000

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

/* Median, min and max of n values (sorts v). */
struct bench_stat {
	double med, min, max;
};

static struct bench_stat
bench_stats(double *v, int n)
{
	struct bench_stat st;

	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	st.med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	st.min = v[0];
	st.max = v[n - 1];
	return st;
}

/* One figure beside its target, with its spread.  ok: 1 meets it, 0
 * misses, -1 none. */
static void
bench_line(const char *what, struct bench_stat st, const char *unit,
	   const char *target, int ok)
{
	printf("  %-40s %9.2f %-4s (%.2f-%.2f) %-14s %s\n", what, st.med, unit,
	    st.min, st.max, target, ok < 0 ? "" : ok ? "meets" : "MISSES");
}

/* The closing table of make bench: one row per figure with a peer, in the
 * file bench-table.sh prints ($BENCH_TABLE; nothing when unset). */
static void
bench_row(const char *what, double ours, double peer, const char *peer_name,
	  const char *unit, const char *target)
{
	const char *path = getenv("BENCH_TABLE");
	FILE *f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%s|%.2f %s|%.2f %s (%s)|%.2f|%s\n", what, ours, unit, peer,
	    unit, peer_name, peer > 0 ? ours / peer : 0.0, target);
	fclose(f);
}

/* ---- resume + yield ------------------------------------------------------ */

struct spinner {
	struct pt pt;
	unsigned long turns;
};

/* noinline: each resume is a real call, as when the scheduler runs it.
 * One yield point: gcc turns the `goto *lc` into a direct branch (there is
 * only one label it can reach), so this is the best case. */
static KT_NOINLINE PT_THREAD(bench_spin(struct spinner *sp))
{
	PT_BEGIN(&sp->pt);
	for (;;) {
		sp->turns++;
		PT_YIELD(&sp->pt);
	}
	PT_END(&sp->pt);
}

/*
 * Four yield points, the shape of a recipe (preheat, work, bake, serve):
 * the resume is a real computed jump.  gcc 12 -O2 on x86-64 compiles the
 * PT_LC_RESUME of this function to `movslq (%rdi),%rax; lea top,%rcx;
 * test %eax,%eax; je top; add %rcx,%rax; jmp *%rax`: the stored offset
 * added to the body's top (pt.h says why an offset, and why the test,
 * rather than the label's address; the Makefile's bench
 * target prints the count of indirect jumps objdump finds in it, so a
 * compiler that folds it shows up).  Called through a function pointer,
 * as sched.c calls task->fn.
 */
static KT_NOINLINE PT_THREAD(bench_spin4(struct spinner *sp))
{
	PT_BEGIN(&sp->pt);
	for (;;) {
		sp->turns++;
		PT_YIELD(&sp->pt);
		sp->turns++;
		PT_YIELD(&sp->pt);
		sp->turns++;
		PT_YIELD(&sp->pt);
		sp->turns++;
		PT_YIELD(&sp->pt);
	}
	PT_END(&sp->pt);
}

typedef char bench_spin_fn(struct spinner *);

/* One protothread, resumed and yielding n times through fn. */
static double
bench_resume_one(bench_spin_fn *fnp, unsigned long n)
{
	bench_spin_fn *volatile fn = fnp;
	struct spinner sp;
	unsigned long i;
	double t0, t1;

	memset(&sp, 0, sizeof sp);
	PT_INIT(&sp.pt);
	t0 = bench_now();
	for (i = 0; i < n; i++)
		fn(&sp);
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
	bench_spin_fn *volatile fn = bench_spin4;
	unsigned int r;
	double t0, t1;
	size_t i;

	memset(sp, 0, count * sizeof *sp);
	for (i = 0; i < count; i++)
		PT_INIT(&sp[i].pt);
	t0 = bench_now();
	for (r = 0; r < rounds; r++)
		for (i = 0; i < count; i++)
			fn(&sp[i]);
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
	size_t heapbytes, capready, maxheap, capnodes;
};

/* One run of the workload over n waiters; 0, or -1 on failure. */
static int
bench_sched_once(struct waiter *w, size_t n, struct sched_result *res,
		 double *secs)
{
	struct sched s;
	double t0, t1;
	size_t i;

	sched_init(&s);
	if (sched_reserve(&s, n, n) != 0) {
		sched_free(&s);
		return -1;
	}
	for (i = 0; i < n; i++) {
		w[i].task.fn = bench_wait_fn;
		PT_INIT(&w[i].pt);
		w[i].left = BENCH_WAITS;
		w[i].x = (uint32_t)i;
		sched_ready(&s, &w[i].task);
	}
	/* The first event of each run sets its first timer: after it all n
	 * are waiting at once.  Time the whole run, start to end. */
	t0 = bench_now();
	sched_run(&s);
	t1 = bench_now();
	*secs += t1 - t0;
	res->events += s.events;
	res->heapbytes = sched_heap_bytes(&s);
	res->capready = s.capready;
	res->capnodes = s.capnodes;     /* batched timers (sched.c) */
	res->maxheap = n;
	if (sched_failed(&s) || s.events != n * (BENCH_WAITS + 1)) {
		sched_free(&s);
		return -1;
	}
	sched_free(&s);
	return 0;
}

/* One repetition: the workload, again until BENCH_MIN_EVENTS. */
static int
bench_sched(struct waiter *w, size_t n, struct sched_result *res)
{
	double secs = 0;

	res->events = 0;
	do {
		if (bench_sched_once(w, n, res, &secs) != 0)
			return -1;
	} while (res->events < BENCH_MIN_EVENTS);
	res->ns_per_event = secs * 1e9 / (double)res->events;
	return 0;
}

/* The bare heap peer, repeated the same way. */
static double
bench_peer_heap(size_t n)
{
	uint64_t ev, total = 0;
	double ns, sum = 0;

	do {
		if ((ns = peer_heap_run(n, BENCH_WAITS, &ev)) < 0)
			return -1;
		sum += ns * (double)ev;
		total += ev;
	} while (total < BENCH_MIN_EVENTS);
	return sum / (double)total;
}

/* A warm-up call of f, then BENCH_REPS timed ones. */
#define BENCH_REPEAT(v, expr) do {					\
	int bench_r_;							\
	(void)(expr);							\
	for (bench_r_ = 0; bench_r_ < BENCH_REPS; bench_r_++)		\
		(v)[bench_r_] = (expr);					\
} while (0)

static void
bench_resume_section(void)
{
	double v[BENCH_REPS];
	struct bench_stat one, four, sw1, sw4, uc;
	struct spinner *sp;
	char target[32];
	size_t count;

	BENCH_REPEAT(v, bench_resume_one(bench_spin, 50000000UL));
	one = bench_stats(v, BENCH_REPS);
	BENCH_REPEAT(v, peer_switch_resume(1, 50000000UL));
	sw1 = bench_stats(v, BENCH_REPS);
	BENCH_REPEAT(v, bench_resume_one(bench_spin4, 50000000UL));
	four = bench_stats(v, BENCH_REPS);
	BENCH_REPEAT(v, peer_switch_resume(4, 50000000UL));
	sw4 = bench_stats(v, BENCH_REPS);
	BENCH_REPEAT(v, peer_ucontext_resume(2000000UL));
	uc = bench_stats(v, BENCH_REPS);

	snprintf(target, sizeof target, "<= %.2f ns", 1.5 * sw1.med);
	bench_line("resume+yield, 1 wait point (best case)", one, "ns",
	    target, one.med <= 1.5 * sw1.med);
	bench_line("  peer: hand-written switch, 1 point", sw1, "ns", "", -1);
	snprintf(target, sizeof target, "<= %.2f ns", 1.5 * sw4.med);
	bench_line("resume+yield, 4 wait points (dispatch)", four, "ns",
	    target, four.med <= 1.5 * sw4.med);
	bench_line("  peer: hand-written switch, 4 points", sw4, "ns", "", -1);
	if (uc.med > 0)
		bench_line("  peer: ucontext swapcontext pair", uc, "ns", "",
		    -1);
	bench_row("resume+yield, 1 point", one.med, sw1.med, "switch", "ns",
	    "<= 1.5x");
	bench_row("resume+yield, 4 points", four.med, sw4.med, "switch", "ns",
	    "<= 1.5x");
	if (uc.med > 0)
		bench_row("resume+yield, 4 points", four.med, uc.med,
		    "ucontext", "ns", "(stackful)");

	/* 100,000 spinners are 1.6 MB (in L2 on most machines); 10,000,000
	 * are 160 MB, past any last-level cache, so each resume is a miss. */
	for (count = 100000; count <= 10000000; count *= 100) {
		char what[64];
		unsigned rounds = count > 1000000 ? 3 : 100;

		if ((sp = calloc(count, sizeof *sp)) == NULL) {
			printf("  (no memory for %zu protothreads)\n", count);
			continue;
		}
		BENCH_REPEAT(v, bench_resume_many(sp, count, rounds));
		free(sp);
		four = bench_stats(v, BENCH_REPS);
		snprintf(what, sizeof what, "  %zu in an array (%.0f MB)", count,
		    (double)(count * sizeof *sp) / 1e6);
		bench_line(what, four, "ns", "(no target)", -1);
	}
}

int
main(void)
{
	static const size_t sizes[] = { 10000, 100000, 1000000 };
	double v[BENCH_REPS], vp[BENCH_REPS], bytes, load[1];
	struct sched_result res = { 0 };
	struct bench_stat ours, peer, ev;
	struct waiter *w;
	size_t k, n, engine;
	char what[64], target[32];
	int r;

	printf("kitchen-tui engine bench: median (min-max) of %d runs after a "
	    "warm-up, %s continuations\n", BENCH_REPS,
	    PT_LC_LABELS ? "labels-as-values" : "switch");
	/* Wall-clock figures mean little on a busy machine: say how busy. */
	if (getloadavg(load, 1) == 1)
		printf("load average %.2f on %ld CPUs%s\n", load[0],
		    sysconf(_SC_NPROCESSORS_ONLN),
		    load[0] > (double)sysconf(_SC_NPROCESSORS_ONLN) ?
		    ": busy, figures below are pessimistic" : "");
	printf("  %-40s %9s %-4s %-13s %-14s\n", "figure", "median", "unit",
	    "(spread)", "target");

	bench_resume_section();

	if ((w = calloc(sizes[2], sizeof *w)) == NULL) {
		fprintf(stderr, "bench-engine: out of memory\n");
		return 1;
	}
	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		n = sizes[k];
		for (r = -1; r < BENCH_REPS; r++) {
			if (bench_sched(w, n, &res) != 0) {
				fprintf(stderr, "bench-engine: scheduler "
				    "failed at %zu\n", n);
				free(w);
				return 1;
			}
			vp[r < 0 ? 0 : r] = bench_peer_heap(n);
			if (r >= 0)
				v[r] = 1e3 / res.ns_per_event;  /* M/s */
		}
		for (r = 0; r < BENCH_REPS; r++)
			vp[r] = vp[r] > 0 ? 1e3 / vp[r] : 0;
		ours = bench_stats(v, BENCH_REPS);
		peer = bench_stats(vp, BENCH_REPS);
		printf("  %zu protothreads, each waiting on %u timers "
		    "1-1000 ms away in turn:\n", n, BENCH_WAITS);
		snprintf(target, sizeof target, ">= %.2f M/s", 0.8 * peer.med);
		bench_line("  events/s", ours, "M/s", target,
		    ours.med >= 0.8 * peer.med);
		bench_line("  peer: bare C binary heap", peer, "M/s", "", -1);
		snprintf(what, sizeof what, "events/s at %zuk runs", n / 1000);
		bench_row(what, ours.med, peer.med, "bare heap", "M/s",
		    ">= 0.8x");
		if (n == 1000000) {
			ev.med = 1e3 / ours.med;
			printf("  (for the Python peer: %.1f ns per event at 1M;"
			    " bench-peers.sh compares)\n", ev.med);
			if (getenv("BENCH_OURS_1M") != NULL) {
				FILE *f = fopen(getenv("BENCH_OURS_1M"), "w");

				if (f != NULL) {
					fprintf(f, "%.3f\n", ours.med);
					fclose(f);
				}
			}
		}
	}
	free(w);

	/*
	 * Engine state per waiting protothread, at the 1,000,000 run: its
	 * share of the heap's blocks as used (a reserve's untouched blocks
	 * are address space only) and the nodes and ready ring as allocated
	 * (capacity, not just what is in use), plus the struct sched_task
	 * and struct pt embedded in the run.  The run's own fields (waits
	 * left, random state) are the model's, shown separately.
	 */
	n = res.maxheap;
	engine = sizeof(struct sched_task) + sizeof(struct pt);
	bytes = ((double)res.heapbytes +
	    (double)res.capnodes * (sizeof(struct sched_task *) +
	    sizeof(uint32_t)) +
	    (double)res.capready * sizeof(struct sched_task *)) / (double)n +
	    (double)engine;
	printf("  %-40s %9.2f %-4s %-13s %-14s %s\n",
	    "bytes of engine state per waiting run", bytes, "B", "",
	    "<= 64 B", bytes <= 64 ? "meets" : "MISSES");
	printf("    = heap blocks %zu B + batch nodes %zu x %zu B + ready ring "
	    "%zu x %zu B over %zu runs,"
	    "\n      + task %zu B + pt %zu B; the bench's whole run struct "
	    "is %zu B\n", res.heapbytes,
	    res.capnodes, sizeof(struct sched_task *) + sizeof(uint32_t),
	    res.capready, sizeof(struct sched_task *), n,
	    sizeof(struct sched_task), sizeof(struct pt), sizeof(struct waiter));
	return 0;
}
