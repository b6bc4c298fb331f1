/* SPDX-License-Identifier: ISC */
/*
 * outcome.c - a run's outcome in words (see outcome.h).  O(dishes).
 *
 * Deadlock: the engine's own report (run_deadlock, model.h), which names
 * the cycle in words.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "outcome.h"

void
outcome_of(const struct run *r, struct outcome *o)
{
	const struct run_result *res = run_result(r);
	const struct run_deadlock *dl;
	size_t i;

	memset(o, 0, sizeof *o);
	o->first_bad = -1;
	for (i = 0; i < res->ndishes; i++) {
		if (res->dishes[i].ready_at < 0)
			o->unserved++;
		else if (!res->dishes[i].ok) {
			o->ruined++;
			if (o->first_bad < 0)
				o->first_bad = (int)i;
		} else
			o->ok++;
	}
	if ((dl = run_deadlock(r)) != NULL) {
		o->deadlock = true;
		o->deadlock_at = dl->at;
	}
}

void
outcome_words(const struct run *r, bool why, bool ascii, char *buf, size_t n)
{
	const struct run_result *res = run_result(r);
	const struct menu *m = run_menu(r);
	const struct run_dish *d;
	struct outcome o;
	char name[96];
	long s;

	outcome_of(r, &o);
	if (n == 0)
		return;
	if (o.deadlock) {
		s = (long)(o.deadlock_at / 1000);
		snprintf(buf, n, "DEADLOCK at %ld:%02ld, %zu dish%s never served%s%s",
		    s / 60, s % 60, o.unserved, o.unserved == 1 ? "" : "es",
		    why && run_deadlock(r)->text != NULL ? ": " : "",
		    why && run_deadlock(r)->text != NULL ?
		    run_deadlock(r)->text : "");
		return;
	}
	if (o.ruined == 0) {
		snprintf(buf, n, "%zu ok", o.ok);
		return;
	}
	d = &res->dishes[o.first_bad];
	esc_text(name, sizeof name, m->recipes[d->recipe]->name, ascii);
	if (!why)
		snprintf(buf, n, "%zu ruined (%s%s)", o.ruined, name,
		    o.ruined > 1 ? ", ..." : "");
	else if (o.ruined == 1)
		snprintf(buf, n, "1 ruined: %s, %s", name, d->problem);
	else
		snprintf(buf, n, "%zu ruined: %s, %s; and %zu more", o.ruined,
		    name, d->problem, o.ruined - 1);
}
