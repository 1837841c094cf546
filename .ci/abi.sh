#!/usr/bin/env bash
# Compares the ABI of a build with the committed baseline abi/libretention.abi,
# or (update) rewrites the baseline after a deliberate, compatible addition.
# usage: .ci/abi.sh check|update BUILD_DIR     (BUILD_DIR built with -g)
set -euo pipefail
mode=$1
build=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Dump the installed library against its installed headers, so that only
# public types count; the flags keep machine paths out of the dump.
meson install -C "$build" --destdir "$tmp/root" --quiet
so=$(find "$tmp/root" -name 'libretention.so.*.*.*' -type f | head -n 1)
headers=$(dirname "$(find "$tmp/root" -name retention.h | head -n 1)")
# The experimental tier (node EXPERIMENTAL of lib/retention.map) carries no
# ABI promise: its functions are dropped from the dump, so from the baseline
# and the comparison. (abidw drops by name only, not by symbol version.)
experimental=$(awk '/^EXPERIMENTAL *\{/ {on = 1; next} on && /^\}/ {on = 0}
                    on' "$top/lib/retention.map" | grep -o '\brt_[a-z0-9_]*;' | tr -d ';' |
               paste -sd '|' || true)
printf '[suppress_function]\n  symbol_name_regexp = ^(%s)$\n  drop = yes\n' \
  "${experimental:-rt_no_experimental_function}" > "$tmp/experimental.abignore"
abidw --headers-dir "$headers" --no-corpus-path --no-comp-dir-path --short-locs \
      --suppressions "$tmp/experimental.abignore" --out-file "$tmp/new.abi" "$so"
if ! grep -q '<abi-instr' "$tmp/new.abi"; then
  echo "abi: the dump has no type information; build with debug info (-g)" >&2
  exit 1
fi

case $mode in
update)
  cp "$tmp/new.abi" "$top/abi/libretention.abi"
  echo "abi: baseline abi/libretention.abi rewritten from $so" ;;
check)
  # Any non-zero exit is a failure: an incompatible change sets bit 8, but a
  # renumbered enumerator only sets bit 4 (ABI change).
  if abidiff --no-added-syms --suppressions "$top/abi/retention.abignore" \
       "$top/abi/libretention.abi" "$tmp/new.abi"; then
    echo "abi: compatible with abi/libretention.abi"
  else
    rc=$?
    echo "abi: abidiff exit $rc: the ABI changed against abi/libretention.abi" >&2
    exit 1
  fi ;;
*)
  echo "usage: $0 check|update BUILD_DIR" >&2; exit 2 ;;
esac
