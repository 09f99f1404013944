// Run by workerTeardown.test.ts: worker_threads that load the addon, start
// Promise forms of every function and are terminated while those run, so the
// work completes into an environment that is being torn down. Prints
// "survived" at the end.
'use strict';
const { Worker } = require('node:worker_threads');

const ROUNDS = 20;

const workerCode = `
const binding = require(${JSON.stringify(process.env.WEIGHTINIT_ADDON)});
const { parentPort } = require('node:worker_threads');
const normal = new Float32Array([0, 1]);
for (let i = 0; i < 6; i++) binding.fillAsync('normal', new Float32Array(1 << 20), new Uint32Array(7), normal, 2);
binding.orthogonalizeAsync(new Float32Array(192 * 160).fill(1), 192, 160, 2);
const x = new Float32Array(64 * 64).fill(0.5);
binding.networkStatsAsync({ batch: 64, input: x, outputGradient: x,
  layers: [{ in: 64, out: 64, weights: x, activation: 'tanh', param: 0 }] }, 2);
parentPort.postMessage('started');
`;

(async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const worker = new Worker(workerCode, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    // Now and then let some of the work finish first.
    if (i % 3 === 1) await new Promise((resolve) => setTimeout(resolve, i % 7));
    await worker.terminate();
  }
  process.stdout.write('survived\n');
})();
