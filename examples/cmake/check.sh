#!/bin/sh
# The CMake consumer built against the library in the build tree, as
# `meson test` runs it: a retention.pc for the build tree, then cmake,
# build, run, and the host's output compared with the hand-worked values.
# Exit 77 (skipped) without cmake. CI also builds it against the installed
# copy.   usage: check.sh SOURCE_ROOT BUILD_ROOT VERSION
set -eu
src=$1 build=$2 version=$3
command -v cmake >/dev/null 2>&1 || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pkgconfig"
cat > "$work/pkgconfig/retention.pc" <<PC
Name: retention
Description: libretention in its build tree
Version: $version
Libs: -L$build -lretention
Cflags: -I$src/include -I$build/include
PC
PKG_CONFIG_PATH="$work/pkgconfig" cmake -S "$src/examples/cmake" -B "$work/build" >/dev/null
cmake --build "$work/build" >/dev/null
LD_LIBRARY_PATH="$build" "$work/build/host" | diff -u "$src/examples/c/host.expected" -
