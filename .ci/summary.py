#!/usr/bin/python3
"""Prints one closing line for the meson test logs given: 'N passed, N failed'.

A TAP test counts its subtests (cmocka's "ok N"/"not ok N" lines); any other
test counts as one. A "not ok ... # TODO" line is a known failure fixed by a
branch not merged yet (tests/abi/test_layout.c): counted apart, not failed.
usage: summary.py LABEL testlog.json [testlog.json ...]
"""
import json
import sys

passed = failed = skipped = todo = 0
for path in sys.argv[2:]:
    with open(path) as f:
        for line in f:
            t = json.loads(line)
            tap = [l for l in t.get("stdout", "").splitlines()
                   if l.startswith(("ok ", "not ok "))]
            if t["result"] == "SKIP":
                skipped += 1
            elif tap:
                known = sum(1 for l in tap if l.startswith("not ok ") and "# TODO" in l)
                todo += known
                tap = [l for l in tap if not (l.startswith("not ok ") and "# TODO" in l)]
                bad = sum(1 for l in tap if l.startswith("not ok "))
                failed += bad
                passed += len(tap) - bad
                failed += 1 if bad == 0 and t["result"] != "OK" else 0
            elif t["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
print(f"{sys.argv[1]}: {passed} passed, {failed} failed, {skipped} skipped"
      + (f", {todo} known failures (TODO)" if todo else ""))
sys.exit(1 if failed else 0)
