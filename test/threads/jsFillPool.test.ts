// The TypeScript backend's worker threads (src/js/fillPool.ts): a fill shared
// out to any number of threads is byte for byte the single-thread fill, for
// every distribution and dtype, at lengths around the pool's share and round
// boundaries and at offsets that start inside a block; Promise forms fill on
// workers while the event loop stays free. Workers load compiled JavaScript,
// so this runs the built package (dist/cjs), as users get it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import type { Distribution, HalfElement, KernelOutput } from '../../src/kernels.js';

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist', 'cjs');
const require = createRequire(__filename);

let w: typeof import('../../src/index.js');
let promises: typeof import('../../src/promises.js');
let pool: typeof import('../../src/js/fillPool.js');
let kernels: typeof import('../../src/js/kernels.js');
let params: typeof import('../../src/distributionParams.js');
let stream: typeof import('../../src/stream.js');
try {
  w = require(path.join(dist, 'index.js'));
  promises = require(path.join(dist, 'promises.js'));
  pool = require(path.join(dist, 'js', 'fillPool.js'));
  kernels = require(path.join(dist, 'js', 'kernels.js'));
  params = require(path.join(dist, 'distributionParams.js'));
  stream = require(path.join(dist, 'stream.js'));
} catch (error) {
  throw new Error(`test/threads runs the built package: run \`npm run build\` first (${String(error)})`);
}

const bytesOf = (t: { data: ArrayBufferView }): Buffer => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

describe('the js backend shares large fills out to worker threads', () => {
  it('runs on the js backend here', () => {
    expect(w.backend().kind).toBe('js');
  });

  it('starts threads - 1 workers for a large fill, and reports every core as its default', () => {
    w.normal([pool.PARALLEL_FROM], { seed: 1, threads: 3 });
    expect(pool.poolFailure()).toBeUndefined();
    expect(pool.poolSize()).toBe(2);
    expect(w.backend().threads).toBe(pool.defaultThreads);
  });

  it(`never starts more than ${16 - 1} workers, whatever a fill asks for`, () => {
    const asked = w.uniform([pool.PARALLEL_FROM * 2], { seed: 2, threads: 200 });
    expect(pool.poolSize()).toBe(pool.MAX_POOL_THREADS - 1);
    expect(bytesOf(asked).equals(bytesOf(w.uniform([pool.PARALLEL_FROM * 2], { seed: 2, threads: 1 })))).toBe(true);
  });

  const share = pool.SHARE;
  // Below the parallel threshold, at it, one share per thread, and several
  // rounds with a ragged last one.
  const lengths = [pool.PARALLEL_FROM - 1, pool.PARALLEL_FROM, 2 * share + 5, 5 * share + 3];
  // Stream words: a whole block, and one inside a block just before the low
  // counter word wraps (2^34 words, where the tiles stop).
  const offsets = [0n, 2n ** 34n - BigInt(2 * share) - 1n];
  const threads = [2, 3, 7];
  const outputs: [string, (n: number) => KernelOutput, HalfElement?][] = [
    ['float32', (n) => new Float32Array(n)],
    ['float64', (n) => new Float64Array(n)],
    ['float16', (n) => new Uint16Array(n), 'float16'],
    ['bfloat16', (n) => new Uint16Array(n), 'bfloat16'],
  ];
  const cases: [Distribution, Float32Array, typeof outputs][] = [
    ['bits', new Float32Array(0), [['uint32', (n) => new Uint32Array(n)]]],
    ['uniform', params.uniformParams('test', -0.5, 2), outputs],
    ['normal', params.normalParams('test', 1, 3), outputs],
    ['truncatedNormal', params.truncatedNormalParams('test', 0, 0.02, -0.04, 0.04), outputs],
  ];
  for (const [distribution, p, outs] of cases) {
    for (const [dtype, make, element] of outs) {
      it(`${distribution} ${dtype}: threads ${threads.join(', ')} give the single-thread bytes`, () => {
        for (const n of lengths) {
          for (const offset of offsets) {
            const at = stream.position(20261127n, 5n, offset);
            const one = make(n);
            kernels.jsKernels.fill(distribution, one, at, p, 1, element);
            for (const t of threads) {
              const shared = make(n);
              kernels.jsKernels.fill(distribution, shared, at, p, t, element);
              expect(Buffer.from(shared.buffer).equals(Buffer.from(one.buffer)), `n ${n}, offset ${offset}, threads ${t}`).toBe(true);
            }
          }
        }
      });
    }
  }

  it('schemes drawn through the pool equal their single-thread draws (heNormal 1024 x 1024)', () => {
    const a = w.heNormal([1024, 1024], { seed: 9, threads: 2 });
    expect(bytesOf(a).equals(bytesOf(w.heNormal([1024, 1024], { seed: 9, threads: 1 })))).toBe(true);
  });
});

describe('Promise forms fill on the workers, off the event loop', () => {
  const n = 1 << 22;
  const syncOf = (seed: number) => bytesOf(w.truncatedNormal([n], { seed, std: 0.02, threads: 1 }));

  it('every thread count gives the sync bytes', async () => {
    for (const threads of [1, 2, 3]) {
      const t = await promises.truncatedNormal([n], { seed: 7, std: 0.02, threads });
      expect(bytesOf(t).equals(syncOf(7)), `threads ${threads}`).toBe(true);
    }
  });

  it('the event loop stays mostly idle while workers fill (utilization below 0.5)', async () => {
    const before = performance.eventLoopUtilization();
    await promises.truncatedNormal([4 * n], { seed: 8, std: 0.02 });
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
  });

  it('more concurrent fills than workers, with sync fills between them, all give their sync bytes', async () => {
    const seeds = Array.from({ length: 24 }, (_, i) => 100 + i);
    const pending = seeds.map((seed) => promises.truncatedNormal([n / 8], { seed, std: 0.02, threads: 2 }));
    const between = w.truncatedNormal([n], { seed: 99, std: 0.02, threads: 2 });
    const done = await Promise.all(pending);
    expect(bytesOf(between).equals(syncOf(99))).toBe(true);
    done.forEach((t, i) => expect(bytesOf(t).equals(bytesOf(w.truncatedNormal([n / 8], { seed: seeds[i]!, std: 0.02, threads: 1 })))).toBe(true));
    expect(pool.poolSize()).toBeLessThanOrEqual(pool.MAX_POOL_THREADS - 1);
  });

  it('an aborted fill rejects with an AbortError and frees its workers for the next', async () => {
    const controller = new AbortController();
    const aborted = promises.truncatedNormal([4 * n], { seed: 9, std: 0.02, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const before = performance.eventLoopUtilization();
    const next = await promises.truncatedNormal([n], { seed: 7, std: 0.02 });
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    expect(bytesOf(next).equals(syncOf(7))).toBe(true);
  });
});

describe('the pool never holds a process up, nor loses a fill', () => {
  const node = (script: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['-e', script], { env: { ...process.env, WEIGHTINIT_BACKEND: 'js', WEIGHTINIT_QUIET: '1', ...env }, encoding: 'utf8', timeout: 20_000 });

  it('a Promise form alone keeps the process alive until it settles, and no longer', () => {
    const r = node(`require(${JSON.stringify(path.join(dist, 'promises.js'))}).normal([1 << 22], { seed: 1 }).then((t) => console.log(t.data.length))`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${1 << 22}\n`);
  });

  it('a process whose workers sit idle exits on its own', () => {
    const r = node(`const w = require(${JSON.stringify(path.join(dist, 'index.js'))}); w.normal([1 << 20], { seed: 1, threads: 2 }); console.log('filled')`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('filled\n');
  });

  // The package with its fillWorker.js removed or replaced by `worker`.
  const copies: string[] = [];
  afterAll(() => copies.forEach((c) => rmSync(c, { recursive: true, force: true })));
  function packageWithWorker(worker: string | null): string {
    const copy = mkdtempSync(path.join(tmpdir(), 'weightinit-badworker-'));
    copies.push(copy);
    cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
    cpSync(dist, path.join(copy, 'dist', 'cjs'), { recursive: true });
    const file = path.join(copy, 'dist', 'cjs', 'js', 'fillWorker.js');
    if (worker === null) rmSync(file);
    else writeFileSync(file, worker);
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    return path.join(copy, 'dist', 'cjs');
  }

  const n = 3 << 18;
  const expectedHash = (): string =>
    createHash('sha256').update(w.truncatedNormal([n], { seed: 4, std: 0.02, threads: 1 }).data).digest('hex');

  // A child fills with 2 threads, sync or Promise, through the package in `dir`.
  function fillThrough(dir: string, form: 'sync' | 'promise') {
    const r = node(`
      const w = require(${JSON.stringify(path.join(dir, 'index.js'))});
      const p = require(${JSON.stringify(path.join(dir, 'promises.js'))});
      const pool = require(${JSON.stringify(path.join(dir, 'js', 'fillPool.js'))});
      const before = w.backend().threads;
      const options = { seed: 4, std: 0.02, threads: 2 };
      const report = (t) => {
        const hash = require('node:crypto').createHash('sha256').update(t.data).digest('hex');
        console.log(JSON.stringify({ before, after: w.backend().threads, failure: pool.poolFailure() ?? null, hash }));
      };
      ${form === 'sync' ? 'report(w.truncatedNormal([' + n + '], options));' : 'p.truncatedNormal([' + n + '], options).then(report);'}
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { before: number; after: number; failure: string | null; hash: string };
  }

  const broken = [
    { what: 'is missing (a bundler left it out)', worker: null, failure: /cannot load .*fillWorker/ },
    { what: 'never finishes loading (its thread never starts)', worker: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);', failure: /did not start within 5 s/ },
    { what: 'exits in the middle of a job', worker: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));", failure: /stopped before it answered/ },
  ];
  for (const { what, worker, failure } of broken) {
    for (const form of ['sync', 'promise'] as const) {
      it(`when the worker file ${what}, ${form} fills stay whole on one thread and the backend says 1 thread`, () => {
        const report = fillThrough(packageWithWorker(worker), form);
        expect(report.hash).toBe(expectedHash());
        expect(report.before).toBe(pool.defaultThreads);
        expect(report.after).toBe(1);
        expect(report.failure).toMatch(failure);
      });
    }
  }
});
