#!/usr/bin/env node
// Speed of the network pass behind the diagnostics (Kernels.networkStats:
// GEMMs with bias, activation and statistics fused into their epilogue), all
// measured in one run:
//   - GFLOP/s of the pass over batch 256, width 4096, depth 8 (relu), native
//     on 1 thread and on all. The kernel always runs forward and backward:
//     two GEMMs per layer (h = x W, then g = delta W^T), each counted as
//     2 batch in out flops; the forward GEMMs are the first half of that work;
//   - the machine's peak: the clock, measured with a chain of dependent
//     32-bit multiplies (3 cycles each on x86-64 since Intel Nehalem and AMD
//     K10; elsewhere the clock is an estimate), times fp32 FMAs per cycle at
//     the addon's SIMD level, times 2;
//   - when python3 can import numpy, numpy's float32 matmul (its BLAS,
//     OpenBLAS for the PyPI wheels) on the same GEMMs, with
//     OPENBLAS_NUM_THREADS=1 and with all threads: forward only, and forward
//     plus backward (x @ W, then delta @ W.T per layer);
//   - seconds for depth 50, width 1024, batch 256 (forward + backward), and
//     with drawing its weights (normal fill) in front: the diagnosis end to end.
// It also checks that 1 and all threads give the same statistics, bit for bit.
//
//   node bench/forward.mjs            table, targets, then JSON
//   node bench/forward.mjs --json     JSON only (progress goes to stderr)
//   node bench/forward.mjs --reps 5   best of 5 timed runs after a warm-up (default 3)
//   node bench/forward.mjs --no-numpy skip the numpy columns
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, seconds, startBench, table } from './common.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'cjs');
const require = createRequire(import.meta.url);

const SEED = 20240601;
const SHAPES = {
  wide: { batch: 256, width: 4096, depth: 8 },
  deep: { batch: 256, width: 1024, depth: 50 },
};
// Native on 1 thread against numpy's sgemm on 1 thread, same GEMMs; and the
// depth-50 diagnosis end to end on all threads.
const TARGETS = { ratioToNumpy1: 0.7, deepSeconds: 2 };

function best(reps, fn) {
  fn();
  let t = Infinity;
  for (let r = 0; r < reps; r++) t = Math.min(t, seconds(fn));
  return t;
}

// Eight dependent imuls per iteration: the loop's own instructions run
// alongside, so an iteration takes 24 cycles.
function imulChain(x, m, n) {
  for (let i = 0; i < n; i++) {
    x = Math.imul(x, m); x = Math.imul(x, m); x = Math.imul(x, m); x = Math.imul(x, m);
    x = Math.imul(x, m); x = Math.imul(x, m); x = Math.imul(x, m); x = Math.imul(x, m);
  }
  return x;
}

function measureClockGHz() {
  const n = 2e7;
  let ghz = 0;
  for (let r = 0; r < 7; r++) {
    const t = seconds(() => imulChain(r + 1, 0x9e3779b1 | 0, n));
    ghz = Math.max(ghz, (n * 24) / t / 1e9);
  }
  return ghz;
}

// fp32 multiply-adds per cycle per core. Zen 4 (AMD family 25) runs a
// 512-bit FMA on both of its 256-bit FMA pipes, so AVX-512 does not double
// its rate there; Intel's AVX-512 server cores have two 512-bit FMA ports.
function fmaPerCycle(simd) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const amd = /vendor_id\s*:\s*AuthenticAMD/.test(cpuinfo);
  const family = Number(/cpu family\s*:\s*(\d+)/.exec(cpuinfo)?.[1] ?? 0);
  if (simd === 'avx512') {
    return amd && family < 26
      ? { lanes: 16, units: 1, why: '16 lanes x 1 (a 512-bit FMA takes both 256-bit FMA pipes: AMD before Zen 5)' }
      : { lanes: 16, units: 2, why: '16 lanes x 2 FMA units' };
  }
  if (simd === 'avx2') return { lanes: 8, units: 2, why: '8 lanes x 2 FMA units' };
  if (simd === 'neon') return { lanes: 4, units: 2, why: '4 lanes x 2 FMA units (typical; 4 on some cores)' };
  return { lanes: 1, units: 2, why: 'scalar: 1 lane x 2 pipes' };
}

const NUMPY_SCRIPT = `
import json, sys, time, numpy as np
reps = int(sys.argv[1])
shapes = json.loads(sys.argv[2])
rng = np.random.default_rng(${SEED})
def best(fn):
    fn()
    t = float('inf')
    for _ in range(reps):
        s = time.perf_counter(); fn(); t = min(t, time.perf_counter() - s)
    return t
result = {'version': np.__version__}
for name, s in shapes.items():
    b, w, depth = s['batch'], s['width'], s['depth']
    weights = [rng.standard_normal((w, w), dtype=np.float32) * np.float32((2 / w) ** 0.5) for _ in range(depth)]
    x0 = rng.standard_normal((b, w), dtype=np.float32)
    g = rng.standard_normal((b, w), dtype=np.float32)
    bufs = [np.empty((b, w), np.float32), np.empty((b, w), np.float32)]
    def forward():
        x = x0
        for l, W in enumerate(weights):
            np.matmul(x, W, out=bufs[l % 2]); x = bufs[l % 2]
    def forward_backward():
        forward()
        d = g
        for l in range(depth - 1, -1, -1):
            np.matmul(d, weights[l].T, out=bufs[l % 2]); d = bufs[l % 2]
    result[name] = {'forward': best(forward), 'forwardBackward': best(forward_backward)}
try:
    blas = np.show_config(mode='dicts')['Build Dependencies']['blas']
    result['blas'] = f"{blas['name']} {blas['version']}"
except Exception:
    result['blas'] = 'unknown'
print(json.dumps(result))
`;

function measureNumpy(reps, threads) {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: 'python3 cannot import numpy' };
  const env = { ...process.env };
  if (threads === 1) env.OPENBLAS_NUM_THREADS = env.OMP_NUM_THREADS = env.MKL_NUM_THREADS = '1';
  else delete env.OPENBLAS_NUM_THREADS;
  const r = spawnSync('python3', ['-c', NUMPY_SCRIPT, String(reps), JSON.stringify(SHAPES)], {
    encoding: 'utf8', env, maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { skipped: `numpy run failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// One GEMM's flops per layer: 2 batch in out.
const gemmFlops = ({ batch, width, depth }) => 2 * batch * width * width * depth;

function makePass(w, { batch, width, depth }, activation) {
  const layers = [];
  for (let l = 0; l < depth; l++) {
    const weights = w.normal([width, width], { std: Math.sqrt(2 / width), seed: SEED, stream: l }).data;
    layers.push({ in: width, out: width, weights, activation, param: 0 });
  }
  return {
    batch,
    input: w.normal([batch, width], { seed: SEED, stream: 1000 }).data,
    layers,
    outputGradient: w.normal([batch, width], { seed: SEED, stream: 1001 }).data,
  };
}

async function main() {
  const jsonOnly = flag('--json');
  const { reps, progress, loadBefore } = startBench(dist, 3);

  const w = require(path.join(dist, 'index.js'));
  const { loadNativeBinding, nativeKernels } = require(path.join(dist, 'native', 'binding.js'));
  const native = nativeKernels(loadNativeBinding());
  const all = os.availableParallelism();
  const simd = native.info().simd;

  progress('clock ...');
  const ghz = measureClockGHz();
  const fma = fmaPerCycle(simd);
  const peak1 = ghz * fma.lanes * fma.units * 2;

  progress(`native ${JSON.stringify(SHAPES.wide)} ...`);
  const wide = makePass(w, SHAPES.wide, 'relu');
  const stats = {};
  const wideSeconds = {};
  for (const threads of [1, all]) {
    wideSeconds[threads] = best(reps, () => { stats[threads] = native.networkStats(wide, threads); });
  }
  const sameStats = Buffer.from(stats[1].buffer).equals(Buffer.from(stats[all].buffer));

  progress(`native ${JSON.stringify(SHAPES.deep)} ...`);
  const deepSeconds = {};
  for (const activation of ['relu', 'tanh']) {
    const deep = makePass(w, SHAPES.deep, activation);
    deepSeconds[activation] = {};
    for (const threads of [1, all]) deepSeconds[activation][threads] = best(reps, () => native.networkStats(deep, threads));
  }
  const drawSeconds = best(reps, () => makePass(w, SHAPES.deep, 'relu'));

  let numpy = { skipped: '--no-numpy' };
  if (!flag('--no-numpy')) {
    progress('numpy, 1 thread ...');
    const one = measureNumpy(reps, 1);
    progress('numpy, all threads ...');
    const many = one.skipped ? one : measureNumpy(reps, all);
    numpy = one.skipped ? one : { version: one.version, blas: many.blas, 1: one, [all]: many };
  }

  const wideFlops = gemmFlops(SHAPES.wide);
  const gflops = (flops, s) => (s ? flops / s / 1e9 : undefined);
  const rows = [1, all].map((threads) => ({
    threads,
    nativePass: gflops(2 * wideFlops, wideSeconds[threads]),
    numpyForward: gflops(wideFlops, numpy[threads]?.wide.forward),
    numpyPass: gflops(2 * wideFlops, numpy[threads]?.wide.forwardBackward),
    peak: peak1 * threads,
  }));
  // Against numpy's faster figure of the two: the comparison least kind to native.
  const bestNumpy = (r) => (r.numpyPass ? Math.max(r.numpyForward, r.numpyPass) : undefined);
  const ratio1 = rows[0].numpyPass ? rows[0].nativePass / bestNumpy(rows[0]) : undefined;
  const deepTotal = drawSeconds + deepSeconds.relu[all];
  const targets = [
    { name: 'native pass t=1 / numpy sgemm t=1 (GFLOP/s)', value: ratio1 ?? null, goal: `>= ${TARGETS.ratioToNumpy1}`, status: ratio1 === undefined ? 'n/a' : ratio1 >= TARGETS.ratioToNumpy1 ? 'PASS' : 'MISS' },
    { name: 'depth 50 relu: draw weights + pass, all threads (s)', value: deepTotal, goal: `< ${TARGETS.deepSeconds}`, status: deepTotal < TARGETS.deepSeconds ? 'PASS' : 'MISS' },
  ];
  const result = {
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', availableParallelism: all, node: process.version, loadAverageBefore: loadBefore },
    simd,
    clockGHz: ghz,
    peakPerThread: { gflops: peak1, formula: `${ghz.toFixed(2)} GHz x ${fma.why} x 2 flops` },
    reps,
    shapes: SHAPES,
    wide: { seconds: wideSeconds, rows, sameStatsAllThreads: sameStats },
    deep: { seconds: deepSeconds, drawWeightsSeconds: drawSeconds, numpy1: numpy[1]?.deep, numpyAll: numpy[all]?.deep },
    numpy: numpy.skipped ? numpy : { version: numpy.version, blas: numpy.blas },
    targets,
  };
  if (jsonOnly) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const g = (x) => (x === undefined ? '-' : x.toFixed(1));
  const s = (x) => (x === undefined ? '-' : x.toFixed(3));
  const pct = (x, y) => (x === undefined || y === undefined ? '-' : `${((100 * x) / y).toFixed(0)}%`);
  console.log(`weightinit network pass: ${result.machine.cpu}, ${all} threads available, node ${process.version}, native ${simd}`);
  console.log(`peak per thread: ${peak1.toFixed(1)} GFLOP/s = ${result.peakPerThread.formula}`);
  console.log(`numpy: ${numpy.skipped ? `skipped (${numpy.skipped})` : `${numpy.version}, BLAS ${numpy.blas}`}\n`);
  const { batch, width, depth } = SHAPES.wide;
  console.log(`batch ${batch}, width ${width}, depth ${depth}, relu: GFLOP/s (2 batch in out per GEMM, 2 GEMMs per layer), best of ${reps}\n`);
  console.log(
    table(
      ['threads', 'native pass', 'numpy fwd sgemm', 'numpy fwd+bwd sgemm', 'native / best numpy', 'peak', 'native / peak'],
      rows.map((r) => [r.threads, g(r.nativePass), g(r.numpyForward), g(r.numpyPass), pct(r.nativePass, bestNumpy(r)), g(r.peak), pct(r.nativePass, r.peak)]),
    ),
  );
  console.log(`\nnative statistics on 1 and ${all} threads: ${sameStats ? 'identical bits' : 'DIFFER'}`);
  const d = SHAPES.deep;
  console.log(`\nbatch ${d.batch}, width ${d.width}, depth ${d.depth}, forward + backward: seconds (GFLOP/s)\n`);
  const deepFlops = 2 * gemmFlops(d);
  const deepCell = (t) => `${s(t)} (${g(gflops(deepFlops, t))})`;
  console.log(
    table(
      ['threads', 'native relu', 'native tanh', 'numpy sgemm only', 'draw weights'],
      [1, all].map((threads) => [
        threads, deepCell(deepSeconds.relu[threads]), deepCell(deepSeconds.tanh[threads]),
        numpy[threads] ? deepCell(numpy[threads].deep.forwardBackward) : '-', threads === all ? s(drawSeconds) : '-',
      ]),
    ),
  );
  if (loadBefore > 0.5) console.log(`\n(load average ${loadBefore.toFixed(2)} at the start: other processes were using the cores; the all-threads rows above all are understated)`);
  console.log('\ntargets');
  console.log(table(['target', 'value', 'goal', ''], targets.map((t) => [t.name, t.value === null ? '-' : t.value.toFixed(3), t.goal, t.status])));
  console.log('\nJSON');
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
