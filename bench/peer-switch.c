/* SPDX-License-Identifier: ISC */
/*
 * peer-switch.c - the limit reference for resume+yield: a state machine
 * written by hand, one `switch` on a small integer, the least a stackless
 * coroutine can do.  It is called through a function pointer, as our
 * scheduler calls a task, so the compiler cannot inline it away.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "peer.h"

struct peer_sw {
	unsigned state;
	unsigned long turns;
};

static KT_NOINLINE int
peer_sw1(struct peer_sw *p)
{
	switch (p->state) {
	case 0:
		for (;;) {
			p->turns++;
			p->state = 1;
			return 1;
	case 1:;
		}
	}
	return 0;
}

static KT_NOINLINE int
peer_sw4(struct peer_sw *p)
{
	switch (p->state) {
	case 0:
		for (;;) {
			p->turns++;
			p->state = 1;
			return 1;
	case 1:
			p->turns++;
			p->state = 2;
			return 1;
	case 2:
			p->turns++;
			p->state = 3;
			return 1;
	case 3:
			p->turns++;
			p->state = 4;
			return 1;
	case 4:;
		}
	}
	return 0;
}

static double
peer_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
peer_switch_resume(unsigned points, unsigned long n)
{
	/* volatile: the pointer is loaded each call, a real indirect call. */
	int (*volatile fn)(struct peer_sw *) = points == 4 ? peer_sw4 : peer_sw1;
	struct peer_sw p;
	unsigned long i;
	double t0;

	memset(&p, 0, sizeof p);
	t0 = peer_now();
	for (i = 0; i < n; i++)
		fn(&p);
	return (peer_now() - t0) * 1e9 / (double)n;
}
