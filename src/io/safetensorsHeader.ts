// The .safetensors header (Hugging Face's format) and the index of a sharded
// checkpoint: encoding them for writers, validating them for readers.
//
// A file is: N as a little-endian uint64, N bytes of a UTF-8 JSON object, then
// the data buffer. The object maps each tensor name to {"dtype", "shape",
// "data_offsets": [begin, end]} (byte offsets into the data buffer, little-
// endian row-major data) and may hold "__metadata__": {string: string}. The
// tensors tile the data buffer exactly, with no hole and no overlap.
import { rangeError, typeError } from '../errors.js';
import { BYTES_PER_ELEMENT, DTYPES, type DType } from '../tensor.js';
import { checkStoredShape, elementCount } from './storedTensor.js';

/** Bytes before the JSON: its length N. */
export const SAFETENSORS_PREFIX_BYTES = 8;
// The reference library's limit: a corrupt length must not make us allocate gigabytes.
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

const CODE_OF: Readonly<Record<DType, string>> = { float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16' };
const DTYPE_OF_CODE: Readonly<Record<string, DType>> = { F32: 'float32', F64: 'float64', F16: 'float16', BF16: 'bfloat16' };
// The format's other dtypes, with their bits per element (F6 and F4 are packed):
// real checkpoints hold them (int64 position ids, say), so such files open and
// list them; only reading one of those tensors is refused.
const OTHER_BITS: Readonly<Record<string, number>> = {
  BOOL: 8, U8: 8, I8: 8, F8_E4M3: 8, F8_E5M2: 8, F8_E8M0: 8, I16: 16, U16: 16, I32: 32, U32: 32, I64: 64, U64: 64, C64: 64, F6_E2M3: 6, F6_E3M2: 6, F4: 4,
};

export interface SafetensorsTensorInfo {
  name: string;
  /** null for the format's dtypes weightinit does not return (see `code`). */
  dtype: DType | null;
  /** The file's dtype code: F32, BF16, I64, ... */
  code: string;
  shape: number[];
  /** Byte offsets of the tensor's data within the data buffer: [begin, end). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** In data order (by begin). */
  tensors: SafetensorsTensorInfo[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkMetadata(fn: string, name: string, metadata: unknown): [string, string][] {
  if (!isPlainObject(metadata)) throw typeError(fn, name, 'an object of strings', metadata);
  const entries = Object.entries(metadata);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw typeError(fn, `${name}[${JSON.stringify(key)}]`, 'a string', value);
  }
  return entries as [string, string][];
}

// Lone surrogates cannot be written as UTF-8, and the reference parser refuses their \u escapes.
const LONE_SURROGATE = /\p{Cs}/u;

function checkEntries(fn: string, entries: unknown): { name: string; dtype: DType; shape: number[] }[] {
  if (!Array.isArray(entries)) throw typeError(fn, 'tensors', 'an array of { name, dtype, shape }', entries);
  const seen = new Set<string>();
  return entries.map((entry: unknown, i) => {
    if (!isPlainObject(entry)) throw typeError(fn, `tensors[${i}]`, 'an object { name, dtype, shape }', entry);
    const { name, dtype, shape } = entry;
    if (typeof name !== 'string') throw typeError(fn, `tensors[${i}].name`, 'a string', name);
    if (name === '' || name === METADATA_KEY || LONE_SURROGATE.test(name)) {
      throw rangeError(fn, `tensors[${i}].name`, `a non-empty string other than '${METADATA_KEY}' (and valid Unicode)`, name);
    }
    if (seen.has(name)) throw new RangeError(`${fn}: tensors[${i}].name ${JSON.stringify(name)} is used twice; tensor names must be unique`);
    seen.add(name);
    if (!DTYPES.includes(dtype as DType)) throw typeError(fn, `tensors[${i}].dtype`, `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
    return { name, dtype: dtype as DType, shape: checkStoredShape(fn, `tensors[${i}].shape`, shape) };
  });
}

/**
 * The 8 length bytes and the JSON header (padded with spaces so the data
 * starts at a multiple of 8) for tensors laid out contiguously in the given
 * order; the writer appends each tensor's little-endian bytes at [begin, end).
 */
export function encodeSafetensorsHeader(
  fn: string,
  entries: readonly { name: string; dtype: DType; shape: readonly number[] }[],
  metadata?: Record<string, string>,
): { header: Buffer; tensors: SafetensorsTensorInfo[]; dataBytes: number } {
  const checked = checkEntries(fn, entries);
  const fields: string[] = [];
  if (metadata !== undefined) {
    const pairs = checkMetadata(fn, 'metadata', metadata).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    fields.push(`"${METADATA_KEY}":{${pairs.join(',')}}`);
  }
  let cursor = 0;
  const tensors = checked.map(({ name, dtype, shape }) => {
    const bytes = Number(elementCount(shape)) * BYTES_PER_ELEMENT[dtype];
    const begin = cursor;
    cursor += bytes;
    if (!Number.isSafeInteger(cursor)) throw new RangeError(`${fn}: the tensors up to ${JSON.stringify(name)} hold more than 2^53 bytes`);
    fields.push(`${JSON.stringify(name)}:{"dtype":"${CODE_OF[dtype]}","shape":[${shape.join(',')}],"data_offsets":[${begin},${cursor}]}`);
    return { name, dtype, code: CODE_OF[dtype], shape, begin, end: cursor };
  });
  const json = Buffer.from(`{${fields.join(',')}}`, 'utf8');
  const length = Math.ceil(json.length / 8) * 8;
  if (length > MAX_HEADER_BYTES) throw new RangeError(`${fn}: the header would have ${length} bytes, more than safetensors readers accept (${MAX_HEADER_BYTES})`);
  const header = Buffer.alloc(SAFETENSORS_PREFIX_BYTES + length, 0x20);
  header.writeBigUInt64LE(BigInt(length), 0);
  json.copy(header, SAFETENSORS_PREFIX_BYTES);
  return { header, tensors, dataBytes: cursor };
}

/** N, the JSON header's length, from a file's first 8 bytes: checked against the file size before anyone allocates it. */
export function safetensorsHeaderLength(fn: string, first: Buffer, fileSize: number, source: string): number {
  if (first.length < SAFETENSORS_PREFIX_BYTES) {
    throw new RangeError(`${fn}: '${source}' is truncated: ${fileSize} bytes, too short for a .safetensors file (its first 8 bytes give the header length)`);
  }
  const length = first.readBigUInt64LE(0);
  if (length > BigInt(fileSize - SAFETENSORS_PREFIX_BYTES)) {
    throw new RangeError(
      `${fn}: '${source}' gives a header length of ${length} bytes, larger than the file (${fileSize} bytes): truncated, or not a .safetensors file`,
    );
  }
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new RangeError(`${fn}: '${source}' gives a header length of ${length} bytes, more than the ${MAX_HEADER_BYTES} safetensors allows`);
  }
  return Number(length);
}

function parseJson(fn: string, text: string, what: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${fn}: '${source}': the ${what} is not valid JSON: ${(e as Error).message}`);
  }
}

function nonNegativeInts(value: unknown, length?: number): value is number[] {
  return Array.isArray(value) && (length === undefined || value.length === length) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

function tensorInfo(fn: string, name: string, entry: unknown, source: string): SafetensorsTensorInfo {
  const bad = (problem: string): RangeError => new RangeError(`${fn}: '${source}': tensor ${JSON.stringify(name)} ${problem}`);
  if (!isPlainObject(entry)) throw bad('must be an object { dtype, shape, data_offsets }');
  for (const key of ['dtype', 'shape', 'data_offsets']) if (!Object.hasOwn(entry, key)) throw bad(`has no '${key}'`);
  for (const key of Object.keys(entry)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') throw bad(`has an unexpected field '${key}' (expected only dtype, shape, data_offsets)`);
  }
  const { dtype: code, shape, data_offsets: offsets } = entry;
  if (typeof code !== 'string') throw bad('has a dtype that is not a string');
  const dtype = Object.hasOwn(DTYPE_OF_CODE, code) ? DTYPE_OF_CODE[code]! : null;
  if (dtype === null && !Object.hasOwn(OTHER_BITS, code)) {
    throw new RangeError(`${fn}: '${source}': dtype ${JSON.stringify(code)} of tensor ${JSON.stringify(name)} is not a safetensors dtype`);
  }
  if (!nonNegativeInts(shape)) throw bad(`has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
  if (!nonNegativeInts(offsets, 2) || offsets[0]! > offsets[1]!) {
    throw bad(`has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const bits = elementCount(shape) * BigInt(dtype === null ? OTHER_BITS[code]! : 8 * BYTES_PER_ELEMENT[dtype]);
  if (bits % 8n !== 0n) throw bad(`has shape [${shape.join(', ')}] of ${code}, which does not fill whole bytes`);
  if (BigInt(end - begin) !== bits / 8n) {
    throw bad(`has data_offsets [${begin}, ${end}] (${end - begin} bytes), but shape [${shape.join(', ')}] of ${code} needs ${bits / 8n} bytes`);
  }
  return { name, dtype, code, shape: [...shape], begin, end };
}

/** The tensors, in data order, after checking they tile [0, dataBytes) exactly: no hole, no overlap, nothing past the end. */
function checkTiling(fn: string, tensors: SafetensorsTensorInfo[], dataBytes: number, source: string): SafetensorsTensorInfo[] {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const t of sorted) {
    const where = `tensor ${JSON.stringify(t.name)} (data_offsets [${t.begin}, ${t.end}])`;
    if (t.begin < cursor) throw new RangeError(`${fn}: '${source}': ${where} overlaps tensor ${JSON.stringify(previous)}, which ends at byte ${cursor}`);
    if (t.begin > cursor) throw new RangeError(`${fn}: '${source}': bytes [${cursor}, ${t.begin}) of the data belong to no tensor: a hole before ${where}`);
    if (t.end > dataBytes) {
      throw new RangeError(`${fn}: '${source}' is truncated: ${where} ends past the ${dataBytes} bytes of data the file has`);
    }
    cursor = t.end;
    previous = t.name;
  }
  if (cursor < dataBytes) {
    throw new RangeError(`${fn}: '${source}' has ${dataBytes - cursor} bytes after the last tensor's data: expected ${cursor} bytes of data, file has ${dataBytes}`);
  }
  return sorted;
}

/** The header of a .safetensors file from its JSON bytes, validated as strictly as the reference library does. */
export function parseSafetensorsHeader(fn: string, bytes: Buffer, dataBytes: number, source: string): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RangeError(`${fn}: '${source}' has a header that is not valid UTF-8`);
  }
  if (!text.startsWith('{')) throw new RangeError(`${fn}: '${source}' has a header that does not start with '{', so it is not a .safetensors file`);
  const root = parseJson(fn, text, 'header', source);
  if (!isPlainObject(root)) throw new RangeError(`${fn}: '${source}' has a header that is not a JSON object`);
  let metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(root)) {
    if (name !== METADATA_KEY) {
      tensors.push(tensorInfo(fn, name, entry, source));
      continue;
    }
    if (!isPlainObject(entry) || !Object.values(entry).every((v) => typeof v === 'string')) {
      throw new RangeError(`${fn}: '${source}': ${METADATA_KEY} must be an object of strings, got ${JSON.stringify(entry).slice(0, 100)}`);
    }
    metadata = Object.fromEntries(Object.entries(entry as Record<string, string>));
  }
  return { metadata, tensors: checkTiling(fn, tensors, dataBytes, source) };
}

// ---- sharded checkpoints: model-00001-of-00003.safetensors ... and model.safetensors.index.json

const SUFFIX = '.safetensors';

/** The shard file names Hugging Face uses for `count` shards of "dir/model.safetensors". */
export function safetensorsShardNames(file: string, count: number): string[] {
  const fn = 'safetensorsShardNames';
  if (typeof file !== 'string') throw typeError(fn, 'file', `a path ending in '${SUFFIX}'`, file);
  if (!file.endsWith(SUFFIX) || file.length === SUFFIX.length) throw rangeError(fn, 'file', `a path ending in '${SUFFIX}'`, file);
  if (typeof count !== 'number') throw typeError(fn, 'count', 'a positive integer', count);
  if (!Number.isSafeInteger(count) || count < 1) throw rangeError(fn, 'count', 'a positive integer', count);
  const stem = file.slice(0, -SUFFIX.length);
  const pad = (n: number): string => String(n).padStart(5, '0');
  return Array.from({ length: count }, (_, i) => `${stem}-${pad(i + 1)}-of-${pad(count)}${SUFFIX}`);
}

/** A shard must be a plain file name, so an index can only point into its own directory. */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

// JSON.stringify(value, null, 2) puts integer-like keys first; Python's sort_keys does not, so sort and print by hand.
function prettyObject(entries: [string, string][], indent: string): string {
  if (entries.length === 0) return '{}';
  const inner = entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${v}`);
  return `{\n${inner.join(',\n')}\n${indent}}`;
}

const byKey = (a: [string, unknown], b: [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The text of "model.safetensors.index.json", as transformers writes it (2-space indent, sorted keys). */
export function encodeSafetensorsIndex(totalSize: number, weightMap: Record<string, string>, metadata?: Record<string, string>): string {
  const fn = 'encodeSafetensorsIndex';
  if (typeof totalSize !== 'number') throw typeError(fn, 'totalSize', 'a non-negative integer', totalSize);
  if (!Number.isSafeInteger(totalSize) || totalSize < 0) throw rangeError(fn, 'totalSize', 'a non-negative integer', totalSize);
  const weights = checkMetadata(fn, 'weightMap', weightMap);
  for (const [name, shard] of weights) {
    if (!isPlainFileName(shard)) throw rangeError(fn, `weightMap[${JSON.stringify(name)}]`, 'a plain file name (no directory)', shard);
  }
  const extra = metadata === undefined ? [] : checkMetadata(fn, 'metadata', metadata);
  if (extra.some(([k]) => k === 'total_size')) throw new RangeError(`${fn}: metadata must not hold 'total_size'; it is the totalSize argument`);
  const meta: [string, string][] = [['total_size', String(totalSize)], ...extra.sort(byKey).map(([k, v]): [string, string] => [k, JSON.stringify(v)])];
  const map = weights.sort(byKey).map(([k, v]): [string, string] => [k, JSON.stringify(v)]);
  return `${prettyObject([['metadata', prettyObject(meta, '  ')], ['weight_map', prettyObject(map, '  ')]], '')}\n`;
}

export interface SafetensorsIndex {
  /** The index's own metadata (transformers writes total_size; values may be numbers). */
  metadata: Record<string, unknown>;
  /** Tensor name -> shard file name, relative to the index's directory. */
  weightMap: Record<string, string>;
}

export function parseSafetensorsIndex(fn: string, text: string, source: string): SafetensorsIndex {
  const root = parseJson(fn, text, 'index', source);
  if (!isPlainObject(root)) throw new RangeError(`${fn}: '${source}' is not a JSON object`);
  const { metadata = {}, weight_map: weightMap } = root;
  if (!isPlainObject(metadata)) throw new RangeError(`${fn}: '${source}': "metadata" must be an object`);
  if (!isPlainObject(weightMap)) throw new RangeError(`${fn}: '${source}' has no "weight_map" object (tensor name -> shard file)`);
  for (const [name, shard] of Object.entries(weightMap)) {
    if (typeof shard !== 'string' || !isPlainFileName(shard)) {
      throw new RangeError(
        `${fn}: '${source}': weight_map[${JSON.stringify(name)}] is ${JSON.stringify(shard)}; a shard must be a plain file name in the index's directory`,
      );
    }
  }
  return { metadata: { ...metadata }, weightMap: Object.fromEntries(Object.entries(weightMap as Record<string, string>)) };
}
