/* SPDX-License-Identifier: ISC */
/*
 * quiz-main.c - kitchen-tui --quiz: the questions from quiz.c, on the
 * screen (quiz-tui.c) or, with --batch, printed as a handout: the
 * questions alone, or with --answers the key too, as text or JSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "parse.h"
#include "quiz-main.h"
#include "report.h"

void
quiz_menus_free(struct menu **menus, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		menu_free(menus[i]);
	free(menus);
}

int
quiz_load(const struct kt_opts *o, struct menu ***menusp, size_t *np,
	  struct quiz *qz)
{
	/* The shipped menus only: the same quiz on any machine, whatever
	 * menus of their own a user has. */
	const char *dir = catalog_shipped_dir(), *qerr;
	struct menu **menus;
	char **names, *err, *path;
	size_t n, i;

	*menusp = NULL;
	*np = 0;
	if (catalog_dir_names(dir, ".menu", &names, &n, &err) != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err ? err : "out of memory");
		free(err);
		return 2;
	}
	if ((menus = calloc(n ? n : 1, sizeof *menus)) == NULL) {
		catalog_names_free(names, n);
		fputs("kitchen-tui: out of memory\n", stderr);
		return 1;
	}
	for (i = 0; i < n; i++) {
		path = parse_format("%s/%s.menu", dir, names[i]);
		if (path == NULL || catalog_load_file(path, &menus[i], &err) != 0) {
			fprintf(stderr, "%s\n", path && err ? err :
			    "kitchen-tui: out of memory");
			free(err);
			free(path);
			catalog_names_free(names, n);
			quiz_menus_free(menus, i);
			return 2;
		}
		free(path);
	}
	catalog_names_free(names, n);
	if (quiz_make((const struct menu *const *)menus, n, o->run.seed,
	    o->quiz_count > 0 ? (size_t)o->quiz_count : QUIZ_DEFAULT_COUNT, qz,
	    &qerr) != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", qerr);
		quiz_menus_free(menus, n);
		return 2;
	}
	*menusp = menus;
	*np = n;
	return 0;
}

static void
print_text(const struct quiz *qz, bool answers)
{
	char head[64];
	size_t i;
	int c;

	printf("Quiz, seed %llu: %zu question%s about the shipped menus\n",
	    (unsigned long long)qz->seed, qz->n, qz->n == 1 ? "" : "s");
	for (i = 0; i < qz->n; i++) {
		const struct quiz_question *q = &qz->q[i];
		putchar('\n');
		snprintf(head, sizeof head, "%zu. ", i + 1);
		fputs(head, stdout);
		report_wrap(stdout, q->text, (int)strlen(head), (int)strlen(head));
		for (c = 0; c < q->nchoices; c++)
			printf("   %c) %s\n", quiz_letter(c), q->choice[c]);
	}
	if (!answers)
		return;
	printf("\nAnswers (each from a run of the engine; the line that decides it):\n");
	for (i = 0; i < qz->n; i++) {
		const struct quiz_question *q = &qz->q[i];
		printf("%2zu. %c) %s\n      %s\n", i + 1, quiz_letter(q->answer),
		    q->choice[q->answer], q->why);
	}
}

static void
print_json(const struct quiz *qz, bool answers)
{
	size_t i;
	int c;

	printf("{\n  \"seed\": %llu,\n  \"questions\": [",
	    (unsigned long long)qz->seed);
	for (i = 0; i < qz->n; i++) {
		const struct quiz_question *q = &qz->q[i];
		printf("%s\n    {\"question\": ", i ? "," : "");
		report_json_string(stdout, q->text);
		fputs(", \"choices\": [", stdout);
		for (c = 0; c < q->nchoices; c++) {
			fputs(c ? ", " : "", stdout);
			report_json_string(stdout, q->choice[c]);
		}
		fputc(']', stdout);
		if (answers) {
			fputs(", \"answer\": ", stdout);
			report_json_string(stdout, q->choice[q->answer]);
			fputs(", \"why\": ", stdout);
			report_json_string(stdout, q->why);
		}
		fputc('}', stdout);
	}
	printf("%s]\n}\n", qz->n ? "\n  " : "");
}

int
quiz_main(const struct kt_opts *o)
{
	struct menu **menus;
	struct quiz qz;
	size_t n;
	int rc;

	if (o->format == FORMAT_CSV) {
		fputs("kitchen-tui: --quiz prints text or json, not csv; try "
		    "'kitchen-tui --help'\n", stderr);
		return 2;
	}
	if ((rc = quiz_load(o, &menus, &n, &qz)) != 0)
		return rc;
	if (o->mode == MODE_QUIZ_BATCH) {
		if (o->format == FORMAT_JSON)
			print_json(&qz, o->answers);
		else
			print_text(&qz, o->answers);
		rc = fflush(stdout) == 0 ? 0 : 1;
		if (rc != 0)
			perror("kitchen-tui: writing the quiz");
	} else
		rc = quiz_tui(o, &qz, (const struct menu *const *)menus, n);
	quiz_free(&qz);
	quiz_menus_free(menus, n);
	return rc;
}
