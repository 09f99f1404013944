// weightinit init: draws a tensor (--shape --scheme) or a whole model
// (--model spec.json) into a .safetensors or .npy file, with progress on
// stderr. Ctrl-C (or SIGTERM) aborts the write, and the library removes its
// temporary file: no partial file is ever left under any name.
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';

import type { ModelSpec } from '../../model/modelSpec.js';
import { initModel } from '../../promises.js';
import { DTYPES } from '../../tensor.js';
import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../failure.js';
import { formatBytes, formatDuration, toJson } from '../format.js';
import { bytesOf, jsonFileOf, seedOf, shapeOf } from '../parse.js';
import { ProgressBar } from '../progressBar.js';
import { hasSchemeOptions, schemeName, SCHEME_OPTIONS, schemeOptionsOf } from '../schemeFlags.js';
import { UsageError } from '../usageError.js';

const TENSOR_FLAGS = ['shape', 'scheme', 'name'];

function modelSpecOf(args: Args): { spec: ModelSpec; what: string } {
  if (args.has('model')) {
    const conflict = args.given().find((n) => TENSOR_FLAGS.includes(n));
    if (conflict !== undefined || hasSchemeOptions(args)) {
      throw new UsageError(`--model gives every parameter's shape and scheme; drop --${conflict ?? 'the scheme options'} or drop --model`);
    }
    const spec = jsonFileOf(args, 'model') as ModelSpec;
    const count = spec !== null && typeof spec === 'object' ? Object.keys(spec).length : 0;
    return { spec, what: `${count} tensor${count === 1 ? '' : 's'}` };
  }
  const shape = shapeOf(args, 'shape');
  const scheme = schemeName(args.required('scheme'), 'scheme');
  const name = args.text('name') ?? 'weight';
  const options = schemeOptionsOf(args, scheme);
  return { spec: { [name]: { shape, scheme, options } }, what: `${name} [${shape.join(', ')}] ${scheme}` };
}

function checkedOut(args: Args): string {
  const out = args.required('out');
  if (!/\.(safetensors|npy)$/.test(out)) throw args.bad('out', 'a file name ending in .safetensors or .npy');
  const dir = path.dirname(path.resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out: directory ${dir} does not exist; create it or choose another --out`);
  if (existsSync(out) && !args.switch('force')) throw new UsageError(`${out} exists; add --force to replace it, or choose another --out`);
  return out;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'draw a tensor or a whole model into a .safetensors or .npy file',
  usage: 'init (--shape DIMS --scheme SCHEME [scheme options] | --model FILE) --out FILE [--dtype T] [--seed N]',
  positionals: [],
  options: [
    { name: 'shape', value: 'DIMS', example: '4096x4096', description: 'the tensor shape, sizes separated by x' },
    { name: 'scheme', value: 'SCHEME', example: 'he-normal', description: 'he-normal, glorot-uniform, orthogonal, normal, zeros, ... (weightinit fans shows the fan-based ones)' },
    { name: 'name', value: 'NAME', example: 'encoder.0.weight', description: 'the tensor name in the file (default weight)' },
    { name: 'model', value: 'FILE', example: 'spec.json', description: 'a JSON model instead: { "name": { "shape": [...], "scheme": "...", "options": {...} }, ... }' },
    { name: 'out', value: 'FILE', example: 'w.safetensors', description: 'the file to write: .safetensors, or .npy for one tensor' },
    { name: 'dtype', value: 'T', example: 'bfloat16', description: `${DTYPES.join(', ')} (default float32)` },
    { name: 'seed', value: 'N', example: '7', description: 'seed in [0, 2^64) (default: a fresh one, printed and stored in the file)' },
    { name: 'threads', value: 'N', example: '8', description: 'threads drawing (default: all cores)' },
    { name: 'memory-budget', value: 'SIZE', example: '1GiB', description: 'memory for write buffers (default 256MiB)' },
    { name: 'max-shard-size', value: 'SIZE', example: '5GB', description: 'split a .safetensors file into shards with a Hugging Face index' },
    { name: 'force', description: 'replace --out if it exists' },
    { name: 'json', description: 'print what was written as JSON' },
    { name: 'ascii', description: 'draw the progress bar in plain ASCII' },
    ...SCHEME_OPTIONS,
  ],
  examples: [
    'weightinit init --shape 65536x65536 --scheme he-normal --mode fan-in --layout oihw --dtype bfloat16 --seed 7 --out w.safetensors',
    'weightinit init --shape 768x3072 --scheme truncated-normal --std 0.02 --out w.npy',
    'weightinit init --model spec.json --seed 42 --max-shard-size 5GB --out model.safetensors',
  ],
  async run(args, io) {
    const { spec, what } = modelSpecOf(args);
    const file = checkedOut(args);
    const seed = seedOf(args, 'seed');
    const dtype = args.choice('dtype', DTYPES);
    const threads = args.integer('threads', 1);
    const memoryBudget = bytesOf(args, 'memory-budget');
    const maxShardBytes = bytesOf(args, 'max-shard-size');
    const bar = new ProgressBar({ label: 'init', tty: io.stderrIsTTY, ascii: args.switch('ascii'), write: io.err });
    const controller = new AbortController();
    let signalled: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal while the temporary file is being removed: the user wants out now.
      if (signalled) process.exit(128 + constants.signals[signal]);
      signalled = signal;
      bar.clear();
      io.err('init: interrupted; removing the partial file (press Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const started = performance.now();
    try {
      const written = await initModel(spec, {
        file,
        signal: controller.signal,
        onProgress: ({ done, total }) => bar.update(done, total),
        ...(seed !== undefined && { seed }),
        ...(dtype && { dtype }),
        ...(threads !== undefined && { threads }),
        ...(memoryBudget !== undefined && { memoryBudget }),
        ...(maxShardBytes !== undefined && { maxShardBytes }),
      });
      bar.clear();
      const seconds = (performance.now() - started) / 1000;
      if (args.switch('json')) {
        io.out(`${toJson({ ...written, seconds })}\n`);
        return EXIT.ok;
      }
      const where = written.files.length === 1 ? written.files[0] : `${written.files.length} files`;
      io.out(
        `wrote ${where}: ${what}, ${dtype ?? 'float32'}, ${formatBytes(written.bytes)} in ${formatDuration(seconds)}` +
          ` (${formatBytes(written.bytes / seconds)}/s); seed ${written.seed}\n` +
          (written.files.length > 1 ? written.files.map((f) => `  ${f}\n`).join('') : ''),
      );
      return EXIT.ok;
    } catch (error) {
      bar.clear();
      if (signalled === undefined) throw error;
      io.err('init: aborted; no file was written\n');
      return 128 + constants.signals[signalled];
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
