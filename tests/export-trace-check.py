# SPDX-License-Identifier: ISC
"""export-trace-check.py TRACE REPORT: check a --export=trace file against
the --format=json report of the same run (or --compare runs).

Every span of the report must be exactly one "X" event on the thread track
named after its lane, with ts and dur its start and length in whole
microseconds; every log line an instant event with its text; and nothing
else may be there.  Exit 0, or 1 with the first difference."""
import collections
import json
import sys


def us(seconds):
    # The report prints virtual milliseconds as seconds with up to three
    # decimals: back to whole milliseconds, then to microseconds.
    return round(seconds * 1000) * 1000


def main():
    trace = json.load(open(sys.argv[1]))
    report = json.load(open(sys.argv[2]))
    runs = report["runs"] if "runs" in report else [report]
    ev = trace["traceEvents"]
    pname = {e["pid"]: e["args"]["name"] for e in ev
             if e["ph"] == "M" and e["name"] == "process_name"}
    tname = {(e["pid"], e["tid"]): e["args"]["name"] for e in ev
             if e["ph"] == "M" and e["name"] == "thread_name"}
    got = collections.Counter()
    logs = collections.Counter()
    for e in ev:
        model = pname[e["pid"]].split(":")[0] if e["ph"] != "M" else None
        if e["ph"] == "X":
            assert isinstance(e["ts"], int) and isinstance(e["dur"], int), e
            got[(model, tname[(e["pid"], e["tid"])], e["ts"], e["dur"],
                 e["cat"])] += 1
        elif e["ph"] == "i":
            assert e["args"]["text"] == e["name"], e
            logs[(model, e["ts"], e["name"])] += 1
        elif e["ph"] != "M":
            sys.exit("unexpected event %r" % e)
    want = collections.Counter()
    wlogs = collections.Counter()
    for r in runs:
        for s in r["spans"]:
            want[(r["model"], s["lane"], us(s["start"]),
                  us(s["end"]) - us(s["start"]), s["kind"])] += 1
        for line in r["log"]:
            wlogs[(r["model"], us(line["time"]), line["text"])] += 1
    if got != want:
        sys.exit("spans differ: missing %r, extra %r" % (
            list((want - got).items())[:3], list((got - want).items())[:3]))
    if max(got.values(), default=1) != 1 and got != want:
        sys.exit("a span appears twice")
    if logs != wlogs:
        sys.exit("log lines differ: missing %r, extra %r" % (
            list((wlogs - logs).items())[:3], list((logs - wlogs).items())[:3]))
    kitchens = {p for p in pname if p != 0}
    if any(r["model"] == "processes" for r in runs):
        # one process per kitchen: the cooks' and one per recipe that
        # used an appliance of its own kitchen
        assert len(kitchens) > len(runs), pname
    print("%d spans, %d log lines, %d kitchens" % (
        sum(got.values()), sum(logs.values()), len(kitchens)))


main()
