#!/bin/sh
# Runs check_layout.js with playwright-core, installed from npm on first use
# into a cache directory outside the source tree (playwright-core downloads
# no browser: Debian's chromium is used). Exit 77 (meson's skip) when node,
# npm, the package or chromium is not to be had.
# usage: run_layout.sh RETENTION SAMPLE_CSV CDNOW_CSV TINY_CSV [SCREENSHOT_DIR]
here=$(cd "$(dirname "$0")" && pwd)
cache=${RETENTION_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/libretention-layout}
chromium=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: no $tool"; exit 77; }
done
[ -x "$chromium" ] || { echo "SKIP: no $chromium"; exit 77; }
if [ ! -d "$cache/node_modules/playwright-core" ]; then
    mkdir -p "$cache" &&
        npm install --prefix "$cache" --no-audit --no-fund --no-save playwright-core@1 \
            >"$cache/npm.log" 2>&1 ||
        { echo "SKIP: npm could not install playwright-core (see $cache/npm.log)"; exit 77; }
fi
NODE_PATH="$cache/node_modules" CHROMIUM="$chromium" exec node "$here/check_layout.js" "$@"
