#!/usr/bin/env node
// heNormal of an 8192 x 8192 kernel (Keras convention: truncated normal,
// corrected std) in samples/s, next to a plain normal fill of the same buffer
// measured in the same process: the scheme should run at the foundation's
// normal rate (its maths is a few scalar operations above the kernel seam).
// A third column draws into a fresh tensor each time, as the anchors'
// initializers do: the difference is the cost of first touching new memory.
// The js backend runs in a child process (the backend is chosen once per process).
//
//   node bench/heNormal.mjs          table, then JSON
//   node bench/heNormal.mjs --json   JSON only
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const SHAPE = [8192, 8192];
const REPS = 3;

async function measure() {
  const w = await import(path.join(root, 'dist', 'esm', 'index.mjs'));
  const out = new Float32Array(SHAPE[0] * SHAPE[1]).fill(1);
  const best = (run) => {
    run();
    let t = Infinity;
    for (let r = 0; r < REPS; r++) {
      const start = process.hrtime.bigint();
      run();
      t = Math.min(t, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return out.length / t;
  };
  const threadCounts = [1, os.availableParallelism()];
  const rows = threadCounts.map((threads) => ({
    backend: w.backend().kind,
    simd: w.backend().simd,
    threads,
    heNormal: best(() => w.heNormal(SHAPE, { seed: 1, out, threads })),
    normal: best(() => w.normal(SHAPE, { seed: 1, out, threads })),
    fresh: best(() => w.heNormal(SHAPE, { seed: 1, threads })),
  }));
  process.stdout.write(JSON.stringify(rows));
}

if (process.argv.includes('--child')) {
  await measure();
} else {
  const run = (backend) => {
    const r = spawnSync(process.execPath, [here, '--child'], { env: { ...process.env, WEIGHTINIT_BACKEND: backend, WEIGHTINIT_QUIET: '1' }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${backend}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const rows = [...run('native'), ...run('js')];
  if (!process.argv.includes('--json')) {
    console.log(`heNormal ${SHAPE.join('x')} float32, samples/s (best of ${REPS}), beside normal() on the same buffer`);
    console.log('backend  simd    threads  heNormal   normal     heNormal/normal  fresh tensor  fresh/heNormal');
    for (const r of rows) {
      console.log(`${r.backend.padEnd(8)} ${r.simd.padEnd(7)} ${String(r.threads).padEnd(8)} ${r.heNormal.toExponential(3)}  ${r.normal.toExponential(3)}  ${(r.heNormal / r.normal).toFixed(2).padEnd(15)}  ${r.fresh.toExponential(3)}     ${(r.fresh / r.heNormal).toFixed(2)}`);
    }
    console.log('\nJSON');
  }
  console.log(JSON.stringify({ shape: SHAPE, rows }));
}
