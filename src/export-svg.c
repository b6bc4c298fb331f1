/* SPDX-License-Identifier: ISC */
/*
 * export-svg.c - --export=svg:FILE, the timeline (or the compare view of
 * every model) as one standalone SVG for slides and handouts.
 *
 * Each run is a block: a heading with its total and outcome, one lane per
 * trace lane with the spans drawn to scale, a time axis, and a line per
 * dish saying when it was ready and whether it was ruined.  All blocks of
 * a compare share one time scale, so the bars compare by length.  A
 * legend closes the picture.
 *
 * Greyscale printing loses the recipe colours, so every recipe also has a
 * pattern of its own (stripes, dots, hatching), and every kind of span a
 * height of its own (work full, appliance use a little less, heating
 * less, passive waiting a thin bar), so the picture reads on a black and
 * white printer too.  Text stays text (<text>, with a <title> on each
 * span for a tooltip), so slides can be searched and translated.
 *
 * Streaming like the other exports: O(1) memory per span.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "report.h"

#define SVG_W           1200
#define SVG_MARGIN      20
#define SVG_LABEL       170     /* lane names, right-aligned */
#define SVG_LANE        24      /* one lane's row */
#define SVG_CHART       (SVG_W - 2 * SVG_MARGIN - SVG_LABEL)
#define SVG_NPAT        6

/* Colours a colour-blind reader can still tell apart (Okabe-Ito). */
static const char *const svg_colour[SVG_NPAT] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"
};
/* The marks drawn over the colour, black at half strength. */
static const char *const svg_mark[SVG_NPAT] = {
	"<path d='M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6' stroke='#000' stroke-opacity='0.55' stroke-width='1.5'/>",
	"<circle cx='4' cy='4' r='1.6' fill='#000' fill-opacity='0.55'/>",
	"<path d='M0,2 L8,2 M0,6 L8,6' stroke='#000' stroke-opacity='0.55' stroke-width='1.2'/>",
	"<path d='M0,0 L8,8 M8,0 L0,8' stroke='#000' stroke-opacity='0.55' stroke-width='1'/>",
	"<path d='M2,0 L2,8 M6,0 L6,8' stroke='#000' stroke-opacity='0.55' stroke-width='1.2'/>",
	"<path d='M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2' stroke='#000' stroke-opacity='0.55' stroke-width='1.5'/>",
};
static const char *const svg_pattern_name[SVG_NPAT] = {
	"stripes", "dots", "lines", "cross-hatch", "bars", "back stripes"
};

/* Bar height by kind (of SVG_LANE - 6), so kinds differ without colour. */
static const int svg_kind_h[TRACE_KIND_COUNT] = {
	18,     /* work */
	6,      /* wait */
	10,     /* heat */
	14,     /* use */
	18,     /* switch */
	18,     /* start */
	12,     /* blocked */
	8,      /* gil */
};
static const char *const svg_kind_words[TRACE_KIND_COUNT] = {
	"a cook works", "waiting, nobody busy", "an appliance heats",
	"an appliance cooks", "switching threads", "starting a process",
	"blocked on a lock", "holds the GIL"
};

static void
svg_mmss(FILE *f, sched_ms ms)
{
	char b[32];

	report_mmss(b, sizeof b, ms);
	fputs(b, f);
}

/* Minutes between ticks: about ten ticks across. */
static sched_ms
svg_tick(sched_ms end)
{
	static const int mins[] = { 1, 2, 5, 10, 15, 20, 30, 60, 120, 240,
				    480, 960, 1440 };
	size_t i;

	for (i = 0; i < sizeof mins / sizeof mins[0]; i++)
		if (end / ((sched_ms)mins[i] * 60000) <= 12)
			return (sched_ms)mins[i] * 60000;
	return end / 12 + 1;
}

static double
svg_x(sched_ms t, sched_ms end)
{
	return SVG_MARGIN + SVG_LABEL + (double)t * SVG_CHART / (double)end;
}

static void
svg_defs(FILE *f)
{
	int i;

	fputs("<defs>\n", f);
	for (i = 0; i < SVG_NPAT; i++)
		fprintf(f, "<pattern id='r%d' patternUnits='userSpaceOnUse' "
			"width='8' height='8'><rect width='8' height='8' "
			"fill='%s'/>%s</pattern>\n", i, svg_colour[i], svg_mark[i]);
	/* Overheads carry no recipe colour: grey with their own marks. */
	fputs("<pattern id='over' patternUnits='userSpaceOnUse' width='6' "
	      "height='6'><rect width='6' height='6' fill='#555'/>"
	      "<path d='M0,6 L6,0' stroke='#fff' stroke-width='1'/></pattern>\n"
	      "<pattern id='start' patternUnits='userSpaceOnUse' width='6' "
	      "height='6'><rect width='6' height='6' fill='#555'/>"
	      "<circle cx='3' cy='3' r='1.3' fill='#fff'/></pattern>\n"
	      "</defs>\n", f);
	fputs("<style>text{font-family:'DejaVu Sans',Verdana,sans-serif;"
	      "font-size:12px;fill:#000}.h{font-size:15px;font-weight:bold}"
	      ".t{font-size:18px;font-weight:bold}.ax{font-size:11px}"
	      ".bad{fill:#B00000;font-weight:bold}</style>\n", f);
}

/* One span's bar: pattern by recipe, height by kind. */
static void
svg_span(FILE *f, const struct run *r, const struct trace_span *sp,
	 double y, sched_ms end)
{
	const struct menu *m = run_menu(r);
	sched_ms e = sp->end == TRACE_OPEN ? report_open_end(r) : sp->end;
	int kind = sp->kind >= 0 && sp->kind < TRACE_KIND_COUNT ? sp->kind : 0;
	double x0 = svg_x(sp->start, end), x1 = svg_x(e, end);
	double h = svg_kind_h[kind], top = y + (SVG_LANE - h) / 2.0;
	bool recipe = sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes;
	const char *what = report_span_what(r, sp);

	if (x1 - x0 < 0.6)
		x1 = x0 + 0.6;  /* a 10 s switch in an hour still shows */
	fprintf(f, "<rect x='%.2f' y='%.1f' width='%.2f' height='%.0f' ",
		x0, top, x1 - x0, h);
	if (kind == TRACE_BLOCKED)
		fprintf(f, "fill='#fff' stroke='%s' stroke-width='1.5' "
			"stroke-dasharray='4 2'",
			recipe ? svg_colour[sp->recipe % SVG_NPAT] : "#000");
	else if (kind == TRACE_START)
		fputs("fill='url(#start)'", f);
	else if (kind == TRACE_SWITCH || !recipe)
		fputs("fill='url(#over)'", f);
	else
		fprintf(f, "fill='url(#r%d)' stroke='#000' stroke-width='0.5'",
			sp->recipe % SVG_NPAT);
	fputs("><title>", f);
	if (recipe) {
		export_xml_text(f, m->recipes[sp->recipe]->name, true);
		if (sp->step >= 0)
			fprintf(f, " step %d", sp->step + 1);
		fputs(": ", f);
	}
	export_xml_text(f, what[0] ? what : report_kind_name(kind), recipe && sp->step >= 0);
	fputs(" (", f);
	svg_mmss(f, sp->start);
	fputs("-", f);
	svg_mmss(f, e);
	fputs(")</title></rect>\n", f);
}

static void
svg_axis(FILE *f, double y, sched_ms end)
{
	sched_ms step = svg_tick(end), t;

	fprintf(f, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' "
		"stroke='#000' stroke-width='1'/>\n",
		svg_x(0, end), y, svg_x(end, end), y);
	for (t = 0; t <= end; t += step) {
		fprintf(f, "<line x1='%.2f' y1='%.1f' x2='%.2f' y2='%.1f' "
			"stroke='#000'/>", svg_x(t, end), y, svg_x(t, end), y + 5);
		fprintf(f, "<text class='ax' x='%.2f' y='%.1f' "
			"text-anchor='middle'>", svg_x(t, end), y + 17);
		svg_mmss(f, t);
		fputs("</text>\n", f);
	}
}

static int
svg_ruined(const struct run_result *res)
{
	size_t i;
	int n = 0;

	for (i = 0; i < res->ndishes; i++)
		n += !res->dishes[i].ok;
	return n;
}

/* A ruined dish's reason, on lines of its own under the dish, broken
 * between words at SVG_WRAP bytes (about the chart's width at 12px). */
#define SVG_WRAP 130

static int
svg_wrap_lines(const char *s, const char **starts, int *lens, int max)
{
	int n = 0, len, brk;

	while (*s != '\0' && n < max) {
		while (*s == ' ')
			s++;
		len = (int)strlen(s);
		if (len > SVG_WRAP) {
			for (brk = SVG_WRAP; brk > 0 && s[brk] != ' '; brk--)
				;
			len = brk > 0 ? brk : SVG_WRAP;
		}
		if (len == 0)
			break;
		if (starts != NULL) {
			starts[n] = s;
			lens[n] = len;
		}
		n++;
		s += len;
	}
	return n;
}

static int
svg_dish_rows(const struct run_dish *d)
{
	return 1 + (!d->ok && d->problem[0] ?
		    svg_wrap_lines(d->problem, NULL, NULL, 8) : 0);
}

/* The height svg_block will take, to size the picture before drawing. */
static double
svg_block_height(const struct run *r)
{
	const struct run_result *res = run_result(r);
	double dishes = SVG_LANE;
	size_t i;

	if (run_deadlock(r) != NULL && run_deadlock(r)->text != NULL)
		dishes += svg_wrap_lines(run_deadlock(r)->text, NULL, NULL, 8) *
			  SVG_LANE * 0.8;
	if (res->ndishes <= 12) {
		dishes += SVG_LANE * 0.4 - SVG_LANE;
		for (i = 0; i < res->ndishes; i++)
			dishes += svg_dish_rows(&res->dishes[i]) * SVG_LANE * 0.8;
	}

	return SVG_LANE + (double)run_trace(r)->nlanes * SVG_LANE +
	       2 * SVG_LANE + dishes;
}

static double
svg_block(FILE *f, const struct run *r, double y, sched_ms end)
{
	const struct trace *tr = run_trace(r);
	const struct run_result *res = run_result(r);
	const struct run_opts *o = run_options(r);
	const struct menu *m = run_menu(r);
	double ly;
	size_t i, l;
	const struct run_deadlock *dl = run_deadlock(r);
	/* A deadlock's dishes were never served, not ruined. */
	int ruined = dl != NULL ? 0 : svg_ruined(res);

	fprintf(f, "<text class='h' x='%d' y='%.1f'>%s: ", SVG_MARGIN, y + 15,
		model_name(o->model));
	if (dl != NULL) {
		fputs("DEADLOCK at ", f);
		svg_mmss(f, dl->at);
	} else if (run_done(r))
		svg_mmss(f, res->total);
	else {
		fputs("running, at ", f);
		svg_mmss(f, run_now(r));
	}
	fprintf(f, ", %zu dish%s, %d ruined, %d cook%s%s%s</text>\n",
		res->ndishes, res->ndishes == 1 ? "" : "es", ruined,
		res->cooks, res->cooks == 1 ? "" : "s",
		o->model == MODEL_THREADS ? (o->gil ? ", GIL on" : ", GIL off") : "",
		o->locks ? ", locks on" : "");
	y += SVG_LANE;
	for (l = 0; l < tr->nlanes; l++) {
		ly = y + (double)l * SVG_LANE;
		fprintf(f, "<rect x='%.1f' y='%.1f' width='%d' height='%d' "
			"fill='%s'/>\n", svg_x(0, end), ly, SVG_CHART, SVG_LANE,
			l % 2 ? "#f4f4f4" : "#fff");
		fprintf(f, "<text x='%d' y='%.1f' text-anchor='end'>",
			SVG_MARGIN + SVG_LABEL - 8, ly + 16);
		export_xml_text(f, tr->lanes[l].name, false);
		fputs("</text>\n", f);
		for (i = 0; i < trace_lane_count(tr, (int)l); i++)
			svg_span(f, r, trace_lane_span(tr, (int)l, i), ly, end);
	}
	y += (double)tr->nlanes * SVG_LANE;
	if (!run_done(r))
		fprintf(f, "<line x1='%.2f' y1='%.1f' x2='%.2f' y2='%.1f' "
			"stroke='#000' stroke-width='2' stroke-dasharray='3 3'/>"
			"<text x='%.2f' y='%.1f' text-anchor='middle'>now</text>\n",
			svg_x(run_now(r), end), y - (double)tr->nlanes * SVG_LANE,
			svg_x(run_now(r), end), y, svg_x(run_now(r), end),
			y - (double)tr->nlanes * SVG_LANE - 2);
	svg_axis(f, y, end);
	y += 2 * SVG_LANE;
	if (dl != NULL && dl->text != NULL) {
		const char *st[8];
		int ln[8], k, nl = svg_wrap_lines(dl->text, st, ln, 8);
		char buf[SVG_WRAP + 1];

		for (k = 0; k < nl; k++) {
			snprintf(buf, sizeof buf, "%.*s", ln[k], st[k]);
			fprintf(f, "<text class='bad' x='%d' y='%.1f'>%s", SVG_MARGIN +
				SVG_LABEL, y, k == 0 ? "deadlock: " : "");
			export_xml_text(f, buf, false);
			fputs("</text>\n", f);
			y += SVG_LANE * 0.8;
		}
	}
	if (res->ndishes > 12) {
		/* --tables: one line of totals, not thousands. */
		fprintf(f, "<text x='%d' y='%.1f'%s>%zu dishes: %zu ok, %d ruined"
			"</text>\n", SVG_MARGIN + SVG_LABEL, y,
			ruined ? " class='bad'" : "", res->ndishes,
			res->ndishes - (size_t)ruined, ruined);
		return y + SVG_LANE;
	}
	for (i = 0; i < res->ndishes; i++) {
		const struct run_dish *d = &res->dishes[i];

		fprintf(f, "<text x='%d' y='%.1f'%s>", SVG_MARGIN + SVG_LABEL, y,
			d->ok ? "" : " class='bad'");
		export_xml_text(f, m->recipes[d->recipe]->name, true);
		if (d->ready_at >= 0) {
			fputs(d->ok ? ": ready at " : ": RUINED, ready at ", f);
			svg_mmss(f, d->ready_at);
		} else {
			fputs(run_done(r) ? ": NEVER READY" : ": not ready yet", f);
		}
		fputs("</text>\n", f);
		y += SVG_LANE * 0.8;
		if (!d->ok && d->problem[0]) {
			const char *st[8];
			int ln[8], k, nl = svg_wrap_lines(d->problem, st, ln, 8);
			char buf[SVG_WRAP + 1];

			for (k = 0; k < nl; k++) {
				snprintf(buf, sizeof buf, "%.*s", ln[k], st[k]);
				fprintf(f, "<text class='bad' x='%d' y='%.1f'>",
					SVG_MARGIN + SVG_LABEL + 16, y);
				export_xml_text(f, buf, false);
				fputs("</text>\n", f);
				y += SVG_LANE * 0.8;
			}
		}
	}
	return y + SVG_LANE * 0.4;
}

static void
svg_legend(FILE *f, const struct menu *m, double y)
{
	double x = SVG_MARGIN;
	size_t i;
	int k;

	fprintf(f, "<text class='h' x='%d' y='%.1f'>Legend</text>\n",
		SVG_MARGIN, y);
	y += 10;
	for (i = 0; i < m->nrecipes; i++) {
		if (x > SVG_W - 220) {
			x = SVG_MARGIN;
			y += SVG_LANE;
		}
		fprintf(f, "<rect x='%.1f' y='%.1f' width='28' height='16' "
			"fill='url(#r%zu)' stroke='#000' stroke-width='0.5'/>"
			"<text x='%.1f' y='%.1f'>", x, y, i % SVG_NPAT, x + 34, y + 13);
		export_xml_text(f, m->recipes[i]->name, true);
		fprintf(f, " (%s)</text>\n", svg_pattern_name[i % SVG_NPAT]);
		x += 200;
	}
	x = SVG_MARGIN;
	y += SVG_LANE + 4;
	for (k = 0; k < TRACE_KIND_COUNT; k++) {
		double h = svg_kind_h[k];

		if (x > SVG_W - 200) {
			x = SVG_MARGIN;
			y += SVG_LANE;
		}
		fprintf(f, "<rect x='%.1f' y='%.1f' width='28' height='%.0f' ",
			x, y + (SVG_LANE - 6 - h) / 2, h);
		if (k == TRACE_BLOCKED)
			fputs("fill='#fff' stroke='#000' stroke-dasharray='4 2'", f);
		else if (k == TRACE_START)
			fputs("fill='url(#start)'", f);
		else if (k == TRACE_SWITCH)
			fputs("fill='url(#over)'", f);
		else
			fputs("fill='#999' stroke='#000' stroke-width='0.5'", f);
		fprintf(f, "/><text x='%.1f' y='%.1f'>%s: %s</text>\n", x + 34,
			y + 13, report_kind_name(k), svg_kind_words[k]);
		x += 280;
	}
}

int
export_svg(FILE *f, struct run *const *runs, size_t n, sched_ms end)
{
	const struct menu *m = n ? run_menu(runs[0]) : NULL;
	double y, h = 50;
	size_t i;
	int height, per_row;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		sched_ms e = trace_end_time(run_trace(runs[i]), report_open_end(runs[i]));

		if (e > end)
			end = e;
		h += svg_block_height(runs[i]) + SVG_LANE * 0.5;
	}
	if (end <= 0)
		end = 1000;
	/* The legend: a heading, rows of recipes, rows of kinds. */
	per_row = (SVG_W - 220 - SVG_MARGIN) / 200 + 1;
	h += 20 + ((int)m->nrecipes + per_row - 1) / per_row * SVG_LANE +
	     4 + (TRACE_KIND_COUNT + 3) / 4 * SVG_LANE + SVG_MARGIN;
	height = (int)h + 1;
	fprintf(f, "<?xml version='1.0' encoding='UTF-8'?>\n"
		"<svg xmlns='http://www.w3.org/2000/svg' version='1.1' "
		"width='%d' height='%d' viewBox='0 0 %d %d'>\n",
		SVG_W, height, SVG_W, height);
	svg_defs(f);
	fprintf(f, "<rect width='%d' height='%d' fill='#fff'/>\n", SVG_W, height);
	fprintf(f, "<text class='t' x='%d' y='30'>", SVG_MARGIN);
	export_xml_text(f, m->name, true);
	if (n > 1)
		fputs(": every model, one time scale", f);
	else
		fprintf(f, " under %s", model_name(run_options(runs[0])->model));
	fputs("</text>\n", f);
	y = 50;
	for (i = 0; i < n; i++)
		y = svg_block(f, runs[i], y, end) + SVG_LANE * 0.5;
	svg_legend(f, m, y + 10);
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}
