/* SPDX-License-Identifier: ISC */
/*
 * genmenu.c - the menu generator of genmenu.h.  Recipes mix work, waits,
 * the oven (preheat at one of four temperatures, then a bake that may
 * disagree with it), the microwave and the stovetop, in a kitchen with one
 * or two oven sheets and one to three burners, so that searches meet
 * races, full appliances and idle cooks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genmenu.h"

uint32_t
genmenu_next(struct genmenu *g, uint32_t n)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % n);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		abort();
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

void
genmenu_add_step(struct recipe *r, enum step_action a, enum appliance app,
	 sched_ms d, int temp)
{
	struct step *s;

	r->steps = realloc(r->steps, (r->nsteps + 1) * sizeof *r->steps);
	if (r->steps == NULL)
		abort();
	s = &r->steps[r->nsteps++];
	memset(s, 0, sizeof *s);
	s->text = xstrdup("a generated step");
	s->action = a;
	s->app = app;
	s->duration = d;
	s->temp_f = temp;
}

struct menu *
genmenu_make(struct genmenu *g)
{
	static const int temps[] = { 300, 350, 375, 425 };
	struct menu *m = xcalloc(1, sizeof *m);
	size_t i, left, want;

	m->name = xstrdup("generated");
	m->title = xstrdup("A generated menu");
	m->path = xstrdup("generated.menu");
	kitchen_spec_default(&m->kitchen);
	m->kitchen.oven_sheets = 1 + (int)genmenu_next(g, 2);
	m->kitchen.burners = 1 + (int)genmenu_next(g, 3);
	m->nrecipes = 1 + genmenu_next(g, (uint32_t)g->max_recipes);
	if (m->nrecipes > g->max_steps)
		m->nrecipes = g->max_steps;
	m->recipes = xcalloc(m->nrecipes, sizeof *m->recipes);
	left = g->max_steps;
	for (i = 0; i < m->nrecipes; i++) {
		struct recipe *r = xcalloc(1, sizeof *r);
		char name[32];
		/* Leave at least one step for each recipe still to come. */
		size_t room = left - (m->nrecipes - 1 - i);

		snprintf(name, sizeof name, "r%zu", i);
		r->name = xstrdup(name);
		r->title = xstrdup(name);
		r->path = xstrdup("generated.recipe");
		m->recipes[i] = r;
		want = 1 + genmenu_next(g, (uint32_t)(room < 4 ? room : 4));
		while (r->nsteps < want) {
			sched_ms d = (sched_ms)(1 + genmenu_next(g,
			    (uint32_t)g->max_seconds)) * 1000;
			int t = temps[genmenu_next(g, 4)];

			switch (genmenu_next(g, 8)) {
			case 0: case 1: case 2:
				genmenu_add_step(r, ACT_WORK, APP_NONE, d, 0);
				break;
			case 3:
				genmenu_add_step(r, ACT_WAIT, APP_NONE, d, 0);
				break;
			case 4:
				genmenu_add_step(r, ACT_PREHEAT, APP_OVEN, 0, t);
				break;
			case 5:
				genmenu_add_step(r, ACT_USE, APP_MICROWAVE, d, 0);
				break;
			case 6:
				genmenu_add_step(r, ACT_BOIL, APP_STOVETOP, d, 0);
				break;
			default:
				genmenu_add_step(r, ACT_USE, APP_OVEN, d, t);
				break;
			}
		}
		left -= r->nsteps;
	}
	return m;
}

size_t
genmenu_steps(const struct menu *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nrecipes; i++)
		n += m->recipes[i]->nsteps;
	return n;
}

struct menu *
genmenu_empty(void)
{
	struct menu *m = xcalloc(1, sizeof *m);

	m->name = xstrdup("toy");
	m->title = xstrdup("A menu made by hand");
	m->path = xstrdup("toy.menu");
	kitchen_spec_default(&m->kitchen);
	return m;
}

struct recipe *
genmenu_add_recipe(struct menu *m, const char *name)
{
	struct recipe *r = xcalloc(1, sizeof *r);

	r->name = xstrdup(name);
	r->title = xstrdup(name);
	r->path = xstrdup("toy.recipe");
	m->recipes = realloc(m->recipes, (m->nrecipes + 1) * sizeof *m->recipes);
	if (m->recipes == NULL)
		abort();
	m->recipes[m->nrecipes++] = r;
	return r;
}
