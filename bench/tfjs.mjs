#!/usr/bin/env node
// weightinit/tfjs next to TensorFlow.js's own initializers, on the same
// shapes and in one run: seconds for `initializer.apply(shape)` (what a tfjs
// layer calls; both return a float32 tf.Tensor) for heNormal and
// glorotUniform on 4096 x 4096 and orthogonal on 256 x 256, and the speed-up
// of weightinit over tfjs:
//   - tfjs's initializers on its pure-JS cpu backend (what Node gets without
//     tfjs-node), after a warm-up on a small shape;
//   - weightinit native (BUILT package: run `npm run build` first) and its
//     TypeScript fallback, each on 1 thread and on all (the default; the
//     fallback's threads are worker_threads), after a warm-up on the full
//     shape.
// The backend is chosen once per process, so one child process measures the
// native backend and one the js fallback; each alternates rounds of tfjs and
// weightinit, so both see the same background load. A round times tfjs once
// and each weightinit configuration --reps times; heNormal and glorotUniform
// run 3 rounds, orthogonal 1 (tfjs's takes seconds). Each column is its best
// time; tfjs's is its best over both children.
// Targets (issue #7): native at least 25x tfjs for heNormal 4096 x 4096 and
// at least 1000x for orthogonal 256 x 256; the TypeScript fallback faster
// than tfjs on both.
//
//   node bench/tfjs.mjs            table, targets, then JSON
//   node bench/tfjs.mjs --json     JSON only (progress goes to stderr)
//   node bench/tfjs.mjs --reps 5   weightinit applies per round (default 3)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, option, seconds, startBench, table } from './common.mjs';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const dist = path.join(root, 'dist', 'cjs');
const require = createRequire(import.meta.url);

const SEED = 20240601;
const CASES = [
  { name: 'heNormal', shape: [4096, 4096], rounds: 3, target: 25 },
  { name: 'glorotUniform', shape: [4096, 4096], rounds: 3 },
  { name: 'orthogonal', shape: [256, 256], rounds: 1, target: 1000 },
];
const WARM_UP_SHAPE = [16, 16];

// Best of `reps` applies, each tensor disposed outside the timing.
function bestApply(initializer, shape, reps) {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    let tensor;
    best = Math.min(best, seconds(() => (tensor = initializer.apply(shape))));
    tensor.dispose();
  }
  return best;
}

// Child: tfjs and weightinit (this process's backend, 1 and all threads when native), in alternating rounds.
function child(reps) {
  const tf = require('@tensorflow/tfjs');
  const wt = require(path.join(dist, 'tfjs.js'));
  const info = require(path.join(dist, 'index.js')).backend();
  const threadCounts = info.threads > 1 ? [1, info.threads] : [1];
  const rows = {};
  for (const { name, shape, rounds } of CASES) {
    process.stderr.write(`${info.kind}: ${name} ${shape.join('x')} ...\n`);
    const theirs = tf.initializers[name]({ seed: SEED });
    theirs.apply(WARM_UP_SHAPE).dispose();
    const ours = threadCounts.map((threads) => wt[name]({ seed: SEED, threads }));
    for (const initializer of ours) initializer.apply(shape).dispose();
    const row = { tfjs: Infinity, weightinit: threadCounts.map(() => Infinity) };
    for (let round = 0; round < rounds; round++) {
      row.tfjs = Math.min(row.tfjs, bestApply(theirs, shape, 1));
      ours.forEach((initializer, i) => (row.weightinit[i] = Math.min(row.weightinit[i], bestApply(initializer, shape, reps))));
    }
    rows[name] = row;
  }
  return { backend: info, threadCounts, tfjs: { version: tf.version.tfjs, backend: tf.getBackend() }, rows };
}

function runChild(backend, reps) {
  const r = spawnSync(process.execPath, [here, '--child', '--reps', String(reps)], {
    env: { ...process.env, WEIGHTINIT_BACKEND: backend, WEIGHTINIT_QUIET: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`the ${backend} child failed (status ${r.status}); see its stderr above`);
  return JSON.parse(r.stdout);
}

function main() {
  if (flag('--child')) {
    process.stdout.write(JSON.stringify(child(Number(option('--reps', '3')))));
    return;
  }
  const jsonOnly = flag('--json');
  const { reps, progress, loadBefore } = startBench(dist, 3);
  let native;
  try {
    native = runChild('native', reps);
  } catch (error) {
    progress(`bench: the native backend could not run (${error.message}); build the addon (npm run build:native) and rerun`);
    process.exit(2);
  }
  const js = runChild('js', reps);
  const all = native.threadCounts.at(-1);
  const jsAll = js.threadCounts.at(-1);

  const rows = CASES.map(({ name, shape, target }) => {
    const tfjs = Math.min(native.rows[name].tfjs, js.rows[name].tfjs);
    const [native1, nativeAll = native1] = native.rows[name].weightinit;
    const [js1, jsAllSeconds = js1] = js.rows[name].weightinit;
    return {
      name, shape, target, tfjs, native1, nativeAll, js1, jsAll: jsAllSeconds,
      speedup1: tfjs / native1, speedupAll: tfjs / nativeAll, speedupJs1: tfjs / js1, speedupJsAll: tfjs / jsAllSeconds,
    };
  });
  const targets = rows.filter((r) => r.target).flatMap((r) => {
    const shape = r.shape.join('x');
    return [
      { name: `native ${r.name} ${shape}, 1 thread`, speedup: r.speedup1, goal: `>= ${r.target}x`, pass: r.speedup1 >= r.target },
      { name: `native ${r.name} ${shape}, ${all} threads`, speedup: r.speedupAll, goal: `>= ${r.target}x`, pass: r.speedupAll >= r.target },
      { name: `js ${r.name} ${shape}, ${jsAll} threads`, speedup: r.speedupJsAll, goal: '> 1x', pass: r.speedupJsAll > 1 },
    ];
  }).map((t) => ({ ...t, status: t.pass ? 'PASS' : 'MISS' }));

  const result = {
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', availableParallelism: os.availableParallelism(), node: process.version, loadAverageBefore: loadBefore },
    weightinit: { simd: native.backend.simd, threads: all, jsThreads: jsAll, version: native.backend.version },
    tfjs: native.tfjs,
    reps,
    rows,
    targets,
  };
  if (jsonOnly) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const s = (x) => x.toFixed(4);
  const ratio = (x) => `${x.toFixed(x < 10 ? 2 : 0)}x`;
  console.log(`weightinit/tfjs vs tfjs ${native.tfjs.version} (${native.tfjs.backend} backend): ${result.machine.cpu}, node ${process.version}, weightinit native ${native.backend.simd}`);
  console.log('seconds for initializer.apply(shape) -> float32 tf.Tensor, best of the run; speed-up = tfjs / weightinit\n');
  console.log(
    table(
      ['initializer', 'shape', 'tfjs', 'native t=1', 'speed-up', `native t=${all}`, 'speed-up', 'js t=1', 'speed-up', `js t=${jsAll}`, 'speed-up'],
      rows.map((r) => [
        r.name, r.shape.join('x'), s(r.tfjs), s(r.native1), ratio(r.speedup1), s(r.nativeAll), ratio(r.speedupAll),
        s(r.js1), ratio(r.speedupJs1), s(r.jsAll), ratio(r.speedupJsAll),
      ]),
    ),
  );
  if (loadBefore > 0.5) console.log(`\n(load average ${loadBefore.toFixed(2)} at the start: other processes were using the cores)`);
  console.log('\ntargets (speed-up over tfjs)');
  console.log(table(['target', 'speed-up', 'goal', ''], targets.map((t) => [t.name, ratio(t.speedup), t.goal, t.status])));
  console.log('\nJSON');
  console.log(JSON.stringify(result));
}

main();
