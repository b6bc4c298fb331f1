/* SPDX-License-Identifier: ISC */
/*
 * trace.c - spans on lanes and point events: what a run did (see trace.h).
 *
 * Everything is appended in virtual-time order, because the models record
 * as the scheduler's clock moves forward and that clock never goes back.
 * That order is what lets trace_first_from() and trace_event_from() binary
 * search instead of scanning: callers must not begin a span (or log an
 * event) earlier than the last one.
 *
 * Arrays grow by doubling and are kept by trace_reset(), so a trace reused
 * for another run allocates only for event texts.  Any failed
 * allocation sets `failed`; from then on nothing more is stored (counts
 * still go up) until trace_reset() gives the next run a fresh chance.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define TRACE_MIN_CAP 16

void
trace_init(struct trace *tr)
{
	memset(tr, 0, sizeof *tr);
	tr->keep_spans = true;
}

static void
trace_free_events(struct trace *tr)
{
	size_t i;

	for (i = 0; i < tr->nevents; i++)
		free(tr->events[i].text);
	tr->nevents = 0;
}

void
trace_free(struct trace *tr)
{
	size_t i;

	trace_free_events(tr);
	free(tr->events);
	for (i = 0; i < tr->nlanes; i++) {
		free(tr->lanes[i].name);
		free(tr->lanes[i].idx);
	}
	free(tr->lanes);
	free(tr->spans);
	trace_init(tr);
}

void
trace_reset(struct trace *tr)
{
	size_t i;

	trace_free_events(tr);
	for (i = 0; i < tr->nlanes; i++)
		tr->lanes[i].n = 0;
	tr->nspans = 0;
	tr->span_count = 0;
	tr->event_count = 0;
	tr->failed = false;
}

/*
 * Make room for one more element in *arr (of *cap elements of `elem`
 * bytes, `n` used), doubling.  -1 and the failed flag when the size would
 * overflow or realloc fails; the old array is left intact either way.
 */
static int
trace_grow(struct trace *tr, void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	if (*cap == 0)
		ncap = TRACE_MIN_CAP;
	else if (*cap > SIZE_MAX / 4 / elem) {
		tr->failed = true;
		return -1;
	} else
		ncap = *cap * 2;
	if ((p = realloc(*arr, ncap * elem)) == NULL) {
		tr->failed = true;
		return -1;
	}
	*arr = p;
	*cap = ncap;
	return 0;
}

/* Lanes are few (cooks and appliances): a linear search by name is
 * cheaper than any index, and keeps them in creation order for views. */
int
trace_lane(struct trace *tr, const char *name)
{
	struct trace_lane *l;
	void *lanes;
	size_t i;
	char *copy;

	for (i = 0; i < tr->nlanes; i++) {
		if (strcmp(tr->lanes[i].name, name) == 0)
			return (int)i;
	}
	if (tr->failed || tr->nlanes >= INT32_MAX)
		return -1;
	lanes = tr->lanes;
	if (trace_grow(tr, &lanes, &tr->caplanes, tr->nlanes,
	    sizeof *tr->lanes) != 0)
		return -1;
	tr->lanes = lanes;
	if ((copy = strdup(name)) == NULL) {
		tr->failed = true;
		return -1;
	}
	l = &tr->lanes[tr->nlanes];
	memset(l, 0, sizeof *l);
	l->name = copy;
	return (int)tr->nlanes++;
}

const char *
trace_lane_name(const struct trace *tr, int lane)
{
	if (lane < 0 || (size_t)lane >= tr->nlanes)
		return NULL;
	return tr->lanes[lane].name;
}

size_t
trace_begin(struct trace *tr, int lane, int recipe, int step,
	    enum trace_kind kind, sched_ms start)
{
	struct trace_span *sp;
	struct trace_lane *l;
	void *arr;

	tr->span_count++;
	if (!tr->keep_spans || tr->failed)
		return TRACE_NONE;
	/* A span on a lane that does not exist is a caller's bug; dropping
	 * it beats writing out of bounds. */
	if (lane < 0 || (size_t)lane >= tr->nlanes)
		return TRACE_NONE;
	l = &tr->lanes[lane];

	/* Grow both arrays before writing either, so a failure leaves the
	 * span list and the lane's index list in agreement. */
	arr = tr->spans;
	if (trace_grow(tr, &arr, &tr->capspans, tr->nspans, sizeof *sp) != 0)
		return TRACE_NONE;
	tr->spans = arr;
	arr = l->idx;
	if (trace_grow(tr, &arr, &l->cap, l->n, sizeof *l->idx) != 0)
		return TRACE_NONE;
	l->idx = arr;

	sp = &tr->spans[tr->nspans];
	sp->start = start;
	sp->end = TRACE_OPEN;
	sp->lane = lane;
	sp->recipe = recipe;
	sp->step = step;
	sp->kind = (int32_t)kind;
	sp->table = 0;
	l->idx[l->n++] = tr->nspans;
	return tr->nspans++;
}

void
trace_end(struct trace *tr, size_t span, sched_ms end)
{
	if (span >= tr->nspans)     /* TRACE_NONE included */
		return;
	tr->spans[span].end = end;
}

size_t
trace_add(struct trace *tr, int lane, int recipe, int step,
	  enum trace_kind kind, sched_ms start, sched_ms end)
{
	size_t span;

	span = trace_begin(tr, lane, recipe, step, kind, start);
	trace_end(tr, span, end);
	return span;
}

void
trace_set_table(struct trace *tr, size_t span, int table)
{
	if (span >= tr->nspans)
		return;
	tr->spans[span].table = table;
}

int
trace_event(struct trace *tr, sched_ms t, const char *fmt, ...)
{
	struct trace_event *ev;
	va_list ap;
	void *arr;
	char *text, buf[256];
	int len;

	tr->event_count++;
	if (!tr->keep_spans)
		return 0;
	if (tr->failed)
		return -1;

	/* Format once on the stack (log lines are short), then copy into an
	 * exact-size string we own; only a longer line is formatted twice. */
	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (len < 0) {
		tr->failed = true;  /* a bad format: as fatal as no memory */
		return -1;
	}
	if ((text = malloc((size_t)len + 1)) == NULL) {
		tr->failed = true;
		return -1;
	}
	if ((size_t)len < sizeof buf) {
		memcpy(text, buf, (size_t)len + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(text, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}

	arr = tr->events;
	if (trace_grow(tr, &arr, &tr->capevents, tr->nevents, sizeof *ev) != 0) {
		free(text);
		return -1;
	}
	tr->events = arr;
	ev = &tr->events[tr->nevents++];
	ev->time = t;
	ev->text = text;
	return 0;
}

/*
 * Lower bound: the first of the n elements of `size` bytes at base whose
 * time (the sched_ms at byte offset `off`) is >= t, O(log n).  Spans and
 * events share it; both arrays are in nondecreasing time order.
 */
static size_t
trace_lower_bound(const void *base, size_t n, size_t size, size_t off,
		  sched_ms t)
{
	size_t lo = 0, hi = n, mid;
	sched_ms v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&v, (const char *)base + mid * size + off, sizeof v);
		if (v < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
trace_first_from(const struct trace *tr, sched_ms t)
{
	return trace_lower_bound(tr->spans, tr->nspans, sizeof *tr->spans,
				 offsetof(struct trace_span, start), t);
}

int
trace_event_text(struct trace *tr, sched_ms t, const char *text, size_t len)
{
	struct trace_event *ev;
	void *arr;
	char *copy;

	tr->event_count++;
	if (!tr->keep_spans)
		return 0;
	if (tr->failed)
		return -1;
	if ((copy = malloc(len + 1)) == NULL) {
		tr->failed = true;
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	arr = tr->events;
	if (trace_grow(tr, &arr, &tr->capevents, tr->nevents, sizeof *ev) != 0) {
		free(copy);
		return -1;
	}
	tr->events = arr;
	ev = &tr->events[tr->nevents++];
	ev->time = t;
	ev->text = copy;
	return 0;
}

size_t
trace_event_from(const struct trace *tr, sched_ms t)
{
	return trace_lower_bound(tr->events, tr->nevents, sizeof *tr->events,
				 offsetof(struct trace_event, time), t);
}

/* O(n) in the spans: it is asked once per report or frame, not per span. */
sched_ms
trace_end_time(const struct trace *tr, sched_ms now)
{
	sched_ms latest = 0, end;
	size_t i;

	for (i = 0; i < tr->nspans; i++) {
		end = tr->spans[i].end == TRACE_OPEN ? now : tr->spans[i].end;
		if (end > latest)
			latest = end;
	}
	return latest;
}
