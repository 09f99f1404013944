// weightinit bench: a quick throughput table of the fill kernels on this
// machine, measured in this process: the native kernels (all threads and
// one), the TypeScript fallback, and Float32Array.prototype.fill on the same
// buffer as the memory-bandwidth reference. bench/ has the full benchmarks.
import { backend as chosenBackend, kernels } from '../../backend.js';
import { normalParams, truncatedNormalParams, uniformParams } from '../../distributionParams.js';
import { jsKernels } from '../../js/kernels.js';
import type { Distribution, Kernels } from '../../kernels.js';
import { position } from '../../stream.js';
import type { Command } from '../command.js';
import { EXIT } from '../failure.js';
import { formatRate, toJson } from '../format.js';
import { renderTable } from '../table.js';

const KERNELS: { name: string; distribution: Distribution; params: Float32Array }[] = [
  { name: 'randomBits', distribution: 'bits', params: new Float32Array(0) },
  { name: 'uniform', distribution: 'uniform', params: uniformParams('bench', 0, 1) },
  { name: 'normal', distribution: 'normal', params: normalParams('bench', 0, 1) },
  { name: 'truncatedNormal', distribution: 'truncatedNormal', params: truncatedNormalParams('bench', 0, 1, -2, 2) },
];
const DEFAULT_ELEMENTS = 2 ** 24;
/** The fallback is 20-50x slower per sample: a smaller buffer keeps its runs short. */
const JS_SHARE = 16;
const SEED = 20240601n;

/** Samples per second: the best of `reps` timed runs after a warm-up. */
function throughput(elements: number, reps: number, run: () => void): number {
  run();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return elements / (best / 1000);
}

function fillRate(k: Kernels, kernel: (typeof KERNELS)[number], buffer: ArrayBuffer, elements: number, threads: number, reps: number): number {
  const out = kernel.distribution === 'bits' ? new Uint32Array(buffer, 0, elements) : new Float32Array(buffer, 0, elements);
  const at = position(SEED, 0n, 0n);
  return throughput(elements, reps, () => k.fill(kernel.distribution, out, at, kernel.params, threads));
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'fill throughput on this machine: native, TypeScript fallback, memory reference',
  usage: 'bench [--elements N] [--reps N] [--json]',
  positionals: [],
  options: [
    { name: 'elements', value: 'N', example: '16777216', description: `elements per native fill (default 2^24; the TypeScript fallback fills 1/${JS_SHARE} of them)` },
    { name: 'reps', value: 'N', example: '5', description: 'timed runs after the warm-up; the best counts (default 3)' },
    { name: 'json', description: 'print the result as JSON (samples per second)' },
  ],
  examples: ['weightinit bench', 'weightinit bench --elements 67108864 --reps 5'],
  async run(args, io) {
    const elements = args.integer('elements', 1024, DEFAULT_ELEMENTS);
    const reps = args.integer('reps', 1, 3);
    const jsElements = Math.max(1024, Math.floor(elements / JS_SHARE));
    const info = chosenBackend();
    const native = info.kind === 'native' ? kernels() : undefined;
    const buffer = new ArrayBuffer(elements * 4);
    const memory = throughput(elements, reps, () => new Float32Array(buffer).fill(1.5));
    const rows = KERNELS.map((k) => ({
      kernel: k.name,
      native: native ? fillRate(native, k, buffer, elements, info.threads, reps) : null,
      nativeOneThread: native && info.threads > 1 ? fillRate(native, k, buffer, elements, 1, reps) : null,
      js: fillRate(jsKernels, k, buffer, jsElements, 1, reps),
    }));
    if (args.switch('json')) {
      io.out(`${toJson({ backend: info, elements, jsElements, reps, memory, kernels: rows })}\n`);
      return EXIT.ok;
    }
    const rate = (x: number | null) => (x === null ? '-' : `${formatRate(x)}/s`);
    const header = ['kernel', `native, ${info.threads} thread${info.threads === 1 ? '' : 's'}`, ...(info.threads > 1 ? ['native, 1 thread'] : []), 'js', 'native / memory'];
    const line = (r: (typeof rows)[number]) => [
      r.kernel, rate(r.native), ...(info.threads > 1 ? [rate(r.nativeOneThread)] : []), rate(r.js), r.native === null ? '-' : (r.native / memory).toFixed(2),
    ];
    io.out(
      [
        `samples per second, best of ${reps}: native on ${elements} elements, js on ${jsElements}; ${info.kind} backend, simd ${info.simd}`,
        `memory reference: Float32Array.prototype.fill writes ${rate(memory)} on the native buffer`,
        '',
        renderTable({ header, rows: rows.map(line) }),
        ...(native ? [] : [`native: not loaded (${info.detail})`]),
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  },
};
