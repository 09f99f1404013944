// Run by outOfMemory.test.ts. Once its inputs are allocated, this process
// caps its own address space (prlimit) a little above what it then holds:
// every call below needs memory, or thread stacks, that is not there. Prints
// one JSON line: how each call ended.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const MARGIN_KIB = 16 * 1024;

const binding = require(process.env.WEIGHTINIT_ADDON);
const virtualKiB = () => Number(/VmSize:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const normal = new Float32Array([0, 1]);

async function main() {
  // Start libuv's thread pool (which aborts when it cannot) before the cap.
  await binding.fillAsync('normal', new Float32Array(8), new Uint32Array(7), normal, 1);
  const side = 4096;
  const matrix = new Float32Array(side * side).fill(1);
  const batch = 4096;
  const wide = {
    batch, input: new Float32Array(batch).fill(1), outputGradient: new Float32Array(batch * side).fill(1),
    layers: [{ in: 1, out: side, weights: new Float32Array(side).fill(1), activation: 'relu', param: 0 }],
  };
  const out = new Float32Array(1 << 20);
  const calls = {
    orthogonalize: () => binding.orthogonalize(matrix, side, side, 1),
    orthogonalizeAsync: () => binding.orthogonalizeAsync(matrix, side, side, 1),
    networkStats: () => binding.networkStats(wide, 1),
    networkStatsAsync: () => binding.networkStatsAsync(wide, 1),
    'fill on 256 threads': () => binding.fill('normal', out, new Uint32Array(7), normal, 256),
  };
  execFileSync('prlimit', [`--pid=${process.pid}`, `--as=${(virtualKiB() + MARGIN_KIB) * 1024}:`]);
  const outcomes = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      await call();
      outcomes[name] = { ended: 'returned' };
    } catch (e) {
      outcomes[name] = { ended: 'threw', type: e?.constructor?.name, message: String(e?.message ?? e) };
    }
  }
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
}

main();
