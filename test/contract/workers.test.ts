// The addon is context-aware: it loads in worker_threads, and fills running in
// four workers at once, concurrently with the main thread, give exactly the
// main thread's single-thread bits. The workers load the built package
// (dist/cjs, as users get it) with this project's backend environment, or with
// a WEIGHTINIT_SIMD of their own, which only their addon instance obeys.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

import { backend, normal, orthogonal, truncatedNormal, uniform } from '../../src/index.js';
import { loadNativeBinding } from '../../src/native/binding.js';
import { bytes } from '../helpers/reference.js';

const entry = path.join(__dirname, '..', '..', 'dist', 'cjs', 'index.js');

type Fn = 'normal' | 'truncatedNormal' | 'uniform' | 'orthogonal';
interface Job {
  fn: Fn;
  shape: number[];
  options: Record<string, number>;
}

// Worker w runs every job with threads (w % 2) + 1 and in a rotated order, so
// different draws overlap in time.
const jobs: Job[] = [
  { fn: 'normal', shape: [3_000_001], options: { seed: 11 } },
  { fn: 'normal', shape: [2_000_000], options: { seed: 12, stream: 3, offset: 1_000_003, mean: 0.5, std: 2 } },
  { fn: 'truncatedNormal', shape: [2_500_000], options: { seed: 13, offset: 7, std: 0.02 } },
  { fn: 'uniform', shape: [4_000_000], options: { seed: 14, offset: 5, low: -0.1, high: 0.3 } },
  { fn: 'orthogonal', shape: [128, 128], options: { seed: 15 } },
];

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const w = require(workerData.entry);
const hash = (a) => createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const { kind, simd } = w.backend();
const results = [];
for (let k = 0; k < workerData.jobs.length; k++) {
  const i = (k + workerData.index) % workerData.jobs.length;
  const { fn, shape, options } = workerData.jobs[i];
  results[i] = hash(w[fn](shape, { ...options, threads: workerData.threads }).data);
}
parentPort.postMessage({ kind, simd, results });
`;

interface Report {
  kind: string;
  simd: string;
  results: string[];
}

const hash = (a: ArrayBufferView): string => createHash('sha256').update(bytes(a)).digest('hex');
const draw = { normal, truncatedNormal, uniform, orthogonal } as const;

const workers: Worker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
});

// Starts a worker on every job; resolves with its report once it has exited
// by itself, cleanly.
function runWorker(index: number, env: NodeJS.ProcessEnv | typeof SHARE_ENV): Promise<Report> {
  const worker = new Worker(workerCode, {
    eval: true,
    env,
    workerData: { entry, jobs, index, threads: (index % 2) + 1 },
  });
  workers.push(worker);
  return new Promise<Report>((resolve, reject) => {
    let report: Report | undefined;
    worker.once('message', (m: Report) => (report = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`worker ${index} exited with code ${code}${report ? '' : ' before reporting'}`));
    });
  });
}

// The main thread's single-thread results.
const expectedHashes = (): string[] =>
  jobs.map(({ fn, shape, options }) => hash(draw[fn](shape, { ...options, threads: 1 }).data));

describe(`the package in worker_threads (${backend().kind}, ${backend().simd})`, () => {
  it('loads the same backend in 4 workers and fills the same bits as the main thread, concurrently', async () => {
    const reports = Array.from({ length: 4 }, (_, index) => runWorker(index, SHARE_ENV));
    // Drawn while the workers run.
    const expected = expectedHashes();
    const done = await Promise.all(reports);
    const info = backend();
    for (const report of done) {
      expect({ kind: report.kind, simd: report.simd }).toEqual({ kind: info.kind, simd: info.simd });
      expect(report.results).toEqual(expected);
    }
  });

  it.runIf(backend().kind === 'native')(
    "runs each worker at the SIMD level of that worker's own process.env, with the same bits",
    async () => {
      const best = loadNativeBinding().info().supportedSimd.split(',')[0];
      const { WEIGHTINIT_SIMD: _, ...unforced } = process.env;
      const reports = [
        runWorker(0, { ...process.env, WEIGHTINIT_SIMD: 'scalar' }),
        runWorker(1, unforced),
      ];
      // Draws are bit-identical across levels; orthogonal, a reduction, only
      // within the tolerance agreement.test.ts states, so it is left out here.
      const draws = (hashes: string[] | undefined) => hashes?.filter((_, i) => jobs[i]?.fn !== 'orthogonal');
      const expected = draws(expectedHashes());
      const [scalar, unset] = await Promise.all(reports);
      expect(scalar?.simd).toBe('scalar');
      expect(unset?.simd).toBe(best);
      expect(draws(scalar?.results)).toEqual(expected);
      expect(draws(unset?.results)).toEqual(expected);
    },
  );
});
