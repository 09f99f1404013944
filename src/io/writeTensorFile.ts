// Tensors to a .npy or .safetensors file (or a sharded safetensors
// checkpoint with its index), chosen by the file name, streamed in bounded memory.
import path from 'node:path';

import { rangeError, typeError } from '../errors.js';
import { Tracker } from '../progress.js';
import { BYTES_PER_ELEMENT } from '../tensor.js';
import { encodeNpyHeader, type NpyDType } from './npyHeader.js';
import { encodeSafetensorsHeader, encodeSafetensorsIndex, safetensorsShardNames } from './safetensorsHeader.js';
import type { TensorSource } from './tensorSource.js';
import { writeFilesAtomically, type FileLayout } from './writeFiles.js';

export interface FileOptions {
  /** Peak memory for buffers while writing, in bytes (default 256 MiB). */
  memoryBudget?: number;
  /** Split a .safetensors checkpoint into shards of at most this many bytes, with a Hugging Face index. */
  maxShardBytes?: number;
  /** String metadata stored in the safetensors header (`format: 'pt'` is added unless given). */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface WrittenFiles {
  /** Every file written, tensors first, then the index if any. */
  files: string[];
  /** The index of a sharded checkpoint. */
  index?: string;
  /** Bytes written in all files. */
  bytes: number;
}

export const FILE_KEYS = ['memoryBudget', 'maxShardBytes', 'metadata', 'signal', 'onProgress'] as const;
export const DEFAULT_MEMORY_BUDGET = 256 * 2 ** 20;

function positiveSize(fn: string, name: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, `a number of bytes >= ${minimum}`, value);
  if (!Number.isSafeInteger(value) || value < minimum) throw rangeError(fn, name, `an integer number of bytes >= ${minimum}`, value);
  return value;
}

function formatOf(fn: string, file: unknown): 'npy' | 'safetensors' {
  if (typeof file !== 'string' || file === '') throw typeError(fn, 'file', "a path ending in '.npy' or '.safetensors'", file);
  if (file.endsWith('.npy')) return 'npy';
  if (file.endsWith('.safetensors')) return 'safetensors';
  throw rangeError(fn, 'file', "a path ending in '.npy' or '.safetensors'", file);
}

// Hugging Face's rule: tensors in order, a new shard when the next one would
// overflow the current one; a tensor larger than the limit gets a shard of its own.
function groupIntoShards(sources: TensorSource[], maxShardBytes: number): TensorSource[][] {
  const shards: TensorSource[][] = [[]];
  let filled = 0;
  for (const s of sources) {
    if (filled > 0 && filled + s.bytes > maxShardBytes) {
      shards.push([]);
      filled = 0;
    }
    shards[shards.length - 1]!.push(s);
    filled += s.bytes;
  }
  return shards;
}

// Wider elements first (a stable sort, as the safetensors library orders them),
// so every tensor's data starts at a multiple of its element size.
function safetensorsLayout(fn: string, file: string, given: TensorSource[], metadata: Record<string, string>): FileLayout {
  const sources = [...given].sort((a, b) => BYTES_PER_ELEMENT[b.dtype] - BYTES_PER_ELEMENT[a.dtype]);
  const { header, tensors } = encodeSafetensorsHeader(fn, sources.map((s) => ({ name: s.name, dtype: s.dtype, shape: s.dims })), metadata);
  return { path: file, header, tensors: tensors.map((t, i) => ({ source: sources[i]!, begin: t.begin })) };
}

/** Writes the tensors to `file`; everything is checked before any file is created. */
export async function writeTensorFile(fn: string, file: unknown, sources: TensorSource[], o: Record<string, unknown>): Promise<WrittenFiles> {
  const format = formatOf(fn, file);
  const target = file as string;
  const memoryBudget = positiveSize(fn, 'memoryBudget', o['memoryBudget'], DEFAULT_MEMORY_BUDGET, 2 ** 20);
  const resident = Math.max(0, ...sources.map((s) => s.resident));
  if (resident > memoryBudget / 2) {
    const big = sources.find((s) => s.resident === resident)!;
    throw new RangeError(
      `${fn}: ${big.name} is computed as a whole tensor (${resident} bytes), more than half of memoryBudget (${memoryBudget} bytes); raise memoryBudget`,
    );
  }
  let layouts: FileLayout[];
  const extra: { path: string; text: string }[] = [];
  if (format === 'npy') {
    if (sources.length !== 1) throw new RangeError(`${fn}: a .npy file holds one tensor, got ${sources.length}; write a .safetensors file instead`);
    if (o['maxShardBytes'] !== undefined || o['metadata'] !== undefined) throw new TypeError(`${fn}: maxShardBytes and metadata are for .safetensors files`);
    const s = sources[0]!;
    layouts = [{ path: target, header: encodeNpyHeader(fn, s.dtype as NpyDType, s.dims), tensors: [{ source: s, begin: 0 }] }];
  } else {
    const given = o['metadata'];
    if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) throw typeError(fn, 'metadata', 'an object of strings', given);
    const metadata = { format: 'pt', ...(given as Record<string, string> | undefined) };
    const maxShardBytes = positiveSize(fn, 'maxShardBytes', o['maxShardBytes'], Infinity, 1);
    const shards = groupIntoShards(sources, maxShardBytes);
    if (shards.length === 1) {
      layouts = [safetensorsLayout(fn, target, sources, metadata)];
    } else {
      const names = safetensorsShardNames(target, shards.length);
      layouts = shards.map((group, i) => safetensorsLayout(fn, names[i]!, group, metadata));
      const weightMap = Object.fromEntries(shards.flatMap((group, i) => group.map((s) => [s.name, path.basename(names[i]!)])));
      const total = sources.reduce((sum, s) => sum + s.bytes, 0);
      extra.push({ path: `${target}.index.json`, text: encodeSafetensorsIndex(total, weightMap) });
    }
  }
  const bytes = layouts.reduce((sum, l) => sum + l.header.length + l.tensors.reduce((t, { source }) => t + source.bytes, 0), 0);
  const tracker = new Tracker(fn, o, bytes);
  await writeFilesAtomically(layouts, extra, { chunkBudget: memoryBudget / 2, signal: o['signal'] as AbortSignal | undefined, tracker });
  return {
    files: [...layouts.map((l) => l.path), ...extra.map((e) => e.path)],
    ...(extra.length > 0 && { index: extra[0]!.path }),
    bytes: bytes + extra.reduce((sum, e) => sum + Buffer.byteLength(e.text), 0),
  };
}
