/* SPDX-License-Identifier: ISC */
/*
 * peer.h - the peers bench-engine measures ours against, in the same run.
 *
 * Each peer is the plainest thing that does the same job, written for the
 * bench: the figure it gives is a limit reference (what the job costs with
 * no engine around it), not a competitor.  Sources: peer-switch.c,
 * peer-ucontext.c, peer-heap.c; the Python peers are peer-asyncio.py and
 * peer-sim.py, run by bench-peers.sh.
 */
#ifndef KT_BENCH_PEER_H
#define KT_BENCH_PEER_H

#include <stddef.h>
#include <stdint.h>

/* ns per resume+yield of a hand-written switch state machine with
 * `points` (1 or 4) yield points, called through a function pointer as a
 * scheduler would. */
double peer_switch_resume(unsigned points, unsigned long n);
/* ns per resume+yield pair of two ucontext contexts (swapcontext twice);
 * < 0 when ucontext is unavailable. */
double peer_ucontext_resume(unsigned long n);
/* The scheduler workload of bench-engine (n processes, each `waits`
 * timers 1-1000 ms away, LCG delays) on a bare binary heap of 24-byte
 * entries: ns per event, counting each process's first run as an event as
 * the engine does.  *events gets the count; < 0 out of memory. */
double peer_heap_run(size_t n, uint32_t waits, uint64_t *events);

#endif
