/* SPDX-License-Identifier: ISC */
/*
 * recipe.h - recipes, steps and menus: the data model.
 *
 * The parser (parse.h) builds these from files; the models read them and
 * never change them.  All strings are owned, NUL-terminated UTF-8 exactly
 * as in the file (they may hold control characters: escape with esc.h
 * before they reach a terminal).  Durations are virtual milliseconds,
 * temperatures whole degrees Fahrenheit.
 */
#ifndef KT_RECIPE_H
#define KT_RECIPE_H

#include <stdbool.h>
#include <stddef.h>
#include "sched.h"

enum step_action {
	ACT_WORK,       /* the cook is busy for `duration` */
	ACT_WAIT,       /* a passive wait for `duration`, nobody busy */
	ACT_PREHEAT,    /* set `appliance` to `temp_f`, wait until it is hot;
			   the cook is free while it heats */
	ACT_USE,        /* the appliance cooks for `duration`, at `temp_f` if
			   non-zero (bake at 350F, microwave); cook is free */
	ACT_BOIL,       /* put a pot on a burner and wait for the boil;
			   duration 0 means the kitchen's boil time */
	ACT_SIMMER,     /* the pot simmers on its burner for `duration`; the
			   burner is freed at the end */
	ACT_TAKE,       /* take `utensil` (waits while all are held); the
			   recipe holds it until the matching put */
	ACT_PUT,        /* put `utensil` back: the first waiter gets it */
	ACT_COUNT
};

enum appliance {
	APP_NONE = -1,
	APP_OVEN = 0,
	APP_STOVETOP,
	APP_MICROWAVE,
	APP_COUNT
};

/* Utensils: held from a take step to its put step, like a lock.  The
 * kitchen has as many of each as its menu says (one by default). */
enum utensil {
	UT_NONE = -1,
	UT_KNIFE = 0,
	UT_BOARD,               /* a cutting board */
	UT_WOK,
	UT_COUNT
};

struct step {
	char *text;             /* what a person reads */
	enum step_action action;
	enum appliance app;     /* APP_NONE for work and wait */
	sched_ms duration;      /* 0 for preheat; boil: 0 = kitchen default */
	int temp_f;             /* 0 when the step has no temperature */
	int line;               /* line in the file, for messages */
	int utensil;            /* take and put: enum utensil, else UT_NONE */
	/* A work step may take from a shared jar ("from dressing 2tbsp"):
	 * a read-modify-write of the jar's level (see jar.h). */
	char *jar;              /* the jar's name as written, NULL none */
	int jar_col;            /* where the name is, for messages */
	int jar_index;          /* index in menu->jars once resolved, -1 */
	int take_tbsp;          /* how much it takes */
};

/* A shared jar a menu puts on the counter ("jar dressing 8tbsp"). */
struct jar_spec {
	char *name;
	int tbsp;               /* how much it holds at the start */
	int line;               /* in the menu file */
};

struct recipe {
	char *name;             /* short name: "salmon" */
	char *title;            /* "Salmon filets with orange-ginger dressing" */
	char *path;             /* the file it came from */
	struct step *steps;
	size_t nsteps;
};

/* The kitchen a menu asks for.  parse.c fills in the defaults below for
 * whatever the menu does not set. */
struct kitchen_spec {
	int oven_sheets;        /* items the oven holds at once (2) */
	int oven_heat_rate;     /* F per minute while heating (25) */
	int oven_cool_rate;     /* F per minute while cooling (10) */
	int room_temp_f;        /* 70 */
	int tolerance_f;        /* baking further off than this ruins (15) */
	sched_ms oven_grace;    /* ... for longer than this in total (1 min) */
	int burners;            /* stovetop burners (4) */
	sched_ms boil_time;     /* a pot from cold to a boil (6 min) */
	int microwaves;         /* 1: one item at a time */
	int cooks;              /* 1 */
	int utensils[UT_COUNT]; /* knives, boards, woks (1 each) */
};

/* Cooks a kitchen may have: what a menu's "cooks" line, --cooks and the
 * [ ] keys all accept (one range, so each reaches what the others say). */
#define KITCHEN_MAX_COOKS       16
#define KITCHEN_COOKS_RANGE     "1 to 16"

struct menu {
	char *name;             /* "salmon-dinner" */
	char *title;
	char *path;
	struct recipe **recipes;        /* owned by the menu */
	size_t nrecipes;
	struct kitchen_spec kitchen;
	struct jar_spec *jars;          /* shared jars, owned; the menu's own
					   lines (an include's are ignored) */
	size_t njars;
};

void kitchen_spec_default(struct kitchen_spec *k);

void recipe_free(struct recipe *r);
void menu_free(struct menu *m);

/* Totals a recipe needs alone in an idle kitchen: cook work, and the time
 * from its first to its last step (preheat from room temperature). */
sched_ms recipe_work_total(const struct recipe *r);
sched_ms recipe_alone_total(const struct recipe *r, const struct kitchen_spec *k);

const char *step_action_name(enum step_action a);
const char *appliance_name(enum appliance a);
/* "knife", "board", "wok" (the file's words); utensil_words: "the knife",
 * "the cutting board", "the wok". */
const char *utensil_name(enum utensil u);
const char *utensil_words(enum utensil u);
/* The most burners the recipe holds at once (a pot holds its burner from
 * its boil to the end of its simmer; simmers take the pots in the order
 * they were boiled), and the step that first needs that many. */
int recipe_max_pots(const struct recipe *r, size_t *step);

#endif
