/* SPDX-License-Identifier: ISC */
/*
 * sched.h - the discrete-event scheduler on a virtual clock.
 *
 * Time is virtual, in integer milliseconds from the start of a run.  The
 * scheduler never reads the wall clock and knows nothing of libev or
 * ncurses: the interactive loop decides how far to advance it, batch mode
 * runs it to the end.  Pausing is simply not advancing.
 *
 * Two queues feed it:
 *  - a FIFO ready queue of tasks to run at the current time;
 *  - a monotone radix heap of timers ordered by (time, insertion order),
 *    so two timers due at the same millisecond fire in the order they
 *    were set.  Timers sit in 41 tiers by the highest bit in which their
 *    time differs from the last time fired; only the lowest tier is ever
 *    sorted out, so each timer is moved at most once per bit of its delay
 *    (O(log delay), and sequential memory: no cache miss per level as in
 *    a binary heap).  Timers that share a millisecond with the one set
 *    just before for that time join its batch instead, O(1) (sched.c),
 *    which is what makes a million tables in step cheap.
 * One event is one task run.  The ready queue is always drained before the
 * next timer fires.
 *
 * A task is a struct sched_task embedded in whatever owns it (a recipe run,
 * a protothread's wrapper, a callback closure); its function finds the
 * owner with offsetof, as libev watchers do.  The scheduler does not own
 * tasks and never frees them.
 *
 * Memory: the heap's blocks, the batch nodes and the ready ring grow and
 * never shrink, so once warmed up (or after sched_reserve) no event
 * allocates.  When growing fails the call returns -1 and the scheduler is
 * marked failed: every later step returns false and sched_failed() says
 * so.  It never aborts.
 */
#ifndef KT_SCHED_H
#define KT_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t sched_ms;               /* virtual milliseconds */
#define SCHED_NEVER INT64_MAX

struct sched;
struct sched_task;
struct sched_block;
struct sched_chunk;
typedef void sched_fn(struct sched *s, struct sched_task *t);

struct sched_task {
	sched_fn *fn;
};

/* A hint that t will run soon (an event or two from now), so that its
 * owner can start loading what it will touch: only addresses, nothing
 * read.  Optional (struct sched.hint); a big restaurant under threads is
 * a cache miss per table touched, and this lets them overlap. */
typedef void sched_hint_fn(void *ctx, const struct sched_task *t);

/* Load memory ahead, where the compiler has a way (configure). */
#ifdef HAVE_BUILTIN_PREFETCH
#define SCHED_PREFETCH(p) __builtin_prefetch(p)
#else
#define SCHED_PREFETCH(p) ((void)(p))
#endif

/* One timer in the heap: 24 bytes on LP64 (blocks of them, sched.c).  key is the insertion order
 * times two, plus 1 when the entry is a batch (sched.c): then bucket
 * names it instead of a task. */
struct sched_entry {
	sched_ms when;
	uint64_t key;
	union {
		struct sched_task *task;        /* key even */
		size_t bucket;                  /* key odd */
	} u;
};

/* A batch of timers due at the same millisecond, in insertion order: a
 * list of nodes (sched.c). */
struct sched_bucket {
	sched_ms when;
	uint32_t head, tail;
};

/* The last batch made for a time, per hash slot (sched.c).  A slot
 * counts only while gen is the scheduler's rgen: a copy forgets them all
 * by a new rgen instead of copying them. */
struct sched_recent {
	sched_ms when;              /* a timer for it went in, alone or not */
	uint32_t bucket;            /* its index + 1; 0 none */
	uint32_t gen;
};

struct sched {
	sched_ms now;               /* the virtual clock */
	uint64_t seq;               /* insertion counter, orders ties */
	uint64_t events;            /* tasks run so far */
	sched_ms last;              /* when the last task ran (now may be
				       later after sched_run_until) */
	/* The radix heap (sched-radix.h): every entry's time is >= base, the time
	 * fired last; tier i holds those whose highest bit differing from
	 * base is bit i - 1 (tier 0: equal; the last tier, 40, all from
	 * bit 39 up), bit i of tiers says it is not empty. */
	sched_ms base;
	uint64_t tiers;
	struct sched_tier {
		struct sched_block *tail;       /* circular list; NULL empty */
		sched_ms min;                   /* its earliest, if any */
	} tier[41];
	size_t nheap;               /* entries (a batch is one) */
	struct sched_block *bfree;  /* free blocks */
	size_t nbfree;
	struct sched_chunk *chunks; /* where blocks come from, newest first */
	size_t nblocks, nuncarved;  /* blocks made, and not used yet */
	size_t ntimers;             /* timers pending, batched ones too */
	/* Batches: nodes (task and next, a free list through next) and
	 * buckets (a free list through head). */
	struct sched_task **ntask;
	uint32_t *nnext;
	size_t capnodes, nnodes;    /* capacity, high-water mark */
	uint32_t nodefree;
	struct sched_bucket *buckets;
	size_t capbuckets, nbuckets;
	uint32_t bucketfree;
	struct sched_recent *recent;    /* SCHED_RECENT slots, or NULL */
	uint32_t rgen;              /* the slots' generation that counts */
	struct sched_task **ready;  /* ring buffer */
	size_t rhead, nready, capready;
	/* Ready tasks laid out in an array (sched_ready_array): the next at
	 * rnext, rleft of them, rstride bytes apart.  They come before the
	 * ring's, which was empty when they were queued. */
	char *rnext;
	size_t rstride, rleft;
	bool failed;                /* out of memory: stop stepping */
	sched_hint_fn *hint;        /* NULL: none; kept by sched_copy */
	void *hint_ctx;
	bool single;                /* no batches, every timer an entry of
				       its own: for timers that seldom share
				       a millisecond; kept by sched_copy */
};

void sched_init(struct sched *s);
void sched_free(struct sched *s);
/* Grow both queues now so that up to this many pending entries need no
 * allocation later. 0 or -1 (out of memory). */
int sched_reserve(struct sched *s, size_t timers, size_t ready);

/* Run t at virtual time `when` (a time in the past means now). 0 or -1. */
int sched_at(struct sched *s, sched_ms when, struct sched_task *t);
/* Run t `delay` ms from now (delay < 0 counts as 0). 0 or -1. */
int sched_after(struct sched *s, sched_ms delay, struct sched_task *t);
/* Run t at the current time, after the tasks already ready. 0 or -1. */
int sched_ready(struct sched *s, struct sched_task *t);
/* sched_ready for n tasks of an array, first and every `stride` bytes
 * after it, in that order.  With nothing ready yet it costs no memory
 * (a million tables start their runs this way: 8 bytes a run less); else
 * each goes into the ring.  0 or -1. */
int sched_ready_array(struct sched *s, struct sched_task *first,
		      size_t stride, size_t n);
/* Tasks ready now, and the i-th of them in the order they will run. */
static inline size_t sched_nready(const struct sched *s)
{
	return s->rleft + s->nready;
}
struct sched_task *sched_ready_task(const struct sched *s, size_t i);

/* Run exactly one event: the head of the ready queue, else the earliest
 * timer (advancing the clock to it).  false when there is nothing to run
 * or the scheduler has failed. */
bool sched_step(struct sched *s);
/* Run every event due at or before `until`, then set the clock to `until`
 * if it is later.  Returns the number of events run.  until == SCHED_NEVER
 * means no limit: the clock stays at the last event, as with sched_run.
 * A failed scheduler runs nothing and leaves the clock alone. */
uint64_t sched_run_until(struct sched *s, sched_ms until);
/* Run to the end: until both queues are empty.  Returns events run. */
uint64_t sched_run(struct sched *s);

/* The time of the next event (now if a task is ready), SCHED_NEVER if none. */
sched_ms sched_next(const struct sched *s);
static inline bool sched_idle(const struct sched *s)
{
	return s->nready == 0 && s->rleft == 0 && s->nheap == 0;
}
/* Timers pending. */
static inline size_t sched_timers(const struct sched *s)
{
	return s->ntimers;
}

/*
 * For snapshots (model-decide.c).  sched_copy makes dst the same
 * scheduler as src, every task pointer passed through map (src's tasks
 * to dst's): 0, or -1 out of memory (dst failed).  sched_list_timers
 * writes the pending timers in the order they will fire, as plain entries
 * (u.task), sched_timers(s) of them.  sched_timer_of: when t's timer
 * fires (the first found if it has several), SCHED_NEVER none.
 */
typedef struct sched_task *sched_map_fn(void *ctx, struct sched_task *t);
int sched_copy(struct sched *dst, const struct sched *src, sched_map_fn *map,
	       void *ctx);
void sched_list_timers(const struct sched *s, struct sched_entry *out);
sched_ms sched_timer_of(const struct sched *s, const struct sched_task *t);
/* Heap entries it can hold before allocating again, and the bytes of the
 * heap blocks ever used (what is resident: a reserve's untouched blocks
 * are only address space). */
size_t sched_heap_capacity(const struct sched *s);
size_t sched_heap_bytes(const struct sched *s);
static inline bool sched_failed(const struct sched *s)
{
	return s->failed;
}
static inline sched_ms sched_now(const struct sched *s)
{
	return s->now;
}

#endif
