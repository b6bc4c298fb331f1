/* SPDX-License-Identifier: ISC */
/*
 * check_kitchen.c - the appliances: the oven's temperature line, capacity
 * pools served first come first served, locks, and specs.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "kitchen.h"

#define MIN(x) ((sched_ms)(x) * 60000)

static struct kitchen_spec spec;
static struct kitchen k;

static void
setup(void)
{
	kitchen_spec_default(&spec);
	kitchen_init(&k, &spec);
}

START_TEST(test_oven_starts_at_room_temperature)
{
	ck_assert_int_eq(kitchen_oven_temp(&k, 0), 70);
	ck_assert_int_eq(kitchen_oven_temp(&k, MIN(60)), 70);
	ck_assert(kitchen_oven_ready(&k, 0));
	ck_assert_int_eq(k.oven.setpoint_f, 70);
}
END_TEST

/* 70F to 350F at 25F a minute: 11.2 minutes, as the tutorial's oven. */
START_TEST(test_oven_heats_in_a_line)
{
	ck_assert_int_eq(kitchen_oven_set(&k, 0, 350), 672000);
	ck_assert_int_eq(k.oven.ready_at, 672000);
	ck_assert_int_eq(kitchen_oven_temp(&k, MIN(1)), 95);
	ck_assert_int_eq(kitchen_oven_temp(&k, 336000), 210);
	ck_assert(!kitchen_oven_ready(&k, 671999));
	ck_assert(kitchen_oven_ready(&k, 672000));
	ck_assert_int_eq(kitchen_oven_temp(&k, MIN(100)), 350);
}
END_TEST

/* Down at the cooling rate: 425F to 350F at 10F a minute is 7.5 min. */
START_TEST(test_oven_cools_slower)
{
	sched_ms hot = kitchen_oven_set(&k, 0, 425);

	ck_assert_int_eq(hot, 852000);
	ck_assert_int_eq(kitchen_oven_set(&k, hot, 350), hot + 450000);
	ck_assert_int_eq(kitchen_oven_temp(&k, hot + MIN(3)), 395);
	ck_assert_int_eq(kitchen_oven_temp(&k, hot + MIN(60)), 350);
}
END_TEST

/* The last set point wins, from wherever the oven is now. */
START_TEST(test_oven_set_point_changed_while_heating)
{
	kitchen_oven_set(&k, 0, 350);
	ck_assert_int_eq(kitchen_oven_temp(&k, MIN(5)), 195);
	ck_assert_int_eq(kitchen_oven_set(&k, MIN(5), 425), MIN(5) + 552000);
	ck_assert_int_eq(k.oven.setpoint_f, 425);
	/* Setting it to where it is: ready at once. */
	ck_assert_int_eq(kitchen_oven_set(&k, MIN(5), 195), MIN(5));
	ck_assert_int_eq(k.oven.ready_at, -1);
}
END_TEST

START_TEST(test_tolerance)
{
	ck_assert(kitchen_temp_ok(&k, 350, 350));
	ck_assert(kitchen_temp_ok(&k, 365, 350));
	ck_assert(kitchen_temp_ok(&k, 335, 350));
	ck_assert(!kitchen_temp_ok(&k, 366, 350));
	ck_assert(!kitchen_temp_ok(&k, 425, 350));
	ck_assert(!kitchen_temp_ok(&k, 70, 350));
}
END_TEST

/* Two kitchens are two values: one oven's heat is not the other's. */
START_TEST(test_kitchens_are_values)
{
	struct kitchen other;

	kitchen_init(&other, &spec);
	kitchen_oven_set(&k, 0, 425);
	ck_assert_int_eq(kitchen_oven_temp(&other, MIN(30)), 70);
	ck_assert_int_eq(kitchen_oven_temp(&k, MIN(30)), 425);
}
END_TEST

/* A scheduler task that records the order it was served in. */
struct served {
	struct kitchen_waiter w;
	int id;
};
static int order[8], norder;

static void
served_fn(struct sched *s, struct sched_task *t)
{
	struct served *sv = (struct served *)((char *)t -
	    offsetof(struct served, w.task));

	(void)s;
	order[norder++] = sv->id;
}

/* A full oven: the third sheet waits; freed sheets go to waiters in the
 * order they came, through the scheduler, and the unit numbers are
 * reused. */
START_TEST(test_pool_fifo)
{
	struct kitchen_pool *p = &k.pools[APP_OVEN];
	struct served a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 },
		      d = { .id = 4 };
	struct sched s;

	sched_init(&s);
	a.w.task.fn = b.w.task.fn = c.w.task.fn = d.w.task.fn = served_fn;
	norder = 0;
	ck_assert_int_eq((int)p->s.units, 2);
	ck_assert(kitchen_pool_take(p, &a.w));
	ck_assert_int_eq(kitchen_pool_claim(p), 0);
	ck_assert(kitchen_pool_take(p, &b.w));
	ck_assert_int_eq(kitchen_pool_claim(p), 1);
	ck_assert(!kitchen_pool_take(p, &c.w));
	ck_assert(!kitchen_pool_take(p, &d.w));
	ck_assert_int_eq(norder, 0);

	ck_assert_int_eq(kitchen_pool_give(p, 1, &s), 0);
	sched_run(&s);
	ck_assert_int_eq(norder, 1);
	ck_assert_int_eq(order[0], 3);
	ck_assert_int_eq(kitchen_pool_claim(p), 1);     /* c gets sheet 2 */

	/* A newcomer cannot overtake d. */
	ck_assert_int_eq(kitchen_pool_give(p, 0, &s), 0);
	ck_assert(!kitchen_pool_take(p, &a.w));
	sched_run(&s);
	ck_assert_int_eq(norder, 2);
	ck_assert_int_eq(order[1], 4);
	sched_free(&s);
}
END_TEST

/* A lock: one holder, FIFO waiters, the unit back when nobody waits. */
START_TEST(test_lock)
{
	struct kitchen_sem lock, *l = &lock;
	struct served a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 };
	struct sched s;

	kitchen_sem_init(l, 1);
	sched_init(&s);
	a.w.task.fn = b.w.task.fn = c.w.task.fn = served_fn;
	norder = 0;
	ck_assert(kitchen_sem_take(l, &a.w));
	ck_assert(!kitchen_sem_take(l, &b.w));
	ck_assert(!kitchen_sem_take(l, &c.w));
	kitchen_sem_give(l, &s);        /* to b */
	kitchen_sem_give(l, &s);        /* to c */
	sched_run(&s);
	ck_assert_int_eq(norder, 2);
	ck_assert_int_eq(order[0], 2);
	ck_assert_int_eq(order[1], 3);
	ck_assert_uint_eq(l->sem.count, 0);
	kitchen_sem_give(l, &s);        /* nobody waits: back to free */
	ck_assert_uint_eq(l->sem.count, 1);
	ck_assert(kitchen_sem_take(l, &a.w));
	sched_free(&s);
}
END_TEST

START_TEST(test_spec_check)
{
	struct kitchen_spec bad = spec;

	ck_assert_ptr_null(kitchen_spec_check(&spec));
	bad.oven_sheets = 0;
	ck_assert_ptr_nonnull(kitchen_spec_check(&bad));
	bad = spec;
	bad.burners = KITCHEN_MAX_UNITS + 1;
	ck_assert_ptr_nonnull(kitchen_spec_check(&bad));
	bad = spec;
	bad.oven_heat_rate = 0;
	ck_assert_ptr_nonnull(kitchen_spec_check(&bad));
	bad = spec;
	bad.microwaves = 0;
	ck_assert_ptr_nonnull(kitchen_spec_check(&bad));
}
END_TEST

/* A menu's faster oven heats faster. */
START_TEST(test_spec_rates)
{
	spec.oven_heat_rate = 50;
	kitchen_init(&k, &spec);
	ck_assert_int_eq(kitchen_oven_set(&k, 0, 350), 336000);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kitchen");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("oven");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_oven_starts_at_room_temperature);
	tcase_add_test(tc, test_oven_heats_in_a_line);
	tcase_add_test(tc, test_oven_cools_slower);
	tcase_add_test(tc, test_oven_set_point_changed_while_heating);
	tcase_add_test(tc, test_tolerance);
	tcase_add_test(tc, test_kitchens_are_values);
	tcase_add_test(tc, test_spec_rates);
	suite_add_tcase(s, tc);

	tc = tcase_create("capacity");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_pool_fifo);
	tcase_add_test(tc, test_lock);
	tcase_add_test(tc, test_spec_check);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
