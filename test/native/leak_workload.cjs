// What scripts/check-leaks.sh runs under LeakSanitizer: every way into the
// addon many times over (10^4 sync fills, 10^4 awaited async fills, Promise
// forms nobody awaits whose arrays only the native worker still holds,
// refused calls of every function, orthogonalize and networkStats in both
// forms), then a clean exit. Prints "leak workload done" last.
'use strict';

const binding = require(process.env.WEIGHTINIT_ADDON);
const ROUNDS = 10_000;
const position = (i) => new Uint32Array([i, 7, 0, 0, i * 3, 0, i % 4]);
const PARAMS = {
  bits: new Float32Array(0),
  uniform: new Float32Array([0, 1, 0.99999994]),
  normal: new Float32Array([0, 1]),
  truncatedNormal: new Float32Array([0, 1, 0.02275, 0.9545, 1, -2, 2]),
};
const OUT = [
  ['bits', () => new Uint32Array(67)],
  ['uniform', () => new Float32Array(129)],
  ['normal', () => new Float64Array(33)],
  ['truncatedNormal', () => new Uint16Array(1031), 'bfloat16'],
];

function fillArgs(i) {
  const [distribution, out, element] = OUT[i % OUT.length];
  const args = [distribution, out(), position(i), PARAMS[distribution], 1 + (i % 3)];
  return element ? [...args, element] : args;
}

function pass(i) {
  const w = [3 + (i % 5), 4, 2];
  const floats = (n) => Float32Array.from({ length: n }, (_, k) => Math.sin(k + i));
  return {
    batch: 2, input: floats(2 * w[0]), outputGradient: floats(2 * w[2]),
    layers: [
      { in: w[0], out: w[1], weights: floats(w[0] * w[1]), bias: floats(w[1]), activation: 'tanh', param: 0 },
      { in: w[1], out: w[2], weights: floats(w[1] * w[2]), activation: 'relu', param: 0 },
    ],
  };
}

// Each refused for one argument, in each function.
const REFUSED = [
  () => binding.fill('gamma', new Float32Array(4), position(0), PARAMS.normal, 1),
  () => binding.fillAsync('normal', new Float32Array(4), position(0), PARAMS.normal, 0),
  () => binding.orthogonalize(new Float32Array(5), 2, 2, 1),
  () => binding.orthogonalizeAsync(new Float32Array(4), 2, 2, 1e6),
  () => binding.networkStats({ ...pass(0), batch: 0 }, 1),
  () => binding.networkStatsAsync({ ...pass(0), layers: [] }, 1),
];

async function main() {
  for (let i = 0; i < ROUNDS; i++) binding.fill(...fillArgs(i));
  for (let i = 0; i < ROUNDS; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, k) => binding.fillAsync(...fillArgs(i + k))));
  }
  // Not awaited, and no reference kept: only the workers hold the outputs.
  const forgotten = [];
  for (let i = 0; i < 1000; i++) forgotten.push(binding.fillAsync(...fillArgs(i)).then(() => undefined));
  global.gc();
  for (let i = 0; i < ROUNDS; i++) {
    try {
      REFUSED[i % REFUSED.length]();
    } catch {
      continue;
    }
    throw new Error(`call ${i % REFUSED.length} was not refused`);
  }
  for (let i = 0; i < 500; i++) {
    const n = 1 + (i % 17);
    binding.orthogonalize(Float32Array.from({ length: n * 9 }, (_, k) => Math.cos(k * n)), n, 9, 1 + (i % 2));
    await binding.orthogonalizeAsync(Float32Array.from({ length: 9 * n }, (_, k) => Math.sin(k)), 9, n, 2);
    binding.networkStats(pass(i), 1);
    await binding.networkStatsAsync(pass(i), 2);
  }
  await Promise.all(forgotten);
  global.gc();
  process.stdout.write('leak workload done\n');
}

main().catch((e) => {
  process.stderr.write(`leak workload failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
