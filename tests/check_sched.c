/* SPDX-License-Identifier: ISC */
/*
 * check_sched.c - the virtual-clock scheduler: exact orders and times.
 *
 * Every test records what ran and when ("id@time") into a log and compares
 * it with the order worked out by hand from the rules in sched.h: ready
 * tasks first and FIFO, then timers by time, ties in the order they were
 * set.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"
#include "sched.h"

/* A task that writes "name@now " to a shared log. */
struct rec {
	struct sched_task task;
	const char *name;
	char *log;
	size_t logsz;
	int runs;
};

#define REC_OF(t) ((struct rec *)((char *)(t) - offsetof(struct rec, task)))

static void
rec_fn(struct sched *s, struct sched_task *t)
{
	struct rec *r = REC_OF(t);
	size_t len = strlen(r->log);

	snprintf(r->log + len, r->logsz - len, "%s@%lld ", r->name,
	    (long long)sched_now(s));
	r->runs++;
}

static void
rec_init(struct rec *r, const char *name, char *log, size_t logsz)
{
	memset(r, 0, sizeof *r);
	r->task.fn = rec_fn;
	r->name = name;
	r->log = log;
	r->logsz = logsz;
}

START_TEST(test_empty)
{
	struct sched s;

	sched_init(&s);
	ck_assert(sched_idle(&s));
	ck_assert_int_eq(sched_now(&s), 0);
	ck_assert_int_eq(sched_next(&s), SCHED_NEVER);
	ck_assert(!sched_step(&s));
	ck_assert_uint_eq(sched_run(&s), 0);
	ck_assert(!sched_failed(&s));
	sched_free(&s);
}
END_TEST

/* Timers fire in time order whatever order they were set in, and the
 * clock reads each timer's time while it runs. */
START_TEST(test_timer_order_and_times)
{
	char log[256] = "";
	struct rec a, b, c;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "bake", log, sizeof log);
	rec_init(&b, "boil", log, sizeof log);
	rec_init(&c, "beep", log, sizeof log);
	ck_assert_int_eq(sched_at(&s, 1080, &a.task), 0);
	ck_assert_int_eq(sched_at(&s, 360, &b.task), 0);
	ck_assert_int_eq(sched_after(&s, 300, &c.task), 0);
	ck_assert_int_eq(sched_next(&s), 300);
	ck_assert_uint_eq(sched_run(&s), 3);
	ck_assert_str_eq(log, "beep@300 boil@360 bake@1080 ");
	ck_assert_int_eq(sched_now(&s), 1080);
	ck_assert_uint_eq(s.events, 3);
	ck_assert(sched_idle(&s));
	sched_free(&s);
}
END_TEST

/* Timers due at the same millisecond fire in the order they were set,
 * whichever of sched_at and sched_after set them. */
START_TEST(test_ties_in_insertion_order)
{
	char log[256] = "";
	struct rec r[5];
	const char *names[5] = { "a", "b", "c", "d", "e" };
	struct sched s;
	int i;

	sched_init(&s);
	for (i = 0; i < 5; i++)
		rec_init(&r[i], names[i], log, sizeof log);
	sched_at(&s, 50, &r[3].task);
	sched_after(&s, 50, &r[0].task);
	sched_at(&s, 10, &r[4].task);
	sched_at(&s, 50, &r[2].task);
	sched_after(&s, 50, &r[1].task);
	sched_run(&s);
	ck_assert_str_eq(log, "e@10 d@50 a@50 c@50 b@50 ");
	sched_free(&s);
}
END_TEST

/* The ready queue is FIFO and drained before any timer, even one due now
 * that was set before the ready tasks. */
START_TEST(test_ready_before_timers)
{
	char log[256] = "";
	struct rec t0, r1, r2, later;
	struct sched s;

	sched_init(&s);
	rec_init(&t0, "timer", log, sizeof log);
	rec_init(&r1, "r1", log, sizeof log);
	rec_init(&r2, "r2", log, sizeof log);
	rec_init(&later, "later", log, sizeof log);
	sched_at(&s, 5, &later.task);
	sched_after(&s, 0, &t0.task);
	sched_ready(&s, &r1.task);
	sched_ready(&s, &r2.task);
	ck_assert_int_eq(sched_next(&s), 0);
	sched_run(&s);
	ck_assert_str_eq(log, "r1@0 r2@0 timer@0 later@5 ");
	sched_free(&s);
}
END_TEST

/* A task made ready by a running task goes behind those already ready. */
struct chain {
	struct sched_task task;
	struct rec *tail;       /* made ready when this one runs */
	struct rec self;
};

static void
chain_fn(struct sched *s, struct sched_task *t)
{
	struct chain *c = (struct chain *)((char *)t - offsetof(struct chain, task));

	rec_fn(s, &c->self.task);
	sched_ready(s, &c->tail->task);
}

START_TEST(test_ready_from_task_goes_last)
{
	char log[256] = "";
	struct chain c;
	struct rec x, y;
	struct sched s;

	sched_init(&s);
	rec_init(&c.self, "c", log, sizeof log);
	c.task.fn = chain_fn;
	rec_init(&x, "x", log, sizeof log);
	rec_init(&y, "y", log, sizeof log);
	c.tail = &y;
	sched_ready(&s, &c.task);
	sched_ready(&s, &x.task);
	sched_run(&s);
	ck_assert_str_eq(log, "c@0 x@0 y@0 ");
	sched_free(&s);
}
END_TEST

/* An array of ready tasks runs as if each had been made ready in turn:
 * on an empty queue (no ring memory: sched_ready_array keeps a range),
 * behind tasks already in the ring, with tasks made ready meanwhile going
 * after the whole array, and through sched_copy and sched_ready_task. */
static struct sched_task *
same_task(void *ctx, struct sched_task *t)
{
	(void)ctx;
	return t;
}

START_TEST(test_ready_array_in_order)
{
	char log[512] = "";
	static const char *const names[] = { "a", "b", "c", "d" };
	struct chain c[4];
	struct rec tails[4], x;
	struct sched s, d;
	int i;

	sched_init(&s);
	for (i = 0; i < 4; i++) {
		rec_init(&c[i].self, names[i], log, sizeof log);
		c[i].task.fn = chain_fn;
		rec_init(&tails[i], "t", log, sizeof log);
		c[i].tail = &tails[i];
	}
	/* Empty queue: a range, no ring. */
	ck_assert_int_eq(sched_ready_array(&s, &c[0].task, sizeof c[0], 4), 0);
	ck_assert_uint_eq(s.nready, 0);
	ck_assert_uint_eq(sched_nready(&s), 4);
	ck_assert(!sched_idle(&s));
	ck_assert_int_eq(sched_next(&s), 0);
	ck_assert_ptr_eq(sched_ready_task(&s, 2), &c[2].task);
	/* A copy takes the range into its ring, in the same order. */
	sched_init(&d);
	ck_assert_int_eq(sched_copy(&d, &s, same_task, NULL), 0);
	ck_assert_uint_eq(sched_nready(&d), 4);
	for (i = 0; i < 4; i++)
		ck_assert_ptr_eq(sched_ready_task(&d, (size_t)i), &c[i].task);
	sched_free(&d);
	ck_assert_uint_eq(sched_run(&s), 8);
	ck_assert_str_eq(log, "a@0 b@0 c@0 d@0 t@0 t@0 t@0 t@0 ");
	ck_assert(sched_idle(&s));
	/* Behind a task already in the ring: each goes into the ring. */
	log[0] = '\0';
	rec_init(&x, "x", log, sizeof log);
	sched_ready(&s, &x.task);
	ck_assert_int_eq(sched_ready_array(&s, &c[0].task, sizeof c[0], 2), 0);
	ck_assert_uint_eq(s.nready, 3);
	ck_assert_uint_eq(sched_run(&s), 5);
	ck_assert_str_eq(log, "x@0 a@0 b@0 t@0 t@0 ");
	sched_free(&s);
}
END_TEST

/* A time in the past means now: the clock never goes back. */
START_TEST(test_past_means_now)
{
	char log[256] = "";
	struct rec a, b, c;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	rec_init(&b, "b", log, sizeof log);
	rec_init(&c, "c", log, sizeof log);
	sched_run_until(&s, 100);
	ck_assert_int_eq(sched_now(&s), 100);
	sched_at(&s, 40, &a.task);
	sched_after(&s, -30, &b.task);
	sched_at(&s, 100, &c.task);
	ck_assert_int_eq(sched_next(&s), 100);
	sched_run(&s);
	ck_assert_str_eq(log, "a@100 b@100 c@100 ");
	sched_free(&s);
}
END_TEST

/* run_until runs what is due at or before `until`, nothing later, and
 * leaves the clock at `until`. */
START_TEST(test_run_until)
{
	char log[256] = "";
	struct rec a, b, c;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	rec_init(&b, "b", log, sizeof log);
	rec_init(&c, "c", log, sizeof log);
	sched_at(&s, 10, &a.task);
	sched_at(&s, 20, &b.task);
	sched_at(&s, 21, &c.task);
	ck_assert_uint_eq(sched_run_until(&s, 5), 0);
	ck_assert_int_eq(sched_now(&s), 5);
	ck_assert_uint_eq(sched_run_until(&s, 20), 2);
	ck_assert_str_eq(log, "a@10 b@20 ");
	ck_assert_int_eq(sched_now(&s), 20);
	ck_assert_int_eq(sched_next(&s), 21);
	/* Asking for an earlier time runs nothing and keeps the clock. */
	ck_assert_uint_eq(sched_run_until(&s, 15), 0);
	ck_assert_int_eq(sched_now(&s), 20);
	ck_assert_uint_eq(sched_run_until(&s, 1000), 1);
	ck_assert_str_eq(log, "a@10 b@20 c@21 ");
	ck_assert_int_eq(sched_now(&s), 1000);
	ck_assert(sched_idle(&s));
	sched_free(&s);
}
END_TEST

/* Run until SCHED_NEVER means "no limit": like sched_run, the clock stays
 * at the last event instead of jumping to the end of time. */
START_TEST(test_run_until_never)
{
	char log[256] = "";
	struct rec a;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	sched_at(&s, 42, &a.task);
	ck_assert_uint_eq(sched_run_until(&s, SCHED_NEVER), 1);
	ck_assert_int_eq(sched_now(&s), 42);
	sched_free(&s);
}
END_TEST

/* sched_step runs exactly one event: pausing is not stepping. */
START_TEST(test_step_one_event)
{
	char log[256] = "";
	struct rec a, b, c;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	rec_init(&b, "b", log, sizeof log);
	rec_init(&c, "c", log, sizeof log);
	sched_at(&s, 7, &a.task);
	sched_at(&s, 7, &b.task);
	sched_ready(&s, &c.task);
	ck_assert(sched_step(&s));
	ck_assert_str_eq(log, "c@0 ");
	ck_assert_int_eq(sched_now(&s), 0);
	ck_assert(sched_step(&s));
	ck_assert_str_eq(log, "c@0 a@7 ");
	ck_assert_int_eq(sched_now(&s), 7);
	ck_assert_uint_eq(s.events, 2);
	ck_assert(sched_step(&s));
	ck_assert(!sched_step(&s));
	ck_assert_str_eq(log, "c@0 a@7 b@7 ");
	ck_assert_uint_eq(s.events, 3);
	sched_free(&s);
}
END_TEST

/* A far delay saturates at SCHED_NEVER instead of overflowing into the
 * past. */
START_TEST(test_after_saturates)
{
	char log[256] = "";
	struct rec a, b;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	rec_init(&b, "b", log, sizeof log);
	sched_run_until(&s, 1000);
	sched_after(&s, INT64_MAX - 10, &a.task);
	sched_after(&s, 1, &b.task);
	ck_assert_int_eq(sched_next(&s), 1001);
	ck_assert(sched_step(&s));
	ck_assert_str_eq(log, "b@1001 ");
	ck_assert_int_eq(sched_next(&s), SCHED_NEVER);
	sched_free(&s);
}
END_TEST

/* ---- protothreads on the scheduler: how the models use it ----------------- */

struct step_run {
	struct sched_task task;
	struct pt pt;
	const char *name;
	const sched_ms *waits;  /* each wait, 0-terminated */
	int i;
	sched_ms done_at;
	char *log;
	size_t logsz;
};

static PT_THREAD(step_body(struct step_run *r, struct sched *s))
{
	size_t len;

	PT_BEGIN(&r->pt);
	for (r->i = 0; r->waits[r->i] != 0; r->i++) {
		len = strlen(r->log);
		snprintf(r->log + len, r->logsz - len, "%s%d@%lld ", r->name,
		    r->i, (long long)sched_now(s));
		sched_after(s, r->waits[r->i], &r->task);
		PT_YIELD(&r->pt);
	}
	r->done_at = sched_now(s);
	PT_END(&r->pt);
}

static void
step_fn(struct sched *s, struct sched_task *t)
{
	struct step_run *r = (struct step_run *)((char *)t -
	    offsetof(struct step_run, task));

	step_body(r, s);
}

static void
step_init(struct step_run *r, const char *name, const sched_ms *waits,
	  char *log, size_t logsz)
{
	memset(r, 0, sizeof *r);
	r->task.fn = step_fn;
	PT_INIT(&r->pt);
	r->name = name;
	r->waits = waits;
	r->done_at = -1;
	r->log = log;
	r->logsz = logsz;
}

/* Salmon, rice and beans as protothreads waiting on timers (times in
 * minutes for reading; the scheduler does not care about the unit). */
START_TEST(test_protothreads_on_timers)
{
	static const sched_ms salmon[] = { 10, 2, 18, 0 };
	static const sched_ms rice[] = { 6, 25, 5, 0 };
	static const sched_ms beans[] = { 1, 5, 0 };
	char log[512] = "";
	struct step_run r[3];
	struct sched s;
	int i;

	sched_init(&s);
	step_init(&r[0], "S", salmon, log, sizeof log);
	step_init(&r[1], "R", rice, log, sizeof log);
	step_init(&r[2], "B", beans, log, sizeof log);
	for (i = 0; i < 3; i++)
		sched_ready(&s, &r[i].task);
	/* S and R run 4 times (start, 2 resumes between waits, end), B 3. */
	ck_assert_uint_eq(sched_run(&s), 4 + 4 + 3);
	ck_assert_str_eq(log,
	    "S0@0 R0@0 B0@0 B1@1 R1@6 S1@10 S2@12 R2@31 ");
	ck_assert_int_eq(r[0].done_at, 30);
	ck_assert_int_eq(r[1].done_at, 36);
	ck_assert_int_eq(r[2].done_at, 6);
	ck_assert_int_eq(sched_now(&s), 36);
	sched_free(&s);
}
END_TEST

/* The same inputs give the same order, run after run; and the order does
 * not depend on where the tasks are in memory (the two runs use two
 * arrays alive at the same time, so their addresses differ). */
static void
determinism_run(struct step_run *r, char *log, size_t logsz)
{
	static const sched_ms w[4][4] = {
		{ 3, 3, 3, 0 }, { 9, 0, 0, 0 }, { 3, 6, 0, 0 }, { 1, 2, 6, 0 },
	};
	static const char *names[4] = { "a", "b", "c", "d" };
	struct sched s;
	int i;

	sched_init(&s);
	for (i = 3; i >= 0; i--) {
		step_init(&r[i], names[i], w[i], log, logsz);
		sched_ready(&s, &r[i].task);
	}
	sched_run(&s);
	sched_free(&s);
}

START_TEST(test_deterministic)
{
	char one[512] = "", two[512] = "";
	struct step_run *r1 = calloc(4, sizeof *r1);
	struct step_run *r2 = calloc(4, sizeof *r2);

	ck_assert(r1 != NULL && r2 != NULL);
	determinism_run(r2, one, sizeof one);
	determinism_run(r1, two, sizeof two);
	ck_assert_str_eq(one, two);
	/* d, c, b, a became ready in that order; the ties at 3 and at 9
	 * keep the order their timers were set. */
	ck_assert_str_eq(one,
	    "d0@0 c0@0 b0@0 a0@0 d1@1 c1@3 a1@3 d2@3 a2@6 ");
	ck_assert_int_eq(r1[1].done_at, 9);
	ck_assert_int_eq(r1[3].done_at, 9);
	free(r1);
	free(r2);
}
END_TEST

/* ---- memory ------------------------------------------------------------- */

/* A task that re-arms itself `left` times with a delay from a small
 * pseudo-random sequence: a steady load on the heap. */
struct rearm {
	struct sched_task task;
	unsigned int left, x;
};

static void
rearm_fn(struct sched *s, struct sched_task *t)
{
	struct rearm *r = (struct rearm *)((char *)t - offsetof(struct rearm, task));

	if (r->left == 0)
		return;
	r->left--;
	r->x = r->x * 1103515245u + 12345u;
	if (r->x & 0x10000)
		sched_ready(s, t);
	else
		sched_after(s, (r->x >> 8) % 50, t);
}

/* After sched_reserve, a run that never has more pending than reserved
 * does not reallocate: same arrays, same capacities. */
START_TEST(test_no_alloc_after_reserve)
{
	struct rearm *r;
	struct sched_task **ready;
	size_t capheap, capready;
	struct sched s;
	unsigned int i, n = 1000;

	r = calloc(n, sizeof *r);
	ck_assert_ptr_nonnull(r);
	sched_init(&s);
	ck_assert_int_eq(sched_reserve(&s, n, n), 0);
	ready = s.ready;
	capheap = sched_heap_capacity(&s);
	capready = s.capready;
	ck_assert_uint_ge(capheap, n);
	ck_assert_uint_ge(capready, n);
	for (i = 0; i < n; i++) {
		r[i].task.fn = rearm_fn;
		r[i].left = 20;
		r[i].x = i;
		sched_after(&s, i % 13, &r[i].task);
	}
	ck_assert_uint_eq(sched_run(&s), n * 21);
	ck_assert_ptr_eq(s.ready, ready);
	ck_assert_uint_eq(sched_heap_capacity(&s), capheap);
	ck_assert_uint_eq(s.capready, capready);
	sched_free(&s);
	free(r);
}
END_TEST

/* Without a reserve, the first run warms the queues up and a second run
 * of the same load allocates nothing more. */
START_TEST(test_no_alloc_after_warmup)
{
	struct rearm *r;
	size_t capheap = 0, capready = 0;
	struct sched_task **ready = NULL;
	struct sched s;
	unsigned int i, n = 3000, pass;

	r = calloc(n, sizeof *r);
	ck_assert_ptr_nonnull(r);
	sched_init(&s);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			r[i].task.fn = rearm_fn;
			r[i].left = 10;
			r[i].x = i * 7;
			sched_ready(&s, &r[i].task);
		}
		if (pass == 1) {
			ready = s.ready;
			capheap = sched_heap_capacity(&s);
			capready = s.capready;
		}
		ck_assert_uint_eq(sched_run(&s), n * 11);
	}
	ck_assert_ptr_eq(s.ready, ready);
	ck_assert_uint_eq(sched_heap_capacity(&s), capheap);
	ck_assert_uint_eq(s.capready, capready);
	sched_free(&s);
	free(r);
}
END_TEST

/* The ready ring grows while it is wrapped around and keeps FIFO order. */
START_TEST(test_ready_ring_grows_in_order)
{
	char log[4096] = "", want[4096] = "";
	struct rec r[40];
	char names[40][4];
	struct sched s;
	size_t len;
	int i;

	sched_init(&s);
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "%d", i);
		rec_init(&r[i], names[i], log, sizeof log);
	}
	/* Fill the first 16 slots, consume 10 so the head moves, then add
	 * 30 more: the ring wraps, then grows. */
	for (i = 0; i < 16; i++)
		sched_ready(&s, &r[i].task);
	ck_assert_uint_eq(s.capready, 16);
	for (i = 0; i < 10; i++)
		ck_assert(sched_step(&s));
	for (i = 16; i < 40; i++)
		sched_ready(&s, &r[i].task);
	ck_assert_uint_gt(s.capready, 16);
	sched_run(&s);
	for (i = 0; i < 40; i++) {
		len = strlen(want);
		snprintf(want + len, sizeof want - len, "%d@0 ", i);
	}
	ck_assert_str_eq(log, want);
	sched_free(&s);
}
END_TEST

/* Many timers with random times come out sorted by (time, order set). */
struct stamp {
	struct sched_task task;
	unsigned int id;
	sched_ms when;
	unsigned int *out;
	size_t *nout;
};

static void
stamp_fn(struct sched *s, struct sched_task *t)
{
	struct stamp *st = (struct stamp *)((char *)t - offsetof(struct stamp, task));

	ck_assert_int_eq(sched_now(s), st->when);
	st->out[(*st->nout)++] = st->id;
}

static int
stamp_cmp(const void *a, const void *b)
{
	const struct stamp *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

START_TEST(test_heap_random_order)
{
	enum { N = 20000 };
	struct stamp *st, *sorted;
	unsigned int *out, x = 12345;
	size_t nout = 0, i;
	struct sched s;

	st = calloc(N, sizeof *st);
	sorted = calloc(N, sizeof *sorted);
	out = calloc(N, sizeof *out);
	ck_assert(st != NULL && sorted != NULL && out != NULL);
	sched_init(&s);
	for (i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		st[i].task.fn = stamp_fn;
		st[i].id = (unsigned int)i;
		st[i].when = (x >> 8) % 500;    /* many ties */
		st[i].out = out;
		st[i].nout = &nout;
		sched_at(&s, st[i].when, &st[i].task);
	}
	memcpy(sorted, st, N * sizeof *st);
	qsort(sorted, N, sizeof *sorted, stamp_cmp);
	ck_assert_uint_eq(sched_run(&s), N);
	ck_assert_uint_eq(nout, N);
	for (i = 0; i < N; i++)
		ck_assert_uint_eq(out[i], sorted[i].id);
	sched_free(&s);
	free(out);
	free(sorted);
	free(st);
}
END_TEST

/* Batches (timers due at the same time share one heap entry) keep the
 * order of a plain heap: more distinct times than the scheduler's recent
 * slots, so slots are taken over, and timers set from inside a firing
 * batch, at the same time and just after.  Checked against a naive
 * scheduler: pop the least (when, insertion) by a linear scan. */
struct bt {
	struct sched_task task;
	unsigned int id;
};
static struct bt *bt_pool;
static unsigned int *bt_out;
static size_t bt_nout;
enum { BT_N = 3000 };

static void
bt_fn(struct sched *s, struct sched_task *t)
{
	struct bt *b = (struct bt *)(void *)((char *)t -
	    offsetof(struct bt, task));

	bt_out[bt_nout++] = b->id;
	if (b->id < BT_N)
		sched_after(s, b->id % 3, &bt_pool[b->id + BT_N].task);
}

START_TEST(test_batches_keep_order)
{
	struct ref { sched_ms when; uint64_t seq; unsigned int id; } *ref;
	unsigned int *want, x = 777;
	size_t nref = 0, nwant = 0, i, best;
	uint64_t seq = 0;
	sched_ms *when0;
	struct sched s;

	bt_pool = calloc(2 * BT_N, sizeof *bt_pool);
	bt_out = calloc(2 * BT_N, sizeof *bt_out);
	ref = calloc(2 * BT_N, sizeof *ref);
	want = calloc(2 * BT_N, sizeof *want);
	when0 = calloc(BT_N, sizeof *when0);
	ck_assert(bt_pool && bt_out && ref && want && when0);
	bt_nout = 0;
	sched_init(&s);
	s.single = _i == 1;             /* without batches too */
	for (i = 0; i < 2 * BT_N; i++) {
		bt_pool[i].task.fn = bt_fn;
		bt_pool[i].id = (unsigned int)i;
	}
	for (i = 0; i < BT_N; i++) {
		x = x * 1103515245u + 12345u;
		/* many ties, and more times than recent slots */
		when0[i] = (x >> 8) % (i & 1 ? 40 : 5000);
		ck_assert_int_eq(sched_at(&s, when0[i], &bt_pool[i].task), 0);
		ref[nref++] = (struct ref){ when0[i], seq++, (unsigned int)i };
	}
	while (nref > 0) {
		struct ref r;

		for (best = 0, i = 1; i < nref; i++)
			if (ref[i].when < ref[best].when ||
			    (ref[i].when == ref[best].when &&
			     ref[i].seq < ref[best].seq))
				best = i;
		r = ref[best];
		ref[best] = ref[--nref];
		want[nwant++] = r.id;
		if (r.id < BT_N)
			ref[nref++] = (struct ref){ r.when + r.id % 3, seq++,
			    r.id + BT_N };
	}
	ck_assert_uint_eq(sched_run(&s), 2 * BT_N);
	ck_assert_uint_eq(bt_nout, 2 * BT_N);
	ck_assert_uint_eq(sched_timers(&s), 0);
	for (i = 0; i < 2 * BT_N; i++)
		ck_assert_uint_eq(bt_out[i], want[i]);
	sched_free(&s);
	free(when0);
	free(want);
	free(ref);
	free(bt_out);
	free(bt_pool);
}
END_TEST

/* The radix heap (sched.c) against the same naive scheduler, over every
 * tier: delays of 0 to 2^45 ms and "never", re-armed from inside tasks,
 * timers set from outside after sched_run_until has moved the clock past
 * the last event, and a copy midway that must list the same timers in
 * the same order. */
struct rx {
	struct sched_task task;
	unsigned int id, left;
};
static struct rx *rx_pool;
static unsigned int *rx_out;
static size_t rx_nout;
enum { RX_N = 400, RX_ARMS = 6 };

static sched_ms
rx_delay(unsigned int id, unsigned int left)
{
	uint32_t h = (id * 2654435761u) ^ (left * 40503u);

	h ^= h >> 13;
	h *= 0x5bd1e995u;
	h ^= h >> 15;
	switch (h % 6) {
	case 0: return 0;
	case 1: return h % 50;
	case 2: return 1000 + h % 70000;
	case 3: return (sched_ms)(h % 4000) << 20;
	case 4: return ((sched_ms)1 << 40) + h % 1000;
	default: return h % 97 == 0 ? SCHED_NEVER : 3 + h % 7;
	}
}

static void
rx_fn(struct sched *s, struct sched_task *t)
{
	struct rx *r = (struct rx *)(void *)((char *)t -
	    offsetof(struct rx, task));

	rx_out[rx_nout++] = r->id;
	if (r->left > 0) {
		r->left--;
		sched_after(s, rx_delay(r->id, r->left), &r->task);
	}
}

struct rxref { sched_ms when; uint64_t seq; unsigned int id, left; };

/* The naive scheduler: pop the least (when, seq) at or before `until`. */
static void
rx_naive(struct rxref *ref, size_t *nref, uint64_t *seq, sched_ms *now,
	 sched_ms until, unsigned int *want, size_t *nwant)
{
	size_t i, best;

	while (*nref > 0) {
		struct rxref r;
		sched_ms d;

		for (best = 0, i = 1; i < *nref; i++)
			if (ref[i].when < ref[best].when ||
			    (ref[i].when == ref[best].when &&
			     ref[i].seq < ref[best].seq))
				best = i;
		if (ref[best].when > until)
			break;
		r = ref[best];
		ref[best] = ref[--*nref];
		*now = r.when;
		want[(*nwant)++] = r.id;
		if (r.left > 0) {
			d = rx_delay(r.id, r.left - 1);
			ref[(*nref)++] = (struct rxref){
			    d > SCHED_NEVER - *now ? SCHED_NEVER : *now + d,
			    (*seq)++, r.id, r.left - 1 };
		}
	}
	if (until != SCHED_NEVER && until > *now)
		*now = until;
}

static struct sched_task *
rx_same(void *ctx, struct sched_task *t)
{
	(void)ctx;
	return t;
}

static int
rxref_cmp(const void *a, const void *b)
{
	const struct rxref *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

START_TEST(test_radix_keeps_order)
{
	/* RX_N chains of RX_ARMS + 1 events, RX_N more set from outside
	 * (RX_N / 4 at each of the 4 stops), each firing twice */
	size_t total = (size_t)RX_N * (RX_ARMS + 1) + 2 * RX_N, nref = 0;
	size_t nwant = 0, i;
	struct rxref *ref;
	struct sched_entry *la, *lb;
	unsigned int *want;
	sched_ms now = 0, stops[] = { 5, 1000, 70000, (sched_ms)1 << 33 };
	uint64_t seq = 0;
	struct sched s, c;
	unsigned int k;

	rx_pool = calloc(2 * RX_N, sizeof *rx_pool);
	rx_out = calloc(total, sizeof *rx_out);
	ref = calloc(total, sizeof *ref);
	want = calloc(total, sizeof *want);
	la = calloc(total, sizeof *la);
	lb = calloc(total, sizeof *lb);
	ck_assert(rx_pool && rx_out && ref && want && la && lb);
	rx_nout = 0;
	sched_init(&s);
	sched_init(&c);
	s.single = c.single = _i == 1;  /* without batches too */
	for (i = 0; i < RX_N; i++) {
		rx_pool[i] = (struct rx){ { rx_fn }, (unsigned int)i, RX_ARMS };
		ck_assert_int_eq(sched_after(&s, rx_delay((unsigned int)i, 99),
		    &rx_pool[i].task), 0);
		ref[nref++] = (struct rxref){ rx_delay((unsigned int)i, 99),
		    seq++, (unsigned int)i, RX_ARMS };
	}
	for (k = 0; k < sizeof stops / sizeof stops[0]; k++) {
		sched_run_until(&s, stops[k]);
		rx_naive(ref, &nref, &seq, &now, stops[k], want, &nwant);
		ck_assert_int_eq(sched_now(&s), now);
		ck_assert_uint_eq(rx_nout, nwant);
		/* from outside, at the moved clock: before every timer left */
		i = RX_N + (size_t)k * (RX_N / 4);
		for (; i < RX_N + (size_t)(k + 1) * (RX_N / 4); i++) {
			rx_pool[i] = (struct rx){ { rx_fn }, (unsigned int)i, 1 };
			ck_assert_int_eq(sched_after(&s, (sched_ms)(i % 3),
			    &rx_pool[i].task), 0);
			ref[nref++] = (struct rxref){ now + (sched_ms)(i % 3),
			    seq++, (unsigned int)i, 1 };
		}
		ck_assert_int_eq(sched_copy(&c, &s, rx_same, NULL), 0);
		ck_assert_uint_eq(sched_timers(&c), nref);
		sched_list_timers(&s, la);
		sched_list_timers(&c, lb);
		qsort(ref, nref, sizeof *ref, rxref_cmp);
		for (i = 0; i < nref; i++) {
			ck_assert_int_eq(la[i].when, ref[i].when);
			ck_assert_ptr_eq(la[i].u.task,
			    &rx_pool[ref[i].id].task);
			ck_assert_int_eq(lb[i].when, la[i].when);
			ck_assert_ptr_eq(lb[i].u.task, la[i].u.task);
		}
		ck_assert_int_eq(sched_next(&s), nref > 0 ? ref[0].when :
		    SCHED_NEVER);
	}
	sched_run(&s);
	rx_naive(ref, &nref, &seq, &now, SCHED_NEVER, want, &nwant);
	ck_assert_uint_eq(rx_nout, nwant);
	for (i = 0; i < nwant; i++)
		ck_assert_uint_eq(rx_out[i], want[i]);
	ck_assert(sched_idle(&s));
	sched_free(&c);
	sched_free(&s);
	free(lb);
	free(la);
	free(want);
	free(ref);
	free(rx_out);
	free(rx_pool);
}
END_TEST

/* A copy forgets which batches may still take timers (sched_copy): timers
 * set in it at times that have a batch start entries of their own, and
 * must still fire in the original's order, even in a scheduler that had
 * batches of its own before. */
struct cp {
	struct sched_task task;
	unsigned int id;
	unsigned int *out;
	size_t *nout;
};

static void
cp_fn(struct sched *s, struct sched_task *t)
{
	struct cp *c = (struct cp *)(void *)((char *)t -
	    offsetof(struct cp, task));

	(void)s;
	c->out[(*c->nout)++] = c->id;
}

static struct cp *cp_b;

static struct sched_task *
cp_map(void *ctx, struct sched_task *t)
{
	struct cp *c = (struct cp *)(void *)((char *)t -
	    offsetof(struct cp, task));

	(void)ctx;
	return &cp_b[c->id].task;
}

START_TEST(test_copy_keeps_batch_order)
{
	enum { N = 300, MORE = 200, STEPS = 50 };
	struct cp *a = calloc(N + MORE, sizeof *a);
	unsigned int *outa = calloc(N + MORE, sizeof *outa);
	unsigned int *outb = calloc(N + MORE, sizeof *outb);
	size_t na = 0, nb = 0, i;
	struct sched s, c;

	cp_b = calloc(N + MORE, sizeof *cp_b);
	ck_assert(a && outa && outb && cp_b);
	for (i = 0; i < N + MORE; i++) {
		a[i] = (struct cp){ { cp_fn }, (unsigned int)i, outa, &na };
		cp_b[i] = (struct cp){ { cp_fn }, (unsigned int)i, outb, &nb };
	}
	sched_init(&s);
	sched_init(&c);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(sched_at(&s, (sched_ms)(i * 7 % 11),
		    &a[i].task), 0);
	for (i = 0; i < STEPS; i++)
		ck_assert(sched_step(&s));
	/* c had batches of its own pending, at the times about to come:
	 * the copy drops them, and its slots must not lead to them. */
	for (i = 0; i < N; i++)
		ck_assert_int_eq(sched_at(&c, (sched_ms)(i % 13),
		    &cp_b[i].task), 0);
	ck_assert_int_eq(sched_copy(&c, &s, cp_map, NULL), 0);
	for (i = N; i < N + MORE; i++) {
		sched_ms when = sched_now(&s) + (sched_ms)(i % 5);

		ck_assert_int_eq(sched_at(&s, when, &a[i].task), 0);
		ck_assert_int_eq(sched_at(&c, when, &cp_b[i].task), 0);
	}
	sched_run(&s);
	sched_run(&c);
	ck_assert_uint_eq(na, N + MORE);
	ck_assert_uint_eq(nb, N + MORE - STEPS);
	for (i = 0; i < nb; i++)
		ck_assert_uint_eq(outb[i], outa[STEPS + i]);
	sched_free(&c);
	sched_free(&s);
	free(cp_b);
	free(outb);
	free(outa);
	free(a);
}
END_TEST

/* A request that cannot be met marks the scheduler failed: every call
 * after it reports failure and nothing more runs. */
START_TEST(test_out_of_memory_fails)
{
	char log[256] = "";
	struct rec a, b;
	struct sched s;

	sched_init(&s);
	rec_init(&a, "a", log, sizeof log);
	rec_init(&b, "b", log, sizeof log);
	ck_assert_int_eq(sched_at(&s, 5, &a.task), 0);
	ck_assert_int_eq(sched_reserve(&s, SIZE_MAX / 2, 0), -1);
	ck_assert(sched_failed(&s));
	ck_assert_int_eq(sched_at(&s, 1, &b.task), -1);
	ck_assert_int_eq(sched_ready(&s, &b.task), -1);
	ck_assert_int_eq(sched_reserve(&s, 1, 1), -1);
	ck_assert(!sched_step(&s));
	ck_assert_uint_eq(sched_run(&s), 0);
	ck_assert_uint_eq(sched_run_until(&s, 100), 0);
	ck_assert_int_eq(sched_now(&s), 0);
	ck_assert_str_eq(log, "");
	/* sched_free leaves a clean, usable scheduler. */
	sched_free(&s);
	ck_assert(!sched_failed(&s));
	ck_assert_int_eq(sched_at(&s, 1, &b.task), 0);
	ck_assert_uint_eq(sched_run(&s), 1);
	ck_assert_str_eq(log, "b@1 ");
	sched_free(&s);
}
END_TEST

/* The ready queue has its own overflow check. */
START_TEST(test_out_of_memory_ready)
{
	struct sched s;

	sched_init(&s);
	ck_assert_int_eq(sched_reserve(&s, 10, SIZE_MAX / 3), -1);
	ck_assert(sched_failed(&s));
	ck_assert_uint_ge(sched_heap_capacity(&s), 10);
	ck_assert_uint_eq(s.capready, 0);
	sched_free(&s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sched");
	TCase *order = tcase_create("order");
	TCase *pts = tcase_create("protothreads");
	TCase *mem = tcase_create("memory");
	SRunner *sr;
	int failed;

	tcase_add_test(order, test_empty);
	tcase_add_test(order, test_timer_order_and_times);
	tcase_add_test(order, test_ties_in_insertion_order);
	tcase_add_test(order, test_ready_before_timers);
	tcase_add_test(order, test_ready_from_task_goes_last);
	tcase_add_test(order, test_ready_array_in_order);
	tcase_add_test(order, test_past_means_now);
	tcase_add_test(order, test_run_until);
	tcase_add_test(order, test_run_until_never);
	tcase_add_test(order, test_step_one_event);
	tcase_add_test(order, test_after_saturates);
	tcase_add_test(order, test_heap_random_order);
	tcase_add_loop_test(order, test_batches_keep_order, 0, 2);
	tcase_add_loop_test(order, test_radix_keeps_order, 0, 2);
	tcase_add_test(order, test_copy_keeps_batch_order);
	tcase_add_test(pts, test_protothreads_on_timers);
	tcase_add_test(pts, test_deterministic);
	tcase_add_test(mem, test_no_alloc_after_reserve);
	tcase_add_test(mem, test_no_alloc_after_warmup);
	tcase_add_test(mem, test_ready_ring_grows_in_order);
	tcase_add_test(mem, test_out_of_memory_fails);
	tcase_add_test(mem, test_out_of_memory_ready);
	tcase_set_timeout(order, 30);
	tcase_set_timeout(mem, 30);
	suite_add_tcase(s, order);
	suite_add_tcase(s, pts);
	suite_add_tcase(s, mem);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
