/* SPDX-License-Identifier: ISC */
/*
 * sched.c - the discrete-event scheduler on a virtual clock (see sched.h).
 *
 * Two structures, so that a warmed-up scheduler never allocates:
 *  - heap: a monotone radix heap of struct sched_entry keyed on (when,
 *    seq).  seq is a global insertion counter, so the key is unique and
 *    ties on `when` come out in the order they went in: that, plus never
 *    reading the wall clock, is what makes runs deterministic.  An entry
 *    may stand for a batch of timers due at the same time, a FIFO list of
 *    nodes (see sched_at): O(1) for all but the first.
 *  - ready: a ring buffer of task pointers, O(1) at both ends.
 *
 * The heap's storage, tiers of blocks, is sched-radix.[ch].
 *
 * Growth doubles the capacity (amortised O(1) per push) and never shrinks;
 * heap blocks go back to a free list and come from chunks of many.
 * Sizes are checked for overflow before any allocation, so an absurd
 * request fails cleanly (-1, failed flag) instead of wrapping around.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "sched-radix.h"

/* First allocation: small enough for a dinner, doubling does the rest. */
#define SCHED_MIN_CAP 16
#define SCHED_NONE UINT32_MAX   /* no node: the end of a batch's list */
#define SCHED_RECENT_BITS 10    /* slots remembering recent batches */
#define SCHED_RECENT ((size_t)1 << SCHED_RECENT_BITS)

void
sched_init(struct sched *s)
{
	memset(s, 0, sizeof *s);
}

void
sched_free(struct sched *s)
{
	sched_radix_free(s);
	free(s->ntask);
	free(s->nnext);
	free(s->buckets);
	free(s->recent);
	free(s->ready);
	sched_init(s);
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

/* Room for `want` batched nodes (task and next arrays). */
static int
sched_grow_nodes(struct sched *s, size_t want)
{
	struct sched_task **t;
	uint32_t *nx;
	size_t cap;

	if (want <= s->capnodes)
		return 0;
	if (want > SCHED_NONE ||
	    (cap = sched_grow_cap(s->capnodes, want, sizeof *t)) == 0)
		return sched_fail(s);
	if (cap > SCHED_NONE)
		cap = SCHED_NONE;
	if ((t = realloc(s->ntask, cap * sizeof *t)) == NULL)
		return sched_fail(s);
	s->ntask = t;
	if ((nx = realloc(s->nnext, cap * sizeof *nx)) == NULL)
		return sched_fail(s);
	s->nnext = nx;
	s->capnodes = cap;
	return 0;
}

static int
sched_grow_buckets(struct sched *s, size_t want)
{
	struct sched_bucket *b;
	size_t cap;

	if (want <= s->capbuckets)
		return 0;
	if (want > SCHED_NONE ||
	    (cap = sched_grow_cap(s->capbuckets, want, sizeof *b)) == 0)
		return sched_fail(s);
	if (cap > SCHED_NONE)
		cap = SCHED_NONE;
	if ((b = realloc(s->buckets, cap * sizeof *b)) == NULL)
		return sched_fail(s);
	s->buckets = b;
	s->capbuckets = cap;
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
	/* Enough blocks for `timers` entries however they spread: full
	 * blocks and one part-filled per tier in use, twice over for a
	 * spread's source blocks, which go back only once it is done. */
	if (timers > SIZE_MAX / 4)
		return sched_fail(s);
	if (sched_blocks_ensure(s, 2 * (timers / SCHED_BLOCK + 1 +
	    (timers < SCHED_TIERS ? timers : SCHED_TIERS))) != 0 ||
	    sched_grow_nodes(s, timers) != 0)
		return -1;
	return sched_grow_ready(s, ready);
}

/* a comes before b: earlier time, or same time and set earlier. */
static inline bool
sched_before(const struct sched_entry *a, const struct sched_entry *b)
{
	return a->when < b->when || (a->when == b->when && a->key < b->key);
}

/* The recent-batch slot of a time: a multiplicative hash. */
static inline size_t
sched_hash(sched_ms when)
{
	return (size_t)(((uint64_t)when * UINT64_C(0x9e3779b97f4a7c15)) >>
	    (64 - SCHED_RECENT_BITS));
}

/* A node holding t, or SCHED_NONE (out of memory). */
static uint32_t
sched_node(struct sched *s, struct sched_task *t)
{
	uint32_t n;

	if (s->nodefree != 0) {
		n = s->nodefree - 1;
		s->nodefree = s->nnext[n];
	} else {
		if (s->nnodes == s->capnodes &&
		    sched_grow_nodes(s, s->nnodes + 1) != 0)
			return SCHED_NONE;
		n = (uint32_t)s->nnodes++;
	}
	s->ntask[n] = t;
	s->nnext[n] = SCHED_NONE;
	return n;
}

static uint32_t
sched_bucket_new(struct sched *s, sched_ms when, uint32_t node)
{
	uint32_t b;

	if (s->bucketfree != 0) {
		b = s->bucketfree - 1;
		s->bucketfree = s->buckets[b].head;
	} else {
		if (s->nbuckets == s->capbuckets &&
		    sched_grow_buckets(s, s->nbuckets + 1) != 0)
			return SCHED_NONE;
		b = (uint32_t)s->nbuckets++;
	}
	s->buckets[b].when = when;
	s->buckets[b].head = s->buckets[b].tail = node;
	return b;
}

/* A drained batch: forget it, and let its slot make no more appends. */
static void
sched_bucket_free(struct sched *s, uint32_t b)
{
	struct sched_recent *rc = &s->recent[sched_hash(s->buckets[b].when)];

	if (rc->gen == s->rgen && rc->bucket == b + 1)
		rc->bucket = 0;
	s->buckets[b].head = s->bucketfree;
	s->bucketfree = b + 1;
}

/*
 * Timers due at the same millisecond are the rule with --tables (every
 * table runs the same dinner in step), and a heap pays O(log n) cache
 * misses for each.  So the second and later timers for a time go into a
 * batch: one heap entry (keyed on the batch's own insertion order) and a
 * FIFO list of nodes, O(1) to add and to pop.  A batch takes timers only
 * while it is the newest entry for its time (its slot in `recent` says
 * so); once the slot is taken by another time, the next timer for this
 * time starts a new entry, later in insertion order.  So every timer
 * still fires in (when, insertion) order, as with a plain heap: the same
 * events in the same order, byte for byte.  Memory per batched timer: a
 * node (12 bytes) instead of a 24-byte heap entry.
 */
int
sched_at(struct sched *s, sched_ms when, struct sched_task *t)
{
	struct sched_entry e;
	struct sched_recent *rc;
	uint32_t node, b;

	if (s->failed)
		return -1;
	if (sched_blocks_ensure(s, 1) != 0)
		return -1;
	if (s->recent == NULL) {
		if ((s->recent = calloc(SCHED_RECENT, sizeof *s->recent)) ==
		    NULL)
			return sched_fail(s);
		s->rgen = 1;
	}
	if (when < s->now)
		when = s->now;
	rc = &s->recent[sched_hash(when)];
	if (!s->single && rc->when == when && rc->gen == s->rgen) {
		if ((node = sched_node(s, t)) == SCHED_NONE)
			return -1;
		if (rc->bucket != 0) {          /* join the newest batch */
			b = rc->bucket - 1;
			s->nnext[s->buckets[b].tail] = node;
			s->buckets[b].tail = node;
			s->ntimers++;
			return 0;
		}
		if ((b = sched_bucket_new(s, when, node)) == SCHED_NONE)
			return -1;
		rc->bucket = b + 1;
		e.when = when;
		e.key = s->seq++ << 1 | 1;
		e.u.bucket = b;
	} else {
		rc->when = when;
		rc->bucket = 0;
		rc->gen = s->rgen;
		e.when = when;
		e.key = s->seq++ << 1;
		e.u.task = t;
	}
	s->ntimers++;
	/* when >= now >= base: the clock never goes back. */
	sched_tier_push(s, sched_tier_of(s->base, when), &e);
	s->nheap++;
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

int
sched_ready_array(struct sched *s, struct sched_task *first, size_t stride,
		  size_t n)
{
	size_t i;

	if (s->failed)
		return -1;
	if (s->nready == 0 && s->rleft == 0) {
		s->rnext = (char *)first;
		s->rstride = stride;
		s->rleft = n;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (sched_ready(s, (struct sched_task *)(void *)((char *)first +
		    i * stride)) != 0)
			return -1;
	return 0;
}

struct sched_task *
sched_ready_task(const struct sched *s, size_t i)
{
	if (i < s->rleft)
		return (struct sched_task *)(void *)(s->rnext + i * s->rstride);
	i -= s->rleft;
	return s->ready[(s->rhead + i) % s->capready];
}

/*
 * The next timers' tasks are cache misses waiting to happen in a big
 * restaurant (their owners are somewhere in hundreds of MB): start
 * loading the next two while this task runs, with a hint at each
 * (sched.h).  A batch's nodes and its bucket are scattered too: the
 * batch after the next one has its bucket asked for, so that its first
 * node can be asked for at the next step.
 */
static inline void
sched_look_ahead(struct sched *s)
{
	const struct sched_block *hb;
	const struct sched_entry *e;
	struct sched_task *u;
	uint32_t k, end, n;

	if (s->tier[0].tail == NULL)
		return;
	hb = s->tier[0].tail->next;
	end = hb->h + 2 < hb->n ? hb->h + 2 : hb->n;
	for (k = hb->h; k < end; k++) {
		e = &hb->e[k];
		if (!(e->key & 1))
			u = e->u.task;
		else if (k > hb->h) {
			SCHED_PREFETCH(&s->buckets[e->u.bucket]);
			continue;
		} else {
			n = s->buckets[e->u.bucket].head;
			u = s->ntask[n];
			if (s->nnext[n] != SCHED_NONE) {
				SCHED_PREFETCH(&s->ntask[s->nnext[n]]);
				SCHED_PREFETCH(&s->nnext[s->nnext[n]]);
			}
		}
		SCHED_PREFETCH(u);
		if (s->hint != NULL)
			s->hint(s->hint_ctx, u);
	}
}

bool
sched_step(struct sched *s)
{
	struct sched_task *t;
	struct sched_entry e, *ep;
	uint32_t b, n;

	if (s->failed)
		return false;
	if (s->rleft > 0) {
		/* Ready tasks first: they are due now, timers at best now;
		 * the array's before the ring's. */
		t = (struct sched_task *)(void *)s->rnext;
		s->rnext += s->rstride;
		s->rleft--;
	} else if (s->nready > 0) {
		t = s->ready[s->rhead];
		if (++s->rhead == s->capready)
			s->rhead = 0;
		s->nready--;
	} else if (s->nheap > 0) {
		if ((ep = sched_first(s)) == NULL)
			return false;
		e = *ep;
		if (e.key & 1) {        /* a batch: its first timer */
			b = (uint32_t)e.u.bucket;
			n = s->buckets[b].head;
			t = s->ntask[n];
			s->buckets[b].head = s->nnext[n];
			s->ntask[n] = NULL;     /* free (sched_copy) */
			s->nnext[n] = s->nodefree;
			s->nodefree = n + 1;
			if (s->buckets[b].head == SCHED_NONE) {
				sched_drop_first(s);
				sched_bucket_free(s, b);
			}
		} else {
			sched_drop_first(s);
			t = e.u.task;
		}
		sched_look_ahead(s);
		s->ntimers--;
		if (e.when > s->now)
			s->now = e.when;
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
		if (s->nready == 0 && s->rleft == 0 &&
		    (s->nheap == 0 || sched_top(s) > until))
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
	if (s->nready > 0 || s->rleft > 0)
		return s->now;
	return sched_top(s);
}

/* ---- snapshots -------------------------------------------------------------- */

int
sched_copy(struct sched *dst, const struct sched *src, sched_map_fn *map,
	   void *ctx)
{
	const struct sched_block *sb;
	struct sched_block *b, *next;
	struct sched_entry e;
	uint64_t bits;
	unsigned j;
	uint32_t k;
	size_t i, need = 0;

	if (dst == src)
		return 0;
	dst->failed = false;
	dst->nready = dst->rhead = dst->rleft = 0;      /* nothing kept */
	while (dst->tiers != 0)
		for (b = sched_tier_detach(dst, sched_lsb(dst->tiers));
		     b != NULL; b = next) {
			next = b->next;
			sched_block_give(dst, b);
		}
	dst->nheap = 0;
	/* The blocks src's entries fill, tier by tier. */
	for (bits = src->tiers; bits != 0; bits &= bits - 1) {
		size_t n = 0;

		for (j = sched_lsb(bits), sb = sched_tier_head(src, j);
		     sb != NULL; sb = sched_tier_next(src, j, sb))
			n += sb->n - sb->h;
		need += (n + SCHED_BLOCK - 1) / SCHED_BLOCK;
	}
	if (sched_blocks_ensure(dst, need) != 0 ||
	    sched_grow_nodes(dst, src->nnodes) != 0 ||
	    sched_grow_buckets(dst, src->nbuckets) != 0 ||
	    sched_grow_ready(dst, sched_nready(src)) != 0)
		return -1;
	dst->now = src->now;
	dst->seq = src->seq;
	dst->events = src->events;
	dst->last = src->last;
	dst->failed = src->failed;
	dst->base = src->base;
	dst->nheap = src->nheap;
	SCHED_FOR_ENTRIES(src, bits, j, sb, k) {
		e = sb->e[k];
		if (!(e.key & 1))
			e.u.task = map(ctx, e.u.task);
		sched_tier_push(dst, j, &e);
	}
	dst->ntimers = src->ntimers;
	dst->nnodes = src->nnodes;
	dst->nodefree = src->nodefree;
	for (i = 0; i < src->nnodes; i++) {
		dst->ntask[i] = src->ntask[i] ? map(ctx, src->ntask[i]) : NULL;
		dst->nnext[i] = src->nnext[i];
	}
	dst->nbuckets = src->nbuckets;
	dst->bucketfree = src->bucketfree;
	if (src->nbuckets > 0)
		memcpy(dst->buckets, src->buckets,
		       src->nbuckets * sizeof *src->buckets);
	/*
	 * dst forgets which batches may still take timers: a timer for a
	 * time that has one starts an entry of its own instead, later in
	 * insertion order, so the order is the same.  Forgetting is a new
	 * generation, not 16 KiB copied: copying the slots was 29% of an
	 * --explore, which copies a run at every branch.
	 */
	if (dst->recent != NULL && ++dst->rgen == 0) {
		memset(dst->recent, 0, SCHED_RECENT * sizeof *dst->recent);
		dst->rgen = 1;
	}
	/* The array's ready tasks go into dst's ring, in front. */
	dst->rhead = 0;
	dst->nready = sched_nready(src);
	for (i = 0; i < dst->nready; i++)
		dst->ready[i] = map(ctx, sched_ready_task(src, i));
	return 0;
}

static int
sched_entry_cmp(const void *a, const void *b)
{
	const struct sched_entry *x = a, *y = b;

	return sched_before(x, y) ? -1 : sched_before(y, x);
}

void
sched_list_timers(const struct sched *s, struct sched_entry *out)
{
	const struct sched_block *b;
	struct sched_entry e;
	size_t i, w = 0, first = s->ntimers - s->nheap, r = first;
	uint64_t bits;
	unsigned j;
	uint32_t n, k;

	/* The heap's entries at the end, in firing order; then each is
	 * written out from the front, a batch as its timers.  A batch of k
	 * timers stands for k - 1 slots before its entry, so writing never
	 * passes the entry being read. */
	if (s->nheap == 0)
		return;
	SCHED_FOR_ENTRIES(s, bits, j, b, k)
		out[r++] = b->e[k];
	qsort(out + first, s->nheap, sizeof *out, sched_entry_cmp);
	for (i = first; i < s->ntimers; i++) {
		e = out[i];
		if (!(e.key & 1)) {
			out[w++] = e;
			continue;
		}
		for (n = s->buckets[e.u.bucket].head; n != SCHED_NONE;
		     n = s->nnext[n]) {
			out[w].when = e.when;
			out[w].key = e.key;
			out[w].u.task = s->ntask[n];
			w++;
		}
	}
}

sched_ms
sched_timer_of(const struct sched *s, const struct sched_task *t)
{
	const struct sched_block *b;
	const struct sched_entry *e;
	uint64_t bits;
	unsigned j;
	uint32_t k, n;

	SCHED_FOR_ENTRIES(s, bits, j, b, k) {
		e = &b->e[k];
		if (!(e->key & 1)) {
			if (e->u.task == t)
				return e->when;
			continue;
		}
		for (n = s->buckets[e->u.bucket].head; n != SCHED_NONE;
		     n = s->nnext[n])
			if (s->ntask[n] == t)
				return e->when;
	}
	return SCHED_NEVER;
}
