/* SPDX-License-Identifier: ISC */
/*
 * recipe.c - the data model: defaults, freeing, totals and names.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recipe.h"

void
kitchen_spec_default(struct kitchen_spec *k)
{
	memset(k, 0, sizeof *k);        /* padding too: specs compare by bytes */
	k->oven_sheets = 2;
	k->oven_heat_rate = 25;
	k->oven_cool_rate = 10;
	k->room_temp_f = 70;
	k->tolerance_f = 15;
	k->burners = 4;
	k->boil_time = 6 * 60 * 1000;
	k->microwaves = 1;
	k->cooks = 1;
	/* A minute: an oven door opened to baste, or a set point turned
	 * past and back, costs a real bake about that much; a bake at the
	 * wrong temperature for longer is no longer the recipe's. */
	k->oven_grace = 60 * 1000;
	for (int u = 0; u < UT_COUNT; u++)
		k->utensils[u] = 1;
}

void
recipe_free(struct recipe *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsteps; i++) {
		free(r->steps[i].text);
		free(r->steps[i].jar);
	}
	free(r->steps);
	free(r->name);
	free(r->title);
	free(r->path);
	free(r);
}

void
menu_free(struct menu *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nrecipes; i++)
		recipe_free(m->recipes[i]);
	free(m->recipes);
	for (i = 0; i < m->njars; i++)
		free(m->jars[i].name);
	free(m->jars);
	free(m->name);
	free(m->title);
	free(m->path);
	free(m);
}

sched_ms
recipe_work_total(const struct recipe *r)
{
	sched_ms t = 0;
	size_t i;

	for (i = 0; i < r->nsteps; i++)
		if (r->steps[i].action == ACT_WORK)
			t += r->steps[i].duration;
	return t;
}

/* Heating from room temperature at heat_rate F per minute, rounded up to
 * the millisecond: 70F to 350F at 25F/min is 11.2 minutes. */
static sched_ms
recipe_preheat_time(int temp_f, const struct kitchen_spec *k)
{
	sched_ms diff = temp_f - k->room_temp_f;

	if (diff <= 0 || k->oven_heat_rate <= 0)
		return 0;
	return (diff * 60000 + k->oven_heat_rate - 1) / k->oven_heat_rate;
}

sched_ms
recipe_alone_total(const struct recipe *r, const struct kitchen_spec *k)
{
	const struct step *s;
	sched_ms t = 0;
	size_t i;

	for (i = 0; i < r->nsteps; i++) {
		s = &r->steps[i];
		switch (s->action) {
		case ACT_PREHEAT:
			t += recipe_preheat_time(s->temp_f, k);
			break;
		case ACT_BOIL:
			t += s->duration > 0 ? s->duration : k->boil_time;
			break;
		case ACT_WORK:
		case ACT_WAIT:
		case ACT_USE:
		case ACT_SIMMER:
		case ACT_TAKE:
		case ACT_PUT:
		case ACT_COUNT:
			t += s->duration;
			break;
		}
	}
	return t;
}

const char *
step_action_name(enum step_action a)
{
	static const char *const names[ACT_COUNT] = {
		"work", "wait", "preheat", "use", "boil", "simmer", "take",
		"put"
	};

	if ((int)a < 0 || a >= ACT_COUNT)
		return "?";
	return names[a];
}

const char *
appliance_name(enum appliance a)
{
	static const char *const names[APP_COUNT] = {
		"oven", "stovetop", "microwave"
	};

	if ((int)a < 0 || a >= APP_COUNT)
		return "none";
	return names[a];
}

const char *
utensil_name(enum utensil u)
{
	static const char *const names[UT_COUNT] = { "knife", "board", "wok" };

	if ((int)u < 0 || u >= UT_COUNT)
		return "none";
	return names[u];
}

const char *
utensil_words(enum utensil u)
{
	static const char *const words[UT_COUNT] = {
		"the knife", "the cutting board", "the wok"
	};

	if ((int)u < 0 || u >= UT_COUNT)
		return "a utensil";
	return words[u];
}

int
recipe_max_pots(const struct recipe *r, size_t *step)
{
	int open = 0, most = 0;
	size_t i;

	if (step != NULL)
		*step = 0;
	for (i = 0; i < r->nsteps; i++) {
		if (r->steps[i].action == ACT_BOIL && ++open > most) {
			most = open;
			if (step != NULL)
				*step = i;
		} else if (r->steps[i].action == ACT_SIMMER) {
			/* A simmer with no pot of its own (the parser refuses
			 * it; hand-built menus may) takes a burner for itself. */
			if (open > 0)
				open--;
			else if (most == 0) {
				most = 1;
				if (step != NULL)
					*step = i;
			}
		}
	}
	return most;
}
