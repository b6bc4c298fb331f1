#!/bin/sh
# SPDX-License-Identifier: ISC
# cli-quiz.sh - --batch --quiz: the same seed gives the same quiz byte for
# byte, the JSON has the issue's keys, and every answer is checked against
# a separate --batch run of the same dinner (the answers come from the
# engine, so the report of the same run must agree).
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA

expect 0 "--batch --quiz --seed=7 --answers" "$KT_BIN" --batch --quiz --seed=7 --answers
cp "$kt_tmp/out" "$kt_tmp/q1"
out_has "the text names the seed" "^Quiz, seed 7: 5 questions"
out_has "the text has an answer key" "^Answers"
expect 0 "the same seed again" "$KT_BIN" --batch --quiz --seed=7 --answers
cmp -s "$kt_tmp/out" "$kt_tmp/q1" && ok "same seed, same text, byte for byte" || fail "same seed, same text"
expect 0 "without --answers" "$KT_BIN" --batch --quiz --seed=7
grep -q "^Answers" "$kt_tmp/out" && fail "without --answers there is no key" || ok "without --answers there is no key"
expect 0 "another seed" "$KT_BIN" --batch --quiz --seed=8 --answers
cmp -s "$kt_tmp/out" "$kt_tmp/q1" && fail "another seed, another quiz" || ok "another seed, another quiz"

expect 0 "JSON quiz" "$KT_BIN" --batch --quiz --seed=7 --answers --count=12 --format=json
cp "$kt_tmp/out" "$kt_tmp/j1"
expect 0 "JSON quiz again" "$KT_BIN" --batch --quiz --seed=7 --answers --count=12 --format=json
cmp -s "$kt_tmp/out" "$kt_tmp/j1" && ok "same seed, same JSON, byte for byte" || fail "same seed, same JSON"

if command -v python3 >/dev/null 2>&1; then
	if KT_BIN="$KT_BIN" python3 - "$kt_tmp/j1" >"$kt_tmp/py" 2>&1 <<'PY'
import json, re, subprocess, sys, os
d = json.load(open(sys.argv[1]))
assert set(d) == {"seed", "questions"} and d["seed"] == 7, d.keys()
qs = d["questions"]
assert len(qs) == 12, len(qs)
checked = 0
def run(menu, model, gil, locks, cooks):
    args = [os.environ["KT_BIN"], "--batch", "--format=json", "--model=" + model,
            "--cooks=" + cooks, "--locks" if locks == "on" else "--no-locks"]
    if gil is not None:
        args.append("--gil" if gil == "on" else "--no-gil")
    return json.loads(subprocess.run(args + [menu], check=True,
                      capture_output=True, text=True).stdout)
def mmss(s):
    s = int(s)
    return "%d:%02d" % (s // 60, s % 60)
opts = r"under (\w+) \((?:GIL (on|off), )?locks (on|off)\) with (\d+) cooks?"
for q in qs:
    assert set(q) == {"question", "choices", "answer", "why"}, q
    assert q["answer"] in q["choices"], q
    assert len(set(q["choices"])) == len(q["choices"]) >= 2, q
    assert q["why"], q
    m = re.match(r"How long does (\S+) take " + opts + r"\?$", q["question"])
    if m:
        r = run(m[1], m[2], m[3], m[4], m[5])
        assert mmss(r["total_seconds"]) == q["answer"], (q, r["total_seconds"])
        checked += 1
        continue
    m = re.match(r"On (\S+), " + opts + r", which dish is ready (first|last)\?$", q["question"])
    if m:
        r = run(m[1], m[2], m[3], m[4], m[5])
        times = sorted((x["ready_at"], x["recipe"]) for x in r["dishes"])
        want = times[0][1] if m[6] == "first" else times[-1][1]
        assert want == q["answer"], (q, times)
        checked += 1
        continue
    m = re.match(r"On (\S+) with (\d+) cooks? and locks (on|off)(?: \(threads with(out)? the GIL\))?, which of these models ruins a dish\?$", q["question"])
    assert m, q["question"]
    for c in q["choices"]:
        gil = None if c != "threads" else ("off" if m[4] else "on")
        r = run(m[1], c, gil, m[3], m[2])
        ruined = any(not x["ok"] for x in r["dishes"])
        assert ruined == (c == q["answer"]), (q, c)
    checked += 1
print("checked", checked)
PY
	then
		ok "every JSON answer agrees with a --batch run of the same dinner ($(cat "$kt_tmp/py"))"
	else
		fail "JSON answers against --batch runs" "$(cat "$kt_tmp/py")"
	fi
fi

expect 0 "--count=3" "$KT_BIN" --batch --quiz --seed=1 --count=3 --answers
n=$(grep -c '^ *[0-9]*\. [a-d])' "$kt_tmp/out")
[ "$n" -eq 3 ] && ok "--count=3 gives 3 answers" || fail "--count=3 gives 3 answers: $n"
for bad in --count=0 --count=51 --count=abc; do
	expect 2 "--quiz $bad exits 2" "$KT_BIN" --batch --quiz "$bad"
	err_lines "--quiz $bad: one line" 1
done
expect 2 "--quiz with a MENU exits 2" "$KT_BIN" --batch --quiz salmon-dinner
expect 2 "--quiz --format=csv exits 2" "$KT_BIN" --batch --quiz --format=csv
expect 2 "--quiz on the screen without a terminal exits 2" "$KT_BIN" --quiz
err_has "and says why" "not a terminal"
finish
