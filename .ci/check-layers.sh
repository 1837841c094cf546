#!/usr/bin/env bash
# The library's layers depend one way (lib/README.md):
#   core  <-  store, formulas  <-  cohort  <-  metrics, clv  <-  stats
# A file may include headers of its own folder, of a lower layer, and the
# public "retention/..." headers; a folder's *_state.h (the inside of its
# handle) only from that folder. Prints each violation; exits 1 if any.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top/lib"

declare -A rank=([core]=0 [store]=1 [formulas]=1 [cohort]=2 [metrics]=3 [clv]=3 [revenue]=3 [stats]=4 [economics]=4)
status=0
for file in */*.[ch]; do
  dir=${file%%/*}
  [ -n "${rank[$dir]+x}" ] || { echo "$file: folder '$dir' has no layer in $0" >&2; status=1; continue; }
  while IFS=: read -r line header; do
    inc=${header%%/*}
    [ "$inc" = retention ] && continue
    if [ -z "${rank[$inc]+x}" ]; then
      echo "lib/$file:$line: includes \"$header\" from no known layer" >&2; status=1
    elif [ "$inc" != "$dir" ] && [ "${rank[$inc]}" -ge "${rank[$dir]}" ]; then
      echo "lib/$file:$line: $dir (layer ${rank[$dir]}) includes \"$header\" (layer ${rank[$inc]})" >&2
      status=1
    elif [ "$inc" != "$dir" ] && [[ $header == *_state.h ]]; then
      echo "lib/$file:$line: \"$header\" is private to lib/$inc" >&2; status=1
    fi
  done < <(grep -n '^#include "' "$file" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
done
[ $status -eq 0 ] && echo "check-layers: every include in lib/ follows the layers"
exit $status
