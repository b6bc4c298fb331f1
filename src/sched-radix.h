/* SPDX-License-Identifier: ISC */
/*
 * sched-radix.h - the storage of the scheduler's timer heap: a monotone
 * radix heap in blocks.  Only sched.c and sched-radix.c include it; the
 * hot steps are inline here, so that an event pays no call for them.
 *
 * Why a radix heap: a restaurant of a million tables under threads keeps
 * a million timers at as many different milliseconds, and a binary heap
 * that size paid a cache miss for each of its lower levels on every pop
 * (40% of the time, perf).  Here the entries live in 41 tiers of 1 KiB
 * blocks, filled and read in order.  Time only moves forward (a timer is
 * never set before now), so the tiers are kept relative to `base`, the
 * time fired last: tier 0 holds the entries due at base, tier i those
 * whose time first differs from base in bit i - 1 (the last tier all
 * from bit 39 up).  Every entry of a tier is earlier than every entry of
 * a higher one.  When tier 0 runs out, the lowest tier in use is spread
 * out again relative to its earliest time, the new base: an entry only
 * moves down, so at most once per bit of its delay, and reads and writes
 * whole blocks in order.  The order is exactly a (when, insertion) heap's:
 * the entries of one time are always in the same tier, appended in
 * insertion order, and spreading keeps their order.
 */
#ifndef KT_SCHED_RADIX_H
#define KT_SCHED_RADIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"

#define SCHED_TIERS 41          /* 0 .. 40, the last for 2^39 ms (17
				   years) ahead and more, "never" too */
#define SCHED_BLOCK 42          /* entries per block: 1 KiB on LP64 */
#define SCHED_MIN_BLOCKS 8      /* the first chunk: enough for a dinner */

/* A run of entries of one tier, in order: e[h .. n) are still in it
 * (h > 0 only at the head of tier 0, which fires from the front).  A
 * tier's blocks are a circular list kept by its tail, as kitchen queues
 * are, so that a tier costs struct sched a tail and its earliest time. */
struct sched_block {
	struct sched_block *next;
	uint32_t n, h;
	struct sched_entry e[SCHED_BLOCK];
};

/* Blocks are carved from chunks on first use, so a chunk that sched_reserve
 * made ahead costs address space, not resident memory, until it is used. */
struct sched_chunk {
	struct sched_chunk *next;
	size_t nblocks, carved;
	struct sched_block b[];
};

_Static_assert(sizeof(((struct sched *)0)->tier) / sizeof(struct sched_tier) ==
	       SCHED_TIERS, "struct sched has a tail for every tier");

int sched_blocks_ensure(struct sched *s, size_t want);
struct sched_block *sched_tier_detach(struct sched *s, unsigned i);
int sched_spread(struct sched *s);
void sched_radix_free(struct sched *s);

/* Mark the scheduler failed and report it: every grow error ends here. */
static inline int
sched_fail(struct sched *s)
{
	s->failed = true;
	return -1;
}

/* An empty block; sched_blocks_ensure must have made sure there is one.
 * Freed blocks first, so that memory already touched is used again. */
static inline struct sched_block *
sched_block_take(struct sched *s)
{
	struct sched_chunk *c;
	struct sched_block *b;

	if (s->bfree != NULL) {
		b = s->bfree;
		s->bfree = b->next;
		s->nbfree--;
	} else {
		for (c = s->chunks; c->carved == c->nblocks; c = c->next)
			;
		b = &c->b[c->carved++];
		s->nuncarved--;
	}
	b->next = NULL;
	b->n = b->h = 0;
	return b;
}

static inline void
sched_block_give(struct sched *s, struct sched_block *b)
{
	b->next = s->bfree;
	s->bfree = b;
	s->nbfree++;
}

/* The highest set bit of x != 0: one instruction where the compiler has
 * the builtin (configure), else a binary search. */
static inline unsigned
sched_msb(uint64_t x)
{
#ifdef HAVE_BUILTIN_CLZLL
	return 63u - (unsigned)__builtin_clzll((unsigned long long)x);
#else
	unsigned r = 0;

	if (x >> 32) { x >>= 32; r += 32; }
	if (x >> 16) { x >>= 16; r += 16; }
	if (x >> 8) { x >>= 8; r += 8; }
	if (x >> 4) { x >>= 4; r += 4; }
	if (x >> 2) { x >>= 2; r += 2; }
	return r + (unsigned)(x >> 1);
#endif
}

/* The lowest set bit of x != 0. */
static inline unsigned
sched_lsb(uint64_t x)
{
	return sched_msb(x & (~x + 1));
}

/* The tier of time `when` (>= base). */
static inline unsigned
sched_tier_of(sched_ms base, sched_ms when)
{
	uint64_t x = (uint64_t)when ^ (uint64_t)base;
	unsigned i = x == 0 ? 0 : sched_msb(x) + 1;

	return i < SCHED_TIERS ? i : SCHED_TIERS - 1;
}

/* Tier i's first block (NULL: empty), and the one after b. */
static inline struct sched_block *
sched_tier_head(const struct sched *s, unsigned i)
{
	return s->tier[i].tail != NULL ? s->tier[i].tail->next : NULL;
}

static inline struct sched_block *
sched_tier_next(const struct sched *s, unsigned i, const struct sched_block *b)
{
	return b == s->tier[i].tail ? NULL : b->next;
}

/* Every entry of the heap, tier by tier and each tier in order: tier j,
 * block b, the entry b->e[k]; bits is the walk's copy of s->tiers. */
#define SCHED_FOR_ENTRIES(s, bits, j, b, k)                                  \
	for ((bits) = (s)->tiers; (bits) != 0; (bits) &= (bits) - 1)          \
		for ((j) = sched_lsb(bits), (b) = sched_tier_head((s), (j));   \
		     (b) != NULL; (b) = sched_tier_next((s), (j), (b)))        \
			for ((k) = (b)->h; (k) < (b)->n; (k)++)

/* The earliest time pending, SCHED_NEVER none: the lowest tier's.  Each
 * tier keeps its earliest as entries come in (tier 0's is base), so this
 * is O(1) even when a big tier waits behind timers set again and again
 * at the current time. */
static inline sched_ms
sched_top(const struct sched *s)
{
	return s->tiers != 0 ? s->tier[sched_lsb(s->tiers)].min : SCHED_NEVER;
}

/* Append e to tier i; a block must be at hand (sched_blocks_ensure 1). */
static inline void
sched_tier_push(struct sched *s, unsigned i, const struct sched_entry *e)
{
	struct sched_tier *t = &s->tier[i];
	struct sched_block *b = t->tail;

	if (b == NULL || e->when < t->min)
		t->min = e->when;
	if (b == NULL || b->n == SCHED_BLOCK) {
		b = sched_block_take(s);
		if (t->tail != NULL) {
			b->next = t->tail->next;
			t->tail->next = b;
		} else
			b->next = b;
		t->tail = b;
	}
	b->e[b->n++] = *e;
	s->tiers |= (uint64_t)1 << i;
}

/* The earliest entry (s->nheap > 0), in tier 0's head block: spread a
 * tier out first if tier 0 is empty.  NULL if that fails (out of
 * memory: the scheduler is failed). */
static inline struct sched_entry *
sched_first(struct sched *s)
{
	struct sched_block *b = sched_tier_head(s, 0);

	if (b == NULL && (sched_spread(s) != 0 ||
	    (b = sched_tier_head(s, 0)) == NULL))
		return NULL;
	return &b->e[b->h];
}

/* Remove the earliest entry (sched_first found it): its block goes back
 * when used up. */
static inline void
sched_drop_first(struct sched *s)
{
	struct sched_tier *t = &s->tier[0];
	struct sched_block *b = t->tail->next;

	s->nheap--;
	if (++b->h < b->n)
		return;
	if (b != t->tail) {
		t->tail->next = b->next;
		sched_block_give(s, b);
		return;
	}
	t->tail = NULL;
	sched_block_give(s, b);
	s->tiers &= ~(uint64_t)1;
}

#endif
