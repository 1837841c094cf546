#!/usr/bin/env bash
# Line and branch coverage of lib/ against the floor in .ci/coverage-floor,
# which only rises. BUILD_DIR is configured with -Db_coverage=true
# -Db_ndebug=true (RTI_ASSERT compiled out: each would add a branch that a
# correct library never takes) and its tests have run.
# usage: .ci/coverage.sh check|raise BUILD_DIR
set -euo pipefail
mode=$1
build=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
floor_file="$top/.ci/coverage-floor"
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT

gcovr -r "$top" --filter "$top/lib/" "$build" --json-summary "$summary" >/dev/null
read -r lines branches < <(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["line_percent"], d["branch_percent"])' "$summary")
floor_lines=$(awk '$1 == "lines" {print $2}' "$floor_file")
floor_branches=$(awk '$1 == "branches" {print $2}' "$floor_file")
echo "coverage of lib/: lines $lines % (floor $floor_lines), branches $branches % (floor $floor_branches)"
gcovr -r "$top" --filter "$top/lib/" "$build" --branches --sort-percentage 2>/dev/null |
  awk '/^lib\// && $4 != "--%" && $4 + 0 < 80 {print "  under 80 % of branches:", $1, $4}'

below() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 < b + 0)}'; }
case $mode in
check)
  status=0
  if below "$lines" "$floor_lines"; then
    echo "coverage: lines fell below the floor" >&2; status=1
  fi
  if below "$branches" "$floor_branches"; then
    echo "coverage: branches fell below the floor" >&2; status=1
  fi
  if [ $status -eq 0 ] && { below "$floor_lines" "$lines" || below "$floor_branches" "$branches"; }; then
    echo "coverage: above the floor: raise it with .ci/coverage.sh raise BUILD_DIR"
  fi
  exit $status ;;
raise)
  below "$lines" "$floor_lines" && lines=$floor_lines
  below "$branches" "$floor_branches" && branches=$floor_branches
  sed -i -e "s/^lines .*/lines $lines/" -e "s/^branches .*/branches $branches/" "$floor_file"
  echo "coverage: floor now lines $lines, branches $branches" ;;
*)
  echo "usage: $0 check|raise BUILD_DIR" >&2; exit 2 ;;
esac
