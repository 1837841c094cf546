#!/usr/bin/env bash
# Every size-prefixed public struct (first member size_t size) is checked by
# tests/abi/test_layout.c, so that a struct added later cannot slip past the
# end-at-its-last-member rule.
# usage: .ci/check-layout-list.sh
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for s in $(cat include/retention/*.h | tr '\n' ' ' |
           grep -o 'typedef struct rt_[a-z0-9_]* { *size_t size;' | awk '{print $3}'); do
  if ! grep -q "ENDS_AT_LAST($s," tests/abi/test_layout.c; then
    echo "check-layout-list: $s is not checked by tests/abi/test_layout.c" >&2; status=1
  fi
done
[ $status -eq 0 ] && echo "check-layout-list: every size-prefixed struct is in the layout test"
exit $status
