/* SPDX-License-Identifier: ISC */
/*
 * trace.h - what a run did: spans on lanes, and point events in words.
 *
 * A lane is a row of the timeline: "cook 1", "oven", "salmon: oven" ...
 * A span is one stretch of one kind of activity on one lane, for one step
 * of one recipe.  Spans are appended when they begin, so the span array is
 * in nondecreasing order of start time; a span still running has
 * end == TRACE_OPEN until trace_end() closes it.  Each lane keeps the
 * indices of its own spans, so views walk a lane without scanning all.
 *
 * Point events are the log: a time and a line of plain text.  Text that
 * came from data files must already be escaped (esc.h) by the caller.
 *
 * Memory grows by doubling.  When an allocation fails the trace is marked
 * failed and later calls do nothing; trace_failed() reports it, it never
 * aborts.  With keep_spans false (huge batch runs) spans and events are
 * only counted, not stored.
 */
#ifndef KT_TRACE_H
#define KT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sched.h"

#define TRACE_OPEN  ((sched_ms)-1)
#define TRACE_NONE  ((size_t)-1)

enum trace_kind {
	TRACE_WORK,     /* a cook works on a step (chopping, arranging) */
	TRACE_WAIT,     /* passive waiting, nobody busy (letting rice stand) */
	TRACE_HEAT,     /* an appliance heats (oven preheat, pot to a boil) */
	TRACE_USE,      /* an appliance cooks an item (bake, simmer, microwave) */
	TRACE_SWITCH,   /* a cook spends time switching between threads */
	TRACE_START,    /* a cook spends time starting a process / handing back */
	TRACE_BLOCKED,  /* a recipe waits for a lock (oven held by another) */
	TRACE_GIL,      /* on the GIL lane: which thread holds it */
	TRACE_KIND_COUNT
};

struct trace_span {
	sched_ms start, end;    /* end == TRACE_OPEN while running */
	int32_t lane;
	int32_t recipe;         /* index in the menu (per table), -1 none */
	int32_t step;           /* step index in the recipe, -1 none */
	int32_t kind;           /* enum trace_kind */
	int32_t table;          /* table number for --tables, 0 otherwise */
};

struct trace_lane {
	char *name;
	size_t *idx;            /* indices into trace.spans, in start order */
	size_t n, cap;
};

struct trace_event {
	sched_ms time;
	char *text;
};

struct trace {
	struct trace_lane *lanes;
	size_t nlanes, caplanes;
	struct trace_span *spans;
	size_t nspans, capspans;
	struct trace_event *events;
	size_t nevents, capevents;
	uint64_t span_count;    /* counted even when not kept */
	uint64_t event_count;
	bool keep_spans;        /* default true */
	bool failed;
};

void trace_init(struct trace *tr);
void trace_free(struct trace *tr);
/* Clear spans and events but keep lanes and memory (restart a run).
 * Also clears `failed`: the next run gets a fresh chance. */
void trace_reset(struct trace *tr);

/* Find a lane by name or add it; its index, or -1 out of memory. */
int trace_lane(struct trace *tr, const char *name);
/* NULL for a lane that does not exist. */
const char *trace_lane_name(const struct trace *tr, int lane);

/* Begin a span; returns its index for trace_end, TRACE_NONE if not kept.
 * Starts must not go back in time (trace_first_from binary-searches them);
 * a span on a lane that does not exist is dropped (TRACE_NONE). */
size_t trace_begin(struct trace *tr, int lane, int recipe, int step,
		   enum trace_kind kind, sched_ms start);
void trace_end(struct trace *tr, size_t span, sched_ms end);
/* A span already finished. */
size_t trace_add(struct trace *tr, int lane, int recipe, int step,
		 enum trace_kind kind, sched_ms start, sched_ms end);
void trace_set_table(struct trace *tr, size_t span, int table);

/* A log line at virtual time t, printf style.  0 or -1. */
int trace_event(struct trace *tr, sched_ms t, const char *fmt, ...)
	KT_PRINTF(3, 4);
/* The same for a line already made: len bytes of text, copied. */
int trace_event_text(struct trace *tr, sched_ms t, const char *text,
		     size_t len);

/* Walking. */
static inline size_t trace_lane_count(const struct trace *tr, int lane)
{
	return tr->lanes[lane].n;
}
static inline const struct trace_span *
trace_lane_span(const struct trace *tr, int lane, size_t i)
{
	return &tr->spans[tr->lanes[lane].idx[i]];
}
/* Index of the first span (in trace.spans) that starts at or after t;
 * nspans if none.  O(log n). */
size_t trace_first_from(const struct trace *tr, sched_ms t);
/* Index of the first event at or after t; nevents if none.  O(log n). */
size_t trace_event_from(const struct trace *tr, sched_ms t);
/* The latest end of all spans (open spans count as `now`). */
sched_ms trace_end_time(const struct trace *tr, sched_ms now);

static inline bool trace_failed(const struct trace *tr)
{
	return tr->failed;
}

#endif
