/* SPDX-License-Identifier: ISC */
/*
 * model-explain.c - log lines that say why a race happened, in the words
 * of the model that let it happen.  The engine's rules live elsewhere;
 * this file only reads the run and writes to its log.
 *
 * Coroutines and callbacks race on the oven too, but only across a wait:
 * a recipe that awaits the preheat has given the loop away, and the next
 * recipe may turn the oven to another temperature meanwhile.  Saying so at
 * the moment it happens keeps the lesson apart from the threads' one
 * (preempted anywhere, even inside a step of work).
 */
#include "config.h"

#include "model-impl.h"

/* rr just turned kitchen rk's oven from old_f to new_f: every other recipe
 * waiting for the oven to heat to another temperature is told why. */
void
run_explain_oven_set(struct run *r, struct rkitchen *rk, struct rrun *rr,
		     int old_f, int new_f)
{
	const struct kitchen_waiter *w;
	const struct rrun *o;
	const struct step *st;
	const char *me = r->names[rr_recipe(r, rr)], *them;

	if (!run_logging(r) || old_f == new_f)
		return;
	for (w = kitchen_queue_head(&rk->k.oven.hot); w != NULL;
	     w = kitchen_queue_next(&rk->k.oven.hot, w)) {
		o = rr_of_task((struct sched_task *)&w->task);
		if (o == rr || rr_finished_steps(r, o))
			continue;
		st = rr_step(r, o);
		if (st->action != ACT_PREHEAT || st->temp_f == new_f)
			continue;
		them = r->names[rr_recipe(r, o)];
		switch (r->opts.model) {
		case MODEL_COROUTINES:
			trace_event(&r->trace, r->sched.now,
			    "%s: awaited the preheat to %dF, and meanwhile the "
			    "%s turned the oven to %dF (a coroutine lets others "
			    "run only at an await, and that is where the %s was)",
			    them, st->temp_f, me, new_f, them);
			break;
		case MODEL_CALLBACKS:
			trace_event(&r->trace, r->sched.now,
			    "%s: gave the loop back to wait for the preheat to "
			    "%dF, and meanwhile the %s turned the oven to %dF in "
			    "a callback (the loop runs other pieces only while "
			    "one waits)", them, st->temp_f, me, new_f);
			break;
		default:
			trace_event(&r->trace, r->sched.now,
			    "%s: its %s waits for the preheat to %dF, and "
			    "meanwhile the %s turned the oven to %dF",
			    them, r->ops->own_kitchens ? "process" : "thread",
			    st->temp_f, me, new_f);
			break;
		}
	}
}
