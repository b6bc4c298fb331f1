/* SPDX-License-Identifier: ISC */
/*
 * fuzz-parse.c - libFuzzer target for the recipe and menu reader.
 *
 * Build and run: ./configure --enable-fuzzing CC=clang && make fuzz
 * (FUZZ_SECONDS=600 by default; new inputs go to fuzz-out/, the seed
 * corpus is tests/fuzz-corpus/).  The parser must return an error for
 * anything it does not like: never crash, leak, hang or exit.  Whatever
 * it accepts is then used the way the program uses it, and whatever it
 * says must be safe for a terminal.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "parse.h"
#include "recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A message may hold printable text and newlines only. */
static void
fuzz_check_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			abort();
}

static void
fuzz_use_text(const char *s)
{
	char small[7];
	char *e = esc_dup(s, false), *a = esc_dup(s, true);

	if (e == NULL || a == NULL)
		abort();
	fuzz_check_safe(e);
	fuzz_check_safe(a);
	/* Truncated output is still safe and still a prefix. */
	esc_text(small, sizeof small, s, false);
	fuzz_check_safe(small);
	if (strncmp(small, e, strlen(small)) != 0)
		abort();
	free(e);
	free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result pr;
	struct kitchen_spec k;
	char *err = NULL, *word;
	sched_ms ms;
	size_t i, n;
	int f;

	if (parse_buffer("fuzz", (const char *)data, size, &pr, &err) != 0) {
		/* Out of memory is the only failure without a message. */
		if (err == NULL)
			abort();
		if (strncmp(err, "fuzz:", 5) != 0)
			abort();
		fuzz_check_safe(err);
		free(err);
	} else {
		if ((pr.recipe == NULL) == (pr.menu == NULL))
			abort();
		if (pr.recipe != NULL) {
			kitchen_spec_default(&k);
			if (recipe_work_total(pr.recipe) < 0 ||
			    recipe_alone_total(pr.recipe, &k) <
			    recipe_work_total(pr.recipe))
				abort();
			fuzz_use_text(pr.recipe->title);
			for (i = 0; i < pr.recipe->nsteps; i++)
				fuzz_use_text(pr.recipe->steps[i].text);
		} else {
			fuzz_use_text(pr.menu->title);
			for (i = 0; i < pr.nrefs; i++)
				fuzz_use_text(pr.refs[i].target);
		}
		parse_result_free(&pr);
	}

	/* The value readers on their own, on the first word of the input. */
	for (n = 0; n < size && n < 64 && data[n] != '\n' && data[n] != ' '; n++)
		;
	if ((word = malloc(n + 1)) == NULL)
		return 0;
	memcpy(word, data, n);
	word[n] = '\0';
	if (parse_duration(word, &ms, &err) == 0) {
		if (ms <= 0 || ms > PARSE_MAX_DURATION)
			abort();
	} else
		free(err);
	if (parse_temperature(word, &f, &err) == 0) {
		if (f < PARSE_MIN_TEMP_F || f > PARSE_MAX_TEMP_F)
			abort();
	} else
		free(err);
	free(word);
	return 0;
}
