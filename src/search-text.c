/* SPDX-License-Identifier: ISC */
/*
 * search-text.c - what --solve and --explore print: text that reads as a
 * finding, and JSON whose schedules --schedule replays.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "report.h"
#include "search-cli.h"

#define CHART_WIDTH 60

static void
rname(char *buf, size_t n, const struct menu *m, int recipe)
{
	esc_text(buf, n, m->recipes[recipe]->name, true);
}

/* 1,306 */
static void
grouped(char *buf, size_t n, uint64_t v)
{
	char raw[32];
	size_t len, i, o = 0;

	snprintf(raw, sizeof raw, "%" PRIu64, v);
	len = strlen(raw);
	for (i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
settings_words(char *buf, size_t n, const struct run_opts *ro,
	       const struct menu *m)
{
	int cooks = run_cooks_for(m, ro);

	if (ro->model == MODEL_THREADS || ro->model == MODEL_PROCESSES)
		snprintf(buf, n, "%s (%s%d %s, %s)", model_name(ro->model),
			 ro->model == MODEL_THREADS ?
			 (ro->gil ? "the GIL, " : "no GIL, ") : "", cooks,
			 plural((uint64_t)cooks, "cook", "cooks"),
			 ro->locks ? "locks" : "no locks");
	else
		snprintf(buf, n, "%s (%d %s, %s)", model_name(ro->model), cooks,
			 plural((uint64_t)cooks, "cook", "cooks"),
			 ro->locks ? "locks" : "no locks");
}

/* ---- the two timelines ------------------------------------------------------------ */

/* One row per recipe: '#' the cook works on it, '=' an appliance or a
 * wait has it, ' ' nothing (it waits for the cook, or is done). */
static void
chart(FILE *f, const char *title, const struct run *r, sched_ms span)
{
	const struct menu *m = run_menu(r);
	const struct trace *tr = run_trace(r);
	char row[CHART_WIDTH + 1], name[64];
	size_t ri, i;
	int c, c0, c1;

	fprintf(f, "%s\n", title);
	for (ri = 0; ri < m->nrecipes; ri++) {
		memset(row, ' ', CHART_WIDTH);
		row[CHART_WIDTH] = '\0';
		for (i = 0; i < tr->nspans; i++) {
			const struct trace_span *sp = &tr->spans[i];
			char ch;

			if (sp->recipe != (int)ri || sp->end == TRACE_OPEN ||
			    sp->kind == TRACE_GIL || sp->kind == TRACE_BLOCKED)
				continue;
			ch = sp->kind == TRACE_WORK ? '#' :
			    sp->kind == TRACE_SWITCH || sp->kind == TRACE_START ?
			    '+' : '=';
			c0 = (int)(sp->start * CHART_WIDTH / span);
			c1 = (int)((sp->end * CHART_WIDTH + span - 1) / span);
			if (c1 <= c0)
				c1 = c0 + 1;
			for (c = c0; c < c1 && c < CHART_WIDTH; c++)
				if (row[c] != '#' || ch == '#')
					row[c] = ch;
		}
		rname(name, sizeof name, m, (int)ri);
		fprintf(f, "  %-12.12s |%s|\n", name, row);
	}
}

static void
axis(FILE *f, sched_ms span)
{
	char line[CHART_WIDTH + 16], t[16];
	int c, k;

	memset(line, ' ', sizeof line);
	line[sizeof line - 1] = '\0';
	for (k = 0; k <= 4; k++) {
		c = k * CHART_WIDTH / 4;
		report_mmss(t, sizeof t, span * k / 4);
		if (k == 4)
			c -= (int)strlen(t) - 1;
		memcpy(line + c, t, strlen(t));
	}
	for (c = (int)sizeof line - 2; c >= 0 && line[c] == ' '; c--)
		line[c] = '\0';
	fprintf(f, "  %-12s  %s\n", "", line);
}

/* ---- --solve ----------------------------------------------------------------------- */

static void
step_words(char *buf, size_t n, const struct menu *m, const struct search_step *s)
{
	char name[64], text[120];

	rname(name, sizeof name, m, s->recipe);
	esc_text(text, sizeof text, m->recipes[s->recipe]->steps[s->step].text,
		 true);
	snprintf(buf, n, "cook %d to the %s, step %d: %s", s->cook + 1, name,
		 s->step + 1, text);
}

/* Where the FIFO loop lost time: the first decision where it and the
 * optimum part, then what came of it, dish by dish. */
static void
lost_time(FILE *f, const struct solve_report *sr)
{
	const struct menu *m = sr->menu;
	const struct search_path *b = &sr->res->best, *q = &sr->fifo;
	const struct run_result *br = run_result(sr->best_run),
	    *fr = run_result(sr->fifo_run);
	char t[32], t2[32], a[64], c[64], words[600];
	size_t i, k;

	for (k = 0; k < b->n && k < q->n; k++)
		if (b->v[k].recipe != q->v[k].recipe ||
		    b->v[k].cook != q->v[k].cook)
			break;
	fputs("\nWhere the FIFO loop lost time:\n", f);
	if (k < b->n && k < q->n) {
		search_time(t, sizeof t, b->v[k].at);
		rname(a, sizeof a, m, q->v[k].recipe);
		rname(c, sizeof c, m, b->v[k].recipe);
		snprintf(words, sizeof words,
			 "At %s (decision %zu) the cook is free and more than one "
			 "recipe wants it. The FIFO loop gives it to the %s, first in "
			 "line; the shortest dinner gives it to the %s instead.",
			 t, k + 1, a, c);
		fputs("  ", f);
		report_wrap(f, words, 2, 2);
	}
	for (i = 0; i < br->ndishes; i++) {
		if (br->dishes[i].ready_at == fr->dishes[i].ready_at &&
		    br->dishes[i].ok == fr->dishes[i].ok)
			continue;
		search_time(t, sizeof t, fr->dishes[i].ready_at);
		search_time(t2, sizeof t2, br->dishes[i].ready_at);
		rname(a, sizeof a, m, (int)i);
		if (fr->dishes[i].ready_at < 0)
			snprintf(words, sizeof words, "The %s is never served under "
				 "FIFO (%s); it is ready at %s in the shortest dinner.",
				 a, fr->dishes[i].problem, t2);
		else
			snprintf(words, sizeof words, "The %s is ready at %s%s under "
				 "FIFO, at %s%s in the shortest dinner.", a, t,
				 fr->dishes[i].ok ? "" : " and ruined", t2,
				 br->dishes[i].ok ? "" : " and ruined");
		fputs("  ", f);
		report_wrap(f, words, 2, 2);
	}
	if (run_deadlock(sr->fifo_run) == NULL && fr->total > br->total) {
		search_time(t, sizeof t, fr->total - br->total);
		snprintf(words, sizeof words, "All told the FIFO loop's dinner is "
			 "ready %s later.", t);
		fputs("  ", f);
		report_wrap(f, words, 2, 2);
	}
	if (run_deadlock(sr->fifo_run) != NULL)
		return;
	search_time(t, sizeof t, fr->cook_idle);
	search_time(t2, sizeof t2, br->cook_idle);
	snprintf(words, sizeof words, "The cook stands idle for %s under FIFO and %s "
		 "in the shortest dinner.", t, t2);
	fputs("  ", f);
	report_wrap(f, words, 2, 2);
}

/* What the FIFO loop's dinner comes to, after "The FIFO event loop". */
static void
fifo_words(char *buf, size_t n, const struct solve_report *sr)
{
	const struct run_deadlock *dl = run_deadlock(sr->fifo_run);
	const struct run_result *fr = run_result(sr->fifo_run);
	size_t ruined = run_ruined(sr->fifo_run);
	char t[32];

	if (dl != NULL) {
		search_time(t, sizeof t, dl->at);
		snprintf(buf, n, "deadlocks at %s (%s): the dinner is never served",
			 t, dl->text ? dl->text : "a cycle of waits");
		return;
	}
	search_time(t, sizeof t, fr->total);
	if (ruined > 0)
		snprintf(buf, n, "takes %s and ruins %zu %s", t, ruined,
			 plural(ruined, "dish", "dishes"));
	else
		snprintf(buf, n, "takes %s", t);
}

int
solve_print_text(FILE *f, const struct solve_report *sr)
{
	const struct solve_result *res = sr->res;
	const struct run_result *fr = run_result(sr->fifo_run);
	char menu[80], set[120], t[32], n1[32], words[1200], fifo[600];
	size_t fruined = run_ruined(sr->fifo_run);
	sched_ms span;
	size_t i;

	esc_text(menu, sizeof menu, sr->menu_name, true);
	settings_words(set, sizeof set, &sr->ro, sr->menu);
	fifo_words(fifo, sizeof fifo, sr);
	grouped(n1, sizeof n1, res->nodes);
	if (!res->found) {
		fprintf(f, "%s under %s: no schedule found before the search "
			"stopped (%s nodes, %.3f s).\n", menu, set, n1, sr->seconds);
		return ferror(f) ? -1 : 0;
	}
	search_time(t, sizeof t, res->best_total);
	if (res->proved)
		snprintf(words, sizeof words, "%s under %s: the shortest dinner takes "
			 "%s, proved optimal (%s nodes searched in %.3f s). The FIFO "
			 "event loop %s.", menu, set, t, n1, sr->seconds, fifo);
	else {
		char lb[32];

		search_time(lb, sizeof lb, res->lower_bound);
		snprintf(words, sizeof words, "%s under %s: %s. The best schedule "
			 "found takes %s; no schedule can take less than %s. It is "
			 "NOT proved optimal (%s nodes in %.3f s). The FIFO event loop "
			 "%s.", menu, set, sr->interrupted ?
			 "interrupted, the search is incomplete" :
			 "the search hit --solve-limit before it could prove anything",
			 t, lb, n1, sr->seconds, fifo);
	}
	report_wrap(f, words, 0, 0);
	if (res->best_ruined > 0) {
		snprintf(words, sizeof words, "No schedule serves every dish ok: the "
			 "one above ruins %zu %s, the fewest possible%s.",
			 res->best_ruined, plural(res->best_ruined, "dish", "dishes"),
			 res->proved ? "" : " among those searched");
		report_wrap(f, words, 0, 0);
		for (i = 0; i < run_result(sr->best_run)->ndishes; i++) {
			const struct run_dish *d = &run_result(sr->best_run)->dishes[i];
			char nm[64];

			if (d->ok)
				continue;
			rname(nm, sizeof nm, sr->menu, d->recipe);
			fprintf(f, "  the %s: %s\n", nm, d->problem);
		}
	}
	span = res->best_total > fr->total ? res->best_total : fr->total;
	if (span <= 0)
		span = 1;
	fputc('\n', f);
	axis(f, span);
	chart(f, res->proved ? "shortest" : "best found", sr->best_run, span);
	chart(f, "FIFO", sr->fifo_run, span);
	fputs("  # the cook works on it   = an appliance or a wait has it   "
	      "+ switching\n", f);
	if (fruined > res->best_ruined ||
	    (fruined == res->best_ruined && fr->total > res->best_total))
		lost_time(f, sr);
	else
		fputs("\nThe FIFO loop's dinner is already the shortest.\n", f);
	fprintf(f, "\nThe %s schedule, decision by decision:\n",
		res->proved ? "shortest" : "best");
	for (i = 0; i < res->best.n; i++) {
		search_time(t, sizeof t, res->best.v[i].at);
		step_words(words, sizeof words, sr->menu, &res->best.v[i]);
		fprintf(f, "  %8s  %s\n", t, words);
	}
	if (res->best.n == 0)
		fputs("  (none: no two recipes ever want the cook at once)\n", f);
	fputs("Replay it with --format=json > FILE, then --schedule=FILE.\n", f);
	return ferror(f) ? -1 : 0;
}

static void
json_seconds_or_null(FILE *f, bool have, sched_ms ms)
{
	if (have)
		schedule_json_seconds(f, ms);
	else
		fputs("null", f);
}

int
solve_print_json(FILE *f, const struct solve_report *sr)
{
	const struct solve_result *res = sr->res;
	const struct run_result *fr = run_result(sr->fifo_run);
	size_t i;
	bool first = true;

	fputs("{\n  \"optimal_total_seconds\": ", f);
	json_seconds_or_null(f, res->proved, res->best_total);
	fputs(",\n  \"best_total_seconds\": ", f);
	json_seconds_or_null(f, res->found, res->best_total);
	fputs(",\n  \"lower_bound_seconds\": ", f);
	schedule_json_seconds(f, res->lower_bound);
	fputs(",\n  \"fifo_total_seconds\": ", f);
	schedule_json_seconds(f, fr->total);
	fprintf(f, ",\n  \"proved\": %s,\n  \"complete\": %s,\n",
		res->proved ? "true" : "false",
		sr->interrupted ? "false" : "true");
	fprintf(f, "  \"ruined\": %zu,\n  \"fifo_ruined\": %zu,\n  \"ruined_dishes\": [",
		res->found ? res->best_ruined : 0, run_ruined(sr->fifo_run));
	for (i = 0; sr->best_run && i < run_result(sr->best_run)->ndishes; i++) {
		const struct run_dish *d = &run_result(sr->best_run)->dishes[i];

		if (d->ok)
			continue;
		fprintf(f, "%s{\"recipe\": ", first ? "" : ", ");
		schedule_json_str(f, sr->menu->recipes[d->recipe]->name);
		fputs(", \"why\": ", f);
		schedule_json_str(f, d->problem);
		fputc('}', f);
		first = false;
	}
	fprintf(f, "],\n  \"nodes\": %" PRIu64 ",\n  \"states\": %" PRIu64
		",\n  \"seconds\": %.6f,\n", res->nodes, res->states, sr->seconds);
	schedule_json_members(f, sr->menu, sr->menu_name, &sr->ro, &res->best, 2);
	fputs("\n}\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- --explore ------------------------------------------------------------------------ */

static void
dishes_words(char *buf, size_t n, const struct menu *m, uint64_t dishes)
{
	size_t i, k = 0, cnt = search_dish_count(dishes), len = 0;
	char name[64];

	buf[0] = '\0';
	for (i = 0; i < m->nrecipes && i < 64; i++) {
		if (!(dishes & ((uint64_t)1 << i)))
			continue;
		rname(name, sizeof name, m, (int)i);
		len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "%sthe %s",
					k == 0 ? "" : k + 1 == cnt ? " and " : ", ",
					name);
		if (len >= n)
			return;
		k++;
	}
}

static void
example_words(FILE *f, const struct menu *m, const struct explore_class *c)
{
	char t[32], name[64];
	size_t i, on = 0;

	if (c->example.n == 0) {
		fputs("    (no decision at all: the one way it can go)\n", f);
		return;
	}
	for (i = 0; i < c->example.n; i++) {
		const struct search_step *s = &c->example.v[i];

		/* The running thread going on at a slice boundary is what a
		 * scheduler does unless told otherwise: count, not list. */
		if (s->continues) {
			on++;
			continue;
		}
		search_time(t, sizeof t, s->at);
		rname(name, sizeof name, m, s->recipe);
		if (s->preempts)
			fprintf(f, "    %9s  cook %d switches to the %s (step %d): "
				"a preemption\n", t, s->cook + 1, name, s->step + 1);
		else if (s->starts)
			fprintf(f, "    %9s  the %s starts\n", t, name);
		else
			fprintf(f, "    %9s  cook %d runs the %s (step %d)\n", t,
				s->cook + 1, name, s->step + 1);
	}
	if (on > 0)
		fprintf(f, "    (and %zu slice %s where the running thread goes on)\n",
			on, plural(on, "boundary", "boundaries"));
}

int
explore_print_text(FILE *f, const struct explore_report *er)
{
	const struct explore_result *res = er->res;
	char menu[80], set[120], ns[32], nst[32], cnt[32], who[400], t1[32],
	    t2[32], words[1200];
	uint64_t ruin = 0, dead = 0;
	size_t i;

	esc_text(menu, sizeof menu, er->menu_name, true);
	settings_words(set, sizeof set, &er->ro, er->menu);
	grouped(ns, sizeof ns, res->schedules);
	grouped(nst, sizeof nst, res->states);
	snprintf(words, sizeof words, "%s under %s, every schedule with at most %d "
		 "%s: %s %s (%s states, %.3f s)%s.", menu, set, res->preemptions,
		 plural((uint64_t)res->preemptions, "preemption", "preemptions"),
		 ns, plural(res->schedules, "schedule", "schedules"), nst,
		 er->seconds, res->complete ? "" : er->interrupted ?
		 "; INTERRUPTED: incomplete, these are the schedules found so far" :
		 "; the search hit --solve-limit: incomplete, these are the "
		 "schedules found so far");
	report_wrap(f, words, 0, 0);
	for (i = 0; i < res->nclasses; i++) {
		if (res->classes[i].kind == EXPLORE_RUINED)
			ruin += res->classes[i].count;
		else if (res->classes[i].kind == EXPLORE_DEADLOCK)
			dead += res->classes[i].count;
	}
	grouped(cnt, sizeof cnt, ruin);
	snprintf(words, sizeof words, "%s of %s %s %s a dish%s", cnt, ns,
		 "schedules",
		 plural(ruin, "ruins", "ruin"), dead ? "" : ".");
	if (dead) {
		size_t l = strlen(words);

		grouped(cnt, sizeof cnt, dead);
		snprintf(words + l, sizeof words - l, "; %s %s in a deadlock.", cnt,
			 plural(dead, "ends", "end"));
	}
	report_wrap(f, words, 0, 0);
	for (i = 0; i < res->nclasses; i++) {
		const struct explore_class *c = &res->classes[i];

		grouped(cnt, sizeof cnt, c->count);
		search_time(t1, sizeof t1, c->min_total);
		search_time(t2, sizeof t2, c->max_total);
		dishes_words(who, sizeof who, er->menu, c->dishes);
		fputc('\n', f);
		if (c->kind == EXPLORE_OK)
			snprintf(words, sizeof words, "%s of %s %s every dish ok.",
				 cnt, ns, plural(c->count, "schedules serves",
						 "schedules serve"));
		else if (c->kind == EXPLORE_RUINED)
			snprintf(words, sizeof words, "%s of %s %s %s: %s.", cnt, ns,
				 plural(c->count, "schedules ruins", "schedules ruin"),
				 who, c->why);
		else
			snprintf(words, sizeof words, "%s of %s %s in a deadlock: %s "
				 "never %s (%s).", cnt, ns,
				 plural(c->count, "schedules ends", "schedules end"),
				 who, search_dish_count(c->dishes) == 1 ?
				 "finishes" : "finish", c->why);
		report_wrap(f, words, 0, 2);
		if (c->min_total == c->max_total)
			snprintf(words, sizeof words, "  Every one ends at %s. The "
				 "shortest schedule, %d %s, %zu %s:", t1,
				 c->example_preemptions,
				 plural((uint64_t)c->example_preemptions, "preemption",
					"preemptions"), c->example.n,
				 plural(c->example.n, "decision", "decisions"));
		else
			snprintf(words, sizeof words, "  The totals range from %s to %s. "
				 "The shortest schedule, %d %s, %zu %s:", t1, t2,
				 c->example_preemptions,
				 plural((uint64_t)c->example_preemptions, "preemption",
					"preemptions"), c->example.n,
				 plural(c->example.n, "decision", "decisions"));
		report_wrap(f, words, 0, 2);
		example_words(f, er->menu, c);
	}
	fputs("\nReplay an example: --format=json, save outcomes[i].example to a "
	      "file, then --schedule=FILE.\n", f);
	return ferror(f) ? -1 : 0;
}

int
explore_print_json(FILE *f, const struct explore_report *er)
{
	const struct explore_result *res = er->res;
	static const char *const kinds[] = { "ok", "ruined", "deadlock" };
	size_t i, j;
	bool first;

	fputs("{\n  \"menu\": ", f);
	schedule_json_str(f, er->menu_name);
	fprintf(f, ",\n  \"model\": \"%s\",\n  \"preemptions\": %d,\n",
		model_name(er->ro.model), res->preemptions);
	fprintf(f, "  \"schedules\": %" PRIu64 ",\n  \"states\": %" PRIu64
		",\n  \"nodes\": %" PRIu64 ",\n  \"seconds\": %.6f,\n"
		"  \"complete\": %s,\n  \"outcomes\": [", res->schedules,
		res->states, res->nodes, er->seconds,
		res->complete ? "true" : "false");
	for (i = 0; i < res->nclasses; i++) {
		const struct explore_class *c = &res->classes[i];

		fprintf(f, "%s\n    {\"kind\": \"%s\", \"dishes\": [", i ? "," : "",
			kinds[c->kind]);
		first = true;
		for (j = 0; j < er->menu->nrecipes && j < 64; j++) {
			if (!(c->dishes & ((uint64_t)1 << j)))
				continue;
			fputs(first ? "" : ", ", f);
			schedule_json_str(f, er->menu->recipes[j]->name);
			first = false;
		}
		fputs("], \"why\": ", f);
		schedule_json_str(f, c->why);
		fprintf(f, ", \"count\": %" PRIu64 ", \"min_total_seconds\": ",
			c->count);
		schedule_json_seconds(f, c->min_total);
		fputs(", \"max_total_seconds\": ", f);
		schedule_json_seconds(f, c->max_total);
		fputs(", \"example_total_seconds\": ", f);
		schedule_json_seconds(f, c->example_total);
		fputs(",\n     \"example\": ", f);
		schedule_json_object(f, er->menu, er->menu_name, &er->ro,
				     &c->example, 5);
		fputc('}', f);
	}
	fprintf(f, "%s]\n}\n", res->nclasses ? "\n  " : "");
	return ferror(f) ? -1 : 0;
}
