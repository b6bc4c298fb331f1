/* SPDX-License-Identifier: ISC */
/*
 * search-impl.h - what search-solve.c and search-explore.c share: a stack
 * of runs (one per depth, so that branching is a run_copy into memory that
 * is already there), the branching itself and a table of seen states.
 */
#ifndef KT_SEARCH_IMPL_H
#define KT_SEARCH_IMPL_H

#include "search.h"

/* One run per depth, made on first use with the search's options. */
struct search_stack {
	const struct menu *menu;
	struct run_opts opts;
	struct run **runs;
	size_t n, cap;
};
void search_stack_init(struct search_stack *s, const struct menu *m,
		       const struct run_opts *opts);
/* The run at depth d, made if needed; NULL out of memory. */
struct run *search_stack_at(struct search_stack *s, size_t d,
			    const char **err);
void search_stack_free(struct search_stack *s);
/* Branch: choice i of r's decision taken in the run at depth d + 1 (a
 * copy of r, run on to its next decision) and pushed on path as a step.
 * The child, or NULL out of memory. */
struct run *search_branch(struct search_stack *s, size_t d, struct run *r,
			  size_t i, struct search_path *path, const char **err);

/*
 * Seen states: open addressing on the 64-bit state hash, linear probing,
 * grown at half full.  Each slot is the hash (0 = empty; a hash of 0 is
 * stored as 1) and one byte of value (explore: preemptions used).
 * 9 bytes a slot, about 18 to 36 a stored state.  A hash collision would
 * merge two different states; at 64 bits and a few million states the
 * odds are below one in a million million.
 */
struct search_seen {
	uint64_t *keys;
	uint8_t *vals;
	size_t cap, n;
};
/* Look key up: true and *val if present.  Else insert it with val:
 * false.  *val may be updated in place with search_seen_set. -1 on out of
 * memory is reported through *oom. */
bool search_seen_get(struct search_seen *t, uint64_t key, uint8_t *val,
		     bool *oom);
void search_seen_set(struct search_seen *t, uint64_t key, uint8_t val);
size_t search_seen_bytes(const struct search_seen *t);
void search_seen_free(struct search_seen *t);


#endif
