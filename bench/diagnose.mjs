#!/usr/bin/env node
// Seconds to diagnose a ReLU network of depth 50, width 1024 on a batch of
// 256 end to end: drawing the weights, input and output gradient, the forward
// and backward pass with statistics, mean-field theory and the report.
// Native on 1 thread and on all, in one run (the backend is chosen once per
// process, so each configuration runs here with its threads option).
//
//   node bench/diagnose.mjs          table, then JSON
//   node bench/diagnose.mjs --json   JSON only
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const w = await import(path.join(root, 'dist', 'esm', 'index.mjs'));
const NETWORK = { depth: 50, width: 1024, activation: 'relu', init: 'heNormal' };
const TARGET_SECONDS = 2;
const REPS = 3;

const rows = [...new Set([1, os.availableParallelism()])].map((threads) => {
  w.diagnose(NETWORK, { seed: 1, threads }); // warm-up
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const start = process.hrtime.bigint();
    w.diagnose(NETWORK, { seed: 1 + r, threads });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { threads, seconds: best, status: best < TARGET_SECONDS ? 'PASS' : 'MISS' };
});
const result = { backend: w.backend(), network: NETWORK, batch: 256, targetSeconds: TARGET_SECONDS, rows };
if (!process.argv.includes('--json')) {
  console.log(`diagnose depth 50 x width 1024 x batch 256 (relu, heNormal), ${w.backend().kind} ${w.backend().simd}, best of ${REPS}`);
  for (const r of rows) console.log(`  threads ${r.threads}: ${r.seconds.toFixed(3)} s  (target < ${TARGET_SECONDS} s: ${r.status})`);
  console.log('\nJSON');
}
console.log(JSON.stringify(result));
