# SPDX-License-Identifier: ISC
# peer-asyncio.py - CPython's cost of a coroutine switch, the peer of our
# protothread resume+yield: `await asyncio.sleep(0)` (one trip through the
# event loop) and a plain generator's next() (the cheapest resume CPython
# has).  Prints "asyncio_sleep0_ns N" and "generator_next_ns N", each the
# median of 5 runs, and the interpreter that ran them.
import asyncio
import statistics
import sys
import time

N_ASYNC = 200_000
N_GEN = 2_000_000


async def spin(n):
    for _ in range(n):
        await asyncio.sleep(0)


def run_async():
    t0 = time.perf_counter()
    asyncio.run(spin(N_ASYNC))
    return (time.perf_counter() - t0) * 1e9 / N_ASYNC


def gen():
    while True:
        yield


def run_gen():
    g = gen()
    nxt = g.__next__
    t0 = time.perf_counter()
    for _ in range(N_GEN):
        nxt()
    return (time.perf_counter() - t0) * 1e9 / N_GEN


print("python %s %s" % (sys.executable, sys.version.split()[0]))
print("asyncio_sleep0_ns %.1f" % statistics.median(run_async() for _ in range(5)))
print("generator_next_ns %.1f" % statistics.median(run_gen() for _ in range(5)))
