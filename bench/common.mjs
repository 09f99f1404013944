// Helpers every benchmark script shares: command-line flags, timing and the
// plain-text tables they print.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The value after `name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

export const flag = (name) => process.argv.includes(name);

/** Wall-clock seconds of one call. */
export function seconds(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Columns padded to their widest cell: the first left-aligned, the rest right-aligned. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((wd) => '-'.repeat(wd))), ...rows.map(line)].join('\n');
}

/**
 * The start every in-process benchmark shares: --reps (default `reps`), a
 * progress printer on stderr, the built package's presence, and the load
 * average before starting (a warning when other work is running).
 */
export function startBench(dist, defaultReps) {
  const reps = Number(option('--reps', String(defaultReps)));
  if (!(Number.isInteger(reps) && reps >= 1)) throw new Error('--reps takes a positive integer');
  const progress = (msg) => process.stderr.write(`${msg}\n`);
  if (!fs.existsSync(path.join(dist, 'index.js'))) {
    progress('bench: dist/ is missing; run `npm run build` first');
    process.exit(2);
  }
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.5) progress(`bench: warning: load average ${loadBefore.toFixed(2)} before starting; other work skews the timings`);
  return { reps, progress, loadBefore };
}
