/* SPDX-License-Identifier: ISC */
/*
 * outcome.h - what a run came to, in a few words, for the views that put
 * models side by side (--batch --compare, the compare screen): how many
 * dishes were served ok, how many ruined (or short) and why, or the
 * deadlock.  Reads only model.h's public results.
 */
#ifndef KT_OUTCOME_H
#define KT_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

struct outcome {
	size_t ok;              /* dishes served ok */
	size_t ruined;          /* served but ruined or short */
	size_t unserved;        /* never ready (a deadlock) */
	bool deadlock;
	sched_ms deadlock_at;
	int first_bad;          /* index of the first ruined dish, -1 none */
};

/* Count a finished (or not yet finished) run's dishes. */
void outcome_of(const struct run *r, struct outcome *o);

/* One line into buf (always NUL-terminated): "3 ok", "1 ruined: salmon
 * (the oven was ...)", "2 ruined: salmon (...), and 1 more",
 * "DEADLOCK at 0:00, 2 dishes never served: rice holds burner 1 and ...".
 * With why false, no reason.
 * The recipe name is escaped (ASCII only when ascii); the reason is the
 * dish's problem, escaped by the run already. */
void outcome_words(const struct run *r, bool why, bool ascii, char *buf,
		   size_t n);

#endif
