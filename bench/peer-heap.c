/* SPDX-License-Identifier: ISC */
/*
 * peer-heap.c - the limit reference for the scheduler: a bare binary heap
 * of (time, sequence, process) entries, 24 bytes each as in sched.c, and a
 * loop that pops the earliest and pushes that process's next timer.  No
 * tasks, no protothreads, no ready ring: what the workload costs with
 * nothing but the heap.  The delays come from the same LCG as
 * bench-engine's waiters, so both see the same heap shapes.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "peer.h"

struct peer_ent {
	int64_t when;
	uint64_t seq;
	uint32_t who;
};

struct peer_proc {
	uint32_t left, x;
};

static inline int
peer_less(const struct peer_ent *a, const struct peer_ent *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void
peer_push(struct peer_ent *h, size_t *n, struct peer_ent e)
{
	size_t i = (*n)++;

	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (!peer_less(&e, &h[up]))
			break;
		h[i] = h[up];
		i = up;
	}
	h[i] = e;
}

static struct peer_ent
peer_pop(struct peer_ent *h, size_t *n)
{
	struct peer_ent top = h[0], last = h[--*n];
	size_t i = 0, m = *n;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= m)
			break;
		if (c + 1 < m && peer_less(&h[c + 1], &h[c]))
			c++;
		if (!peer_less(&h[c], &last))
			break;
		h[i] = h[c];
		i = c;
	}
	if (m > 0)
		h[i] = last;
	return top;
}

/* One step of process p at time now: its next timer, if any left. */
static inline void
peer_step(struct peer_proc *p, uint32_t who, int64_t now,
	  struct peer_ent *h, size_t *n, uint64_t *seq)
{
	struct peer_ent e;

	if (p->left == 0)
		return;
	p->left--;
	p->x = p->x * 1103515245u + 12345u;
	e.when = now + 1 + (p->x >> 8) % 1000;
	e.seq = (*seq)++;
	e.who = who;
	peer_push(h, n, e);
}

double
peer_heap_run(size_t n, uint32_t waits, uint64_t *events)
{
	struct peer_proc *p = malloc(n * sizeof *p);
	struct peer_ent *h = malloc(n * sizeof *h);
	struct timespec a, b;
	uint64_t seq = 0, ev = 0;
	size_t nh = 0, i;

	if (p == NULL || h == NULL) {
		free(p);
		free(h);
		return -1;
	}
	for (i = 0; i < n; i++) {
		p[i].left = waits;
		p[i].x = (uint32_t)i;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	/* First runs, in order, as the engine's ready ring gives them. */
	for (i = 0; i < n; i++, ev++)
		peer_step(&p[i], (uint32_t)i, 0, h, &nh, &seq);
	while (nh > 0) {
		struct peer_ent e = peer_pop(h, &nh);

		ev++;
		peer_step(&p[e.who], e.who, e.when, h, &nh, &seq);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	free(p);
	free(h);
	*events = ev;
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 +
	    (double)(b.tv_nsec - a.tv_nsec)) / (double)ev;
}
