#!/usr/bin/python3
"""Every public symbol says since when it exists (Doxygen @since).

The public symbols are the RT_API functions, the typedefs and the documented
RT_ macros of include/retention/*.h (and version.h.in); members and
enumerators belong to their type (one appended later gets its own @since).
  check:        fail, naming each declaration whose doc comment lacks @since
  add VERSION:  append "@since VERSION" to each such doc comment (what the
                freeze did with 1.0; after merging new functions, run it with
                the version that adds them, then review the diff)
usage: since.py check | add VERSION
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DECLARATION = re.compile(r"^(RT_API |typedef |#\s*define RT_[A-Z0-9_]+)")
WIDTH = 100


def headers():
    return sorted(glob.glob(os.path.join(TOP, "include/retention/*.h"))) + [
        os.path.join(TOP, "include/retention/version.h.in")]


def doc_comment_before(lines, i):
    """(first, last) line indexes of the /** */ block right above line i."""
    last = i - 1
    if last < 0 or not lines[last].rstrip().endswith("*/"):
        return None
    first = last
    while first >= 0 and "/*" not in lines[first]:
        first -= 1
    if first < 0 or "/**" not in lines[first]:
        return None
    return first, last


def add_since(lines, block, version):
    first, last = block
    if first == last:  # /** One line. */
        text = lines[first].rstrip()
        one_line = text[:-2].rstrip() + f" @since {version} */"
        if len(one_line) <= WIDTH:
            lines[first] = one_line + "\n"
            return
        indent = text[:len(text) - len(text.lstrip())]
        body = text.strip()[3:-2].strip()
        lines[first] = f"{indent}/**\n{indent} * {body}\n{indent} * @since {version}\n{indent} */\n"
        return
    closing = lines[last]
    indent = closing[:len(closing) - len(closing.lstrip())]
    if closing.strip() == "*/":
        lines[last] = f"{indent}* @since {version}\n{closing}"
    else:  # text */ on the last line
        lines[last] = closing.rstrip()[:-2].rstrip() + f"\n{indent} * @since {version}\n{indent} */\n"


def visit(path, version):
    with open(path) as f:
        lines = f.readlines()
    missing = []
    for i, line in enumerate(lines):
        if not DECLARATION.match(line):
            continue
        block = doc_comment_before(lines, i)
        if block is None:
            if line.startswith("RT_API") or line.startswith("typedef"):
                missing.append(f"{os.path.relpath(path, TOP)}:{i + 1}: no doc comment: "
                               f"{line.strip()}")
            continue  # an undocumented macro: an include guard or an alternative
        if any("@since" in lines[k] for k in range(block[0], block[1] + 1)):
            continue
        missing.append(f"{os.path.relpath(path, TOP)}:{i + 1}: no @since: {line.strip()}")
        if version:
            add_since(lines, block, version)
    if version:
        with open(path, "w") as f:
            f.writelines(lines)
    return missing


def main():
    if sys.argv[1:2] == ["check"]:
        version = None
    elif sys.argv[1:2] == ["add"] and len(sys.argv) == 3:
        version = sys.argv[2]
    else:
        sys.exit(__doc__)
    missing = [m for path in headers() for m in visit(path, version)]
    for m in missing:
        print(m)
    if version:
        print(f"since: @since {version} added to {len(missing)} declarations")
    elif missing:
        sys.exit(f"since: {len(missing)} public declarations without @since")
    else:
        print("since: every public declaration has @since")


main()
