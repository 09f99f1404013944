#!/usr/bin/env node
// Throughput of the fill kernels of the BUILT package (run `npm run build`
// first): samples/s of randomBits, uniform, normal and truncatedNormal filling
// a caller-given array, next to Float32Array.prototype.fill on the same buffer
// (the memory-bandwidth reference), for every SIMD level the addon supports at
// 1, 2 and all threads, and for the TypeScript fallback at the same thread
// counts (its threads are worker_threads).
//
// The SIMD level is chosen once per process (WEIGHTINIT_SIMD), so this parent
// spawns one child process per level and one for the js backend; each child
// measures and prints JSON, and the parent prints the table, the 2-thread
// speedup, the targets with PASS/MISS and the whole result as JSON.
// When python3 can import torch, a reference column times torch's normal_,
// uniform_ and nn.init.trunc_normal_ on one thread in the same run.
//
//   node bench/fills.mjs            table, targets, then JSON
//   node bench/fills.mjs --json     JSON only (progress goes to stderr)
//   node bench/fills.mjs --reps 3   best of 3 timed runs after the warm-up (default 5)
//   node bench/fills.mjs --no-torch skip the torch column
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flag, option, table } from './common.mjs';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const distEntry = path.join(root, 'dist', 'esm', 'index.mjs');

const NATIVE_LOG2 = 26; // 2^26 elements: 256 MiB per buffer, far beyond every cache
const JS_LOG2 = 22; // the fallback is ~20-50x slower per sample: 2^22 keeps its runs short
const KERNELS = ['fill', 'randomBits', 'uniform', 'normal', 'truncatedNormal'];
const SEED = 20240601;

const TARGETS = {
  avx512PerThread: { randomBits: 1.5e9, uniform: 1.3e9, normal: 0.75e9, truncatedNormal: 0.5e9 },
  twoThreadSpeedup: 1.7,
  jsNormal: 2.5e7,
};

// ---------------------------------------------------------------------------
// Child: measure one backend / SIMD level, print JSON on stdout.

// FNV-1a over the first `count` 32-bit words: lets the parent check that every
// configuration filled the same numbers (same seed, same stream contract).
function hashWords(u32, count) {
  let h = 0x811c9dc5;
  for (let i = 0; i < count; i++) h = Math.imul(h ^ u32[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

async function child() {
  const reps = Number(option('--reps', '5'));
  const w = await import(pathToFileURL(distEntry).href);
  const info = w.backend();
  const isJs = info.kind === 'js';
  const n = 2 ** (isJs ? JS_LOG2 : NATIVE_LOG2);
  const buffer = new ArrayBuffer(n * 4);
  const f32 = new Float32Array(buffer);
  const u32 = new Uint32Array(buffer); // same memory: randomBits fills the same pages
  f32.fill(0); // touch every page once before any timing
  const all = os.availableParallelism();
  const threadCounts = [...new Set([1, 2, all])].filter((t) => t <= all).sort((a, b) => a - b);
  const hashed = 2 ** JS_LOG2; // elements compared across configurations

  const run = {
    fill: () => f32.fill(1.5),
    randomBits: (t) => w.randomBits(u32, { seed: SEED, threads: t }),
    uniform: (t) => w.uniform([n], { low: -1, high: 1, out: f32, seed: SEED, threads: t }),
    normal: (t) => w.normal([n], { out: f32, seed: SEED, threads: t }),
    truncatedNormal: (t) => w.truncatedNormal([n], { out: f32, seed: SEED, threads: t }),
  };

  const time = (fn) => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const results = [];
  for (const threads of threadCounts) {
    const rates = {};
    const hashes = {};
    for (const kernel of KERNELS) {
      const fn = () => run[kernel](threads);
      fn(); // warm-up (and the output whose hash is compared)
      if (kernel !== 'fill') hashes[kernel] = hashWords(u32, hashed);
      let best = Infinity;
      for (let r = 0; r < reps; r++) best = Math.min(best, time(fn));
      rates[kernel] = n / best;
    }
    results.push({ threads, rates, hashes });
  }
  process.stdout.write(
    JSON.stringify({
      backend: info.kind, simd: info.simd, version: info.version, detail: info.detail, elements: n, reps, results,
      cpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage()),
    }),
  );
}

// ---------------------------------------------------------------------------
// torch reference (optional)

const TORCH_SCRIPT = `
import json, sys, time, torch
n = 2 ** ${NATIVE_LOG2}
reps = int(sys.argv[1])
torch.set_num_threads(1)
torch.manual_seed(${SEED})
t = torch.empty(n, dtype=torch.float32)
t.fill_(0.0)
def best(fn):
    fn()
    b = float('inf')
    for _ in range(reps):
        s = time.perf_counter(); fn(); b = min(b, time.perf_counter() - s)
    return n / b
out = {
    'version': torch.__version__,
    'threads': torch.get_num_threads(),
    'elements': n,
    'rates': {
        'fill': best(lambda: t.fill_(1.5)),
        'uniform': best(lambda: t.uniform_(-1.0, 1.0)),
        'normal': best(lambda: t.normal_(0.0, 1.0)),
        'truncatedNormal': best(lambda: torch.nn.init.trunc_normal_(t, 0.0, 1.0, -2.0, 2.0)),
    },
}
print(json.dumps(out))
`;

function measureTorch(reps) {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: 'python3 cannot import torch' };
  const r = spawnSync('python3', ['-c', TORCH_SCRIPT, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return { skipped: `torch run failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------
// Parent: spawn the children, compare, print.

function nativeLevels() {
  try {
    const require = createRequire(import.meta.url);
    const binding = require('node-gyp-build')(root);
    return { levels: binding.info().supportedSimd.split(',').filter(Boolean) };
  } catch (error) {
    return { levels: [], error: String(error.message || error).split('\n')[0] };
  }
}

// CPU seconds the whole machine has spent busy (Linux /proc/stat; undefined elsewhere).
function machineBusySeconds() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function spawnChild(env, reps, progress) {
  progress(`measuring ${env.WEIGHTINIT_BACKEND}${env.WEIGHTINIT_SIMD ? ` (${env.WEIGHTINIT_SIMD})` : ''} ...`);
  const busyBefore = machineBusySeconds();
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [here, '--child', '--reps', String(reps)], {
    env: { ...process.env, WEIGHTINIT_QUIET: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ') };
  const out = JSON.parse(r.stdout);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const busyAfter = machineBusySeconds();
  // Cores' worth of CPU that other processes used while this child ran: when it is
  // well above 0, the multi-thread figures (and to a lesser degree the others) are understated.
  out.otherLoad = busyBefore === undefined ? null : Math.max(0, (busyAfter - busyBefore - out.cpuSeconds) / wall);
  return out;
}

const fmt = (x) => (x === undefined || x === null ? '-' : x >= 1e6 ? `${(x / 1e9).toFixed(3)}e9` : x.toExponential(2));

function staleDist() {
  const built = fs.statSync(path.join(root, 'dist', 'cjs', 'index.js')).mtimeMs;
  const newer = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && fs.statSync(p).mtimeMs > built) newer.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'src'));
  return newer;
}

async function parent() {
  const jsonOnly = flag('--json');
  const reps = Number(option('--reps', '5'));
  if (!(Number.isInteger(reps) && reps >= 1)) throw new Error('--reps takes a positive integer');
  const progress = (msg) => process.stderr.write(`${msg}\n`);
  if (!fs.existsSync(distEntry)) {
    progress(`bench: ${path.relative(root, distEntry)} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
  const stale = staleDist();
  if (stale.length) progress(`bench: warning: dist/ is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}; run \`npm run build\``);

  // Thread speedups mean little when something else is using the cores.
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.5) progress(`bench: warning: load average ${loadBefore.toFixed(2)} before starting; other work may skew the thread speedups`);
  const { levels, error: nativeError } = nativeLevels();
  if (nativeError) progress(`bench: native addon unavailable (${nativeError}); measuring the js fallback only`);

  const children = [
    ...levels.map((simd) => ({ label: `native-${simd}`, env: { WEIGHTINIT_BACKEND: 'native', WEIGHTINIT_SIMD: simd } })),
    { label: 'js', env: { WEIGHTINIT_BACKEND: 'js', WEIGHTINIT_SIMD: '' } },
  ];
  const configs = [];
  const errors = {};
  for (const c of children) {
    const out = spawnChild(c.env, reps, progress);
    if (out.error) {
      errors[c.label] = out.error;
      progress(`bench: ${c.label} failed: ${out.error}`);
      continue;
    }
    for (const r of out.results) {
      configs.push({
        name: `${c.label} t=${r.threads}`,
        backend: out.backend,
        simd: out.simd,
        threads: r.threads,
        elements: out.elements,
        rates: r.rates,
        hashes: r.hashes,
        otherLoad: out.otherLoad,
      });
    }
  }
  const torch = flag('--no-torch') ? { skipped: '--no-torch' } : (progress('measuring torch (if importable) ...'), measureTorch(reps));

  // Same seed, same stream contract: every configuration must have produced the same first 2^22 values.
  const consistency = {};
  for (const k of KERNELS.slice(1)) {
    const seen = new Set(configs.map((c) => c.hashes[k]));
    consistency[k] = seen.size <= 1 ? 'identical' : `DIFFER: ${configs.map((c) => `${c.name}=${c.hashes[k]}`).join(' ')}`;
  }

  // 2 threads over 1 thread, per native level and for the js fallback (its threads are worker_threads).
  const find = (simd, threads) => configs.find((c) => (simd === 'js' ? c.backend === 'js' : c.backend === 'native' && c.simd === simd) && c.threads === threads);
  const speedups = {};
  for (const simd of [...levels, 'js']) {
    const one = find(simd, 1);
    const two = find(simd, 2);
    if (one && two) speedups[simd] = Object.fromEntries(KERNELS.slice(1).map((k) => [k, two.rates[k] / one.rates[k]]));
  }

  const targets = [];
  const target = (name, value, goal, unit, config) =>
    targets.push({
      name, value: value ?? null, target: goal, status: value === undefined ? 'n/a' : value >= goal ? 'PASS' : 'MISS', unit,
      ...(config?.otherLoad > 0.2 ? { note: `other processes kept ${config.otherLoad.toFixed(1)} cores busy` } : {}),
    });
  const avx = find('avx512', 1);
  for (const [k, goal] of Object.entries(TARGETS.avx512PerThread)) {
    target(`avx512 1 thread ${k}`, avx?.rates[k], goal, k === 'randomBits' ? 'words/s' : 'samples/s', avx);
  }
  const best = levels.find((l) => speedups[l]);
  for (const k of KERNELS.slice(1)) {
    target(`${best ?? 'native'} 2 threads / 1 thread ${k}`, best ? speedups[best][k] : undefined, TARGETS.twoThreadSpeedup, 'x', best && find(best, 2));
  }
  const js = find('js', 1);
  target('js 1 thread normal', js?.rates.normal, TARGETS.jsNormal, 'samples/s', js);

  const result = {
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      availableParallelism: os.availableParallelism(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverageBefore: loadBefore,
    },
    elements: { native: 2 ** NATIVE_LOG2, js: 2 ** JS_LOG2 },
    reps,
    supportedSimd: levels,
    configs,
    speedups,
    consistency,
    targets,
    torch,
    errors,
  };

  if (jsonOnly) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const cols = [...configs.map((c) => c.name), ...(torch.rates ? ['torch t=1'] : [])];
  const rows = KERNELS.map((k) => [
    k === 'fill' ? 'Float32Array fill (ref)' : k,
    ...configs.map((c) => fmt(c.rates[k])),
    ...(torch.rates ? [fmt(torch.rates[k])] : []),
  ]);
  const m = result.machine;
  console.log(`weightinit fill throughput: ${m.cpu}, ${m.availableParallelism} threads available, node ${m.node}`);
  console.log(
    `elements (or words) per second, best of ${reps} after a warm-up; native buffers 2^${NATIVE_LOG2} elements, ` +
      `js 2^${JS_LOG2} (smaller: the fallback is slow); randomBits fills a Uint32Array, the rest a Float32Array via 'out'` +
      `${torch.rates ? `; torch ${torch.version} on 1 thread, 2^${NATIVE_LOG2} elements` : ''}.\n`,
  );
  console.log(table(['kernel', ...cols], rows));
  if (configs.some((c) => c.backend === 'js')) {
    console.log(`(the js column's fill runs on its 2^${JS_LOG2}-element buffer, which fits in cache: not a memory-bandwidth figure)`);
  }
  const busy = [...new Map(configs.filter((c) => c.otherLoad > 0.2).map((c) => [c.name.split(' ')[0], c.otherLoad])).entries()];
  if (busy.length) {
    console.log(
      `(other processes kept ${busy.map(([name, load]) => `${load.toFixed(1)} cores busy during ${name}`).join(', ')}: ` +
        'those figures, the thread speedups above all, are understated)',
    );
  }
  if (Object.keys(speedups).length) {
    console.log('\n2 threads / 1 thread');
    console.log(
      table(['kernel', ...Object.keys(speedups)], KERNELS.slice(1).map((k) => [k, ...Object.values(speedups).map((s) => `${s[k].toFixed(2)}x`)])),
    );
  }
  console.log('\nsame outputs in every configuration (hash of the first 2^22 values):');
  for (const [k, v] of Object.entries(consistency)) console.log(`  ${k.padEnd(16)} ${v}`);
  if (torch.skipped) console.log(`\ntorch reference: skipped (${torch.skipped})`);
  for (const [label, e] of Object.entries(errors)) console.log(`\n${label}: FAILED: ${e}`);
  console.log('\ntargets');
  console.log(
    table(
      ['target', 'measured', 'goal', '', ''],
      targets.map((t) => [
        t.name,
        t.value === null ? '-' : t.unit === 'x' ? `${t.value.toFixed(2)}x` : fmt(t.value),
        t.unit === 'x' ? `>= ${t.target}x` : `>= ${fmt(t.target)} ${t.unit}`,
        t.status,
        t.note ? `(${t.note})` : '',
      ]),
    ),
  );
  console.log('\nJSON');
  console.log(JSON.stringify(result));
}

if (flag('--child')) {
  child().catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
} else {
  parent().catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
}
