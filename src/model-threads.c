/* SPDX-License-Identifier: ISC */
/*
 * model-threads.c - preemptive threads (and the engine processes share).
 *
 * One thread per recipe; cooks are CPU cores.  A thread that wants to work
 * needs a free cook and, under --gil (threads only), the GIL: then only one
 * thread works at a time whatever the number of cooks, always on the
 * lowest-numbered free cook.  The scheduler gives work in time slices
 * drawn from a small PRNG seeded by --seed (splitmix64, 5 to 15 virtual
 * seconds, short against steps of minutes) and at every slice boundary,
 * even in the middle of a step, switches to another thread if one is
 * waiting to run (round robin).  A cook that starts working for a
 * different thread than the last one it ran pays a context switch (0.4 s,
 * 1/25 of the mean slice, drawn TRACE_SWITCH on its lane).  Blocking steps
 * (the oven, a timer) give the cook and the GIL up, as blocking I/O does.
 * The kitchen is shared, so without --locks recipes race on the oven, and
 * on a shared jar inside a step of work (model-jar.c).
 *
 * Processes (model-processes.c) run on the same engine without a GIL,
 * each recipe in its own kitchen, with a start-up slice (30 s, TRACE_START)
 * before its first step and a hand-back slice (10 s) after its last: the
 * dish is ready once its results are handed back.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "model-impl.h"

/* rrun.sub while a thread is in a stretch of cook time (kitchen steps use
 * the small values). */
enum {
	TW_BEGIN = 20,  /* not started yet */
	TW_QUEUED,      /* runnable, waiting for a cook (or the GIL) */
	TW_GO,          /* given a cook; runs after the switch */
	TW_SLICE,       /* a slice runs */
	TW_JAR          /* --locks: waits for a jar's lock (model-jar.c) */
};

/* What stretch of cook time a thread is in. */
enum seg { SEG_NONE, SEG_START, SEG_WORK, SEG_HANDBACK };

static bool
th_gil(const struct run *r)
{
	return r->opts.model == MODEL_THREADS && r->opts.gil;
}

static enum seg
th_seg(const struct run *r, const struct rrun *rr)
{
	bool own = r->ops->own_kitchens;

	if (own && !(rr->flags & RR_BOOTED))
		return SEG_START;
	if (!rr_finished_steps(r, rr))
		return rr_step(r, rr)->action == ACT_WORK ? SEG_WORK : SEG_NONE;
	if (own && !(rr->flags & RR_HANDED))
		return SEG_HANDBACK;
	return SEG_NONE;
}

static sched_ms
th_seg_length(const struct run *r, const struct rrun *rr, enum seg g)
{
	switch (g) {
	case SEG_START:
		return r->start_cost;
	case SEG_HANDBACK:
		return r->handback_cost;
	case SEG_WORK:
		return rr_step(r, rr)->duration;
	case SEG_NONE:
	default:
		return 0;
	}
}

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
th_random(struct run *r)
{
	uint64_t z = (r->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static sched_ms
th_quantum(struct run *r)
{
	return RUN_QUANTUM_MIN + (sched_ms)(th_random(r) % RUN_QUANTUM_SPAN);
}

/*
 * Cook time for rr's slice [now, now + q).  A slice that goes straight on
 * from the same thread's slice of the same step on this cook (nobody was
 * waiting at the boundary, so nothing switched) extends that span: the
 * timeline shows one bar per stretch a thread kept the cook, and a dinner
 * with short slices costs no more spans than it has switches.
 */
static void
th_cook_time(struct run *r, struct rrun *rr, enum trace_kind kind, int step,
	     sched_ms q)
{
	struct rpcook *ck = run_pcook(r, rr_table(r, rr), rr->cook);
	sched_ms now = r->sched.now;
	/* What the span is of: a step's work, or a start/hand-back stretch. */
	int32_t key = kind == TRACE_WORK ? step : -1000 - (int32_t)kind;

	if (ck->cont_end == now && ck->cont_step == key &&
	    run_cook(r, rr_table(r, rr), rr->cook)->last ==
	    (int32_t)rr_index(r, rr)) {
		trace_end(&r->trace, ck->cont_span, now + q);
		if (kind == TRACE_WORK)
			r->working += q;
		else
			r->switching += q;
	} else {
		run_cook_span(r, rr, rr->cook, kind, step, now, now + q);
		ck->cont_span = r->trace.nspans > 0 && run_logging(r) ?
		    r->trace.nspans - 1 : TRACE_NONE;
	}
	ck->cont_end = now + q;
	ck->cont_step = key;
}

/*
 * One slice of the current stretch, on rr's cook.  When nobody waits for
 * a cook, nobody can start waiting before the scheduler's next event, so
 * the slice boundaries before it would only give the cook back to rr:
 * the same quanta are drawn, in the same order, but run as one timer up
 * to the first boundary at or after that event (or the stretch's end).
 * The timeline and the draws are those of slice-by-slice; the short
 * slices cost events only where a switch can happen.
 */
static void
th_slice(struct run *r, struct rrun *rr)
{
	enum seg g = th_seg(r, rr);
	sched_ms q = th_quantum(r), next;

	if (q > rr->mark)
		q = rr->mark;
	if (kitchen_queue_empty(&run_ptable(r, rr_table(r, rr))->runq)) {
		next = sched_next(&r->sched);
		while (q < rr->mark && r->sched.now + q < next) {
			sched_ms more = th_quantum(r);

			q = q + more > rr->mark ? rr->mark : q + more;
		}
	}
	if (g == SEG_WORK && rr->mark == rr_step(r, rr)->duration)
		jar_step_begin(r, rr);  /* the step's first slice: the read */
	th_cook_time(r, rr, g == SEG_WORK ? TRACE_WORK : TRACE_START,
		     g == SEG_WORK ? rr->step : -1, q);
	rr->mark -= q;
	rr->sub = TW_SLICE;
	run_check(r, sched_after(&r->sched, q, &rr->w.task));
}

/* Give rr cook c (and the GIL). */
static void
th_dispatch(struct run *r, struct rrun *rr, int c)
{
	size_t table = rr_table(r, rr);
	struct rtable *tab = &r->tables[table];
	struct rptable *pt = run_ptable(r, table);
	struct rcook *cook = run_cook(r, table, c);
	int32_t me = (int32_t)rr_index(r, rr);
	int32_t last = cook->last;

	cook->running = me;
	cook->last = me;
	rr->cook = (uint8_t)c;
	if (th_gil(r)) {
		tab->gil = me;
		pt->gil_span = run_span(r, r->gil_lane, rr, -1, TRACE_GIL,
					r->sched.now, TRACE_OPEN);
	}
	if (last >= 0 && last != me) {
		r->switches++;
		run_cook_span(r, rr, c, TRACE_SWITCH, -1, r->sched.now,
			      r->sched.now + r->switch_cost);
		rr->sub = TW_GO;
		run_check(r, sched_after(&r->sched, r->switch_cost,
					 &rr->w.task));
		return;
	}
	th_slice(r, rr);
}

static int
th_free_cook(struct run *r, size_t table)
{
	int c;

	if (th_gil(r) && r->tables[table].gil >= 0)
		return -1;
	for (c = 0; c < r->ncooks; c++)
		if (run_cook(r, table, c)->running < 0)
			return c;
	return -1;
}

/* Free cooks take runnable threads, first come first served. */
static void
th_dispatch_waiting(struct run *r, size_t table)
{
	struct rptable *pt = run_ptable(r, table);
	struct kitchen_waiter *w;
	int c;

	if (r->deciding)
		return;         /* th_choose hands cooks out */
	while (!kitchen_queue_empty(&pt->runq) &&
	       (c = th_free_cook(r, table)) >= 0) {
		w = kitchen_queue_pop(&pt->runq);
		th_dispatch(r, rr_of_task(&w->task), c);
	}
}

/* rr stops working: its cook (and the GIL) go to the next in line. */
static void
th_release(struct run *r, struct rrun *rr)
{
	size_t table = rr_table(r, rr);
	struct rtable *tab = &r->tables[table];

	run_cook(r, table, rr->cook)->running = -1;
	rr->cook = RR_NO_UNIT;
	if (th_gil(r) && tab->gil == (int32_t)rr_index(r, rr)) {
		tab->gil = -1;
		trace_end(&r->trace, run_ptable(r, table)->gil_span,
			  r->sched.now);
		run_ptable(r, table)->gil_span = TRACE_NONE;
	}
	th_dispatch_waiting(r, table);
}

/* rr wants cook time for its current stretch. */
static void
th_request(struct run *r, struct rrun *rr)
{
	size_t table = rr_table(r, rr);
	int c = kitchen_queue_empty(&run_ptable(r, table)->runq) && !r->deciding ?
	    th_free_cook(r, table) : -1;

	if (c >= 0) {
		th_dispatch(r, rr, c);
		return;
	}
	rr->sub = TW_QUEUED;
	kitchen_queue_push(&run_ptable(r, table)->runq, &rr->w);
}

/* Go on through kitchen steps until rr needs a cook, waits, or is done. */
static void
th_advance(struct run *r, struct rrun *rr)
{
	enum seg g;

	for (;;) {
		if ((g = th_seg(r, rr)) != SEG_NONE) {
			if (g == SEG_WORK && jar_lock_needed(r, rr) &&
			    !jar_lock_take(r, rr)) {
				rr->sub = TW_JAR;
				return;
			}
			rr->mark = th_seg_length(r, rr, g);
			th_request(r, rr);
			return;
		}
		if (rr_finished_steps(r, rr)) {
			run_recipe_done(r, rr);
			return;
		}
		if (!run_kstep(r, rr))
			return;
		rr_next_step(rr);
	}
}

/* A log line's room: two escaped names (at most 4 x 64 bytes each), an
 * escaped step text (160) and the words. */
#define TH_LINE 800

/* Append s to line[n..TH_LINE - 1]; the new length. */
static size_t
th_cat(char *line, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len > TH_LINE - 1 - n)
		len = TH_LINE - 1 - n;
	memcpy(line + n, s, len);
	return n + len;
}

static void
th_preempt_log(struct run *r, struct rrun *rr)
{
	const struct rptable *pt = run_ptable(r, rr_table(r, rr));
	const struct rrun *next =
	    rr_of_task(&kitchen_queue_head(&pt->runq)->task);
	char text[160], line[TH_LINE];
	const char *who = r->names[rr_recipe(r, rr)];
	size_t n;

	if (th_seg(r, rr) == SEG_WORK) {
		/* Short slices make this line common: plain printable ASCII
		 * (every shipped step) needs no escaping, only a check. */
		const char *st = rr_step(r, rr)->text, *p;

		for (p = st; *p >= 0x20 && *p < 0x7f && *p != '\\'; p++)
			;
		if (*p != '\0' || p - st >= (ptrdiff_t)sizeof text) {
			esc_text(text, sizeof text, st, false);
			st = text;
		}
		/* Pieced together rather than printf'd: the commonest line
		 * of a threads run, and the pieces are plain strings. */
		n = th_cat(line, 0, who);
		n = th_cat(line, n, ": preempted ");
		n = th_cat(line, n, rr->mark == rr_step(r, rr)->duration ?
			   "just before \"" : "in the middle of \"");
		n = th_cat(line, n, st);
		n = th_cat(line, n, "\"; the cook switches to the ");
		n = th_cat(line, n, r->names[rr_recipe(r, next)]);
		trace_event_text(&r->trace, r->sched.now, line, n);
	} else
		trace_event(&r->trace, r->sched.now,
			    "%s: preempted; the cook switches to the %s",
			    who, r->names[rr_recipe(r, next)]);
}

static const char *
th_noun(const struct run *r)
{
	return r->ops->own_kitchens ? "process" : "thread";
}

/* rr's thread blocks in a kitchen step: say so, and who runs next. */
static void
th_block_log(struct run *r, struct rrun *rr)
{
	const struct rptable *pt = run_ptable(r, rr_table(r, rr));
	char words[120];

	run_step_wait_words(r, rr, words, sizeof words);
	if (!kitchen_queue_empty(&pt->runq))
		trace_event(&r->trace, r->sched.now,
			    "%s: %s; its %s blocks and the %s runs",
			    r->names[rr_recipe(r, rr)], words, th_noun(r),
			    r->names[rr_recipe(r,
			    rr_of_task(&kitchen_queue_head(&pt->runq)->task))]);
	else
		trace_event(&r->trace, r->sched.now,
			    "%s: %s; its %s blocks", r->names[rr_recipe(r, rr)],
			    words, th_noun(r));
}

/* A slice is over. */
static void
th_slice_end(struct run *r, struct rrun *rr)
{
	struct rptable *pt = run_ptable(r, rr_table(r, rr));
	enum seg g;

	if (rr->mark <= 0) {
		g = th_seg(r, rr);
		if (g == SEG_START)
			rr->flags |= RR_BOOTED;
		else if (g == SEG_HANDBACK)
			rr->flags |= RR_HANDED;
		else {
			jar_step_end(r, rr);    /* the write */
			jar_lock_give(r, rr);
			rr->step++;
		}
		rr->sub = 0;    /* kitchen steps start from their beginning */
		if ((g = th_seg(r, rr)) == SEG_NONE ||
		    (g == SEG_WORK && jar_lock_needed(r, rr))) {
			if (run_logging(r) && !rr_finished_steps(r, rr) &&
			    g == SEG_NONE)
				th_block_log(r, rr);
			th_release(r, rr);
			th_advance(r, rr);
			return;
		}
		rr->mark = th_seg_length(r, rr, g);
	}
	/* A slice boundary: someone else's turn if anyone is waiting.  In
	 * decide mode the thread steps aside and th_choose decides, once the
	 * instant is over, whether it goes on or another takes over. */
	if (r->deciding) {
		run_cook(r, rr_table(r, rr), rr->cook)->cont =
		    (int32_t)rr_index(r, rr);
		th_release(r, rr);
		rr->sub = TW_QUEUED;
		kitchen_queue_push(&pt->runq, &rr->w);
		return;
	}
	if (!kitchen_queue_empty(&pt->runq)) {
		if (run_logging(r))
			th_preempt_log(r, rr);
		th_release(r, rr);
		rr->sub = TW_QUEUED;
		kitchen_queue_push(&pt->runq, &rr->w);
		return;
	}
	th_slice(r, rr);
}

static void
th_task(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	switch (rr->sub) {
	case TW_BEGIN:
		if (r->deciding) {
			/* Which thread starts first (and sets the oven
			 * first) is a decision (preempt_decisions). */
			kitchen_queue_push(&run_ptable(r, rr_table(r, rr))->runq,
					   &rr->w);
			return;
		}
		run_recipe_begin(r, rr);
		th_advance(r, rr);
		return;
	case TW_GO:
		th_slice(r, rr);
		return;
	case TW_SLICE:
		th_slice_end(r, rr);
		return;
	case TW_JAR:
		jar_lock_granted(r, rr);
		rr->mark = th_seg_length(r, rr, SEG_WORK);
		th_request(r, rr);
		return;
	default:
		/* A kitchen wait is over. */
		if (!run_kstep(r, rr))
			return;
		rr_next_step(rr);
		th_advance(r, rr);
		return;
	}
}

/* ---- decision points (decide.h) ------------------------------------------ */

/* The cook a decision is about: one whose thread reached a slice boundary
 * (the plain scheduler decides about that cook there), else the
 * lowest-numbered free one; -1 if none is free (or the GIL is held).
 * With one cook, or the GIL, taking the first choice every time is the
 * plain round-robin scheduler exactly; with several cooks and no GIL the
 * order in which free cooks are handed out at one instant can differ from
 * it (the set of schedules is the same). */
static int
th_decision_cook(struct run *r, size_t table)
{
	int c;

	if (th_free_cook(r, table) < 0)
		return -1;
	for (c = 0; c < r->ncooks; c++)
		if (run_cook(r, table, c)->running < 0 &&
		    run_cook(r, table, c)->cont >= 0)
			return c;
	return th_free_cook(r, table);
}

/* The choices open now: for the first table with a free cook (and GIL)
 * and runnable threads, every runnable thread, in run-queue order. */
size_t
preempt_decisions(struct run *r, struct run_choice *out)
{
	struct kitchen_waiter *w;
	struct rrun *rr;
	size_t t, n;
	int c;
	int32_t cont;

	for (t = 0; t < r->ntables; t++) {
		/* Threads that have not started yet: the order they start in
		 * (and so set the oven in) is chosen first.  Starting takes
		 * no cook and preempts nobody. */
		n = 0;
		for (w = kitchen_queue_head(&run_ptable(r, t)->runq); w != NULL;
		     w = kitchen_queue_next(&run_ptable(r, t)->runq, w)) {
			rr = rr_of_task(&w->task);
			if (rr->sub != TW_BEGIN)
				continue;
			out[n].table = (int)t;
			out[n].cook = 0;
			out[n].recipe = (int)rr_recipe(r, rr);
			out[n].step = 0;
			out[n].continues = out[n].preempts = false;
			out[n].starts = true;
			n++;
		}
		if (n > 0)
			return n;
		if (kitchen_queue_empty(&run_ptable(r, t)->runq) ||
		    (c = th_decision_cook(r, t)) < 0)
			continue;
		cont = run_cook(r, t, c)->cont;
		for (w = kitchen_queue_head(&run_ptable(r, t)->runq); w != NULL;
		     w = kitchen_queue_next(&run_ptable(r, t)->runq, w)) {
			rr = rr_of_task(&w->task);
			out[n].table = (int)t;
			out[n].cook = c;
			out[n].recipe = (int)rr_recipe(r, rr);
			out[n].step = rr->step;
			out[n].continues = cont == (int32_t)rr_index(r, rr);
			out[n].preempts = cont >= 0 && !out[n].continues;
			out[n].starts = false;
			n++;
		}
		return n;
	}
	return 0;
}

void
preempt_choose(struct run *r, const struct run_choice *ch)
{
	struct rptable *pt = run_ptable(r, (size_t)ch->table);
	size_t me = (size_t)ch->table * r->nrecipes + (size_t)ch->recipe;
	struct rrun *rr = &r->runs[me];
	struct rcook *cook = run_cook(r, (size_t)ch->table, ch->cook);
	int c;

	if (!kitchen_queue_remove(&pt->runq, &rr->w))
		return;         /* not a choice: a caller's bug */
	if (ch->preempts && run_logging(r))
		trace_event(&r->trace, r->sched.now,
			    "%s: preempted; the cook switches to the %s",
			    r->names[(size_t)cook->cont % r->nrecipes],
			    r->names[ch->recipe]);
	if (rr->sub == TW_BEGIN) {
		/* It starts: its first kitchen steps (setting the oven)
		 * take no time; its first work queues for a cook. */
		run_recipe_begin(r, rr);
		th_advance(r, rr);
		return;
	}
	/* Whoever it was, it is no longer waiting to go on elsewhere. */
	for (c = 0; c < r->ncooks; c++)
		if (run_cook(r, (size_t)ch->table, c)->cont == (int32_t)me)
			run_cook(r, (size_t)ch->table, c)->cont = -1;
	cook->cont = -1;
	th_dispatch(r, rr, ch->cook);
}

/*
 * The scheduler's hint (sched.h) that a task runs soon: when it is a
 * recipe run's, start loading its table's and cooks' state, which th_task
 * and th_slice are about to touch.  With a million tables these are
 * misses in a random order (the slices are random); found from the run's
 * address alone, they load while the events before it run.
 */
static void
th_hint(void *ctx, const struct sched_task *t)
{
	const struct run *r = ctx;
	uintptr_t p = (uintptr_t)t, base = (uintptr_t)r->runs;
	size_t table;

	if (p < base || p - base >= r->nruns * sizeof *r->runs)
		return;
	table = run_table_of(r, (p - base) / sizeof *r->runs);
	SCHED_PREFETCH(&r->ptables[table]);
	SCHED_PREFETCH(&r->pcooks[table * (size_t)r->ncooks]);
	SCHED_PREFETCH(&r->cooks[table * (size_t)r->ncooks]);
	SCHED_PREFETCH(&r->tables[table]);
}

int
preempt_start(struct run *r)
{
	size_t i;

	r->sched.hint = th_hint;
	r->sched.hint_ctx = r;
	r->sched.single = true;

	for (i = 0; i < r->nruns; i++)
		r->runs[i].sub = TW_BEGIN;
	return run_ready_all(r, th_task);
}

static uint64_t
th_memory(const struct run *r, const char **what, uint64_t *reserved)
{
	*what = "per recipe run, a thread: the stack pages it touches "
		"resident (12 KiB), in an 8 MiB stack reserved";
	*reserved = (uint64_t)r->nruns * MEM_STACK_RESERVED;
	return (uint64_t)r->nruns * MEM_STACK_TOUCHED;
}

const struct model_ops model_threads_ops = {
	.name = "threads",
	.start = preempt_start,
	.memory = th_memory,
	.decisions = preempt_decisions,
	.choose = preempt_choose,
	.preemptive = true,
	.own_kitchens = false,
};
