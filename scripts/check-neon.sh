#!/usr/bin/env bash
# Cross-compiles test/native/kernel_equality.cc for AArch64 and runs it under
# qemu, so the NEON kernels are checked against scalar on an x86-64 machine.
# Needs g++-aarch64-linux-gnu and qemu-user (Debian packages of those names).
# Usage: scripts/check-neon.sh [path/to/philox_kat.txt]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kat="${1:-$root/../shared/reference/philox_kat.txt}"
cxx="${CXX_AARCH64:-aarch64-linux-gnu-g++}"
sysroot="${AARCH64_SYSROOT:-/usr/aarch64-linux-gnu}"

for tool in "$cxx" qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "check-neon: $tool not found" >&2; exit 2; }
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The addon's flags: no FP contraction (it would fuse multiply-adds).
"$cxx" -O2 -std=c++17 -ffp-contract=off -fno-math-errno -Wall -Wextra \
  "$root/test/native/kernel_equality.cc" \
  "$root"/native/kernels/{scalar,avx2,avx512,neon}.cc \
  -o "$out/kernel_equality"

qemu-aarch64 -L "$sysroot" "$out/kernel_equality" "$kat"
