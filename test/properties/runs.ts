// fast-check settings shared by the property files: a fixed seed, so CI runs
// the same cases every time (a failure prints the seed and the shrunk
// counterexample, and `seed` + `path` replay it), and run counts sized so
// that both backends finish in seconds (the TypeScript kernels are ~15x
// slower than the native ones, so they get fewer runs of the heavy properties).
// To search further by hand: WEIGHTINIT_PROPERTY_SEED=<n> picks another seed,
// WEIGHTINIT_PROPERTY_RUNS=<factor> multiplies every run count.
import type { Parameters } from 'fast-check';

import { backend } from '../../src/index.js';

export const SEED = Number(process.env['WEIGHTINIT_PROPERTY_SEED'] || 20261127);
const FACTOR = Number(process.env['WEIGHTINIT_PROPERTY_RUNS'] || 1);

export const onNative = backend().kind === 'native';

/** fast-check parameters: the seed and `native` runs (`js` on the TypeScript backend). */
export function runs(native: number, js = native): Parameters<unknown> {
  return { seed: SEED, numRuns: Math.ceil((onNative ? native : js) * FACTOR) };
}
