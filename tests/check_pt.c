/* SPDX-License-Identifier: ISC */
/*
 * check_pt.c - the protothreads of pt.h, in both continuation flavours.
 *
 * This file is compiled twice into one test program: once as itself, with
 * whatever flavour configure chose (labels as values with GCC), and once
 * through tests/check_pt_switch.c, which defines PT_USE_SWITCH first and
 * includes this file.  So every test below runs against both flavours,
 * and main() (only in the first translation unit) runs the two TCases.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"

#ifdef PT_USE_SWITCH
#define CHECK_PT_TCASE check_pt_switch_tcase
#define CHECK_PT_NAME "switch"
#else
#define CHECK_PT_TCASE check_pt_default_tcase
#define CHECK_PT_NAME "default"
#endif

TCase *CHECK_PT_TCASE(void);
TCase *check_pt_switch_tcase(void);

/* A log the threads write to, so tests can assert the interleaving. */
struct ptlog {
	char buf[256];
	size_t n;
};

static void
ptlog_put(struct ptlog *l, const char *s)
{
	size_t len = strlen(s);

	ck_assert_uint_lt(l->n + len, sizeof l->buf);
	memcpy(l->buf + l->n, s, len + 1);
	l->n += len;
}

/* ---- yield and resume ---------------------------------------------------- */

struct cook {
	struct pt pt;
	const char *name;       /* "A" */
	int i;                  /* survives yields: it lives in the struct */
	struct ptlog *log;
};

static PT_THREAD(cook_run(struct cook *c))
{
	char word[8];

	PT_BEGIN(&c->pt);
	for (c->i = 1; c->i <= 3; c->i++) {
		word[0] = c->name[0];
		word[1] = (char)('0' + c->i);
		word[2] = ' ';
		word[3] = '\0';
		ptlog_put(c->log, word);
		PT_YIELD(&c->pt);
	}
	ptlog_put(c->log, c->name);
	ptlog_put(c->log, "! ");
	PT_END(&c->pt);
}

START_TEST(test_yield_order)
{
	struct ptlog log = { .n = 0 };
	struct cook a = { .name = "A", .log = &log };
	struct cook b = { .name = "B", .log = &log };
	int round;

	PT_INIT(&a.pt);
	PT_INIT(&b.pt);
	for (round = 0; round < 3; round++) {
		ck_assert_int_eq(cook_run(&a), PT_YIELDED);
		ck_assert_int_eq(cook_run(&b), PT_YIELDED);
	}
	ck_assert_int_eq(cook_run(&a), PT_ENDED);
	ck_assert_int_eq(cook_run(&b), PT_ENDED);
	ck_assert_str_eq(log.buf, "A1 B1 A2 B2 A3 B3 A! B! ");
}
END_TEST

/* PT_END resets the thread: the next call starts it again from the top. */
START_TEST(test_end_restarts_on_next_call)
{
	struct ptlog log = { .n = 0 };
	struct cook a = { .name = "A", .log = &log };

	PT_INIT(&a.pt);
	while (PT_SCHEDULE(cook_run(&a)))
		;
	ck_assert_int_eq(cook_run(&a), PT_YIELDED);
	ck_assert_str_eq(log.buf, "A1 A2 A3 A! A1 ");
}
END_TEST

/* ---- waiting on conditions ----------------------------------------------- */

struct waiter {
	struct pt pt;
	int steps;
};

static PT_THREAD(wait_run(struct waiter *w, const int *boiling, const int *busy))
{
	PT_BEGIN(&w->pt);
	w->steps = 1;
	PT_WAIT_UNTIL(&w->pt, *boiling);
	w->steps = 2;
	PT_WAIT_WHILE(&w->pt, *busy);
	w->steps = 3;
	PT_END(&w->pt);
}

START_TEST(test_wait_until_and_while)
{
	struct waiter w;
	int boiling = 0, busy = 1;

	PT_INIT(&w.pt);
	ck_assert_int_eq(wait_run(&w, &boiling, &busy), PT_WAITING);
	ck_assert_int_eq(wait_run(&w, &boiling, &busy), PT_WAITING);
	ck_assert_int_eq(w.steps, 1);
	boiling = 1;
	ck_assert_int_eq(wait_run(&w, &boiling, &busy), PT_WAITING);
	ck_assert_int_eq(w.steps, 2);
	busy = 0;
	ck_assert_int_eq(wait_run(&w, &boiling, &busy), PT_ENDED);
	ck_assert_int_eq(w.steps, 3);
}
END_TEST

/* A condition that already holds does not stop the thread at all. */
START_TEST(test_wait_true_does_not_stop)
{
	struct waiter w;
	int boiling = 1, busy = 0;

	PT_INIT(&w.pt);
	ck_assert_int_eq(wait_run(&w, &boiling, &busy), PT_ENDED);
	ck_assert_int_eq(w.steps, 3);
}
END_TEST

struct yielder {
	struct pt pt;
	int passes;
};

static PT_THREAD(yield_until_run(struct yielder *y, const int *ready))
{
	PT_BEGIN(&y->pt);
	PT_YIELD_UNTIL(&y->pt, *ready);
	y->passes++;
	PT_END(&y->pt);
}

/* PT_YIELD_UNTIL gives way once even when the condition is already true,
 * then keeps yielding while it is false. */
START_TEST(test_yield_until)
{
	struct yielder y = { .passes = 0 };
	int ready = 1;

	PT_INIT(&y.pt);
	ck_assert_int_eq(yield_until_run(&y, &ready), PT_YIELDED);
	ck_assert_int_eq(yield_until_run(&y, &ready), PT_ENDED);
	ck_assert_int_eq(y.passes, 1);

	ready = 0;
	ck_assert_int_eq(yield_until_run(&y, &ready), PT_YIELDED);
	ck_assert_int_eq(yield_until_run(&y, &ready), PT_YIELDED);
	ready = 1;
	ck_assert_int_eq(yield_until_run(&y, &ready), PT_ENDED);
	ck_assert_int_eq(y.passes, 2);
}
END_TEST

/* ---- children ------------------------------------------------------------ */

struct dish {
	struct pt pt, child;
	int stirs;              /* child's state */
	int want;               /* stirs the child does */
	int after;              /* parent got past the spawn */
	struct ptlog *log;
};

/* A blocking helper is a child protothread: stir `want` times, yielding
 * after each stir. */
static PT_THREAD(stir_run(struct pt *pt, struct dish *d))
{
	PT_BEGIN(pt);
	for (d->stirs = 0; d->stirs < d->want; d->stirs++) {
		ptlog_put(d->log, "s");
		PT_YIELD(pt);
	}
	PT_END(pt);
}

static PT_THREAD(dish_run(struct dish *d))
{
	PT_BEGIN(&d->pt);
	ptlog_put(d->log, "[");
	PT_SPAWN(&d->pt, &d->child, stir_run(&d->child, d));
	ptlog_put(d->log, "]");
	d->after = 1;
	PT_END(&d->pt);
}

START_TEST(test_spawn_waits_for_child)
{
	struct ptlog log = { .n = 0 };
	struct dish d = { .want = 3, .log = &log };

	PT_INIT(&d.pt);
	/* The child runs in the parent's first call, up to its first yield;
	 * the parent is waiting while the child lives. */
	ck_assert_int_eq(dish_run(&d), PT_WAITING);
	ck_assert_str_eq(log.buf, "[s");
	ck_assert_int_eq(dish_run(&d), PT_WAITING);
	ck_assert_int_eq(dish_run(&d), PT_WAITING);
	ck_assert_int_eq(d.after, 0);
	ck_assert_str_eq(log.buf, "[sss");
	ck_assert_int_eq(dish_run(&d), PT_ENDED);
	ck_assert_int_eq(d.after, 1);
	ck_assert_str_eq(log.buf, "[sss]");
}
END_TEST

/* A child that never waits costs the parent no stop. */
START_TEST(test_spawn_child_without_wait)
{
	struct ptlog log = { .n = 0 };
	struct dish d = { .want = 0, .log = &log };

	PT_INIT(&d.pt);
	ck_assert_int_eq(dish_run(&d), PT_ENDED);
	ck_assert_str_eq(log.buf, "[]");
}
END_TEST

/* PT_SPAWN re-initialises the child: running the parent twice runs the
 * child from its start both times. */
START_TEST(test_spawn_twice)
{
	struct ptlog log = { .n = 0 };
	struct dish d = { .want = 1, .log = &log };

	PT_INIT(&d.pt);
	while (PT_SCHEDULE(dish_run(&d)))
		;
	while (PT_SCHEDULE(dish_run(&d)))
		;
	ck_assert_str_eq(log.buf, "[s][s]");
}
END_TEST

/* ---- exit and restart ---------------------------------------------------- */

struct quitter {
	struct pt pt;
	int begins, burnt, after_exit;
};

static PT_THREAD(quit_run(struct quitter *q))
{
	PT_BEGIN(&q->pt);
	q->begins++;
	PT_YIELD(&q->pt);
	if (q->burnt)
		PT_EXIT(&q->pt);
	q->after_exit++;
	PT_END(&q->pt);
}

START_TEST(test_exit_early)
{
	struct quitter q = { .burnt = 1 };

	PT_INIT(&q.pt);
	ck_assert_int_eq(quit_run(&q), PT_YIELDED);
	ck_assert_int_eq(quit_run(&q), PT_EXITED);
	ck_assert_int_eq(q.after_exit, 0);
	/* Like PT_END, an exit resets: the next call begins again. */
	ck_assert_int_eq(quit_run(&q), PT_YIELDED);
	ck_assert_int_eq(q.begins, 2);
}
END_TEST

struct parent_of_quitter {
	struct pt pt;
	struct quitter q;
	int done;
};

static PT_THREAD(parent_quit_run(struct parent_of_quitter *p))
{
	PT_BEGIN(&p->pt);
	PT_SPAWN(&p->pt, &p->q.pt, quit_run(&p->q));
	p->done = 1;
	PT_END(&p->pt);
}

/* A parent waiting on a child that exits early stops waiting. */
START_TEST(test_exit_ends_parent_wait)
{
	struct parent_of_quitter p = { .q.burnt = 1 };

	PT_INIT(&p.pt);
	ck_assert_int_eq(parent_quit_run(&p), PT_WAITING);
	ck_assert_int_eq(p.done, 0);
	ck_assert_int_eq(parent_quit_run(&p), PT_ENDED);
	ck_assert_int_eq(p.done, 1);
	ck_assert_int_eq(p.q.after_exit, 0);
}
END_TEST

struct restarter {
	struct pt pt;
	int begins, tries, reached;
};

static PT_THREAD(restart_run(struct restarter *r))
{
	PT_BEGIN(&r->pt);
	r->begins++;
	PT_YIELD(&r->pt);
	if (++r->tries < 3)
		PT_RESTART(&r->pt);
	r->reached = 1;
	PT_END(&r->pt);
}

START_TEST(test_restart)
{
	struct restarter r = { .begins = 0 };
	int calls = 0;
	char rc;

	PT_INIT(&r.pt);
	while (PT_SCHEDULE(rc = restart_run(&r))) {
		calls++;
		ck_assert(rc == PT_YIELDED || rc == PT_WAITING);
	}
	ck_assert_int_eq(rc, PT_ENDED);
	/* yield, restart, yield, restart, yield, end. */
	ck_assert_int_eq(calls, 5);
	ck_assert_int_eq(r.begins, 3);
	ck_assert_int_eq(r.reached, 1);
}
END_TEST

/* ---- semaphores ---------------------------------------------------------- */

struct baker {
	struct pt pt;
	char name;
	unsigned int ticket;
	int has_oven;
	int done;               /* the driver's: do not call it again */
	struct pt_sem *oven;
	struct ptlog *log;
};

static PT_THREAD(bake_run(struct baker *b))
{
	char word[3] = { b->name, ' ', '\0' };

	PT_BEGIN(&b->pt);
	PT_SEM_WAIT(&b->pt, b->oven);
	b->has_oven = 1;
	ptlog_put(b->log, word);
	PT_YIELD(&b->pt);               /* bakes for one round */
	b->has_oven = 0;
	PT_SEM_SIGNAL(&b->pt, b->oven);
	PT_END(&b->pt);
}

static PT_THREAD(bake_fifo_run(struct baker *b))
{
	char word[3] = { b->name, ' ', '\0' };

	PT_BEGIN(&b->pt);
	PT_SEM_WAIT_FIFO(&b->pt, b->oven, b->ticket);
	b->has_oven = 1;
	ptlog_put(b->log, word);
	PT_YIELD(&b->pt);
	b->has_oven = 0;
	PT_SEM_SIGNAL(&b->pt, b->oven);
	PT_END(&b->pt);
}

/* Poll the bakers in array order until all are done; at no time may more
 * than `units` hold the oven.  Returns the number of rounds. */
static int
bake_all(struct baker *b, int n, PT_THREAD((*run)(struct baker *)),
	 unsigned int units)
{
	int alive, i, rounds = 0;
	unsigned int holding;

	do {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (b[i].done)
				continue;
			if (PT_SCHEDULE(run(&b[i])))
				alive++;
			else
				b[i].done = 1;
		}
		holding = 0;
		for (i = 0; i < n; i++)
			holding += (unsigned int)b[i].has_oven;
		ck_assert_uint_le(holding, units);
		rounds++;
		ck_assert_int_lt(rounds, 100);
	} while (alive > 0);
	return rounds;
}

/* One oven, three bakers polled in order: they get it one after another,
 * in the order they are polled. */
START_TEST(test_sem_waiters_in_order)
{
	struct ptlog log = { .n = 0 };
	struct pt_sem oven;
	struct baker b[3];
	int i;

	PT_SEM_INIT(&oven, 1);
	for (i = 0; i < 3; i++) {
		memset(&b[i], 0, sizeof b[i]);
		PT_INIT(&b[i].pt);
		b[i].name = (char)('A' + i);
		b[i].oven = &oven;
		b[i].log = &log;
	}
	/* Round 1: A takes it, B and C wait. */
	ck_assert_int_eq(bake_run(&b[0]), PT_YIELDED);
	ck_assert_int_eq(bake_run(&b[1]), PT_WAITING);
	ck_assert_int_eq(bake_run(&b[2]), PT_WAITING);
	ck_assert_uint_eq(oven.count, 0);
	bake_all(b, 3, bake_run, 1);
	ck_assert_str_eq(log.buf, "A B C ");
	ck_assert_uint_eq(oven.count, 1);
}
END_TEST

/* A counting semaphore of 2 lets two in at once. */
START_TEST(test_sem_counting)
{
	struct ptlog log = { .n = 0 };
	struct pt_sem burners;
	struct baker b[5];
	int i, rounds;

	PT_SEM_INIT(&burners, 2);
	for (i = 0; i < 5; i++) {
		memset(&b[i], 0, sizeof b[i]);
		PT_INIT(&b[i].pt);
		b[i].name = (char)('A' + i);
		b[i].oven = &burners;
		b[i].log = &log;
	}
	rounds = bake_all(b, 5, bake_run, 2);
	ck_assert_str_eq(log.buf, "A B C D E ");
	/* AB together, then CD, then E: three rounds of baking plus the
	 * round in which E finishes. */
	ck_assert_int_eq(rounds, 4);
	ck_assert_uint_eq(burners.count, 2);
}
END_TEST

/* FIFO waits serve in arrival order even when the driver polls in
 * another order. */
START_TEST(test_sem_fifo_arrival_order)
{
	struct ptlog log = { .n = 0 };
	struct pt_sem oven;
	struct baker b[3];
	int i;

	PT_SEM_INIT(&oven, 0);  /* oven still preheating: everyone queues */
	for (i = 0; i < 3; i++) {
		memset(&b[i], 0, sizeof b[i]);
		PT_INIT(&b[i].pt);
		b[i].name = (char)('A' + i);
		b[i].oven = &oven;
		b[i].log = &log;
	}
	/* Arrive C, A, B. */
	ck_assert_int_eq(bake_fifo_run(&b[2]), PT_WAITING);
	ck_assert_int_eq(bake_fifo_run(&b[0]), PT_WAITING);
	ck_assert_int_eq(bake_fifo_run(&b[1]), PT_WAITING);
	PT_SEM_SIGNAL(NULL, &oven);
	/* Polled A, B, C: only C (first ticket) may go. */
	bake_all(b, 3, bake_fifo_run, 1);
	ck_assert_str_eq(log.buf, "C A B ");
}
END_TEST

/* ---- many threads -------------------------------------------------------- */

struct tiny {
	struct pt pt;
	unsigned int left;      /* yields still to do */
	unsigned int resumes;
};

static PT_THREAD(tiny_run(struct tiny *t))
{
	PT_BEGIN(&t->pt);
	while (t->left > 0) {
		t->left--;
		PT_YIELD(&t->pt);
		t->resumes++;
	}
	PT_END(&t->pt);
}

#define MANY 100000

/* 100,000 protothreads in an array, resumed round robin until all ended:
 * thread i yields i % 7 times, so it ends in round i % 7 + 1. */
START_TEST(test_many_round_robin)
{
	struct tiny *t;
	unsigned long calls = 0, want_calls = 0;
	unsigned int i, round = 0, alive, ended_now;
	unsigned int *ended_in;

	t = calloc(MANY, sizeof *t);
	ended_in = calloc(MANY, sizeof *ended_in);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(ended_in);
	for (i = 0; i < MANY; i++) {
		PT_INIT(&t[i].pt);
		t[i].left = i % 7;
		want_calls += i % 7 + 1;
	}
	do {
		round++;
		alive = 0;
		ended_now = 0;
		for (i = 0; i < MANY; i++) {
			if (ended_in[i] != 0)
				continue;
			calls++;
			if (PT_SCHEDULE(tiny_run(&t[i])))
				alive++;
			else {
				ended_in[i] = round;
				ended_now++;
			}
		}
		ck_assert_uint_eq(ended_now, MANY / 7 + (MANY % 7 > round - 1));
	} while (alive > 0);
	ck_assert_uint_eq(round, 7);
	ck_assert_uint_eq(calls, want_calls);
	for (i = 0; i < MANY; i++) {
		ck_assert_uint_eq(ended_in[i], i % 7 + 1);
		ck_assert_uint_eq(t[i].resumes, i % 7);
	}
	free(ended_in);
	free(t);
}
END_TEST

/* ---- the flavour ----------------------------------------------------------- */

/* The translation unit got the continuation flavour it asked for. */
START_TEST(test_flavour)
{
#ifdef PT_USE_SWITCH
	ck_assert_int_eq(PT_LC_LABELS, 0);
	ck_assert_uint_eq(sizeof(struct pt), sizeof(unsigned short));
#elif defined(HAVE_LABELS_AS_VALUES)
	ck_assert_int_eq(PT_LC_LABELS, 1);
	ck_assert_uint_eq(sizeof(struct pt), sizeof(int32_t));  /* an offset */
#else
	ck_assert_int_eq(PT_LC_LABELS, 0);
#endif
}
END_TEST

#if PT_LC_LABELS
struct chooser {
	struct pt pt;
	int kind, done;
};

static PT_THREAD(choose_run(struct chooser *c, const int *go))
{
	PT_BEGIN(&c->pt);
	switch (c->kind) {
	case 1:
		PT_WAIT_UNTIL(&c->pt, *go);
		c->done = 1;
		break;
	default:
		c->done = 2;
		break;
	}
	PT_END(&c->pt);
}

/* Labels as values only: a wait inside the caller's own switch works. */
START_TEST(test_wait_inside_switch_with_labels)
{
	struct chooser c = { .kind = 1 };
	int go = 0;

	PT_INIT(&c.pt);
	ck_assert_int_eq(choose_run(&c, &go), PT_WAITING);
	ck_assert_int_eq(choose_run(&c, &go), PT_WAITING);
	go = 1;
	ck_assert_int_eq(choose_run(&c, &go), PT_ENDED);
	ck_assert_int_eq(c.done, 1);
}
END_TEST
#endif

TCase *
CHECK_PT_TCASE(void)
{
	TCase *tc = tcase_create(CHECK_PT_NAME);

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_flavour);
	tcase_add_test(tc, test_yield_order);
	tcase_add_test(tc, test_end_restarts_on_next_call);
	tcase_add_test(tc, test_wait_until_and_while);
	tcase_add_test(tc, test_wait_true_does_not_stop);
	tcase_add_test(tc, test_yield_until);
	tcase_add_test(tc, test_spawn_waits_for_child);
	tcase_add_test(tc, test_spawn_child_without_wait);
	tcase_add_test(tc, test_spawn_twice);
	tcase_add_test(tc, test_exit_early);
	tcase_add_test(tc, test_exit_ends_parent_wait);
	tcase_add_test(tc, test_restart);
	tcase_add_test(tc, test_sem_waiters_in_order);
	tcase_add_test(tc, test_sem_counting);
	tcase_add_test(tc, test_sem_fifo_arrival_order);
	tcase_add_test(tc, test_many_round_robin);
#if PT_LC_LABELS
	tcase_add_test(tc, test_wait_inside_switch_with_labels);
#endif
	return tc;
}

#ifndef PT_USE_SWITCH
int
main(void)
{
	Suite *s = suite_create("pt");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, CHECK_PT_TCASE());
	suite_add_tcase(s, check_pt_switch_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif
