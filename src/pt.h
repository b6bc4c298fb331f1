/* SPDX-License-Identifier: ISC */
/*
 * pt.h - protothreads: stackless cooperative threads in a few macros.
 *
 * The idea is Adam Dunkels' (protothreads, 2005); this is our own small
 * rendering of it.  A protothread is a plain C function that can stop in
 * the middle ("wait") and, when called again, continue where it stopped.
 * It has no stack of its own: the only thing it remembers between calls is
 * a "local continuation", the place to resume, kept in a struct pt.  That
 * is why a recipe run can cost a few bytes instead of a thread's stack,
 * so that a million of them fit in memory.
 *
 *	struct salmon { struct pt pt; int filets; };
 *
 *	static PT_THREAD(salmon_run(struct salmon *s, struct kitchen *k))
 *	{
 *		PT_BEGIN(&s->pt);
 *		PT_WAIT_UNTIL(&s->pt, oven_hot(k));
 *		for (s->filets = 0; s->filets < 4; s->filets++)
 *			PT_YIELD(&s->pt);
 *		PT_END(&s->pt);
 *	}
 *
 * The caller drives it: call the function again whenever what it waits for
 * may have changed (the scheduler in sched.h does this for us).  The return
 * value says what happened: PT_WAITING or PT_YIELDED (call me again later),
 * PT_EXITED or PT_ENDED (finished; PT_SCHEDULE() turns this into a bool).
 *
 * Two flavours of local continuation, chosen at compile time:
 *  - labels as values (the GCC/Clang "&&label" extension), used when
 *    configure defined HAVE_LABELS_AS_VALUES and PT_USE_SWITCH is not
 *    defined: the continuation is a label's offset from the top of the
 *    body, resumed with "goto *".  A wait may sit inside a switch
 *    statement.
 *  - switch (standard C, the fallback, or forced with PT_USE_SWITCH): the
 *    whole body is one big switch on the source line of the last wait,
 *    and every wait is a "case __LINE__:" (Duff's device).
 *
 * LIMITS - read these before writing a protothread:
 *  1. Local variables do not survive a wait.  After PT_WAIT_*, PT_YIELD*,
 *     PT_SPAWN or PT_SEM_WAIT the function has returned and been called
 *     again, so automatic variables hold garbage.  Keep every value that
 *     must live across a wait in the struct that holds the struct pt.
 *  2. With the switch flavour, no wait inside a switch statement of your
 *     own: the wait's "case __LINE__:" would belong to your switch, not
 *     ours, so resuming finds no such case and the thread silently runs
 *     to PT_END.  The compiler does not complain.  (Harmless with labels
 *     as values, but write code that works with both flavours.)
 *  3. One wait per source line: the continuation is named after __LINE__,
 *     so two waits on one line would be the same place.  Also keep a
 *     source file under 65536 lines (the switch flavour stores a line
 *     number in 16 bits).
 *  4. Waits may only appear between PT_BEGIN and PT_END, directly in the
 *     protothread function (not in a helper it calls).  A helper that must
 *     wait is a child protothread, run with PT_SPAWN.
 *  5. PT_BEGIN declares a variable (pt_yield_flag) and opens a block that
 *     PT_END closes: exactly one PT_BEGIN/PT_END pair per function.
 *  6. Waits are polls: a waiting condition is evaluated each time the
 *     function is called.  Nothing wakes a protothread by itself; its
 *     driver calls it again (sched.h's tasks do).
 */
#ifndef KT_PT_H
#define KT_PT_H

#include <stdint.h>

/* ---- local continuations ---------------------------------------------- */

#if defined(HAVE_LABELS_AS_VALUES) && !defined(PT_USE_SWITCH)

#define PT_LC_LABELS 1
/*
 * The continuation is where to resume as an offset in bytes from a label
 * that PT_BEGIN puts at the top of the body (pt_lc_base), not the label's
 * address itself.  Both compile to an indirect `jmp *`, but on the x86-64
 * machines we measured (AMD EPYC) resuming from a stored absolute address
 * took 5.9 ns per resume+yield against 2.6 ns for the offset: the same
 * figure as a hand-written switch (bench-engine's "4 wait points" line
 * and its peer).  The offset is also the same in every run, whatever
 * address the program was loaded at, and fits 32 bits, since a function
 * is far smaller than 2 GB.  0 is the top of the body: a new thread.
 * (GCC documents label differences for exactly this kind of use.)
 */
typedef int32_t pt_lc;

#define PT_LC_CAT2(a, b) a ## b
#define PT_LC_CAT(a, b) PT_LC_CAT2(a, b)
#define PT_LC_INIT(lc) ((lc) = 0)
/* Jump to the saved place; at the start (0) fall into the body.  The
 * test costs nothing measurable and is kept on purpose: without it the
 * 4-point resume measured 7.9 ns instead of 2.6 (the indirect jump was
 * mispredicted far more often).  The null statement after the label lets
 * a declaration follow PT_BEGIN. */
#define PT_LC_RESUME(lc)						\
	if ((lc) != 0)							\
		goto *(void *)((char *)&&pt_lc_base + (lc));		\
	pt_lc_base: ;
/* The label comes first so that resuming re-runs the assignment (cheap)
 * and then whatever test follows it in the calling macro. */
#define PT_LC_SET(lc) do {						\
	PT_LC_CAT(pt_lc_line_, __LINE__):				\
	(lc) = (pt_lc)((char *)&&PT_LC_CAT(pt_lc_line_, __LINE__) -	\
		       (char *)&&pt_lc_base);				\
} while (0)
#define PT_LC_END(lc) ((void)0)

#else /* switch */

#define PT_LC_LABELS 0
typedef unsigned short pt_lc;

/* -Wimplicit-fallthrough (in -Wextra) would flag every "case __LINE__:"
 * that the code above it falls into; that fall-through is the point. */
#if defined(__has_attribute)
#if __has_attribute(fallthrough)
#define PT_LC_FALLTHROUGH __attribute__((fallthrough))
#endif
#endif
#ifndef PT_LC_FALLTHROUGH
#define PT_LC_FALLTHROUGH ((void)0)
#endif

#define PT_LC_INIT(lc) ((lc) = 0)
#define PT_LC_RESUME(lc) switch (lc) { case 0:
#define PT_LC_SET(lc) (lc) = __LINE__; PT_LC_FALLTHROUGH; case __LINE__:
#define PT_LC_END(lc) }

#endif

/* ---- protothreads ------------------------------------------------------ */

/* What a protothread function returns. */
#define PT_WAITING	0	/* blocked in PT_WAIT_*: call again later */
#define PT_YIELDED	1	/* gave way in PT_YIELD*: call again later */
#define PT_EXITED	2	/* left through PT_EXIT */
#define PT_ENDED	3	/* reached PT_END */

/*
 * The whole state of a protothread: where to continue.  2 bytes with the
 * switch flavour, one pointer with labels.  Embed it in the struct that
 * holds the thread's other state (limit 1).
 */
struct pt {
	pt_lc lc;
};

/* Declare a protothread function: PT_THREAD(name(args)).  The return type
 * is char to keep it cheap; the values are the PT_* codes above. */
#define PT_THREAD(name_args) char name_args

/* (Re)start a protothread: its next call begins at PT_BEGIN.  Must be
 * called once before the first run (or zero the struct pt). */
#define PT_INIT(pt) PT_LC_INIT((pt)->lc)

/* Open the body.  Everything before it runs on every call. */
#define PT_BEGIN(pt) {							\
	char pt_yield_flag = 1;						\
	(void)pt_yield_flag;						\
	PT_LC_RESUME((pt)->lc)

/* Close the body: the thread has ended, is reset (a later call starts it
 * over) and returns PT_ENDED. */
#define PT_END(pt)							\
	PT_LC_END((pt)->lc);						\
	pt_yield_flag = 0;						\
	PT_INIT(pt);							\
	return PT_ENDED;						\
}

/* Block until cond is true.  cond is evaluated now and on every later call
 * until it holds; if it is true already, the thread does not stop.
 * A wait: limits 1-4 apply (as to every macro marked "a wait" below), and
 * cond itself must not rely on locals set before an earlier wait. */
#define PT_WAIT_UNTIL(pt, cond) do {					\
	PT_LC_SET((pt)->lc);						\
	if (!(cond))							\
		return PT_WAITING;					\
} while (0)

/* Block while cond is true.  A wait. */
#define PT_WAIT_WHILE(pt, cond) PT_WAIT_UNTIL((pt), !(cond))

/* Block until the child protothread call `thread` (an expression such as
 * child(&c->pt, ...)) has exited or ended.  The child is run once per call
 * of the parent.  A wait; the child must have been PT_INIT'ed (PT_SPAWN
 * does it). */
#define PT_WAIT_THREAD(pt, thread) PT_WAIT_WHILE((pt), PT_SCHEDULE(thread))

/* Start a child protothread and block until it has finished: initialise
 * its struct pt `child`, then PT_WAIT_THREAD.  The child runs at once, in
 * the same call, so a child that never waits costs the parent no stop.
 * A wait.  The child's state (its struct pt and anything it keeps across
 * its own waits) must live in a struct, like the parent's: a child is
 * not a stack frame. */
#define PT_SPAWN(pt, child, thread) do {				\
	PT_INIT((child));						\
	PT_WAIT_THREAD((pt), (thread));					\
} while (0)

/* Start over: reset the continuation and return PT_WAITING, so the next
 * call begins at PT_BEGIN again.  Only the continuation is reset: the
 * thread's other state is the caller's to reset. */
#define PT_RESTART(pt) do {						\
	PT_INIT(pt);							\
	return PT_WAITING;						\
} while (0)

/* Leave now, as if PT_END were reached, but return PT_EXITED (a parent in
 * PT_WAIT_THREAD stops waiting either way).  Like PT_END it resets the
 * continuation: calling the function again starts the thread over. */
#define PT_EXIT(pt) do {						\
	PT_INIT(pt);							\
	return PT_EXITED;						\
} while (0)

/* Run a protothread call once; true while it is still alive (waiting or
 * yielded), false when it has exited or ended. */
#define PT_SCHEDULE(f) ((f) < PT_EXITED)

/* Give way once: return PT_YIELDED now, continue after it on the next
 * call.  The flag tells the first pass (stop) from the resumed one (go).
 * A wait. */
#define PT_YIELD(pt) do {						\
	pt_yield_flag = 0;						\
	PT_LC_SET((pt)->lc);						\
	if (pt_yield_flag == 0)						\
		return PT_YIELDED;					\
} while (0)

/* Give way at least once, then go on as soon as cond holds.  A wait. */
#define PT_YIELD_UNTIL(pt, cond) do {					\
	pt_yield_flag = 0;						\
	PT_LC_SET((pt)->lc);						\
	if (pt_yield_flag == 0 || !(cond))				\
		return PT_YIELDED;					\
} while (0)

/* ---- counting semaphores ---------------------------------------------- */

/*
 * A counting semaphore: `count` free units (say, one oven).  PT_SEM_WAIT
 * blocks until a unit is free and takes it; PT_SEM_SIGNAL gives one back.
 *
 * Who gets a unit when several wait?  With PT_SEM_WAIT, whichever waiter
 * is called first after the signal: the driver's order decides (sched.h
 * runs ready tasks in FIFO order, so "first woken, first served").  When
 * the order must be first-come-first-served whatever the driver does, use
 * PT_SEM_WAIT_FIFO, which takes a ticket on arrival and lets tickets in
 * turn.  Do not mix the two on one semaphore: a plain waiter can take a
 * unit ahead of ticket holders.
 */
struct pt_sem {
	unsigned int count;     /* free units */
	unsigned int next;      /* next ticket to hand out (FIFO waits) */
	unsigned int serving;   /* ticket whose turn it is */
};

/* Set up a semaphore with c free units (no waiters yet).  Not while
 * threads wait on it: their tickets would be lost. */
#define PT_SEM_INIT(s, c) do {						\
	(s)->count = (c);						\
	(s)->next = 0;							\
	(s)->serving = 0;						\
} while (0)

/* Block until a unit is free, then take it.  A wait. */
#define PT_SEM_WAIT(pt, s) do {						\
	PT_WAIT_UNTIL((pt), (s)->count > 0);				\
	--(s)->count;							\
} while (0)

/* As PT_SEM_WAIT, in arrival order.  `ticket` is an unsigned int lvalue
 * that survives the wait (a field of the thread's state, limit 1).  A wait;
 * a thread abandoned while it holds a ticket (its driver stops calling it)
 * blocks every later ticket for good. */
#define PT_SEM_WAIT_FIFO(pt, s, ticket) do {				\
	(ticket) = (s)->next++;						\
	PT_WAIT_UNTIL((pt), (ticket) == (s)->serving && (s)->count > 0); \
	--(s)->count;							\
	++(s)->serving;							\
} while (0)

/* Give a unit back.  Not a wait, never blocks.  Does not run any waiter:
 * the driver must call the waiters again (for example by making their
 * tasks ready).  `pt` is unused; it is there to read like the others. */
#define PT_SEM_SIGNAL(pt, s) (++(s)->count)

#endif
