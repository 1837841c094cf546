#!/usr/bin/env bash
# No control characters (TAB, CR, ...) in the C sources and headers: a TAB in
# a Doxygen formula once turned "\tau" into TAB + "au" in the rendered page.
# usage: .ci/check-text.sh
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.h' '*.h.in' '*.c' '*.cpp' 2>/dev/null ||
        find include lib tests bench examples -name '*.[ch]' -o -name '*.h.in')
# Bytes 0x00-0x1f except LF, and DEL.
if LC_ALL=C grep -nP '[\x00-\x09\x0b-\x1f\x7f]' $files; then
  echo "check-text: control characters above (a TAB meant as \\t in a formula?)" >&2
  exit 1
fi
echo "check-text: $(echo "$files" | wc -l) C files free of control characters"
