// Reading tensors from a .safetensors file, or from a sharded checkpoint
// through its Hugging Face index ("model.safetensors.index.json"). Every
// header is validated when the file is opened; tensors are read on demand.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { typeError } from '../errors.js';
import { BYTES_PER_ELEMENT, HOST_BIG_ENDIAN } from '../tensor.js';
import { checkOptions } from '../validate.js';
import {
  parseSafetensorsHeader, parseSafetensorsIndex, SAFETENSORS_PREFIX_BYTES, safetensorsHeaderLength, type SafetensorsTensorInfo,
} from './safetensorsHeader.js';
import {
  allocateElements, checkRangeOptions, elementCount, elementRange, readElements, runPlanAsync, runPlanSync, type ReadPlan, type ReadRangeOptions, type StoredTensor,
} from './storedTensor.js';

/** A tensor of an opened checkpoint: where it is (`file`: its shard, for an index) and what it holds. */
export type SafetensorsEntry = SafetensorsTensorInfo & { file: string };

export interface SafetensorsFile {
  /** The files' "__metadata__" (for an index, every shard's, merged in shard order: the first value of a key wins). */
  metadata: Record<string, string>;
  /** Every tensor, shard by shard in data order. */
  tensors: SafetensorsEntry[];
  /** A tensor, or with `offset`/`length` that range of its elements (as a 1-D tensor). */
  read(name: string, options?: ReadRangeOptions): StoredTensor;
  /** Closes the files; reading afterwards is an error. */
  close(): void;
}

export interface SafetensorsFileAsync {
  metadata: Record<string, string>;
  tensors: SafetensorsEntry[];
  read(name: string, options?: ReadRangeOptions): Promise<StoredTensor>;
  close(): Promise<void>;
}

interface ShardHeader {
  file: string;
  /** Byte offset of the data buffer in the file: 8 + the JSON's length. */
  dataStart: number;
  metadata: Record<string, string>;
  tensors: SafetensorsTensorInfo[];
}

interface Located extends SafetensorsEntry {
  dataStart: number;
  /** Index of its file among the opened files. */
  shard: number;
}

function checkPath(fn: string, path: unknown): string {
  if (typeof path !== 'string') throw typeError(fn, 'path', 'a file path (string)', path);
  return path;
}

function* headerPlan(fn: string, file: string, fileSize: number): ReadPlan<ShardHeader> {
  const first = Buffer.alloc(Math.min(SAFETENSORS_PREFIX_BYTES, fileSize));
  yield { into: first, at: 0 };
  // The length is checked against the file size (and the format's limit) before the JSON is allocated.
  const json = Buffer.alloc(safetensorsHeaderLength(fn, first, fileSize, file));
  yield { into: json, at: SAFETENSORS_PREFIX_BYTES };
  const dataStart = SAFETENSORS_PREFIX_BYTES + json.length;
  return { file, dataStart, ...parseSafetensorsHeader(fn, json, fileSize - dataStart, file) };
}

function* tensorPlan(fn: string, t: Located, range: { offset?: bigint; length?: number }): ReadPlan<StoredTensor> {
  const what = `tensor ${JSON.stringify(t.name)} in '${t.file}'`;
  const dtype = t.dtype;
  if (dtype === null) {
    throw new RangeError(`${fn}: ${what} is ${t.code}: weightinit reads F32, F64, F16 and BF16 tensors; pass 'names' (readSafetensors) or use openSafetensors to read the others`);
  }
  const { start, count, shape } = elementRange(fn, range, t.shape, Number(elementCount(t.shape)), what);
  const data = allocateElements(fn, dtype, count, what);
  // safetensors data is little-endian.
  yield* readElements(data, t.dataStart + t.begin + start * BYTES_PER_ELEMENT[dtype], HOST_BIG_ENDIAN);
  return { shape, dtype, data };
}

const isIndex = (path: string): boolean => path.endsWith('.json');

/** The files to open: the path itself, or the shards its index lists (with the index's map to check them against). */
function filesOf(fn: string, path: string, indexText: string | undefined): { files: string[]; weightMap?: Record<string, string> } {
  if (indexText === undefined) return { files: [path] };
  const { weightMap } = parseSafetensorsIndex(fn, indexText, path);
  const shards = [...new Set(Object.values(weightMap))].sort();
  return { files: shards.map((shard) => join(dirname(path), shard)), weightMap };
}

function shardOpenError(fn: string, indexPath: string, file: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  return new RangeError(`${fn}: shard '${file}' listed in '${indexPath}' is missing`);
}

// Every tensor of the opened files by name, after checking each shard holds exactly what the index says it does.
class Catalog {
  readonly metadata: Record<string, string>;
  private readonly byName = new Map<string, Located>();

  constructor(
    fn: string,
    private readonly path: string,
    headers: ShardHeader[],
    weightMap: Record<string, string> | undefined,
  ) {
    const metadata = new Map<string, string>();
    headers.forEach((h, shard) => {
      for (const [key, value] of Object.entries(h.metadata)) if (!metadata.has(key)) metadata.set(key, value);
      for (const t of h.tensors) {
        if (weightMap !== undefined && (!Object.hasOwn(weightMap, t.name) || weightMap[t.name] !== basename(h.file))) {
          const listed = Object.hasOwn(weightMap, t.name) ? `maps it to '${weightMap[t.name]}'` : 'does not list it';
          throw new RangeError(`${fn}: shard '${h.file}' holds tensor ${JSON.stringify(t.name)}, but the index '${path}' ${listed}`);
        }
        this.byName.set(t.name, { ...t, file: h.file, dataStart: h.dataStart, shard });
      }
    });
    for (const [name, shard] of Object.entries(weightMap ?? {})) {
      if (!this.byName.has(name)) throw new RangeError(`${fn}: the index '${path}' maps tensor ${JSON.stringify(name)} to shard '${shard}', which has no such tensor`);
    }
    this.metadata = Object.fromEntries(metadata);
  }

  get tensors(): SafetensorsEntry[] {
    return [...this.byName.values()].map(({ name, dtype, code, shape, begin, end, file }) => ({ name, dtype, code, shape: [...shape], begin, end, file }));
  }

  entry(fn: string, name: unknown): Located {
    if (typeof name !== 'string') throw typeError(fn, 'name', 'a tensor name (string)', name);
    const found = this.byName.get(name);
    if (found) return found;
    const names = [...this.byName.keys()];
    const some = names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ');
    const holds = names.length === 0 ? 'it holds no tensors' : `it holds ${some}${names.length > 5 ? `, ... (${names.length} tensors)` : ''}`;
    throw new RangeError(`${fn}: no tensor ${JSON.stringify(name)} in '${this.path}'; ${holds}`);
  }
}

function closedError(fn: string, path: string): TypeError {
  return new TypeError(`${fn}: '${path}' was closed; open it again to read`);
}

function openShardSync(fn: string, indexPath: string, file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw shardOpenError(fn, indexPath, file, e);
  }
}

async function openShardAsync(fn: string, indexPath: string, file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (e) {
    throw shardOpenError(fn, indexPath, file, e);
  }
}

interface Opened<R> {
  catalog: Catalog;
  /** Reads a tensor, naming `fn` in errors. */
  readAs(fn: string, name: unknown, options?: unknown): R;
}

function openFilesSync(fn: string, pathArg: unknown): Opened<StoredTensor> & { close(): void } {
  const path = checkPath(fn, pathArg);
  const { files, weightMap } = filesOf(fn, path, isIndex(path) ? readFileSync(path, 'utf8') : undefined);
  const fds: number[] = [];
  try {
    const headers = files.map((file) => {
      const fd = openShardSync(fn, path, file);
      fds.push(fd);
      return runPlanSync(fn, fd, headerPlan(fn, file, fstatSync(fd).size), file);
    });
    const catalog = new Catalog(fn, path, headers, weightMap);
    let closed = false;
    return {
      catalog,
      readAs: (fn, name, options) => {
        const range = checkRangeOptions(fn, options);
        const t = catalog.entry(fn, name);
        if (closed) throw closedError(fn, path);
        return runPlanSync(fn, fds[t.shard]!, tensorPlan(fn, t, range), t.file);
      },
      close: () => {
        if (!closed) fds.forEach((fd) => closeSync(fd));
        closed = true;
      },
    };
  } catch (e) {
    fds.forEach((fd) => closeSync(fd));
    throw e;
  }
}

async function openFilesAsync(fn: string, pathArg: unknown): Promise<Opened<Promise<StoredTensor>> & { close(): Promise<void> }> {
  const path = checkPath(fn, pathArg);
  const { files, weightMap } = filesOf(fn, path, isIndex(path) ? await readFile(path, 'utf8') : undefined);
  const handles: FileHandle[] = [];
  try {
    const headers: ShardHeader[] = [];
    for (const file of files) {
      const handle = await openShardAsync(fn, path, file);
      handles.push(handle);
      headers.push(await runPlanAsync(fn, handle, headerPlan(fn, file, (await handle.stat()).size), file));
    }
    const catalog = new Catalog(fn, path, headers, weightMap);
    let closed = false;
    return {
      catalog,
      readAs: async (fn, name, options) => {
        const range = checkRangeOptions(fn, options);
        const t = catalog.entry(fn, name);
        if (closed) throw closedError(fn, path);
        return runPlanAsync(fn, handles[t.shard]!, tensorPlan(fn, t, range), t.file);
      },
      close: async () => {
        if (!closed) await Promise.all(handles.map((h) => h.close()));
        closed = true;
      },
    };
  } catch (e) {
    await Promise.all(handles.map((h) => h.close()));
    throw e;
  }
}

/**
 * Opens a .safetensors file, or a sharded checkpoint through its
 * "*.safetensors.index.json", validating every header; `read` then reads
 * tensors on demand. Close it when done.
 * @example
 * const f = openSafetensors('model.safetensors.index.json');
 * try {
 *   f.tensors.map((t) => t.name);              // every tensor of every shard
 *   const q = f.read('layers.0.attn.q.weight');  // { shape, dtype, data }
 * } finally {
 *   f.close();
 * }
 */
export function openSafetensors(path: string): SafetensorsFile {
  const { catalog, readAs, close } = openFilesSync('openSafetensors', path);
  return { metadata: catalog.metadata, tensors: catalog.tensors, read: (name, options) => readAs('read', name, options), close };
}

/** Promise form of `openSafetensors`: `read` and `close` return Promises; files are read on the thread pool. */
export async function openSafetensorsAsync(path: string): Promise<SafetensorsFileAsync> {
  const { catalog, readAs, close } = await openFilesAsync('openSafetensors', path);
  return { metadata: catalog.metadata, tensors: catalog.tensors, read: (name, options) => readAs('read', name, options), close };
}

/** The names to read: all, or the `names` option, every one checked to exist before anything is read. */
function wantedNames(fn: string, options: unknown): (catalog: Catalog) => string[] {
  const { names } = checkOptions(fn, options, ['names']);
  if (names !== undefined && (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))) {
    throw typeError(fn, 'names', 'an array of tensor names (strings)', names);
  }
  return (catalog) => {
    if (names === undefined) return catalog.tensors.map((t) => t.name);
    for (const name of names) catalog.entry(fn, name);
    return names as string[];
  };
}

/**
 * Every tensor of a .safetensors file or sharded checkpoint (or the `names` given), by name.
 * @example
 * const { 'fc.weight': w, 'fc.bias': b } = readSafetensors('model.safetensors', { names: ['fc.weight', 'fc.bias'] });
 */
export function readSafetensors(path: string, options?: { names?: string[] }): Record<string, StoredTensor> {
  const fn = 'readSafetensors';
  const wanted = wantedNames(fn, options);
  const file = openFilesSync(fn, path);
  try {
    return Object.fromEntries(wanted(file.catalog).map((name) => [name, file.readAs(fn, name)]));
  } finally {
    file.close();
  }
}

/** Promise form of `readSafetensors`. */
export async function readSafetensorsAsync(path: string, options?: { names?: string[] }): Promise<Record<string, StoredTensor>> {
  const fn = 'readSafetensors'; // weightinit/promises exports it as readSafetensors
  const wanted = wantedNames(fn, options);
  const file = await openFilesAsync(fn, path);
  try {
    const entries: [string, StoredTensor][] = [];
    for (const name of wanted(file.catalog)) entries.push([name, await file.readAs(fn, name)]);
    return Object.fromEntries(entries);
  } finally {
    await file.close();
  }
}
