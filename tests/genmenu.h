/* SPDX-License-Identifier: ISC */
/*
 * genmenu.h - small menus from a fixed-seed generator, for the search
 * and decision tests.  The same seed gives the same menus everywhere.
 */
#ifndef KT_GENMENU_H
#define KT_GENMENU_H

#include <stddef.h>
#include <stdint.h>
#include "recipe.h"

struct genmenu {
	uint64_t state;         /* the generator's seed, moved on by each call */
	size_t max_recipes;     /* 1 .. this many recipes */
	size_t max_steps;       /* in all, over every recipe (>= recipes) */
	int max_seconds;        /* step durations 1 .. this many seconds */
};

uint32_t genmenu_next(struct genmenu *g, uint32_t n);
/* A new menu (free with menu_free); aborts the test on out of memory. */
struct menu *genmenu_make(struct genmenu *g);
/* Menus by hand: an empty one in the default kitchen, a recipe added to
 * it, a step added to that. */
struct menu *genmenu_empty(void);
struct recipe *genmenu_add_recipe(struct menu *m, const char *name);
void genmenu_add_step(struct recipe *r, enum step_action a, enum appliance app,
		      sched_ms d, int temp);
/* The total number of steps in a menu. */
size_t genmenu_steps(const struct menu *m);

#endif
