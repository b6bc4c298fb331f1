/* SPDX-License-Identifier: ISC */
/*
 * benchreal-models.c - the four C models of --bench, each measured in a
 * forked child of its own (see benchreal.c).
 *
 * Every model runs the same workload: `tasks` recipes, each doing `waits`
 * real waits of BENCH_WAIT_NS.  The measurement has the same three phases
 * for all of them:
 *  1. create: every recipe is made and left waiting (a protothread or a
 *     callback chain has its first timer running; a thread or a child
 *     process waits at a gate, because creating thousands of them takes
 *     longer than their waits and they would otherwise be done before the
 *     last one exists).  Timed: create_ns.
 *  2. measure, with all of them alive: the memory this process (and for
 *     processes, each child) holds now, minus what it held before 1,
 *     divided by the number of tasks.  Not timed.
 *  3. run: to the end, every thread joined and every child reaped.
 *     Timed; its CPU time divided by tasks * waits is cpu_per_wait_ns.
 * wall_seconds is phase 1 plus phase 3.
 *
 * Before the measured run, each model runs once with WARMUP_TASKS tasks
 * and one wait, and that run is thrown away: the first run of a piece of
 * code faults in its pages of the program and of libev or libc, a fixed
 * cost that would otherwise be counted as memory per task.
 *
 * A pending stop signal (bench_stop_pending) ends a phase early; threads
 * are told to stop and are joined, children are killed and reaped.
 */
#include "config.h"

#include <errno.h>
#include <ev.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "benchreal-impl.h"
#include "pt.h"

#define WAIT_SECONDS ((double)BENCH_WAIT_NS / 1e9)

/* ---- a hold for the test suite ---------------------------------------------- */

/*
 * KITCHEN_TUI_TEST_HOLD=MODEL, for the test suite only: the measured run
 * (not the warm-up) of that model, once all its tasks are alive, waits
 * until it is told to stop, and then stops the way a ^C stops it.  A test
 * can so find the bench's threads, children or measuring process alive
 * however fast the machine is (tests/screen.sh "B then q",
 * tests/bench-small.sh); without it the bench may be over before a slow
 * test looks.  It costs one getenv per model.
 */
static const char *hold_model;          /* the model of the measured run */

static void
test_hold(void)
{
	const char *h = getenv("KITCHEN_TUI_TEST_HOLD");

	if (h == NULL || hold_model == NULL || strcmp(h, hold_model) != 0)
		return;
	while (!bench_stop_pending(NULL))
		poll(NULL, 0, 10);
}
#define STOP_POLL_SECONDS 0.01          /* how often a run looks for ^C */

static void
set_note(struct bench_model *m, enum bench_status st, const char *fmt, ...)
    KT_PRINTF(3, 4);

static void
set_note(struct bench_model *m, enum bench_status st, const char *fmt, ...)
{
	va_list ap;

	m->status = st;
	va_start(ap, fmt);
	vsnprintf(m->note, sizeof m->note, fmt, ap);
	va_end(ap);
}

/* The figures every model reports, from its phase times. */
struct phases {
	double t0, t1, t2, t3;          /* wall: create, created, run, done */
	double c2, c3;                  /* CPU: run, done */
	uint64_t mem_before, mem_after;
	int mem_err;                    /* /proc could not tell */
};

static void
fill_figures(struct bench_model *m, const struct phases *p, long created,
	     long waits, uint64_t extra_mem, uint64_t peak)
{
	uint64_t mem = p->mem_after > p->mem_before ?
	    p->mem_after - p->mem_before : 0;

	m->tasks_run = created;
	if (created <= 0)
		return;
	if (p->mem_err != 0) {
		set_note(m, BENCH_FAILED, "cannot read this process's memory "
		    "from /proc (smaps_rollup or status)");
		return;
	}
	m->wall_seconds = (p->t1 - p->t0) + (p->t3 - p->t2);
	m->create_ns = (p->t1 - p->t0) * 1e9 / (double)created;
	m->cpu_per_wait_ns = (p->c3 - p->c2) * 1e9 / ((double)created * (double)waits);
	m->memory_per_task_bytes = (double)(mem + extra_mem) / (double)created;
	m->peak_rss_bytes = peak;
}

/* ---- libev: the loop both event-driven models run on --------------------- */

static struct ev_loop *ev_bench_loop;
static ev_timer ev_stop_watch;

/* Every STOP_POLL_SECONDS: leave the loop if a stop signal is pending.
 * Unref'd, so that it does not keep the loop alive by itself. */
static void
ev_stop_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	if (bench_stop_pending(NULL))
		ev_break(loop, EVBREAK_ALL);
}

static int
ev_bench_open(struct bench_model *m)
{
	/* Our own loop, never the default one: the screen may own that. */
	ev_bench_loop = ev_loop_new(EVFLAG_AUTO);
	if (ev_bench_loop == NULL) {
		set_note(m, BENCH_FAILED, "libev: cannot create a loop");
		return -1;
	}
	ev_timer_init(&ev_stop_watch, ev_stop_cb, STOP_POLL_SECONDS, STOP_POLL_SECONDS);
	ev_timer_start(ev_bench_loop, &ev_stop_watch);
	ev_unref(ev_bench_loop);
	return 0;
}

static void
ev_bench_close(void)
{
	ev_ref(ev_bench_loop);
	ev_timer_stop(ev_bench_loop, &ev_stop_watch);
	ev_loop_destroy(ev_bench_loop);
	ev_bench_loop = NULL;
}

/* The two libev models share their phases: open the loop, start the
 * clocks and allocate `tasks` recipes of `size` bytes (counted as memory
 * and time of creating them), create the tasks (the caller), then run
 * them all to the end.  The recipes, or NULL with a note in m. */
static void *
ev_phase_begin(struct bench_model *m, struct phases *p, long tasks,
	       size_t size, const char *what)
{
	void *rs;

	if (ev_bench_open(m) != 0)
		return NULL;
	memset(p, 0, sizeof *p);
	p->mem_err |= bench_mem_resident(0, &p->mem_before);
	ev_now_update(ev_bench_loop);
	p->t0 = bench_clock();
	if ((rs = calloc((size_t)tasks, size)) == NULL) {
		set_note(m, BENCH_FAILED, "out of memory for %ld %s", tasks, what);
		ev_bench_close();
	}
	return rs;
}

static void
ev_phase_run(struct bench_model *m, struct phases *p, long tasks, long waits)
{
	p->t1 = bench_clock();
	p->mem_err |= bench_mem_resident(0, &p->mem_after);
	test_hold();
	p->t2 = bench_clock();
	p->c2 = bench_cpu();
	ev_run(ev_bench_loop, 0);
	p->c3 = bench_cpu();
	p->t3 = bench_clock();
	fill_figures(m, p, tasks, waits, 0, bench_mem_peak());
	ev_bench_close();
}

/* ---- protothreads: our pt.h, resumed from libev timers -------------------- */

/*
 * One recipe as a protothread.  Its whole state lives here (pt.h limit 1):
 * the continuation, its timer and how many waits are left.
 */
struct pt_recipe {
	struct pt pt;
	bool fired;
	long left;
	ev_timer timer;
};

static PT_THREAD(pt_recipe_run(struct pt_recipe *r))
{
	PT_BEGIN(&r->pt);
	while (r->left > 0) {
		r->fired = false;
		ev_timer_set(&r->timer, WAIT_SECONDS, 0.);
		ev_timer_start(ev_bench_loop, &r->timer);
		PT_WAIT_UNTIL(&r->pt, r->fired);
		r->left--;
	}
	PT_END(&r->pt);
}

/* The timer is embedded in the recipe: find the recipe with offsetof. */
static void
pt_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct pt_recipe *r = (struct pt_recipe *)(void *)
	    ((char *)w - offsetof(struct pt_recipe, timer));

	(void)loop;
	(void)revents;
	r->fired = true;
	(void)pt_recipe_run(r);
}

static void
run_protothreads(long tasks, long waits, struct bench_model *m)
{
	struct pt_recipe *rs;
	struct phases p;
	long i;

	rs = ev_phase_begin(m, &p, tasks, sizeof *rs, "protothreads");
	if (rs == NULL)
		return;
	/* Creating a protothread runs it to its first wait. */
	for (i = 0; i < tasks; i++) {
		PT_INIT(&rs[i].pt);
		rs[i].left = waits;
		ev_init(&rs[i].timer, pt_timer_cb);
		(void)pt_recipe_run(&rs[i]);
	}
	ev_phase_run(m, &p, tasks, waits);
	free(rs);
}

/* ---- libev-callbacks: a plain chain of timer callbacks ------------------- */

/* A recipe as callbacks: the timer and a count; each callback arms the
 * next wait, the way a chain of callbacks hands on to the next one. */
struct cb_recipe {
	ev_timer timer;         /* first: the callback casts back to us */
	long left;
};

static void
cb_step(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct cb_recipe *r = (struct cb_recipe *)(void *)w;

	(void)revents;
	if (--r->left > 0) {
		ev_timer_set(w, WAIT_SECONDS, 0.);
		ev_timer_start(loop, w);
	}
}

static void
run_callbacks(long tasks, long waits, struct bench_model *m)
{
	struct cb_recipe *rs;
	struct phases p;
	long i;

	rs = ev_phase_begin(m, &p, tasks, sizeof *rs, "callback chains");
	if (rs == NULL)
		return;
	for (i = 0; i < tasks; i++) {
		rs[i].left = waits;
		ev_timer_init(&rs[i].timer, cb_step, WAIT_SECONDS, 0.);
		ev_timer_start(ev_bench_loop, &rs[i].timer);
	}
	ev_phase_run(m, &p, tasks, waits);
	free(rs);
}

/* ---- the real waits of threads and processes ------------------------------ */

/* Sleep one wait, to the end even if a signal handler interrupts it. */
static void
sleep_one_wait(void)
{
	struct timespec ts = { 0, BENCH_WAIT_NS }, rem;

	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

/* Sleep a little while a run is being watched for its end or a stop. */
static void
sleep_poll(void)
{
	struct timespec ts = { 0, 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- pthreads: one thread per recipe, sleeping --------------------------- */

/* The gate: held for writing while threads are created; each thread takes
 * it for reading, so that all of them go at once when it is released. */
static pthread_rwlock_t th_gate = PTHREAD_RWLOCK_INITIALIZER;
static atomic_bool th_stop;
static atomic_long th_done;
static long th_waits;

static void *
th_recipe(void *arg)
{
	long i;

	(void)arg;
	pthread_rwlock_rdlock(&th_gate);
	pthread_rwlock_unlock(&th_gate);
	for (i = 0; i < th_waits && !atomic_load(&th_stop); i++)
		sleep_one_wait();
	atomic_fetch_add(&th_done, 1);
	return NULL;
}

/* The stack a thread reserves by default (virtual, mostly untouched),
 * with its guard page. */
static double
th_reserved_stack(void)
{
	pthread_attr_t a;
	size_t stack = 0, guard = 0;

	if (pthread_attr_init(&a) != 0)
		return 0;
	pthread_attr_getstacksize(&a, &stack);
	pthread_attr_getguardsize(&a, &guard);
	pthread_attr_destroy(&a);
	return (double)(stack + guard);
}

static void
run_pthreads(long tasks, long waits, struct bench_model *m)
{
	pthread_t *ids;
	struct phases p;
	long i, created;
	int rc = 0;

	if ((ids = calloc((size_t)tasks, sizeof *ids)) == NULL) {
		set_note(m, BENCH_FAILED, "out of memory for %ld thread ids", tasks);
		return;
	}
	th_waits = waits;
	atomic_store(&th_stop, false);
	atomic_store(&th_done, 0);
	memset(&p, 0, sizeof p);
	pthread_rwlock_wrlock(&th_gate);
	p.mem_err |= bench_mem_resident(0, &p.mem_before);
	p.t0 = bench_clock();
	for (i = 0; i < tasks; i++) {
		if (i % 64 == 0 && bench_stop_pending(NULL))
			break;
		if ((rc = pthread_create(&ids[i], NULL, th_recipe, NULL)) != 0)
			break;
	}
	created = i;
	p.t1 = bench_clock();
	p.mem_err |= bench_mem_resident(0, &p.mem_after);
	test_hold();
	if (rc == EAGAIN)
		set_note(m, BENCH_LIMIT, "system limit: pthread_create refused "
		    "thread %ld (EAGAIN: threads-max, pid_max, ulimit -u or "
		    "memory maps)", created + 1);
	else if (rc != 0)
		set_note(m, BENCH_FAILED, "pthread_create: %s", strerror(rc));
	p.t2 = bench_clock();
	p.c2 = bench_cpu();
	pthread_rwlock_unlock(&th_gate);
	/* Watch rather than join, so that a stop signal is seen at once. */
	while (atomic_load(&th_done) < created) {
		if (bench_stop_pending(NULL))
			atomic_store(&th_stop, true);
		sleep_poll();
	}
	for (i = 0; i < created; i++)
		pthread_join(ids[i], NULL);
	p.c3 = bench_cpu();
	p.t3 = bench_clock();
	fill_figures(m, &p, created, waits, 0, bench_mem_peak());
	m->reserved_bytes_per_task = th_reserved_stack();
	free(ids);
}

/* ---- processes: one fork per recipe, the result back through a pipe ------- */

/* A child: wait at the gate (EOF when the parent closes it), do the waits,
 * report one byte through the pipe, leave without running any atexit
 * handler or flushing stdio buffers it inherited. */
static _Noreturn void
proc_child(int gate_rd, int gate_wr, int res_rd, int res_wr, long waits)
{
	char c;
	long i;

	close(gate_wr);
	close(res_rd);
	while (read(gate_rd, &c, 1) < 0 && errno == EINTR)
		;
	for (i = 0; i < waits; i++)
		sleep_one_wait();
	c = 'x';
	while (write(res_wr, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

/* At most this many children have their memory read (evenly spread); the
 * rest are assumed to be like them.  Reading /proc for each costs time. */
#define PROC_MEM_SAMPLES 4096

/* The children's pids.  A global (set before the first fork) rather than
 * only a local, so that a child leaving with _exit still points at the
 * copy it inherited: no leak in valgrind's eyes, and no free() in the
 * child that would dirty a heap page and add to its memory. */
static pid_t *volatile proc_pids;     /* volatile: a store never read back */

/* The children's own memory, summed over all of them (sampled beyond
 * PROC_MEM_SAMPLES).  0 if /proc could not tell. */
static uint64_t
proc_children_mem(const pid_t *pids, long created)
{
	long i, stride = created / PROC_MEM_SAMPLES + 1, n = 0;
	uint64_t sum = 0, b;

	for (i = 0; i < created; i += stride) {
		if (bench_mem_private(pids[i], &b) == 0) {
			sum += b;
			n++;
		}
	}
	if (n == 0)
		return 0;
	return (uint64_t)((double)sum / (double)n * (double)created);
}

/* Kill and reap every child (on a stop, or when setting up failed). */
static void
proc_kill_all(pid_t *pids, long created)
{
	long i;

	for (i = 0; i < created; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (i = 0; i < created; i++) {
		while (pids[i] > 0 && waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
		pids[i] = 0;
	}
}

/* Read one byte per child until all have reported or a stop: false then. */
static bool
proc_collect(int res_rd, long created)
{
	struct pollfd pfd = { .fd = res_rd, .events = POLLIN };
	char buf[512];
	long got = 0;
	ssize_t n;

	while (got < created) {
		if (bench_stop_pending(NULL))
			return false;
		if (poll(&pfd, 1, (int)(STOP_POLL_SECONDS * 1000)) <= 0)
			continue;
		n = read(res_rd, buf, sizeof buf);
		if (n > 0)
			got += n;
		else if (n == 0 || errno != EINTR)
			return got >= created;  /* every writer gone */
	}
	return true;
}

static void
run_processes(long tasks, long waits, struct bench_model *m)
{
	int gate[2], res[2], err = 0;
	pid_t *pids, pid;
	struct phases p;
	uint64_t children_mem;
	double cc2, cc3;
	long i, created;

	if ((pids = calloc((size_t)tasks, sizeof *pids)) == NULL) {
		set_note(m, BENCH_FAILED, "out of memory for %ld process ids", tasks);
		return;
	}
	proc_pids = pids;
	if (pipe(gate) != 0) {
		set_note(m, BENCH_FAILED, "pipe: %s", strerror(errno));
		free(pids);
		return;
	}
	if (pipe(res) != 0) {
		set_note(m, BENCH_FAILED, "pipe: %s", strerror(errno));
		close(gate[0]);
		close(gate[1]);
		free(pids);
		return;
	}
	memset(&p, 0, sizeof p);
	p.mem_err |= bench_mem_resident(0, &p.mem_before);
	p.t0 = bench_clock();
	for (i = 0; i < tasks; i++) {
		if (i % 16 == 0 && bench_stop_pending(NULL))
			break;
		if ((pid = fork()) < 0) {
			err = errno;
			break;
		}
		if (pid == 0)
			proc_child(gate[0], gate[1], res[0], res[1], waits);
		pids[i] = pid;
	}
	created = i;
	p.t1 = bench_clock();
	p.mem_err |= bench_mem_resident(0, &p.mem_after);
	children_mem = proc_children_mem(pids, created);
	if (created > 0 && children_mem == 0)
		p.mem_err = 1;
	test_hold();
	if (err == EAGAIN || err == ENOMEM)
		set_note(m, BENCH_LIMIT, "system limit: fork refused process "
		    "%ld (%s: ulimit -u, pid_max or memory)", created + 1,
		    err == EAGAIN ? "EAGAIN" : "ENOMEM");
	else if (err != 0)
		set_note(m, BENCH_FAILED, "fork: %s", strerror(err));
	p.t2 = bench_clock();
	p.c2 = bench_cpu();
	cc2 = bench_children_cpu();
	close(gate[1]);         /* the gate opens: every child reads EOF */
	close(gate[0]);
	close(res[1]);
	if (!proc_collect(res[0], created))
		proc_kill_all(pids, created);
	for (i = 0; i < created; i++)
		while (pids[i] > 0 && waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
	close(res[0]);
	cc3 = bench_children_cpu();
	p.c3 = bench_cpu() + (cc3 - cc2);
	p.t3 = bench_clock();
	fill_figures(m, &p, created, waits, children_mem,
	    bench_mem_peak() + children_mem);
	proc_pids = NULL;
	free(pids);
}

/* ---- the entry points: a warm-up run, then the measured one --------------- */

#define WARMUP_TASKS 2

static void
warm_then_run(void (*run)(long, long, struct bench_model *), const char *name,
	      long tasks, long waits, struct bench_model *m)
{
	struct bench_model scratch;

	memset(&scratch, 0, sizeof scratch);
	hold_model = NULL;
	run(WARMUP_TASKS, 1, &scratch);
	if (bench_stop_pending(NULL))
		return;
	hold_model = name;
	run(tasks, waits, m);
	hold_model = NULL;
}

void
bench_model_protothreads(long tasks, long waits, struct bench_model *m)
{
	warm_then_run(run_protothreads, "protothreads", tasks, waits, m);
}

void
bench_model_callbacks(long tasks, long waits, struct bench_model *m)
{
	warm_then_run(run_callbacks, "libev-callbacks", tasks, waits, m);
}

void
bench_model_pthreads(long tasks, long waits, struct bench_model *m)
{
	warm_then_run(run_pthreads, "pthreads", tasks, waits, m);
}

void
bench_model_processes(long tasks, long waits, struct bench_model *m)
{
	warm_then_run(run_processes, "processes", tasks, waits, m);
}
