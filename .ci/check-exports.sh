#!/usr/bin/env bash
# The library exports exactly the functions the version script names, and the
# version script names exactly the RT_API declarations of the public headers.
# usage: .ci/check-exports.sh path/to/libretention.so
set -euo pipefail
lib=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# nm prints one "A RETENTION_1.x" line per version node: not a symbol.
nm -D --defined-only "$lib" | awk '$2 != "A" {sub(/@.*/, "", $3); print $3}' | sort > "$tmp/exported"
grep -o '\brt_[a-z0-9_]*;' "$top/lib/retention.map" | tr -d ';' | sort -u > "$tmp/mapped"
# The name before the parameter list of each RT_API declaration (may wrap lines).
cat "$top"/include/retention/*.h "$top"/include/retention/version.h.in |
  tr '\n' ' ' | grep -o 'RT_API [^;(]*(' | grep -o 'rt_[a-z0-9_]*($' | tr -d '(' |
  sort -u > "$tmp/declared"

# The experimental tier: declarations inside #ifdef RT_EXPERIMENTAL blocks
# are exactly the names of the EXPERIMENTAL node (and no other node's).
cat "$top"/include/retention/*.h |
  awk '/^#if(def)? *(defined\()?RT_EXPERIMENTAL/ {depth = 1; next}
       depth && /^#if/ {depth++} depth && /^#endif/ {depth--} depth' |
  tr '\n' ' ' | { grep -o 'RT_API [^;(]*(' || true; } | { grep -o 'rt_[a-z0-9_]*($' || true; } |
  tr -d '(' | sort -u > "$tmp/declared_experimental"
awk '/^EXPERIMENTAL *\{/ {on = 1; next} on && /^\}/ {on = 0} on' "$top/lib/retention.map" |
  { grep -o '\brt_[a-z0-9_]*;' || true; } | tr -d ';' | sort -u > "$tmp/mapped_experimental"

status=0
if ! diff -u "$tmp/declared_experimental" "$tmp/mapped_experimental"; then
  echo "check-exports: #ifdef RT_EXPERIMENTAL declarations differ from the EXPERIMENTAL" \
       "node of lib/retention.map" >&2; status=1
fi
if ! diff -u "$tmp/mapped" "$tmp/exported"; then
  echo "check-exports: exported symbols differ from lib/retention.map" >&2; status=1
fi
if ! diff -u "$tmp/declared" "$tmp/mapped"; then
  echo "check-exports: RT_API declarations differ from lib/retention.map" >&2; status=1
fi
if grep -q . "$tmp/exported" && [ $status -eq 0 ]; then
  echo "check-exports: $(wc -l < "$tmp/exported") symbols, all rt_*, all declared and versioned:"
  nm -D --defined-only "$lib" | awk '$2 != "A" {print "  " $3}' | sort
fi
exit $status
