#!/usr/bin/python3
"""Writes the golden files of tests/cli/golden/: what each `retention`
subcommand of golden_cases.py must print, computed by retention_model.py (a
separate Python implementation of the documented definitions, not the C
code under test). A case expected to fail gets a .status file holding the
exit status instead.

usage: make_golden.py            rewrite tests/cli/golden/
       make_golden.py --check    regenerate into a temporary directory and
                                 fail (status 1) if any committed file differs"""
import filecmp
import os
import sys
import tempfile

import golden_cases
import retention_model as model


def write_all(root):
    logs = {}
    for case in golden_cases.CASES:
        path = golden_cases.golden_path(case, root)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if case.status != 0:
            text = "%d\n" % case.status
        else:
            if case.log not in logs:
                logs[case.log] = golden_cases.load(case.log)
            columns, rows = case.compute(logs[case.log])
            text = model.FORMATS[case.format](columns, rows)
        with open(path, "w", newline="") as out:
            out.write(text)
    return [golden_cases.golden_path(c, root) for c in golden_cases.CASES]


def check():
    with tempfile.TemporaryDirectory() as fresh:
        written = write_all(fresh)
        stale = []
        for path in written:
            committed = os.path.join(golden_cases.GOLDEN, os.path.relpath(path, fresh))
            if not os.path.exists(committed) or not filecmp.cmp(path, committed, shallow=False):
                stale.append(os.path.relpath(committed, golden_cases.HERE))
        extra = []
        for log in golden_cases.LOGS:
            folder = os.path.join(golden_cases.GOLDEN, log)
            for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                if not os.path.exists(os.path.join(fresh, log, name)):
                    extra.append(os.path.join("golden", log, name))
    for path in stale:
        print("differs from a fresh make_golden.py run: %s" % path)
    for path in extra:
        print("no case writes %s" % path)
    print("%d golden files, %d stale, %d without a case" % (len(written), len(stale), len(extra)))
    return 1 if stale or extra else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    print("wrote %d golden files" % len(write_all(golden_cases.GOLDEN)))
