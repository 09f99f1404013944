#!/usr/bin/env node
// Huge layers, measured in one run (every measurement in a fresh child
// process, so each allocation really is fresh memory):
//  (a) allocate-and-fill a fresh 2^28-element float32 heNormal tensor, next to
//      `new Float32Array(n).fill(0)` of the same size — what just getting the
//      memory costs. Target: at most 1.5x the reference's time.
//  (b) heNormal streamed to a 4 GiB .safetensors file, next to plain
//      sequential writing of as many zero bytes to the same directory (64 MiB
//      writes, then fsync, as our writer does before its rename). Target: at
//      least 70% of the reference's GB/s.
//  (c) peak RSS of (b) (target: far below the 1 GiB the issue allows).
//  (d) the event loop's worst delay while a multi-second async fill runs.
//
//   node bench/hugeLayers.mjs [--bytes 4294967296] [--dir /tmp] [--reps 5]
//   node bench/hugeLayers.mjs --bytes 21474836480   (the 20 GiB check)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { option, table } from './common.mjs';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const dist = path.join(root, 'dist', 'cjs');

const children = {
  async allocateZero({ n }) {
    const start = process.hrtime.bigint();
    const a = new Float32Array(n).fill(0);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, check: a[n - 1] };
  },
  async allocateHeNormal({ n, threads }) {
    const w = await import(path.join(dist, 'index.js'));
    const start = process.hrtime.bigint();
    const t = w.heNormal([n / 4096, 4096], { seed: 1, ...(threads && { threads }) });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, check: t.data[n - 1], kind: w.backend().kind };
  },
  async writeZeros({ file, bytes }) {
    const { open } = await import('node:fs/promises');
    const chunk = new Uint8Array(64 * 2 ** 20);
    const start = process.hrtime.bigint();
    const handle = await open(file, 'w');
    for (let at = 0; at < bytes; at += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, bytes - at), at);
    // As the writer does before renaming: the bytes are on the disk, not only in the page cache.
    await handle.sync();
    await handle.close();
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, maxRss: process.resourceUsage().maxRSS * 1024 };
  },
  // The same writes with incompressible, never-repeating bytes: one random
  // buffer whose every 4 KiB page is stamped with the chunk number, so no two
  // pages of the file are alike (disks and hosts that compress or deduplicate
  // make zeros cheaper to store than weights).
  async writeRandom({ file, bytes }) {
    const { open } = await import('node:fs/promises');
    const { randomFillSync } = await import('node:crypto');
    const chunk = randomFillSync(new Uint8Array(64 * 2 ** 20));
    const words = new Uint32Array(chunk.buffer);
    const start = process.hrtime.bigint();
    const handle = await open(file, 'w');
    for (let at = 0, n = 0; at < bytes; at += chunk.length, n++) {
      for (let page = 0; page < words.length; page += 1024) words[page] = n;
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - at), at);
    }
    await handle.sync();
    await handle.close();
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, maxRss: process.resourceUsage().maxRSS * 1024 };
  },
  async writeHeNormal({ file, bytes }) {
    const p = await import(path.join(dist, 'promises.js'));
    const cols = 8192;
    const start = process.hrtime.bigint();
    const written = await p.initModel({ 'layer.weight': { shape: [bytes / 4 / cols, cols], scheme: 'heNormal' } }, { seed: 1, file });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes: written.bytes, maxRss: process.resourceUsage().maxRSS * 1024 };
  },
  async eventLoopDelay({ n }) {
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const p = await import(path.join(dist, 'promises.js'));
    const out = new Float32Array(n);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const start = process.hrtime.bigint();
    for (let r = 0; r < 4; r++) await p.normal([n], { seed: r, out, threads: 1 });
    const secondsTaken = Number(process.hrtime.bigint() - start) / 1e9;
    histogram.disable();
    return { seconds: secondsTaken, maxDelayMs: histogram.max / 1e6, p99DelayMs: histogram.percentile(99) / 1e6 };
  },
};

// Every write measurement starts with no dirty pages left by the one before:
// otherwise the kernel's writeback of earlier gigabytes throttles the next.
function child(name, args) {
  spawnSync('sync');
  const r = spawnSync(process.execPath, [here, '--child', name, JSON.stringify(args)], { encoding: 'utf8', env: { ...process.env, WEIGHTINIT_QUIET: '1' } });
  if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (process.argv[2] === '--child') {
  const result = await children[process.argv[3]](JSON.parse(process.argv[4]));
  process.stdout.write(JSON.stringify(result));
} else {
  const reps = Number(option('--reps', '5'));
  const bytes = Number(option('--bytes', String(4 * 2 ** 30)));
  const dir = mkdtempSync(path.join(option('--dir', root), '.bench-huge-'));
  const best = (name, args) => {
    const runs = Array.from({ length: reps }, () => child(name, args));
    return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  };
  try {
    const n = 2 ** 28;
    // Alternate reference and ours, so both see the same machine state.
    const zero = best('allocateZero', { n });
    const he1 = best('allocateHeNormal', { n, threads: 1 });
    const he = best('allocateHeNormal', { n });
    console.log(`(a) allocate and fill a fresh 2^28-element float32 tensor (best of ${reps}, each in a fresh process)`);
    console.log(table(['what', 'seconds', 'x reference', 'target'], [
      ['new Float32Array(n).fill(0)', zero.seconds.toFixed(3), '1.00', ''],
      [`heNormal, ${he1.kind}, 1 thread`, he1.seconds.toFixed(3), (he1.seconds / zero.seconds).toFixed(2), he1.seconds <= 1.5 * zero.seconds ? 'PASS (<= 1.5)' : 'FAIL (<= 1.5)'],
      [`heNormal, ${he.kind}, all threads`, he.seconds.toFixed(3), (he.seconds / zero.seconds).toFixed(2), he.seconds <= 1.5 * zero.seconds ? 'PASS (<= 1.5)' : 'FAIL (<= 1.5)'],
    ]));

    const file = path.join(dir, 'layer.safetensors');
    const runs = [];
    for (let r = 0; r < reps; r++) {
      const zerosRun = child('writeZeros', { file, bytes });
      rmSync(file, { force: true });
      const randomRun = child('writeRandom', { file, bytes });
      rmSync(file, { force: true });
      runs.push({ zeros: zerosRun, random: randomRun, ours: child('writeHeNormal', { file, bytes }) });
      rmSync(file, { force: true });
    }
    // The disk's speed swings from run to run (a shared host): best and median of the alternating runs.
    const summary = (key) => {
      const sorted = runs.map((r) => r[key]).sort((a, b) => a.seconds - b.seconds);
      return { ...sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)].seconds };
    };
    const zeros = summary('zeros');
    const ours = summary('ours');
    const random = summary('random');
    const gbps = (b, s) => b / s / 1e9;
    const ratio = gbps(ours.bytes, ours.seconds) / gbps(bytes, zeros.seconds);
    console.log(`\n(b, c) ${(bytes / 2 ** 30).toFixed(1)} GiB to ${dir} (best of ${reps}, alternating; every run fsyncs)`);
    const medianRatio = gbps(ours.bytes, ours.median) / gbps(bytes, zeros.median);
    console.log(table(['what', 'best s', 'GB/s', 'median s', 'GB/s', 'peak RSS MiB', 'vs zeros (best)', 'vs zeros (median)', 'target'], [
      ['write zero bytes (64 MiB writes)', zeros.seconds.toFixed(2), gbps(bytes, zeros.seconds).toFixed(2), zeros.median.toFixed(2), gbps(bytes, zeros.median).toFixed(2), (zeros.maxRss / 2 ** 20).toFixed(0), '1.00', '1.00', ''],
      ['write random bytes (64 MiB writes)', random.seconds.toFixed(2), gbps(bytes, random.seconds).toFixed(2), random.median.toFixed(2), gbps(bytes, random.median).toFixed(2), (random.maxRss / 2 ** 20).toFixed(0), (zeros.seconds / random.seconds).toFixed(2), (zeros.median / random.median).toFixed(2), ''],
      ['initModel heNormal -> .safetensors', ours.seconds.toFixed(2), gbps(ours.bytes, ours.seconds).toFixed(2), ours.median.toFixed(2), gbps(ours.bytes, ours.median).toFixed(2), (ours.maxRss / 2 ** 20).toFixed(0), ratio.toFixed(2), medianRatio.toFixed(2), ratio >= 0.7 ? 'PASS (>= 0.70, best)' : 'FAIL (>= 0.70, best)'],
    ]));

    const delay = child('eventLoopDelay', { n });
    console.log(`\n(d) event loop while 4 async normal fills of 2^28 elements run on 1 thread (${delay.seconds.toFixed(2)} s in all)`);
    console.log(`max delay ${delay.maxDelayMs.toFixed(1)} ms, p99 ${delay.p99DelayMs.toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
