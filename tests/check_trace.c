/* SPDX-License-Identifier: ISC */
/*
 * check_trace.c - spans on lanes and events: what a timeline view reads.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

START_TEST(test_lanes_by_name)
{
	struct trace tr;
	int cook, oven, again;

	trace_init(&tr);
	ck_assert(tr.keep_spans);
	cook = trace_lane(&tr, "cook 1");
	oven = trace_lane(&tr, "oven");
	again = trace_lane(&tr, "cook 1");
	ck_assert_int_eq(cook, 0);
	ck_assert_int_eq(oven, 1);
	ck_assert_int_eq(again, cook);
	ck_assert_uint_eq(tr.nlanes, 2);
	ck_assert_str_eq(trace_lane_name(&tr, cook), "cook 1");
	ck_assert_str_eq(trace_lane_name(&tr, oven), "oven");
	ck_assert_ptr_null(trace_lane_name(&tr, 2));
	ck_assert_ptr_null(trace_lane_name(&tr, -1));
	trace_free(&tr);
}
END_TEST

/* The lane name is a copy: the caller's buffer may change afterwards. */
START_TEST(test_lane_name_copied)
{
	struct trace tr;
	char name[16] = "stovetop";
	int lane;

	trace_init(&tr);
	lane = trace_lane(&tr, name);
	strcpy(name, "microwave");
	ck_assert_str_eq(trace_lane_name(&tr, lane), "stovetop");
	ck_assert_int_eq(trace_lane(&tr, "microwave"), 1);
	trace_free(&tr);
}
END_TEST

/* Spans are kept in begin order and each lane lists its own, in order. */
START_TEST(test_spans_per_lane)
{
	struct trace tr;
	const struct trace_span *sp;
	int cook, oven;

	trace_init(&tr);
	cook = trace_lane(&tr, "cook");
	oven = trace_lane(&tr, "oven");
	trace_add(&tr, oven, 0, 0, TRACE_HEAT, 0, 600);
	trace_add(&tr, cook, 0, 1, TRACE_WORK, 0, 120);
	trace_add(&tr, cook, 0, 2, TRACE_WORK, 120, 240);
	trace_add(&tr, oven, 0, 3, TRACE_USE, 600, 1680);
	trace_add(&tr, cook, 1, 0, TRACE_WORK, 240, 300);
	ck_assert_uint_eq(tr.nspans, 5);
	ck_assert_uint_eq(trace_lane_count(&tr, cook), 3);
	ck_assert_uint_eq(trace_lane_count(&tr, oven), 2);

	sp = trace_lane_span(&tr, cook, 0);
	ck_assert_int_eq(sp->start, 0);
	ck_assert_int_eq(sp->end, 120);
	ck_assert_int_eq(sp->step, 1);
	sp = trace_lane_span(&tr, cook, 2);
	ck_assert_int_eq(sp->recipe, 1);
	ck_assert_int_eq(sp->start, 240);
	ck_assert_int_eq(sp->lane, cook);

	sp = trace_lane_span(&tr, oven, 1);
	ck_assert_int_eq(sp->kind, TRACE_USE);
	ck_assert_int_eq(sp->start, 600);
	ck_assert_int_eq(sp->end, 1680);
	ck_assert_int_eq(sp->table, 0);
	ck_assert_int_eq(trace_end_time(&tr, 0), 1680);
	ck_assert_uint_eq(tr.span_count, 5);
	trace_free(&tr);
}
END_TEST

/* A span is open until trace_end closes it; an open span reaches `now`
 * in trace_end_time. */
START_TEST(test_open_spans)
{
	struct trace tr;
	size_t heat, bake;
	int oven;

	trace_init(&tr);
	oven = trace_lane(&tr, "oven");
	heat = trace_begin(&tr, oven, 0, 0, TRACE_HEAT, 0);
	ck_assert_uint_eq(heat, 0);
	ck_assert_int_eq(tr.spans[heat].end, TRACE_OPEN);
	ck_assert_int_eq(trace_end_time(&tr, 300), 300);
	trace_end(&tr, heat, 600);
	bake = trace_begin(&tr, oven, 0, 3, TRACE_USE, 600);
	ck_assert_uint_eq(bake, 1);
	ck_assert_int_eq(tr.spans[heat].end, 600);
	ck_assert_int_eq(trace_end_time(&tr, 900), 900);
	ck_assert_int_eq(trace_end_time(&tr, 600), 600);
	trace_end(&tr, bake, 1680);
	ck_assert_int_eq(trace_end_time(&tr, 900), 1680);
	/* Closing "no span" is harmless. */
	trace_end(&tr, TRACE_NONE, 5);
	trace_end(&tr, 99, 5);
	ck_assert_int_eq(tr.spans[0].end, 600);
	trace_free(&tr);
}
END_TEST

START_TEST(test_set_table)
{
	struct trace tr;
	size_t a, b;
	int cook;

	trace_init(&tr);
	cook = trace_lane(&tr, "cook");
	a = trace_add(&tr, cook, 0, 0, TRACE_WORK, 0, 10);
	b = trace_add(&tr, cook, 0, 0, TRACE_WORK, 10, 20);
	trace_set_table(&tr, b, 2);
	trace_set_table(&tr, TRACE_NONE, 3);
	ck_assert_int_eq(tr.spans[a].table, 0);
	ck_assert_int_eq(tr.spans[b].table, 2);
	trace_free(&tr);
}
END_TEST

/* A span on a lane that was never made is dropped, not written anywhere. */
START_TEST(test_bad_lane_dropped)
{
	struct trace tr;

	trace_init(&tr);
	trace_lane(&tr, "cook");
	ck_assert_uint_eq(trace_begin(&tr, 1, 0, 0, TRACE_WORK, 0), TRACE_NONE);
	ck_assert_uint_eq(trace_begin(&tr, -1, 0, 0, TRACE_WORK, 0), TRACE_NONE);
	ck_assert_uint_eq(tr.nspans, 0);
	ck_assert(!trace_failed(&tr));
	trace_free(&tr);
}
END_TEST

START_TEST(test_events_formatted)
{
	struct trace tr;
	char longname[300];

	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	trace_init(&tr);
	ck_assert_int_eq(trace_event(&tr, 0, "oven set to %dF", 350), 0);
	ck_assert_int_eq(trace_event(&tr, 360, "%s comes to a boil", "rice"), 0);
	ck_assert_int_eq(trace_event(&tr, 361, "%s", longname), 0);
	ck_assert_uint_eq(tr.nevents, 3);
	ck_assert_uint_eq(tr.event_count, 3);
	ck_assert_int_eq(tr.events[0].time, 0);
	ck_assert_str_eq(tr.events[0].text, "oven set to 350F");
	ck_assert_int_eq(tr.events[1].time, 360);
	ck_assert_str_eq(tr.events[1].text, "rice comes to a boil");
	ck_assert_str_eq(tr.events[2].text, longname);
	trace_free(&tr);
}
END_TEST

/* first_from: the first span starting at or after t, ties included. */
START_TEST(test_first_from)
{
	static const sched_ms starts[] = { 0, 0, 10, 10, 10, 25, 40 };
	struct trace tr;
	size_t i;
	int cook;

	trace_init(&tr);
	cook = trace_lane(&tr, "cook");
	ck_assert_uint_eq(trace_first_from(&tr, 0), 0);
	for (i = 0; i < sizeof starts / sizeof starts[0]; i++)
		trace_add(&tr, cook, 0, (int)i, TRACE_WORK, starts[i], starts[i] + 5);
	ck_assert_uint_eq(trace_first_from(&tr, -5), 0);
	ck_assert_uint_eq(trace_first_from(&tr, 0), 0);
	ck_assert_uint_eq(trace_first_from(&tr, 1), 2);
	ck_assert_uint_eq(trace_first_from(&tr, 10), 2);
	ck_assert_uint_eq(trace_first_from(&tr, 11), 5);
	ck_assert_uint_eq(trace_first_from(&tr, 25), 5);
	ck_assert_uint_eq(trace_first_from(&tr, 40), 6);
	ck_assert_uint_eq(trace_first_from(&tr, 41), 7);
	trace_free(&tr);
}
END_TEST

/* The binary searches agree with a linear scan on a long trace. */
START_TEST(test_from_matches_scan)
{
	struct trace tr;
	sched_ms t = 0, q;
	size_t i, want;
	unsigned int x = 7;
	int lane[3];

	trace_init(&tr);
	lane[0] = trace_lane(&tr, "cook 1");
	lane[1] = trace_lane(&tr, "cook 2");
	lane[2] = trace_lane(&tr, "oven");
	for (i = 0; i < 5000; i++) {
		x = x * 1103515245u + 12345u;
		t += (x >> 16) % 3;             /* steps of 0, 1 or 2 */
		trace_add(&tr, lane[i % 3], 0, 0, TRACE_WORK, t, t + 1);
		ck_assert_int_eq(trace_event(&tr, t, "e%zu", i), 0);
	}
	ck_assert_uint_eq(tr.nspans, 5000);
	ck_assert_uint_eq(trace_lane_count(&tr, lane[1]), 1667);
	for (q = -1; q <= t + 1; q++) {
		for (want = 0; want < tr.nspans && tr.spans[want].start < q; want++)
			;
		ck_assert_uint_eq(trace_first_from(&tr, q), want);
		ck_assert_uint_eq(trace_event_from(&tr, q), want);
	}
	/* Each lane's list holds its own spans, in start order. */
	for (i = 1; i < trace_lane_count(&tr, lane[2]); i++) {
		ck_assert_int_eq(trace_lane_span(&tr, lane[2], i)->lane, lane[2]);
		ck_assert_int_le(trace_lane_span(&tr, lane[2], i - 1)->start,
		    trace_lane_span(&tr, lane[2], i)->start);
	}
	trace_free(&tr);
}
END_TEST

START_TEST(test_event_from)
{
	struct trace tr;

	trace_init(&tr);
	ck_assert_uint_eq(trace_event_from(&tr, 0), 0);
	trace_event(&tr, 0, "start");
	trace_event(&tr, 360, "boil");
	trace_event(&tr, 360, "stir");
	trace_event(&tr, 600, "oven hot");
	ck_assert_uint_eq(trace_event_from(&tr, 0), 0);
	ck_assert_uint_eq(trace_event_from(&tr, 1), 1);
	ck_assert_uint_eq(trace_event_from(&tr, 360), 1);
	ck_assert_uint_eq(trace_event_from(&tr, 361), 3);
	ck_assert_uint_eq(trace_event_from(&tr, 601), 4);
	trace_free(&tr);
}
END_TEST

/* keep_spans false: everything is counted, nothing is stored. */
START_TEST(test_count_only)
{
	struct trace tr;
	int i, cook;

	trace_init(&tr);
	tr.keep_spans = false;
	cook = trace_lane(&tr, "cook");
	ck_assert_int_eq(cook, 0);
	for (i = 0; i < 1000; i++) {
		ck_assert_uint_eq(trace_begin(&tr, cook, 0, i, TRACE_WORK, i),
		    TRACE_NONE);
		trace_end(&tr, TRACE_NONE, i + 1);
		trace_add(&tr, cook, 0, i, TRACE_WAIT, i, i + 1);
		ck_assert_int_eq(trace_event(&tr, i, "step %d", i), 0);
	}
	ck_assert_uint_eq(tr.span_count, 2000);
	ck_assert_uint_eq(tr.event_count, 1000);
	ck_assert_uint_eq(tr.nspans, 0);
	ck_assert_uint_eq(tr.nevents, 0);
	ck_assert_ptr_null(tr.spans);
	ck_assert_ptr_null(tr.events);
	ck_assert_uint_eq(trace_lane_count(&tr, cook), 0);
	ck_assert(!trace_failed(&tr));
	trace_free(&tr);
}
END_TEST

/* reset clears the run but keeps lanes (same numbers) and memory. */
START_TEST(test_reset_keeps_lanes)
{
	struct trace tr;
	struct trace_span *spans;
	int cook, oven;

	trace_init(&tr);
	cook = trace_lane(&tr, "cook");
	oven = trace_lane(&tr, "oven");
	trace_add(&tr, cook, 0, 0, TRACE_WORK, 0, 5);
	trace_add(&tr, oven, 0, 0, TRACE_HEAT, 0, 600);
	trace_event(&tr, 0, "go");
	spans = tr.spans;
	trace_reset(&tr);
	ck_assert_uint_eq(tr.nspans, 0);
	ck_assert_uint_eq(tr.nevents, 0);
	ck_assert_uint_eq(tr.span_count, 0);
	ck_assert_uint_eq(tr.event_count, 0);
	ck_assert_uint_eq(tr.nlanes, 2);
	ck_assert_uint_eq(trace_lane_count(&tr, cook), 0);
	ck_assert_uint_eq(trace_lane_count(&tr, oven), 0);
	ck_assert_int_eq(trace_lane(&tr, "oven"), oven);
	ck_assert_str_eq(trace_lane_name(&tr, cook), "cook");
	ck_assert_int_eq(trace_end_time(&tr, 0), 0);

	/* The next run records from scratch into the same arrays. */
	trace_add(&tr, oven, 1, 2, TRACE_USE, 10, 20);
	ck_assert_ptr_eq(tr.spans, spans);
	ck_assert_uint_eq(trace_lane_count(&tr, oven), 1);
	ck_assert_int_eq(trace_lane_span(&tr, oven, 0)->recipe, 1);
	ck_assert_uint_eq(trace_first_from(&tr, 0), 0);
	ck_assert_uint_eq(trace_event_from(&tr, 0), 0);
	trace_free(&tr);
}
END_TEST

/* trace_free leaves an empty trace that can be used again. */
START_TEST(test_free_then_reuse)
{
	struct trace tr;
	int lane;

	trace_init(&tr);
	trace_add(&tr, trace_lane(&tr, "a"), 0, 0, TRACE_WORK, 0, 1);
	trace_free(&tr);
	ck_assert_uint_eq(tr.nlanes, 0);
	ck_assert(tr.keep_spans);
	lane = trace_lane(&tr, "b");
	ck_assert_int_eq(lane, 0);
	trace_add(&tr, lane, 0, 0, TRACE_WORK, 0, 1);
	ck_assert_uint_eq(tr.nspans, 1);
	trace_free(&tr);
}
END_TEST

/* A failed trace stores nothing more but keeps counting, and a reset
 * gives the next run a fresh chance.  (The failed state is set by hand:
 * a real allocation failure cannot be provoked portably.) */
START_TEST(test_failed_stops_storing)
{
	struct trace tr;
	int cook;

	trace_init(&tr);
	cook = trace_lane(&tr, "cook");
	trace_add(&tr, cook, 0, 0, TRACE_WORK, 0, 1);
	tr.failed = true;
	ck_assert(trace_failed(&tr));
	ck_assert_uint_eq(trace_begin(&tr, cook, 0, 1, TRACE_WORK, 1), TRACE_NONE);
	ck_assert_int_eq(trace_event(&tr, 1, "lost"), -1);
	ck_assert_int_eq(trace_lane(&tr, "new lane"), -1);
	ck_assert_int_eq(trace_lane(&tr, "cook"), cook);
	ck_assert_uint_eq(tr.nspans, 1);
	ck_assert_uint_eq(tr.nevents, 0);
	ck_assert_uint_eq(tr.span_count, 2);
	ck_assert_uint_eq(tr.event_count, 1);
	trace_reset(&tr);
	ck_assert(!trace_failed(&tr));
	ck_assert_uint_eq(trace_begin(&tr, cook, 0, 1, TRACE_WORK, 1), 0);
	trace_free(&tr);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("trace");
	TCase *lanes = tcase_create("lanes");
	TCase *walk = tcase_create("walk");
	TCase *life = tcase_create("life");
	SRunner *sr;
	int failed;

	tcase_add_test(lanes, test_lanes_by_name);
	tcase_add_test(lanes, test_lane_name_copied);
	tcase_add_test(lanes, test_spans_per_lane);
	tcase_add_test(lanes, test_open_spans);
	tcase_add_test(lanes, test_set_table);
	tcase_add_test(lanes, test_bad_lane_dropped);
	tcase_add_test(walk, test_events_formatted);
	tcase_add_test(walk, test_first_from);
	tcase_add_test(walk, test_from_matches_scan);
	tcase_add_test(walk, test_event_from);
	tcase_add_test(life, test_count_only);
	tcase_add_test(life, test_reset_keeps_lanes);
	tcase_add_test(life, test_free_then_reuse);
	tcase_add_test(life, test_failed_stops_storing);
	tcase_set_timeout(walk, 60);
	suite_add_tcase(s, lanes);
	suite_add_tcase(s, walk);
	suite_add_tcase(s, life);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
