# SPDX-License-Identifier: ISC
# bench-asyncio.py - the asyncio row of `kitchen-tui --bench`.
#
# Usage: python3 bench-asyncio.py TASKS WAITS
# (no #! line: it is data, installed read-only and run only through python3)
#
# Runs TASKS coroutines, each doing WAITS awaits of asyncio.sleep(0.001),
# the same workload the C models run, and prints one JSON line with the
# same figures kitchen-tui measures for them.  Memory is measured the same
# way too: resident pages (Rss of /proc/self/smaps_rollup) plus page
# tables (VmPTE), before creating the tasks and once every task is alive
# and waiting on its first sleep; the difference divided by TASKS.
#
# kitchen-tui runs this in its own process, so the peak (VmHWM) is the
# interpreter's own.  Errors go to stderr with exit status 1.

import asyncio
import json
import sys
import time


def proc_kb(path, key):
    """The value in kB of `key:` in a /proc file, or None."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def memory_bytes():
    """Resident pages plus page tables of this process, in bytes."""
    rss = proc_kb("/proc/self/smaps_rollup", "Rss")
    if rss is None:
        rss = proc_kb("/proc/self/status", "VmRSS")
    pte = proc_kb("/proc/self/status", "VmPTE") or 0
    if rss is None:
        raise OSError("cannot read /proc/self/status (not Linux?)")
    return (rss + pte) * 1024


async def recipe(waits):
    # One recipe: a few short real waits, like the C models.
    for _ in range(waits):
        await asyncio.sleep(0.001)


async def bench(tasks, waits):
    loop_tasks = []
    before = memory_bytes()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(tasks):
        loop_tasks.append(asyncio.create_task(recipe(waits)))
    # One turn of the loop runs every new task up to its first sleep, so
    # that all of them are alive and waiting (as a protothread is after its
    # first call).
    await asyncio.sleep(0)
    t1 = time.perf_counter()
    cpu1 = time.process_time()
    after = memory_bytes()
    cpu2 = time.process_time()
    t2 = time.perf_counter()
    await asyncio.gather(*loop_tasks)
    t3 = time.perf_counter()
    cpu3 = time.process_time()
    return {
        "wall_seconds": (t1 - t0) + (t3 - t2),
        "cpu_per_wait_ns": (cpu3 - cpu2 + 0.0) * 1e9 / (tasks * waits),
        "peak_rss_bytes": (proc_kb("/proc/self/status", "VmHWM") or 0) * 1024,
        "memory_per_task_bytes": max(after - before, 0) / tasks,
        "create_ns": (t1 - t0) * 1e9 / tasks,
        "create_cpu_ns": (cpu1 - cpu0) * 1e9 / tasks,
    }


def main(argv):
    if len(argv) != 3:
        print("usage: bench-asyncio.py TASKS WAITS", file=sys.stderr)
        return 2
    try:
        tasks, waits = int(argv[1]), int(argv[2])
    except ValueError:
        print("bench-asyncio.py: TASKS and WAITS must be whole numbers",
              file=sys.stderr)
        return 2
    if not (1 <= tasks <= 100000 and 1 <= waits <= 100000):
        print("bench-asyncio.py: TASKS and WAITS must be 1 to 100000",
              file=sys.stderr)
        return 2
    try:
        # A warm-up run first, thrown away: the first run of the code
        # faults in pages of the interpreter that are no cost per task.
        asyncio.run(bench(2, 1))
        result = asyncio.run(bench(tasks, waits))
    except (OSError, MemoryError) as e:
        print("bench-asyncio.py: %s" % e, file=sys.stderr)
        return 1
    result["python_version"] = sys.version.split()[0]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
