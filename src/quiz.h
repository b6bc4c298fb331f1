/* SPDX-License-Identifier: ISC */
/*
 * quiz.h - predict, then reveal: multiple-choice questions about menus and
 * models, each answered by running the engine.
 *
 * A quiz is a pure function of its seed and the menus it is given: the
 * questions, the order of the choices and the answers come from a
 * splitmix64 stream seeded with the seed and from runs of the
 * deterministic engine, so the same seed and menus give the same quiz,
 * byte for byte, on any machine.  No answer is written down anywhere: each
 * is read off a finished run (a dish's ready time or its ruin, the total),
 * and `why` is the log line or figure that decides it.
 */
#ifndef KT_QUIZ_H
#define KT_QUIZ_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define QUIZ_CHOICES    4
#define QUIZ_MAX_COUNT  50

enum quiz_kind {
	QUIZ_FIRST_READY,       /* which dish is ready first? */
	QUIZ_LAST_READY,        /* which dish is ready last? */
	QUIZ_HOW_LONG,          /* how long does the dinner take? */
	QUIZ_WHICH_RUINS,       /* which of these models ruins a dish? */
	QUIZ_KIND_COUNT
};

struct quiz_question {
	enum quiz_kind kind;
	char *text;
	char *choice[QUIZ_CHOICES];
	int nchoices;
	int answer;             /* index into choice */
	char *why;              /* the log line or figure that decides it */
	size_t menu;            /* index into the menus quiz_make was given */
	struct run_opts opts;   /* the run that decides it, for the reveal */
};

struct quiz {
	uint64_t seed;
	struct quiz_question *q;
	size_t n;
};

/* K questions (1..QUIZ_MAX_COUNT) from the menus (in the order given:
 * pass them sorted by name).  0, or -1 with *err a static message (out
 * of memory, no menus, a run that failed). */
int quiz_make(const struct menu *const *menus, size_t nmenus, uint64_t seed,
	      size_t count, struct quiz *out, const char **err);
void quiz_free(struct quiz *qz);

/* "a", "b" ... for choice i. */
char quiz_letter(int i);

#endif
