/* SPDX-License-Identifier: ISC */
/*
 * report.c - batch reports of finished runs (see report.h).
 *
 * The text chart gives every lane one row of `width` columns; a column
 * shows the kind of span that covers most of its stretch of time, so short
 * spans (a 10 s switch) still show when nothing longer shares the column.
 * Each kind has its own character, so the chart reads without colour.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "outcome.h"
#include "report.h"

static const char *const kind_names[TRACE_KIND_COUNT] = {
	"work", "wait", "heat", "use", "switch", "start", "blocked", "gil"
};
static const char *const kind_ascii[TRACE_KIND_COUNT] = {
	"#", ".", "^", "=", "x", "s", "-", "g"
};
static const char *const kind_utf8[TRACE_KIND_COUNT] = {
	"\xe2\x96\x88",         /* U+2588 full block: work */
	"\xe2\x96\x91",         /* U+2591 light shade: wait */
	"\xe2\x96\x92",         /* U+2592 medium shade: heat */
	"\xe2\x96\x93",         /* U+2593 dark shade: use */
	"\xe2\x95\xb3",         /* U+2573 diagonal cross: switch */
	"\xe2\x96\x9e",         /* U+259E quadrants: start */
	"\xe2\x94\x88",         /* U+2508 dashed line: blocked */
	"\xe2\x96\x80",         /* U+2580 upper half: GIL */
};
/* When two kinds cover a column equally, the busier one shows. */
static const int kind_rank[TRACE_KIND_COUNT] = { 7, 0, 3, 4, 6, 5, 2, 1 };

const char *
report_kind_glyph(int kind, bool ascii)
{
	if (kind < 0 || kind >= TRACE_KIND_COUNT)
		kind = TRACE_WORK;
	return ascii ? kind_ascii[kind] : kind_utf8[kind];
}

const char *
report_kind_name(int kind)
{
	if (kind < 0 || kind >= TRACE_KIND_COUNT)
		return "?";
	return kind_names[kind];
}

void
report_mmss(char *buf, size_t n, sched_ms ms)
{
	long s = ms < 0 ? 0 : (long)(ms / 1000);

	snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

/* Seconds for CSV/JSON: whole when whole, else up to 3 decimals. */
static void
secs(char *buf, size_t n, sched_ms ms)
{
	int64_t s, f;

	/* Negative times print as valid JSON numbers too ("-0.001"). */
	if (ms < 0) {
		buf[0] = '-';
		secs(buf + 1, n > 1 ? n - 1 : 0, ms == INT64_MIN ? INT64_MAX : -ms);
		return;
	}
	s = ms / 1000;
	f = ms % 1000;
	if (f == 0)
		snprintf(buf, n, "%" PRId64, s);
	else if (f % 100 == 0)
		snprintf(buf, n, "%" PRId64 ".%" PRId64, s, f / 100);
	else if (f % 10 == 0)
		snprintf(buf, n, "%" PRId64 ".%02" PRId64, s, f / 10);
	else
		snprintf(buf, n, "%" PRId64 ".%03" PRId64, s, f);
}

/* Text from a data file (or built from it), safe for a terminal; in ASCII
 * mode every non-ASCII character becomes '?'.  Returns a malloc'd string
 * or NULL out of memory. */
static char *
safe(const char *in, bool ascii)
{
	char *e = esc_dup(in, false), *p, *q;

	if (e == NULL || !ascii)
		return e;
	for (p = q = e; *p != '\0'; p++) {
		if ((unsigned char)*p == 0xc2 && (unsigned char)p[1] == 0xb1) {
			/* The one sign the program writes itself: ± as +-
			 * (two bytes for two: q never passes p). */
			*q++ = '+';
			*q++ = '-';
			p++;
		} else if ((unsigned char)*p < 0x80)
			*q++ = *p;
		else if (((unsigned char)*p & 0xc0) != 0x80)
			*q++ = '?';
	}
	*q = '\0';
	return e;
}

/* Lane names are built from escaped recipe names already; only the ASCII
 * fold is left to do: the program's own ± becomes "+/-", any other
 * non-ASCII character "?".  With cut, nothing past pad columns. */
void
report_put_padded(FILE *f, const char *s, bool ascii, int pad, bool cut)
{
	int w = 0;

	for (; *s != '\0' && !(cut && w >= pad); s++) {
		if (ascii && (unsigned char)*s == 0xc2 &&
		    (unsigned char)s[1] == 0xb1) {
			fputs("+/-", f);
			w += 3;
			s++;
		} else if (!ascii || (unsigned char)*s < 0x80) {
			fputc(*s, f);
			if (((unsigned char)*s & 0xc0) != 0x80)
				w++;
		} else if (((unsigned char)*s & 0xc0) != 0x80) {
			fputc('?', f);
			w++;
		}
	}
	for (; w < pad; w++)
		fputc(' ', f);
}

int
report_width(const char *s)
{
	int w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Where spans still open end: now, or for a run that deadlocked the
 * moment it stopped, however far a driver's run_until moved the clock on
 * (so that the report does not depend on how the run was driven). */
static sched_ms
report_now(const struct run *r)
{
	const struct run_deadlock *dl = run_deadlock(r);

	return dl != NULL ? dl->at : run_now(r);
}

static size_t
tables_of(const struct run *r)
{
	return (size_t)run_options(r)->tables;
}

/* The time table t was served (its last dish); -1 if a dish of it was
 * never served (a deadlock). */
static sched_ms
table_total(const struct run_result *res, size_t nrecipes, size_t t)
{
	sched_ms m = 0;
	size_t i;

	for (i = t * nrecipes; i < (t + 1) * nrecipes && i < res->ndishes; i++) {
		if (res->dishes[i].ready_at < 0)
			return -1;
		if (res->dishes[i].ready_at > m)
			m = res->dishes[i].ready_at;
	}
	return m;
}

static size_t
unserved_count(const struct run_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->ndishes; i++)
		n += res->dishes[i].ready_at < 0;
	return n;
}

static size_t
ruined_count(const struct run_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->ndishes; i++)
		n += !res->dishes[i].ok;
	return n;
}

static void
human_bytes(char *buf, size_t n, uint64_t b)
{
	if (b < 1024)
		snprintf(buf, n, "%" PRIu64 " bytes", b);
	else if (b < (uint64_t)1 << 20)
		snprintf(buf, n, "%.1f KiB", (double)b / 1024.0);
	else if (b < (uint64_t)1 << 30)
		snprintf(buf, n, "%.1f MiB", (double)b / 1048576.0);
	else
		snprintf(buf, n, "%.1f GiB", (double)b / 1073741824.0);
}


void
report_wrap(FILE *f, const char *s, int col, int indent)
{
	const char *w, *g;
	int gap, len;
	bool first = true;      /* nothing printed on this line yet */

	while (*s != '\0') {
		for (g = s; *s == ' '; s++)
			;
		gap = (int)(s - g);
		for (w = s; *w != '\0' && *w != ' '; w++)
			;
		len = (int)(w - s);
		if (len == 0)
			break;
		if (!first && col + gap + len > REPORT_PROSE_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else {
			fprintf(f, "%*s", gap, "");     /* the spacing as written */
			col += gap;
		}
		fwrite(s, 1, (size_t)len, f);
		col += len;
		first = false;
		s = w;
	}
	fputc('\n', f);
}

static void
header_line(FILE *f, const struct run *r, const struct report_opts *o)
{
	const struct run_opts *ro = run_options(r);
	const struct run_result *res = run_result(r);
	char *name = safe(run_menu(r)->name, o->ascii);
	char *title = safe(run_menu(r)->title ? run_menu(r)->title : "",
			   o->ascii);

	fprintf(f, "%s under %s: %d cook%s, GIL %s, locks %s, seed %" PRIu64,
		name ? name : "?", model_name(ro->model), res->cooks,
		res->cooks == 1 ? "" : "s", ro->gil ? "on" : "off",
		ro->locks ? "on" : "off", ro->seed);
	if (ro->tables > 1)
		fprintf(f, ", %ld tables", ro->tables);
	fputc('\n', f);
	if (title != NULL && title[0] != '\0')
		fprintf(f, "%s\n", title);
	free(name);
	free(title);
}

/* ---- the chart ---------------------------------------------------------- */

static sched_ms
tick_step(sched_ms total, int width)
{
	static const int mins[] = { 1, 2, 5, 10, 15, 20, 30, 60, 120, 240,
				    480, 960, 1440 };
	size_t i;
	int maxticks = width / 8;

	for (i = 0; i < sizeof mins / sizeof mins[0]; i++)
		if (total / ((sched_ms)mins[i] * 60000) < maxticks)
			return (sched_ms)mins[i] * 60000;
	return total / (maxticks > 0 ? maxticks : 1) + 1;
}

static int
chart(FILE *f, const struct run *r, const struct report_opts *o)
{
	const struct trace *tr = run_trace(r);
	sched_ms total = trace_end_time(tr, report_now(r)), colms, a, b, s, e, t, step;
	int width, label = 4, legend = 0, indent;
	sched_ms (*cover)[TRACE_KIND_COUNT];
	const char *const *chars = o->ascii ? kind_ascii : kind_utf8;
	const struct trace_span *sp;
	size_t lane, i;
	int c, k, best, pos, lastpos;
	char lab[32];

	if (total <= 0)
		total = 1;
	for (lane = 0; lane < tr->nlanes; lane++) {
		c = report_width(tr->lanes[lane].name);
		if (c > label)
			label = c;
	}
	if (label > 28)
		label = 28;
	/* "label |chart|" fits REPORT_PROSE_WIDTH unless a width was asked for. */
	width = o->width > 0 ? o->width : REPORT_WIDTH;
	if (o->width <= 0 && label + 3 + width > REPORT_PROSE_WIDTH)
		width = REPORT_PROSE_WIDTH - 3 - label;
	colms = (total + width - 1) / width;
	if ((cover = malloc((size_t)width * sizeof *cover)) == NULL)
		return -1;

	for (lane = 0; lane < tr->nlanes; lane++) {
		memset(cover, 0, (size_t)width * sizeof *cover);
		for (i = 0; i < trace_lane_count(tr, (int)lane); i++) {
			sp = trace_lane_span(tr, (int)lane, i);
			s = sp->start;
			e = sp->end == TRACE_OPEN ? report_now(r) : sp->end;
			if (sp->table != 0 || e <= s)
				continue;
			for (c = (int)(s / colms); c < width && c * colms < e; c++) {
				a = c * colms > s ? c * colms : s;
				b = (c + 1) * colms < e ? (c + 1) * colms : e;
				if (b > a && sp->kind >= 0 &&
				    sp->kind < TRACE_KIND_COUNT)
					cover[c][sp->kind] += b - a;
			}
		}
		report_put_padded(f, tr->lanes[lane].name, o->ascii, label, false);
		fputs(" |", f);
		for (c = 0; c < width; c++) {
			best = -1;
			for (k = 0; k < TRACE_KIND_COUNT; k++) {
				if (cover[c][k] == 0)
					continue;
				if (best < 0 || cover[c][k] > cover[c][best] ||
				    (cover[c][k] == cover[c][best] &&
				     kind_rank[k] > kind_rank[best]))
					best = k;
			}
			fputs(best < 0 ? " " : chars[best], f);
		}
		fputs("|\n", f);
	}
	free(cover);

	/* The time axis: a tick and a label every `step` minutes. */
	step = tick_step(total, width);
	fprintf(f, "%*s  ", label, "");
	for (c = 0; c < width; c++) {
		t = (c * colms + step - 1) / step * step;  /* next tick */
		fputc(t < (c + 1) * colms ? '+' : '-', f);
	}
	fputc('\n', f);
	fprintf(f, "%*s  ", label, "");
	lastpos = 0;
	for (t = 0; t <= total; t += step) {
		pos = (int)(t / colms);
		if (pos < lastpos)
			continue;
		snprintf(lab, sizeof lab, "%ldm", (long)(t / 60000));
		if (pos + (int)strlen(lab) > width + 1)
			break;
		fprintf(f, "%*s%s", pos - lastpos, "", lab);
		lastpos = pos + (int)strlen(lab);
	}
	fputc('\n', f);
	/* The legend under the chart, moved left if it would not fit. */
	for (k = 0; k < TRACE_KIND_COUNT; k++)
		legend += (k ? 2 : 0) + 2 + (int)strlen(kind_names[k]);
	indent = label + 2;
	if (indent + legend > REPORT_PROSE_WIDTH)
		indent = REPORT_PROSE_WIDTH - legend > 0 ? REPORT_PROSE_WIDTH - legend : 0;
	fprintf(f, "%*s", indent, "");
	for (k = 0; k < TRACE_KIND_COUNT; k++)
		fprintf(f, "%s%s %s", k ? "  " : "", chars[k], kind_names[k]);
	fputc('\n', f);
	return 0;
}

/* ---- text ----------------------------------------------------------------- */

static void
summary(FILE *f, const struct run *r, const struct report_opts *o)
{
	const struct run_result *res = run_result(r);
	const struct menu *m = run_menu(r);
	char t1[32], t2[32], t3[32], mem[40], rsv[40];
	char *name;
	size_t i, nt = tables_of(r), namew = 0;
	int col;

	const struct run_deadlock *dl = run_deadlock(r);

	report_mmss(t1, sizeof t1, res->total);
	if (dl != NULL) {
		report_mmss(t1, sizeof t1, dl->at);
		fprintf(f, "total: none, DEADLOCK at %s: the dinner is never "
			"served\n", t1);
		col = fprintf(f, "deadlock: ");
		name = safe(dl->text, o->ascii);
		report_wrap(f, name != NULL ? name : "", col, 4);
		free(name);
	} else
		fprintf(f, "total: %s\n", t1);
	if (nt == 1) {
		fputs("dishes:\n", f);
		for (i = 0; i < m->nrecipes; i++)
			if (report_width(m->recipes[i]->name) > (int)namew)
				namew = (size_t)report_width(m->recipes[i]->name);
		for (i = 0; i < res->ndishes; i++) {
			const struct run_dish *d = &res->dishes[i];

			name = safe(m->recipes[d->recipe]->name, o->ascii);
			if (d->ready_at < 0)
				snprintf(t1, sizeof t1, "--:--");
			else
				report_mmss(t1, sizeof t1, d->ready_at);
			fputs("  ", f);
			report_put_padded(f, name ? name : "?", o->ascii,
					 (int)namew, false);
			fprintf(f, "  ready at %s  %s", t1,
				d->ok ? "ok" : d->ready_at < 0 ? "NOT SERVED:" :
				"RUINED:");
			if (!d->ok) {
				/* The reason on its own line if it would
				 * pass the 80th column. */
				if (2 + (int)namew + 12 + (int)strlen(t1) +
				    9 + report_width(d->problem) > REPORT_PROSE_WIDTH)
					fputs("\n   ", f);
				fputc(' ', f);
				report_put_padded(f, d->problem, o->ascii, 0, false);
			}
			fputc('\n', f);
			free(name);
		}
	} else {
		sched_ms lo = SCHED_NEVER, hi = 0, sum = 0, tt;
		size_t served = 0, unserved = unserved_count(res);

		for (i = 0; i < nt; i++) {
			if ((tt = table_total(res, m->nrecipes, i)) < 0)
				continue;       /* never served: no time */
			served++;
			lo = tt < lo ? tt : lo;
			hi = tt > hi ? tt : hi;
			sum += tt;
		}
		if (served == 0) {
			fprintf(f, "tables: %zu, none served (deadlock)\n", nt);
		} else {
			report_mmss(t1, sizeof t1, lo);
			report_mmss(t2, sizeof t2, sum / (sched_ms)served);
			report_mmss(t3, sizeof t3, hi);
			if (served < nt)
				fprintf(f, "tables: %zu, %zu never served (deadlock); "
					"the other %zu served in\n  %s fastest, "
					"%s on average, %s slowest\n", nt,
					nt - served, served, t1, t2, t3);
			else
				fprintf(f, "tables: %zu, served in %s fastest, "
					"%s on average, %s slowest\n",
					nt, t1, t2, t3);
		}
		if (unserved > 0)
			fprintf(f, "dishes: %zu, %zu ruined, %zu never served\n",
				res->ndishes, ruined_count(res) - unserved,
				unserved);
		else
			fprintf(f, "dishes: %zu, %zu ruined\n", res->ndishes,
				ruined_count(res));
		fprintf(f, "events: %" PRIu64 "\n", res->events);
	}
	report_mmss(t1, sizeof t1, res->cook_working);
	report_mmss(t2, sizeof t2, res->cook_idle);
	report_mmss(t3, sizeof t3, res->cook_switching);
	fprintf(f, "cooks: %d%s, working %s, idle %s, switching %s\n",
		res->cooks, nt > 1 ? " per table" : "", t1, t2, t3);
	fprintf(f, "context switches: %" PRIu64 "\n", res->context_switches);
	/* The figure is the total for the whole run; say over how many
	 * recipe runs, so "120 bytes" is not read as the cost of one. */
	human_bytes(mem, sizeof mem, res->memory_bytes);
	human_bytes(rsv, sizeof rsv, res->reserved_bytes);
	if (res->memory_bytes < 1024)
		col = fprintf(f, "memory: %s resident", mem);
	else
		col = fprintf(f, "memory: %" PRIu64 " bytes (%s) resident",
			      res->memory_bytes, mem);
	/* Reserved address space beside it, when it is more: then what it
	 * stands for goes on the lines below, so nothing passes 80 columns. */
	if (res->reserved_bytes > res->memory_bytes) {
		fprintf(f, ", %s reserved,\n", rsv);
		col = fprintf(f, "        for %zu recipe run%s: ", res->ndishes,
			      res->ndishes == 1 ? "" : "s");
	} else
		col += fprintf(f, ", for %zu recipe run%s: ", res->ndishes,
			       res->ndishes == 1 ? "" : "s");
	report_wrap(f, res->memory_what ? res->memory_what : "",
		    col < 0 ? 0 : col, 8);
}

int
report_text(FILE *f, const struct run *r, const struct report_opts *o)
{
	header_line(f, r, o);
	fputc('\n', f);
	if (tables_of(r) == 1 && run_trace(r)->keep_spans) {
		if (chart(f, r, o) != 0)
			return -1;
		fputc('\n', f);
	}
	summary(f, r, o);
	return ferror(f) ? -1 : 0;
}

/* ---- CSV ------------------------------------------------------------------ */

static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The words for a span's "what": the step's text, or the overhead. */
static const char *
span_what(const struct run *r, const struct trace_span *sp)
{
	const struct menu *m = run_menu(r);

	if (sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes &&
	    sp->step >= 0 &&
	    (size_t)sp->step < m->recipes[sp->recipe]->nsteps)
		return m->recipes[sp->recipe]->steps[sp->step].text;
	switch (sp->kind) {
	case TRACE_SWITCH: return "context switch";
	case TRACE_START: return "start the process / hand results back";
	case TRACE_GIL: return "holds the GIL";
	default: return "";
	}
}

int
report_csv(FILE *f, const struct run *r, const struct report_opts *o)
{
	const struct trace *tr = run_trace(r);
	const struct run_result *res = run_result(r);
	const struct menu *m = run_menu(r);
	const struct trace_span *sp;
	char a[32], b[32], *s;
	size_t i, nt = tables_of(r);

	if (nt > 1) {
		fputs("table,total_seconds,dishes,ruined\n", f);
		for (i = 0; i < nt; i++) {
			size_t j, bad = 0;

			for (j = i * m->nrecipes; j < (i + 1) * m->nrecipes; j++)
				bad += !res->dishes[j].ok;
			if (table_total(res, m->nrecipes, i) < 0)
				a[0] = '\0';   /* never served: no total */
			else
				secs(a, sizeof a, table_total(res, m->nrecipes, i));
			fprintf(f, "%zu,%s,%zu,%zu\n", i + 1, a, m->nrecipes, bad);
		}
		return ferror(f) ? -1 : 0;
	}
	fputs("lane,recipe,step,what,kind,start,end\n", f);
	for (i = 0; i < tr->nspans; i++) {
		sp = &tr->spans[i];
		s = safe(tr->lanes[sp->lane].name, o->ascii);
		csv_field(f, s ? s : "");
		free(s);
		fputc(',', f);
		if (sp->recipe >= 0) {
			s = safe(m->recipes[sp->recipe]->name, o->ascii);
			csv_field(f, s ? s : "");
			free(s);
		}
		fputc(',', f);
		if (sp->step >= 0)
			fprintf(f, "%d", sp->step + 1);
		fputc(',', f);
		s = safe(span_what(r, sp), o->ascii);
		csv_field(f, s ? s : "");
		free(s);
		secs(a, sizeof a, sp->start);
		secs(b, sizeof b, sp->end == TRACE_OPEN ? report_now(r) : sp->end);
		fprintf(f, ",%s,%s,%s\n", report_kind_name(sp->kind), a, b);
	}
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ----------------------------------------------------------------- */

/* A JSON string of text that is terminal-safe already (lane names and
 * log lines are built from escaped text): quotes and backslashes escaped,
 * and, should a control character slip through, \u00NN. */
static void
json_raw(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* A JSON string of text from a data file: made terminal-safe first (esc.h:
 * controls and invalid UTF-8 become visible \xNN), then json_raw. */
static void
json_str(FILE *f, const char *in)
{
	char *s = esc_dup(in, false);

	json_raw(f, s != NULL ? s : "");
	free(s);
}

void
report_json_string(FILE *f, const char *s)
{
	json_str(f, s);
}

static void
close_array(FILE *f, size_t n, const char *indent)
{
	if (n > 0)
		fprintf(f, "\n%s  ]", indent);
	else
		fputc(']', f);
}

/* "deadlock": {"at_seconds": 0, "cycle": [{"recipe", "holds",
 * "waits_for"}, ...], "text": "..."} */
static void
json_deadlock(FILE *f, const struct run *r, const struct run_deadlock *dl,
	      const char *indent)
{
	const struct menu *m = run_menu(r);
	char a[32];
	size_t i;

	secs(a, sizeof a, dl->at);
	fprintf(f, "%s  \"deadlock\": {\"at_seconds\": %s, \"cycle\": [",
		indent, a);
	for (i = 0; i < dl->n; i++) {
		fprintf(f, "%s\n%s    {\"recipe\": ", i ? "," : "", indent);
		json_str(f, m->recipes[dl->cycle[i].recipe]->name);
		fputs(", \"holds\": ", f);
		json_raw(f, dl->cycle[i].holds);
		fputs(", \"waits_for\": ", f);
		json_raw(f, dl->cycle[i].waits_for);
		if (tables_of(r) > 1)
			fprintf(f, ", \"table\": %d", dl->cycle[i].table + 1);
		fputc('}', f);
	}
	close_array(f, i, indent);
	fputs(", \"text\": ", f);
	json_raw(f, dl->text);
	fputs("},\n", f);
}

static void
json_run(FILE *f, const struct run *r, const struct report_opts *o,
	 const char *indent)
{
	const struct run_opts *ro = run_options(r);
	const struct run_result *res = run_result(r);
	const struct trace *tr = run_trace(r);
	const struct menu *m = run_menu(r);
	const struct trace_span *sp;
	size_t i, nt = tables_of(r);
	bool spans = nt == 1 || o->spans_all;
	const struct run_deadlock *dl;
	char a[32], b[32];

	fprintf(f, "%s{\n%s  \"menu\": ", indent, indent);
	json_str(f, m->name);
	fprintf(f, ",\n%s  \"model\": \"%s\",\n", indent, model_name(ro->model));
	fprintf(f, "%s  \"cooks\": %d,\n", indent, res->cooks);
	fprintf(f, "%s  \"gil\": %s,\n", indent, ro->gil ? "true" : "false");
	fprintf(f, "%s  \"locks\": %s,\n", indent, ro->locks ? "true" : "false");
	fprintf(f, "%s  \"seed\": %" PRIu64 ",\n", indent, ro->seed);
	fprintf(f, "%s  \"tables\": %ld,\n", indent, ro->tables);
	dl = run_deadlock(r);
	/* A dinner that deadlocked is never served: it has no total. */
	if (dl != NULL)
		snprintf(a, sizeof a, "null");
	else
		secs(a, sizeof a, res->total);
	fprintf(f, "%s  \"total_seconds\": %s,\n", indent, a);
	if (dl != NULL)
		json_deadlock(f, r, dl, indent);
	fprintf(f, "%s  \"spans\": [", indent);
	for (i = 0; spans && tr->keep_spans && i < tr->nspans; i++) {
		sp = &tr->spans[i];
		fprintf(f, "%s\n%s    {\"lane\": ", i ? "," : "", indent);
		json_raw(f, tr->lanes[sp->lane].name);
		fputs(", \"recipe\": ", f);
		if (sp->recipe >= 0)
			json_str(f, m->recipes[sp->recipe]->name);
		else
			fputs("null", f);
		if (sp->step >= 0)
			fprintf(f, ", \"step\": %d", sp->step + 1);
		else
			fputs(", \"step\": null", f);
		fputs(", \"what\": ", f);
		json_str(f, span_what(r, sp));
		secs(a, sizeof a, sp->start);
		secs(b, sizeof b, sp->end == TRACE_OPEN ? report_now(r) : sp->end);
		fprintf(f, ", \"kind\": \"%s\", \"start\": %s, \"end\": %s",
			report_kind_name(sp->kind), a, b);
		if (nt > 1)
			fprintf(f, ", \"table\": %d", sp->table + 1);
		fputc('}', f);
	}
	close_array(f, i, indent);
	fprintf(f, ",\n%s  \"dishes\": [", indent);
	for (i = 0; i < res->ndishes; i++) {
		const struct run_dish *d = &res->dishes[i];

		fprintf(f, "%s\n%s    {\"recipe\": ", i ? "," : "", indent);
		json_str(f, m->recipes[d->recipe]->name);
		if (d->ready_at < 0)
			snprintf(a, sizeof a, "null");  /* never served */
		else
			secs(a, sizeof a, d->ready_at);
		fprintf(f, ", \"ready_at\": %s, \"ok\": %s, \"problem\": ",
			a, d->ok ? "true" : "false");
		if (d->ok)
			fputs("null", f);
		else
			json_str(f, d->problem);
		if (nt > 1)
			fprintf(f, ", \"table\": %zu", i / m->nrecipes + 1);
		fputc('}', f);
	}
	close_array(f, i, indent);
	fputs(",\n", f);
	if (nt > 1) {
		fprintf(f, "%s  \"table_totals\": [", indent);
		for (i = 0; i < nt; i++) {
			if (table_total(res, m->nrecipes, i) < 0)
				snprintf(a, sizeof a, "null");  /* never served */
			else
				secs(a, sizeof a, table_total(res, m->nrecipes, i));
			fprintf(f, "%s%s", i ? ", " : "", a);
		}
		fputs("],\n", f);
	}
	fprintf(f, "%s  \"context_switches\": %" PRIu64 ",\n", indent,
		res->context_switches);
	fprintf(f, "%s  \"memory_bytes\": %" PRIu64 ",\n", indent,
		res->memory_bytes);
	fprintf(f, "%s  \"reserved_bytes\": %" PRIu64 ",\n", indent,
		res->reserved_bytes);
	fprintf(f, "%s  \"memory_what\": ", indent);
	json_str(f, res->memory_what ? res->memory_what : "");
	secs(a, sizeof a, res->cook_working);
	fprintf(f, ",\n%s  \"cook_working_seconds\": %s,\n", indent, a);
	secs(a, sizeof a, res->cook_idle);
	fprintf(f, "%s  \"cook_idle_seconds\": %s,\n", indent, a);
	secs(a, sizeof a, res->cook_switching);
	fprintf(f, "%s  \"cook_switching_seconds\": %s,\n", indent, a);
	fprintf(f, "%s  \"ruined\": %zu,\n", indent, ruined_count(res));
	{
		char words[512];

		outcome_words(r, true, false, words, sizeof words);
		fprintf(f, "%s  \"outcome\": ", indent);
		json_str(f, words);
		fputs(",\n", f);
	}
	fprintf(f, "%s  \"events\": %" PRIu64 ",\n", indent, res->events);
	fprintf(f, "%s  \"log\": [", indent);
	for (i = 0; i < tr->nevents; i++) {
		secs(a, sizeof a, tr->events[i].time);
		fprintf(f, "%s\n%s    {\"time\": %s, \"text\": ", i ? "," : "",
			indent, a);
		json_raw(f, tr->events[i].text);
		fputc('}', f);
	}
	close_array(f, i, indent);
	fprintf(f, "\n%s}", indent);
}

int
report_json(FILE *f, const struct run *r, const struct report_opts *o)
{
	json_run(f, r, o, "");
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int
report_compare_json_one(FILE *f, const struct run *r, size_t i, size_t n,
			const struct report_opts *o)
{
	if (i == 0)
		fputs("{\"runs\": [\n", f);
	json_run(f, r, o, "  ");
	fputs(i + 1 < n ? ",\n" : "\n", f);
	if (i + 1 == n)
		fputs("]}\n", f);
	return ferror(f) ? -1 : 0;
}

int
report_compare_json(FILE *f, struct run *const *runs, size_t n,
		    const struct report_opts *o)
{
	size_t i;

	if (n == 0)
		fputs("{\"runs\": [\n]}\n", f);
	for (i = 0; i < n; i++)
		report_compare_json_one(f, runs[i], i, n, o);
	return ferror(f) ? -1 : 0;
}

void
report_secs(char *buf, size_t n, sched_ms ms)
{
	secs(buf, n, ms);
}

const char *
report_kind_char(int kind, bool ascii)
{
	if (kind < 0 || kind >= TRACE_KIND_COUNT)
		return "?";
	return ascii ? kind_ascii[kind] : kind_utf8[kind];
}

/* ---- compare -------------------------------------------------------------- */

/*
 * What the compare table needs of one run, taken before the run is freed:
 * --compare at a million tables cooks the models one after another and
 * keeps only this (a few hundred bytes) of each, not five whole runs.
 */
void
report_summary_of(struct report_summary *sm, const struct run *r,
		  const struct report_opts *o)
{
	const struct run_result *res = run_result(r);

	memset(sm, 0, sizeof *sm);
	sm->menu = run_menu(r);
	sm->opts = *run_options(r);
	sm->total = res->total;
	sm->cooks = res->cooks;
	sm->ruined = ruined_count(res);
	sm->cook_working = res->cook_working;
	sm->cook_idle = res->cook_idle;
	sm->cook_switching = res->cook_switching;
	sm->context_switches = res->context_switches;
	sm->memory_bytes = res->memory_bytes;
	sm->reserved_bytes = res->reserved_bytes;
	sm->memory_what = res->memory_what;     /* a model's static text */
	sm->events = run_events(r);
	outcome_words(r, true, o->ascii, sm->outcome, sizeof sm->outcome);
}

int
report_compare_text_summaries(FILE *f, const struct report_summary *sm,
			      size_t n, const struct report_opts *o)
{
	const struct run_opts *ro;
	char *name, t[4][32], mem[40];
	size_t i;

	if (n == 0)
		return 0;
	ro = &sm[0].opts;
	name = safe(sm[0].menu->name, o->ascii);
	fprintf(f, "%s, every model: GIL %s, locks %s, seed %" PRIu64,
		name ? name : "?", ro->gil ? "on" : "off",
		ro->locks ? "on" : "off", ro->seed);
	if (ro->tables > 1)
		fprintf(f, ", %ld tables", ro->tables);
	fputs("\n\n", f);
	free(name);
	fprintf(f, "%-10s %5s %7s %6s %8s %8s %9s %8s  %s\n", "model", "cooks",
		"total", "ruined", "working", "idle", "switching", "switches",
		"memory");
	for (i = 0; i < n; i++) {
		report_mmss(t[0], sizeof t[0], sm[i].total);
		report_mmss(t[1], sizeof t[1], sm[i].cook_working);
		report_mmss(t[2], sizeof t[2], sm[i].cook_idle);
		report_mmss(t[3], sizeof t[3], sm[i].cook_switching);
		human_bytes(mem, sizeof mem, sm[i].memory_bytes);
		fprintf(f, "%-10s %5d %7s %6zu %8s %8s %9s %8" PRIu64 "  %s\n",
			model_name(sm[i].opts.model), sm[i].cooks,
			t[0], sm[i].ruined, t[1], t[2], t[3],
			sm[i].context_switches, mem);
	}
	/* Each model's outcome beside its total: what a class comparing
	 * models must see (the race, the deadlock). */
	fputs("\noutcome:\n", f);
	for (i = 0; i < n; i++) {
		report_mmss(t[0], sizeof t[0], sm[i].total);
		fprintf(f, "  %-11s %6s  ", model_name(sm[i].opts.model), t[0]);
		report_wrap(f, sm[i].outcome, 22, 22);
	}
	fputs("\nmemory stands for (resident, and the address space reserved):\n",
	      f);
	for (i = 0; i < n; i++) {
		char rsv[40], line[600];

		human_bytes(mem, sizeof mem, sm[i].memory_bytes);
		human_bytes(rsv, sizeof rsv, sm[i].reserved_bytes);
		snprintf(line, sizeof line, "%s resident, %s reserved: %s", mem,
			 rsv, sm[i].memory_what ? sm[i].memory_what : "");
		fprintf(f, "  %-11s ", model_name(sm[i].opts.model));
		report_wrap(f, line, 14, 14);
	}
	return ferror(f) ? -1 : 0;
}

int
report_compare_csv_summaries(FILE *f, const struct report_summary *sm,
			     size_t n, const struct report_opts *o)
{
	char t[4][32];
	size_t i;

	(void)o;
	fputs("model,cooks,gil,locks,seed,tables,total_seconds,ruined,"
	      "cook_working_seconds,cook_idle_seconds,cook_switching_seconds,"
	      "context_switches,memory_bytes,reserved_bytes\n", f);
	for (i = 0; i < n; i++) {
		const struct run_opts *ro = &sm[i].opts;

		secs(t[0], sizeof t[0], sm[i].total);
		secs(t[1], sizeof t[1], sm[i].cook_working);
		secs(t[2], sizeof t[2], sm[i].cook_idle);
		secs(t[3], sizeof t[3], sm[i].cook_switching);
		fprintf(f, "%s,%d,%s,%s,%" PRIu64 ",%ld,%s,%zu,%s,%s,%s,%"
			PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", model_name(ro->model),
			sm[i].cooks, ro->gil ? "true" : "false",
			ro->locks ? "true" : "false", ro->seed, ro->tables,
			t[0], sm[i].ruined, t[1], t[2], t[3],
			sm[i].context_switches, sm[i].memory_bytes,
			sm[i].reserved_bytes);
	}
	return ferror(f) ? -1 : 0;
}

/* The same from whole runs (the screen's compare, tests). */
static int
compare_runs(FILE *f, struct run *const *runs, size_t n,
	     const struct report_opts *o, bool csv)
{
	struct report_summary sm[MODEL_COUNT];
	size_t i;

	if (n > MODEL_COUNT)
		n = MODEL_COUNT;
	for (i = 0; i < n; i++)
		report_summary_of(&sm[i], runs[i], o);
	return csv ? report_compare_csv_summaries(f, sm, n, o) :
	    report_compare_text_summaries(f, sm, n, o);
}

int
report_compare_text(FILE *f, struct run *const *runs, size_t n,
		    const struct report_opts *o)
{
	return compare_runs(f, runs, n, o, false);
}

int
report_compare_csv(FILE *f, struct run *const *runs, size_t n,
		   const struct report_opts *o)
{
	return compare_runs(f, runs, n, o, true);
}

const char *
report_span_what(const struct run *r, const struct trace_span *sp)
{
	return span_what(r, sp);
}

sched_ms
report_open_end(const struct run *r)
{
	return report_now(r);
}
