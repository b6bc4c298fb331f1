# SPDX-License-Identifier: ISC
# peer-sim.py - the scheduler peer in the standard library's Python: a
# heapq of (time, seq, process) and one generator per process that yields
# its next delay, the way SimPy-style simulators are built.  The workload
# is bench-engine's: N processes, each K timers 1-1000 ms away from the
# same LCG, each process's first run counted as an event.
# Usage: peer-sim.py N K   ->  "sim_events N" and "sim_ns_per_event X".
import heapq
import sys
import time


def proc(i, k):
    x = i
    for _ in range(k):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        yield 1 + (x >> 8) % 1000


def main():
    n, k = int(sys.argv[1]), int(sys.argv[2])
    t0 = time.perf_counter()
    heap = []
    push, pop = heapq.heappush, heapq.heappop
    seq = 0
    events = 0
    gens = [proc(i, k) for i in range(n)]
    for i, g in enumerate(gens):
        events += 1
        d = next(g, None)
        if d is not None:
            push(heap, (d, seq, i))
            seq += 1
    while heap:
        now, _, i = pop(heap)
        events += 1
        d = next(gens[i], None)
        if d is not None:
            push(heap, (now + d, seq, i))
            seq += 1
    dt = time.perf_counter() - t0
    print("sim_events %d" % events)
    print("sim_ns_per_event %.1f" % (dt * 1e9 / events))


main()
