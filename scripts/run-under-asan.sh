#!/usr/bin/env bash
# Runs a command (and every node it starts) against an addon built with
# WEIGHTINIT_SANITIZE=ON: node itself is not instrumented, so the ASan runtime
# the addon was linked with is loaded first. Node's own allocations are not
# leak-checked (detect_leaks=0) unless the caller's ASAN_OPTIONS say otherwise;
# any ASan or UBSan report ends the process that hit it with an error.
#   scripts/run-under-asan.sh build-asan/Release/weightinit.node npx vitest run --project 'native-*'
set -euo pipefail
addon="$(realpath "$1")"
shift
runtime="$(ldd "$addon" | awk '/libasan\.so/ { print $3 }')"
if [ ! -f "$runtime" ]; then
  echo "run-under-asan: $addon is not linked with libasan (build it with WEIGHTINIT_SANITIZE=ON)" >&2
  exit 2
fi
export WEIGHTINIT_ADDON="$addon"
export LD_PRELOAD="$runtime${LD_PRELOAD:+:$LD_PRELOAD}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
exec "$@"
