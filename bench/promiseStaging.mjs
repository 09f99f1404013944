#!/usr/bin/env node
// What a Promise form pays for never letting a kernel write a caller's
// detachable `out` off the event loop (src/draw.ts stages it in pieces of
// 2^22 elements and copies each in on the main thread): normal() of 2^26
// float32, all threads, into a caller's ArrayBuffer-backed array (staged),
// into a SharedArrayBuffer-backed one (filled in place: it cannot be
// detached), and the sync form into the caller's array, in one run. Also the
// main thread's busy share (event-loop utilization) during each Promise form.
//
//   node bench/promiseStaging.mjs [--reps N] [--json]
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { flag, startBench, table } from './common.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'cjs');
const require = createRequire(import.meta.url);

const N = 2 ** 26;
const { reps, progress, loadBefore } = startBench(dist, 5);
const w = require(path.join(dist, 'index.js'));
const p = require(path.join(dist, 'promises.js'));

const callers = new Float32Array(N).fill(1);
const shared = new Float32Array(new SharedArrayBuffer(N * 4)).fill(1);
const options = (out) => ({ seed: 7, mean: 0, std: 1, out });

async function best(run) {
  await run();
  let seconds = Infinity;
  let utilization = 0;
  for (let r = 0; r < reps; r++) {
    const elu = performance.eventLoopUtilization();
    const start = process.hrtime.bigint();
    await run();
    const t = Number(process.hrtime.bigint() - start) / 1e9;
    if (t < seconds) {
      seconds = t;
      utilization = performance.eventLoopUtilization(elu).utilization;
    }
  }
  return { seconds, utilization };
}

progress(`promiseStaging: ${w.backend().kind} ${w.backend().simd}, ${w.backend().threads} threads, 2^26 normals, best of ${reps}`);
const rows = {
  syncCallers: await best(() => w.normal([N], options(callers))),
  promiseShared: await best(() => p.normal([N], options(shared))),
  promiseCallers: await best(() => p.normal([N], options(callers))),
};
if (!Buffer.from(callers.buffer).equals(Buffer.from(shared.buffer))) throw new Error('staged and in-place fills differ');

const result = {
  backend: w.backend(),
  elements: N,
  reps,
  loadBefore,
  rows,
  stagingCost: rows.promiseCallers.seconds / rows.promiseShared.seconds,
};
if (!flag('--json')) {
  const line = (name, r) => [name, r.seconds.toFixed(4), (N / r.seconds).toExponential(3), r.utilization === undefined ? '-' : r.utilization.toFixed(2)];
  console.log(table(['form and out', 'seconds', 'samples/s', 'main busy'], [
    line('sync, caller ArrayBuffer', { seconds: rows.syncCallers.seconds }),
    line('Promise, SharedArrayBuffer (in place)', rows.promiseShared),
    line('Promise, caller ArrayBuffer (staged)', rows.promiseCallers),
  ]));
  console.log(`\nstaged / in place: ${result.stagingCost.toFixed(3)}x the time`);
  console.log('\nJSON');
}
console.log(JSON.stringify(result));
