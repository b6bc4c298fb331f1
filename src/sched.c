/* SPDX-License-Identifier: ISC */
/*
 * sched.c - the discrete-event scheduler on a virtual clock (see sched.h).
 *
 * Two structures, both plain arrays so that a warmed-up scheduler never
 * allocates:
 *  - heap: a binary min-heap of struct sched_entry keyed on (when, seq).
 *    seq is a global insertion counter, so the key is unique and ties on
 *    `when` come out in the order they went in: that, plus never reading
 *    the wall clock, is what makes runs deterministic.  Push and pop are
 *    O(log n); both move a "hole" instead of swapping, one copy per level.
 *  - ready: a ring buffer of task pointers, O(1) at both ends.
 *
 * Growth doubles the capacity (amortised O(1) per push) and never shrinks.
 * Sizes are checked for overflow before any allocation, so an absurd
 * request fails cleanly (-1, failed flag) instead of wrapping around.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

/* First allocation: small enough for a dinner, doubling does the rest. */
#define SCHED_MIN_CAP 16

void
sched_init(struct sched *s)
{
	memset(s, 0, sizeof *s);
}

void
sched_free(struct sched *s)
{
	free(s->heap);
	free(s->ready);
	sched_init(s);
}

/* Mark the scheduler failed and report it: every grow error ends here. */
static int
sched_fail(struct sched *s)
{
	s->failed = true;
	return -1;
}

/* The capacity to grow to so that at least `want` fit: double from the
 * current one (or SCHED_MIN_CAP) until it is enough.  0 if it would
 * overflow a size_t of `elem`-byte elements. */
static size_t
sched_grow_cap(size_t cap, size_t want, size_t elem)
{
	size_t max = SIZE_MAX / 2 / elem;   /* leaves ptrdiff_t room too */

	if (want > max)
		return 0;
	if (cap < SCHED_MIN_CAP)
		cap = SCHED_MIN_CAP;
	while (cap < want)
		cap = cap > max / 2 ? max : cap * 2;
	return cap;
}

static int
sched_grow_heap(struct sched *s, size_t want)
{
	struct sched_entry *heap;
	size_t cap;

	if (want <= s->capheap)
		return 0;
	if ((cap = sched_grow_cap(s->capheap, want, sizeof *heap)) == 0)
		return sched_fail(s);
	if ((heap = realloc(s->heap, cap * sizeof *heap)) == NULL)
		return sched_fail(s);
	s->heap = heap;
	s->capheap = cap;
	return 0;
}

/* The ring cannot simply be realloc'ed when it wraps around, so copy it
 * into a fresh array in queue order, head at 0. */
static int
sched_grow_ready(struct sched *s, size_t want)
{
	struct sched_task **ready;
	size_t cap, first;

	if (want <= s->capready)
		return 0;
	if ((cap = sched_grow_cap(s->capready, want, sizeof *ready)) == 0)
		return sched_fail(s);
	if ((ready = malloc(cap * sizeof *ready)) == NULL)
		return sched_fail(s);
	if (s->nready > 0) {
		first = s->capready - s->rhead;
		if (first > s->nready)
			first = s->nready;
		memcpy(ready, s->ready + s->rhead, first * sizeof *ready);
		memcpy(ready + first, s->ready, (s->nready - first) * sizeof *ready);
	}
	free(s->ready);
	s->ready = ready;
	s->rhead = 0;
	s->capready = cap;
	return 0;
}

int
sched_reserve(struct sched *s, size_t timers, size_t ready)
{
	if (s->failed)
		return -1;
	if (sched_grow_heap(s, timers) != 0)
		return -1;
	return sched_grow_ready(s, ready);
}

/* a comes before b: earlier time, or same time and set earlier. */
static inline bool
sched_before(const struct sched_entry *a, const struct sched_entry *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

int
sched_at(struct sched *s, sched_ms when, struct sched_task *t)
{
	struct sched_entry e;
	size_t i, parent;

	if (s->failed)
		return -1;
	if (s->nheap == s->capheap && sched_grow_heap(s, s->nheap + 1) != 0)
		return -1;
	if (when < s->now)
		when = s->now;
	e.when = when;
	e.seq = s->seq++;
	e.task = t;

	/* Sift up: move parents down into the hole until e fits.  A new
	 * timer is usually later than most, so this tends to stop early. */
	i = s->nheap++;
	while (i > 0) {
		parent = (i - 1) / 2;
		if (!sched_before(&e, &s->heap[parent]))
			break;
		s->heap[i] = s->heap[parent];
		i = parent;
	}
	s->heap[i] = e;
	return 0;
}

int
sched_after(struct sched *s, sched_ms delay, struct sched_task *t)
{
	if (delay < 0)
		delay = 0;
	/* Saturate rather than overflow: "never" stays never. */
	if (delay > SCHED_NEVER - s->now)
		return sched_at(s, SCHED_NEVER, t);
	return sched_at(s, s->now + delay, t);
}

int
sched_ready(struct sched *s, struct sched_task *t)
{
	size_t tail;

	if (s->failed)
		return -1;
	if (s->nready == s->capready &&
	    sched_grow_ready(s, s->nready + 1) != 0)
		return -1;
	tail = s->rhead + s->nready;
	if (tail >= s->capready)
		tail -= s->capready;
	s->ready[tail] = t;
	s->nready++;
	return 0;
}

/*
 * Remove the earliest timer.  The last entry must be re-placed; it came
 * from the bottom, so it is nearly always large and belongs near the
 * bottom again.  Hence "bottom-up" (Floyd): walk the hole from the root to
 * a leaf along the smaller children, one comparison per level instead of
 * two, then sift the last entry up from there, which is usually a step or
 * none.  With a million timers the heap is far bigger than the caches, so
 * the grandchildren are prefetched while the children are compared.
 */
static struct sched_entry
sched_pop_timer(struct sched *s)
{
	struct sched_entry top = s->heap[0], last;
	struct sched_entry *h = s->heap;
	size_t n, i, child, parent;

	n = --s->nheap;
	if (n == 0)
		return top;
	last = h[n];
	i = 0;
	while ((child = 2 * i + 1) + 1 < n) {
		__builtin_prefetch(&h[4 * i + 3]);
		if (sched_before(&h[child + 1], &h[child]))
			child++;
		h[i] = h[child];
		i = child;
	}
	if (child < n) {        /* a last lone child */
		h[i] = h[child];
		i = child;
	}
	while (i > 0) {
		parent = (i - 1) / 2;
		if (!sched_before(&last, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = last;
	return top;
}

bool
sched_step(struct sched *s)
{
	struct sched_task *t;
	struct sched_entry e;

	if (s->failed)
		return false;
	if (s->nready > 0) {
		/* Ready tasks first: they are due now, timers at best now. */
		t = s->ready[s->rhead];
		if (++s->rhead == s->capready)
			s->rhead = 0;
		s->nready--;
	} else if (s->nheap > 0) {
		e = sched_pop_timer(s);
		if (e.when > s->now)
			s->now = e.when;
		t = e.task;
	} else
		return false;
	s->events++;
	s->last = s->now;
	t->fn(s, t);
	return true;
}

uint64_t
sched_run_until(struct sched *s, sched_ms until)
{
	uint64_t before = s->events;

	while (!s->failed) {
		if (s->nready == 0 &&
		    (s->nheap == 0 || s->heap[0].when > until))
			break;
		sched_step(s);
	}
	/* The clock moves to `until` even with nothing due: that is how the
	 * interactive loop lets time pass.  Not on failure (nothing ran to
	 * get there), and not to SCHED_NEVER, which means "no limit". */
	if (!s->failed && until != SCHED_NEVER && until > s->now)
		s->now = until;
	return s->events - before;
}

uint64_t
sched_run(struct sched *s)
{
	uint64_t before = s->events;

	while (sched_step(s))
		;
	return s->events - before;
}

sched_ms
sched_next(const struct sched *s)
{
	if (s->nready > 0)
		return s->now;
	if (s->nheap > 0)
		return s->heap[0].when;
	return SCHED_NEVER;
}
