#!/usr/bin/env bash
# Leak check of the native layer: runs test/native/leak_workload.cjs against
# an addon built with WEIGHTINIT_SANITIZE=ON, with LeakSanitizer on, and fails
# when a leaked block was allocated by weightinit (a frame of its own in the
# allocation stack). Node's own leaks at exit are listed as a count only.
#   scripts/check-leaks.sh build-asan/Release/weightinit.node
set -euo pipefail
cd "$(dirname "$0")/.."
addon="${1:?usage: scripts/check-leaks.sh path/to/asan/weightinit.node}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
  scripts/run-under-asan.sh "$addon" node --expose-gc test/native/leak_workload.cjs >"$log" 2>&1 || status=$?

if ! grep -q '^leak workload done$' "$log"; then
  echo "check-leaks: the workload did not finish (exit status $status):" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' "$log"; then
  echo "check-leaks: a sanitizer report other than leaks:" >&2
  cat "$log" >&2
  exit 1
fi
# LeakSanitizer prints one paragraph per leak: "Direct leak of ..." and its stack.
ours="$(awk -v RS= '/^(Direct|Indirect) leak/ && /weightinit/' "$log")"
theirs="$(awk -v RS= '/^(Direct|Indirect) leak/ && !/weightinit/' "$log" | grep -c -E '^(Direct|Indirect) leak' || true)"
if [ -n "$ours" ]; then
  echo "check-leaks: weightinit leaks:" >&2
  echo "$ours" >&2
  exit 1
fi
echo "check-leaks: no leak from weightinit ($theirs leak records from node itself ignored)"
