/* SPDX-License-Identifier: ISC */
/*
 * sched-radix.c - the timer heap's blocks and its spreading (see
 * sched-radix.h): what an event does not do every time.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "sched-radix.h"

/*
 * Make sure `want` blocks can be had without allocating (from the free
 * list, or not yet carved from a chunk): else a new chunk of what is
 * missing, at least as many as made so far, so that growth is geometric.
 */
int
sched_blocks_ensure(struct sched *s, size_t want)
{
	struct sched_chunk *c;
	size_t have = s->nbfree + s->nuncarved, n;

	if (have >= want)
		return 0;
	n = want - have;
	if (n < s->nblocks)
		n = s->nblocks;
	if (n < SCHED_MIN_BLOCKS)
		n = SCHED_MIN_BLOCKS;
	if (n > (SIZE_MAX / 2 - sizeof *c) / sizeof(struct sched_block))
		return sched_fail(s);
	if ((c = malloc(sizeof *c + n * sizeof(struct sched_block))) == NULL)
		return sched_fail(s);
	c->next = s->chunks;
	c->nblocks = n;
	c->carved = 0;
	s->chunks = c;
	s->nblocks += n;
	s->nuncarved += n;
	return 0;
}

/* Take tier i's blocks out, as a NULL-ended list; the tier is empty. */
struct sched_block *
sched_tier_detach(struct sched *s, unsigned i)
{
	struct sched_block *head = sched_tier_head(s, i);

	if (head != NULL)
		s->tier[i].tail->next = NULL;
	s->tier[i].tail = NULL;
	s->tiers &= ~((uint64_t)1 << i);
	return head;
}

/*
 * Tier 0 is empty and others are not: spread the lowest one out relative
 * to its earliest time, which becomes the base.  Its entries go to lower
 * tiers only (the far tier's may stay), in order, needing at most a
 * block per SCHED_BLOCK of them and a part-filled one per tier: made
 * sure of first, so that a failure changes nothing.  Counted from all
 * entries, an upper bound, rather than by walking the tier's blocks: the
 * walk was a cache miss per block, a fifth of a big restaurant's time.
 * While a block is read, the next one is loaded.  0 or -1.
 */
int
sched_spread(struct sched *s)
{
	unsigned i = sched_lsb(s->tiers);
	struct sched_block *b, *next;
	sched_ms base = s->tier[i].min;
	uint32_t x;

	if (sched_blocks_ensure(s, s->nheap / SCHED_BLOCK + i + 1) != 0)
		return -1;
	s->base = base;
	for (b = sched_tier_detach(s, i); b != NULL; b = next) {
		next = b->next;
		if (next != NULL)
			SCHED_PREFETCH(next);
		for (x = b->h; x < b->n; x++)
			sched_tier_push(s, sched_tier_of(base, b->e[x].when),
					&b->e[x]);
		sched_block_give(s, b);
	}
	return 0;
}

void
sched_radix_free(struct sched *s)
{
	struct sched_chunk *c, *next;

	for (c = s->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

size_t
sched_heap_capacity(const struct sched *s)
{
	return s->nblocks * SCHED_BLOCK;
}

size_t
sched_heap_bytes(const struct sched *s)
{
	return (s->nblocks - s->nuncarved) * sizeof(struct sched_block);
}
