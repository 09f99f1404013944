#!/usr/bin/env node
// Seconds to orthogonalize an n x n standard Gaussian, the kernel behind the
// `orthogonal` schemes (Householder QR, Q with the signs of diag R folded
// in), for n = 1024, 2048 and 4096, all measured in one run:
//   - the native kernel of the BUILT package (run `npm run build` first) at
//     its best SIMD level (or WEIGHTINIT_SIMD's) on 1 thread and on all;
//   - the TypeScript kernel, for 1024 and 2048 only (plain float64 JS);
//   - when python3 can import torch, torch.nn.init.orthogonal_ on 1 thread,
//     the reference (it draws its Gaussian as well, a few ms of the total).
// It also checks that 1 and all threads give the same bytes and how far the
// native result is from the float64 TypeScript one.
//
//   node bench/orthogonal.mjs            table, targets, then JSON
//   node bench/orthogonal.mjs --json     JSON only (progress goes to stderr)
//   node bench/orthogonal.mjs --reps 5   best of 5 timed runs after a warm-up (default 3;
//                                        the TypeScript kernel runs once per size)
//   node bench/orthogonal.mjs --no-torch skip the torch column
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, seconds, startBench, table } from './common.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'cjs');
const require = createRequire(import.meta.url);

const SIZES = [1024, 2048, 4096];
const JS_SIZES = [1024, 2048];
const SEED = 20240601;
// Seconds for the native kernel on one thread (AMD Zen 4; PyTorch with LAPACK
// took about 0.65 s and 4.4 s there).
const TARGETS = { 2048: 1.0, 4096: 6.0 };

// Best of `reps` runs of orthogonalize on fresh copies of `a` (copies untimed); returns [seconds, last result].
function timeKernel(kernels, a, n, threads, reps) {
  let best = Infinity;
  let q;
  for (let r = 0; r < reps; r++) {
    q = a.slice();
    best = Math.min(best, seconds(() => kernels.orthogonalize(q, n, n, threads)));
  }
  return [best, q];
}

function maxDifference(x, y) {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

const TORCH_SCRIPT = `
import json, sys, time, torch
reps = int(sys.argv[1])
sizes = [int(s) for s in sys.argv[2].split(',')]
torch.set_num_threads(1)
torch.manual_seed(${SEED})
seconds = {}
for n in sizes:
    t = torch.empty(n, n)
    torch.nn.init.orthogonal_(t)
    best = float('inf')
    for _ in range(reps):
        s = time.perf_counter(); torch.nn.init.orthogonal_(t); best = min(best, time.perf_counter() - s)
    seconds[n] = best
print(json.dumps({'version': torch.__version__, 'threads': torch.get_num_threads(), 'seconds': seconds}))
`;

function measureTorch(reps) {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: 'python3 cannot import torch' };
  const r = spawnSync('python3', ['-c', TORCH_SCRIPT, String(reps), SIZES.join(',')], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return { skipped: `torch run failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function main() {
  const jsonOnly = flag('--json');
  const { reps, progress, loadBefore } = startBench(dist, 3);

  const w = require(path.join(dist, 'index.js'));
  const { loadNativeBinding, nativeKernels } = require(path.join(dist, 'native', 'binding.js'));
  const { jsKernels } = require(path.join(dist, 'js', 'kernels.js'));
  let native;
  let nativeError;
  try {
    native = nativeKernels(loadNativeBinding());
  } catch (error) {
    nativeError = String(error.message || error).split('\n')[0];
    progress(`bench: native addon unavailable (${nativeError}); measuring the TypeScript kernel only`);
  }
  const all = os.availableParallelism();
  const gaussian = (n) => w.normal([n, n], { seed: SEED }).data;

  // The first call grows each thread's packing buffers.
  if (native) for (const threads of [1, all]) native.orthogonalize(gaussian(256), 256, 256, threads);

  const rows = [];
  for (const n of SIZES) {
    const a = gaussian(n);
    const row = { n };
    if (native) {
      progress(`native ${n} x ${n} ...`);
      let one, many;
      [row.native1, one] = timeKernel(native, a, n, 1, reps);
      [row.nativeAll, many] = timeKernel(native, a, n, all, reps);
      row.sameBytesAllThreads = Buffer.from(one.buffer).equals(Buffer.from(many.buffer));
      if (JS_SIZES.includes(n)) {
        progress(`js ${n} x ${n} ...`);
        let js;
        [row.js, js] = timeKernel(jsKernels, a, n, 1, 1);
        row.maxNativeMinusJs = maxDifference(one, js);
      }
    } else if (JS_SIZES.includes(n)) {
      progress(`js ${n} x ${n} ...`);
      [row.js] = timeKernel(jsKernels, a, n, 1, 1);
    }
    rows.push(row);
  }
  const torch = flag('--no-torch') ? { skipped: '--no-torch' } : (progress('torch (if importable) ...'), measureTorch(reps));
  for (const row of rows) row.torch1 = torch.seconds?.[row.n];

  const targets = Object.entries(TARGETS).map(([n, goal]) => {
    const value = rows.find((r) => r.n === Number(n))?.native1;
    return { name: `native 1 thread ${n} x ${n}`, seconds: value ?? null, target: goal, status: value === undefined ? 'n/a' : value <= goal ? 'PASS' : 'MISS' };
  });
  const info = native?.info();
  const result = {
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', availableParallelism: all, node: process.version, loadAverageBefore: loadBefore },
    simd: info?.simd ?? null,
    nativeError: nativeError ?? null,
    reps,
    rows,
    torch: torch.seconds ? { version: torch.version, threads: torch.threads } : torch,
    targets,
  };
  if (jsonOnly) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const s = (x) => (x === undefined || x === null ? '-' : x.toFixed(3));
  const ratio = (x, y) => (x === undefined || y === undefined ? '-' : `${(x / y).toFixed(2)}x`);
  console.log(`weightinit orthogonalize: ${result.machine.cpu}, ${all} threads available, node ${process.version}, native ${result.simd ?? 'unavailable'}`);
  console.log(
    `seconds for an n x n standard Gaussian, best of ${reps} after a warm-up (js: one run)` +
      `${torch.seconds ? `; torch ${torch.version} orthogonal_ on 1 thread` : ''}.\n`,
  );
  console.log(
    table(
      ['n', 'native t=1', `native t=${all}`, 'js', 'torch t=1', 'torch / native t=1', 't=1 / t=all'],
      rows.map((r) => [r.n, s(r.native1), s(r.nativeAll), s(r.js), s(r.torch1), ratio(r.torch1, r.native1), ratio(r.native1, r.nativeAll)]),
    ),
  );
  if (native) {
    console.log('\nnative: same bytes on 1 and all threads; max |Q_native - Q_js| (float64 TypeScript kernel)');
    for (const r of rows) {
      console.log(`  ${String(r.n).padEnd(5)} ${r.sameBytesAllThreads ? 'identical' : 'DIFFER'}${r.maxNativeMinusJs === undefined ? '' : `, ${r.maxNativeMinusJs.toExponential(2)} (${(r.maxNativeMinusJs / (r.n * 2 ** -23)).toFixed(3)} n eps32)`}`);
    }
  }
  if (torch.skipped) console.log(`\ntorch reference: skipped (${torch.skipped})`);
  if (loadBefore > 0.5) console.log(`\n(load average ${loadBefore.toFixed(2)} at the start: other processes were using the cores; the all-threads column above all is understated)`);
  console.log('\ntargets');
  console.log(table(['target', 'seconds', 'goal', ''], targets.map((t) => [t.name, s(t.seconds), `<= ${t.target}`, t.status])));
  console.log('\nJSON');
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
