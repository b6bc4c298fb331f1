/* SPDX-License-Identifier: ISC */
/*
 * peer-ucontext.c - a stackful peer: two ucontext contexts handing control
 * back and forth with swapcontext(3).  glibc's swapcontext saves and
 * restores the signal mask with a system call each time, which is most of
 * its cost; that is what a stackful coroutine built on it pays.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>
#include <ucontext.h>

#include "peer.h"

#define PEER_STACK (64 * 1024)

static ucontext_t peer_main, peer_co;
static unsigned long peer_turns;

static void
peer_co_fn(void)
{
	for (;;) {
		peer_turns++;
		swapcontext(&peer_co, &peer_main);
	}
}

double
peer_ucontext_resume(unsigned long n)
{
	struct timespec a, b;
	unsigned long i;
	void *stack;

	if ((stack = malloc(PEER_STACK)) == NULL)
		return -1;
	if (getcontext(&peer_co) != 0) {
		free(stack);
		return -1;
	}
	peer_co.uc_stack.ss_sp = stack;
	peer_co.uc_stack.ss_size = PEER_STACK;
	peer_co.uc_link = &peer_main;
	makecontext(&peer_co, peer_co_fn, 0);
	peer_turns = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		swapcontext(&peer_main, &peer_co);
	clock_gettime(CLOCK_MONOTONIC, &b);
	free(stack);
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 +
	    (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
}
