/* SPDX-License-Identifier: ISC */
/*
 * jar.h - shared jars: a menu puts a jar on the counter ("jar dressing
 * 8tbsp") and a work step takes from it ("work 1m from dressing 2tbsp").
 *
 * Taking is a read-modify-write spread over the step: the cook reads the
 * jar's level when the step begins and, when it ends, spoons until the
 * level reads what was read minus the amount (the write).  Within one step
 * of work nobody else can touch the jar under the cooperative models (a
 * step has no await in it), but a preempted thread can find that another
 * thread read the same level meanwhile: both write the same level, one
 * update is lost and a dish is short.  With --locks a jar lock is held
 * for the step.  Under processes every kitchen has its own jar.
 *
 * This file's part is the data: resolving the names steps use.  The run's
 * part is in model-jar.c (declared in model-impl.h).
 */
#ifndef KT_JAR_H
#define KT_JAR_H

#include "recipe.h"

/* Point every taking step of m at its jar (step.jar_index).  0, or -1 with
 * a malloc'd "recipe-path:line:col: no jar ..." in *err (NULL: out of
 * memory) when a step names a jar the menu does not have. */
int jar_resolve(struct menu *m, char **err);

/* For a recipe cooked alone (a menu of one, no jar lines): put on the
 * counter every jar it takes from, holding just what it takes.  0, or -1
 * out of memory. */
int jar_supply(struct menu *m);

/* The jar index of a step, -1 when it takes from none. */
static inline int jar_of_step(const struct step *st)
{
	return st->jar != NULL ? st->jar_index : -1;
}

#endif
