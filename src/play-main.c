/* SPDX-License-Identifier: ISC */
/*
 * play-main.c - kitchen-tui --play: load the level, then play it on the
 * screen (play-tui.c) or, with --batch, play --moves and print the end
 * report as text or JSON.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "level-catalog.h"
#include "play-main.h"
#include "play-scores.h"
#include "report.h"

/* Names of a recipe and its step, as a person reads them. */
void
play_choice_words(const struct menu *m, int recipe, int step, char *buf,
		  size_t n)
{
	const struct recipe *r;
	char en[80], et[120];

	if (recipe < 0 || (size_t)recipe >= m->nrecipes) {
		snprintf(buf, n, "?");
		return;
	}
	r = m->recipes[recipe];
	esc_text(en, sizeof en, r->name, false);
	if (step >= 0 && (size_t)step < r->nsteps) {
		esc_text(et, sizeof et, r->steps[step].text, false);
		snprintf(buf, n, "%s (\"%s\")", en, et);
	} else
		snprintf(buf, n, "%s", en);
}

void
play_loss_words(const struct play *p, const struct play_report *rep,
		char *buf, size_t n)
{
	const struct play_loss *l = &rep->loss;
	char t[16], c[16], chose[240], better[240];

	if (!l->found) {
		snprintf(buf, n, rep->breaks ? "" :
		    "no decision lost time: every choice kept the best dinner "
		    "within reach");
		return;
	}
	report_mmss(t, sizeof t, l->at);
	report_mmss(c, sizeof c, l->cost);
	play_choice_words(p->menu, l->chose_recipe, l->chose_step, chose,
	    sizeof chose);
	play_choice_words(p->menu, l->better_recipe, l->better_step, better,
	    sizeof better);
	if (l->cost_ruin)
		snprintf(buf, n, "at %s (decision %zu) you gave the cook to %s; "
		    "%s was better: after that choice a dish could no longer "
		    "be saved", t, l->decision + 1, chose, better);
	else
		snprintf(buf, n, "at %s (decision %zu) you gave the cook to %s; "
		    "%s was better: it cost %s", t, l->decision + 1, chose,
		    better, c);
}

int
play_load(const struct kt_opts *o, const char *name, struct level **lv,
	  struct menu **m)
{
	struct level_dirs d;
	char *err = NULL;
	int rc;

	if (level_dirs_init(&d, o->data_dir) != 0) {
		fputs("kitchen-tui: out of memory\n", stderr);
		return 1;
	}
	rc = level_load(&d, o->data_dir, name, lv, m, &err);
	level_dirs_free(&d);
	if (rc != 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		return 2;
	}
	return 0;
}

/* "1,2,1": 1-based choices.  0, or 2 after a message. */
static int
parse_moves(const char *s, size_t **out, size_t *n)
{
	size_t cap = 0, *mv = NULL, *nm;
	const char *p = s;
	char *end;
	long v;

	*out = NULL;
	*n = 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		errno = 0;
		if (*p < '0' || *p > '9')
			goto bad;
		v = strtol(p, &end, 10);
		if (errno || v < 1 || v > 1000)
			goto bad;
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			if ((nm = realloc(mv, cap * sizeof *nm)) == NULL) {
				free(mv);
				fputs("kitchen-tui: out of memory\n", stderr);
				return 1;
			}
			mv = nm;
		}
		mv[(*n)++] = (size_t)(v - 1);
		if (*end == '\0')
			break;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
	*out = mv;
	return 0;
bad:
	free(mv);
	fprintf(stderr, "kitchen-tui: bad --moves: move %zu is not a choice "
	    "number (write them like 1,2,1 or say optimal)\n", *n + 1);
	return 2;
}

static void
json_moves(FILE *f, const size_t *mv, size_t n)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%zu", i ? ", " : "", mv[i] + 1);
	fputc(']', f);
}

static void
print_json(const struct play *p, const struct play_report *rep)
{
	char words[800];

	fputs("{\n  \"level\": ", stdout);
	report_json_string(stdout, p->lv->name);
	fputs(",\n  \"goal\": ", stdout);
	report_json_string(stdout, level_goal_name(p->lv->goal));
	printf(",\n  \"goal_met\": %s,\n  \"score\": %d,\n  \"stars\": %d,\n",
	    rep->goal_met ? "true" : "false", rep->score, rep->stars);
	printf("  \"student_total_seconds\": %.3f,\n",
	    rep->student_total / 1000.0);
	printf("  \"optimal_total_seconds\": %.3f,\n", rep->best.total / 1000.0);
	printf("  \"fifo_total_seconds\": %.3f,\n", rep->fifo_total / 1000.0);
	printf("  \"proved\": %s,\n", rep->best.proved ? "true" : "false");
	printf("  \"ruined\": %zu,\n", rep->student_bad);
	if (rep->breaks)
		printf("  \"preemptions\": %zu,\n  \"fewest_preemptions\": "
		    "%zu,\n", rep->forced, rep->best.forced);
	fputs("  \"moves\": ", stdout);
	json_moves(stdout, p->moves, p->nmoves);
	fputs(",\n  \"optimal_moves\": ", stdout);
	json_moves(stdout, rep->best.moves, rep->best.nmoves);
	fputs(",\n  \"first_loss\": ", stdout);
	if (rep->loss.found) {
		play_loss_words(p, rep, words, sizeof words);
		printf("{\"decision\": %zu, \"at_seconds\": %.3f, \"cost_seconds\": "
		    "%.3f, \"ruins\": %s, \"chose\": ", rep->loss.decision + 1,
		    rep->loss.at / 1000.0, rep->loss.cost / 1000.0,
		    rep->loss.cost_ruin ? "true" : "false");
		report_json_string(stdout, p->menu->recipes[rep->loss.chose_recipe]->name);
		fputs(", \"better\": ", stdout);
		report_json_string(stdout, p->menu->recipes[rep->loss.better_recipe]->name);
		fputs(", \"text\": ", stdout);
		report_json_string(stdout, words);
		fputc('}', stdout);
	} else
		fputs("null", stdout);
	fputs("\n}\n", stdout);
}

/* The cook lanes of a finished run, as report_text draws them. */
static void
print_chart(const struct run *r, const char *label)
{
	struct report_opts ro;
	char *buf = NULL, *line, *save;
	size_t len = 0;
	FILE *f;
	int n = 0;

	memset(&ro, 0, sizeof ro);
	ro.ascii = true;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return;
	report_text(f, r, &ro);
	fclose(f);
	printf("%s:\n", label);
	/* The chart is the block of lines with a '|' after the header. */
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strchr(line, '|') != NULL || (n > 0 && line[0] == ' ' &&
		    strchr(line, '+') != NULL)) {
			printf("  %s\n", line);
			n++;
		} else if (n > 0)
			break;
	}
	free(buf);
}

static void
print_text(const struct play *p, const struct play_report *rep)
{
	char a[16], b[16], c[16], words[800];
	struct run_opts o;
	const char *err;
	struct run *opt;
	size_t i;

	report_mmss(a, sizeof a, rep->student_total);
	report_mmss(b, sizeof b, rep->best.total);
	report_mmss(c, sizeof c, rep->fifo_total);
	printf("Level %s: %s (goal: %s)\n", p->lv->name, p->lv->title,
	    level_goal_name(p->lv->goal));
	printf("your dinner    %s%s\n", a, run_deadlock(p->run) != NULL ?
	    ", stuck in a deadlock" : rep->student_bad ? ", a dish ruined" : "");
	printf("%s %s%s%s\n", rep->breaks ? "fewest preempt" : "optimal       ",
	    b, p->lv->goal == GOAL_DEADLOCK && rep->best.found ?
	    ", stuck in a deadlock" : rep->best.bad ? ", a dish ruined" : "",
	    rep->best.proved ? " (proved)" : " (best found, not proved)");
	printf("FIFO loop      %s%s\n", c, rep->fifo_bad ? ", a dish ruined" : "");
	if (rep->breaks)
		printf("preemptions: yours %zu, fewest %zu\n", rep->forced,
		    rep->best.forced);
	printf("goal %s; score %d, %d star%s\n", rep->goal_met ? "met" : "not met",
	    rep->score, rep->stars, rep->stars == 1 ? "" : "s");
	play_loss_words(p, rep, words, sizeof words);
	if (words[0] != '\0') {
		fputs("first loss: ", stdout);
		report_wrap(stdout, words, 12, 12);
	}
	printf("moves:");
	for (i = 0; i < p->nmoves; i++)
		printf("%s%zu", i ? "," : " ", p->moves[i] + 1);
	printf("\n%s:", rep->breaks ? "shortest way to the goal" : "optimal moves");
	for (i = 0; i < rep->best.nmoves; i++)
		printf("%s%zu", i ? "," : " ", rep->best.moves[i] + 1);
	putchar('\n');
	print_chart(p->run, "your timeline");
	play_run_opts(p->lv, &o);
	if ((opt = run_new(p->menu, &o, &err)) != NULL) {
		int ok = 0;
		for (i = 0; i < rep->best.nmoves && ok == 0; i++)
			ok = run_to_decision(opt) == 1 ?
			    run_choose(opt, rep->best.moves[i]) : -1;
		if (ok == 0) {
			/* The rest by the plain model's choice. */
			while (run_to_decision(opt) == 1 && run_choose(opt, 0) == 0)
				;
			print_chart(opt, rep->breaks ? "the shortest way's timeline" :
			    "the optimal timeline");
		}
		run_free(opt);
	}
}

int
play_batch(const struct kt_opts *o, const struct level *lv,
	   const struct menu *m)
{
	struct play_report rep;
	struct play_found best;
	struct play p;
	const struct run_decision *d;
	const char *err;
	size_t *mv = NULL, n = 0, i;
	char t[16];
	int rc;

	if (o->moves == NULL) {
		fputs("kitchen-tui: --batch --play needs --moves=LIST (or "
		    "--moves=optimal); try 'kitchen-tui --help'\n", stderr);
		return 2;
	}
	if (strcmp(o->moves, "optimal") == 0) {
		if (play_best(lv, m, &best) != 0) {
			fputs("kitchen-tui: out of memory while searching\n", stderr);
			return 1;
		}
		if (!best.found) {
			fputs("kitchen-tui: no schedule reaches this level's goal\n",
			    stderr);
			play_found_free(&best);
			return 1;
		}
		mv = best.moves;
		n = best.nmoves;
		best.moves = NULL;
		play_found_free(&best);
	} else if ((rc = parse_moves(o->moves, &mv, &n)) != 0)
		return rc;
	if (play_new(&p, lv, m, &err) != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err);
		free(mv);
		return 2;
	}
	rc = 0;
	for (i = 0;; i++) {
		if (play_advance(&p) != 0) {
			fputs("kitchen-tui: out of memory while cooking\n", stderr);
			rc = 1;
			goto out;
		}
		if ((d = play_decision(&p)) == NULL)
			break;
		report_mmss(t, sizeof t, d->at);
		if (i == n) {
			fprintf(stderr, "kitchen-tui: --moves ran out: %zu move%s "
			    "given, and decision %zu at %s waits for one (1 to "
			    "%zu)\n", n, n == 1 ? "" : "s", i + 1, t, d->n);
			rc = 2;
			goto out;
		}
		if (mv[i] >= d->n) {
			fprintf(stderr, "kitchen-tui: --moves: move %zu is %zu, but "
			    "decision %zu at %s has %zu choices\n", i + 1,
			    mv[i] + 1, i + 1, t, d->n);
			rc = 2;
			goto out;
		}
		play_choose(&p, mv[i]);
	}
	if (i < n) {
		fprintf(stderr, "kitchen-tui: --moves: %zu moves given, but the "
		    "game ended after %zu decision%s\n", n, i, i == 1 ? "" : "s");
		rc = 2;
		goto out;
	}
	if (play_report(&p, &rep, &err) != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err);
		rc = 1;
		goto out;
	}
	if (o->format == FORMAT_JSON)
		print_json(&p, &rep);
	else
		print_text(&p, &rep);
	play_report_free(&rep);
	if (fflush(stdout) != 0) {
		perror("kitchen-tui: writing the report");
		rc = 1;
	}
out:
	play_free(&p);
	free(mv);
	return rc;
}

int
play_main(const struct kt_opts *o)
{
	struct level *lv = NULL;
	struct menu *m = NULL;
	char *first = NULL;
	int rc;

	if (o->format == FORMAT_CSV) {
		fputs("kitchen-tui: --play prints text or json, not csv; try "
		    "'kitchen-tui --help'\n", stderr);
		return 2;
	}
	if (o->level == NULL && o->mode == MODE_PLAY_BATCH) {
		fputs("kitchen-tui: --batch --play needs a LEVEL (--play=LEVEL); "
		    "--list shows them\n", stderr);
		return 2;
	}
	if (o->level == NULL && (first = play_scores_next_level(o)) == NULL) {
		fputs("kitchen-tui: no levels in the data directory\n", stderr);
		return 2;
	}
	if ((rc = play_load(o, o->level ? o->level : first, &lv, &m)) != 0) {
		free(first);
		return rc;
	}
	free(first);
	rc = o->mode == MODE_PLAY_BATCH ? play_batch(o, lv, m) :
	    play_tui(o, lv, m);
	level_free(lv);
	menu_free(m);
	return rc;
}
