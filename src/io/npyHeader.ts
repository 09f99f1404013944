// The .npy preamble (NumPy's format, versions 1.0, 2.0 and 3.0): encoding it
// for writers and parsing it strictly for readers.
//
// Layout: the magic "\x93NUMPY", a major and a minor version byte, the header
// length (uint16 little-endian in 1.0, uint32 in 2.0 and 3.0), then the header:
// a Python literal dict {'descr': ..., 'fortran_order': ..., 'shape': (...)}
// padded with spaces and ended by '\n'. 1.0 and 2.0 headers are latin1, 3.0
// headers UTF-8. The data follows the header, row-major unless fortran_order.
import { typeError } from '../errors.js';
import { BYTES_PER_ELEMENT, HOST_BIG_ENDIAN, type DType } from '../tensor.js';
import { checkStoredShape, elementCount } from './storedTensor.js';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
// NumPy aligns the data to 64 bytes so it can be memory-mapped for any SIMD width.
const ALIGN = 64;
/** Bytes a reader needs from the start of a file to learn its header length, whatever the version. */
export const NPY_PREFIX_BYTES = 12;
// Far above any real header (NumPy allows 64 dims), so a corrupt length cannot make us read megabytes of nonsense.
const MAX_HEADER_BYTES = 1 << 24;

export type NpyDType = 'float16' | 'float32' | 'float64';
const TYPE_CODE: Readonly<Record<NpyDType, string>> = { float16: 'f2', float32: 'f4', float64: 'f8' };
const DTYPE_OF_CODE: Readonly<Record<string, NpyDType>> = { f2: 'float16', f4: 'float32', f8: 'float64' };

export interface NpyHeader {
  dtype: DType;
  shape: number[];
  /** Byte offset of the first element: the length of the whole preamble. */
  dataOffset: number;
  /** The file's byte order differs from this machine's. */
  byteSwap: boolean;
}

function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The whole .npy preamble for a C-order little-endian array: magic, version, length and padded header. */
export function encodeNpyHeader(fn: string, dtype: NpyDType, shape: readonly number[]): Buffer {
  if ((dtype as DType) === 'bfloat16') {
    throw new RangeError(`${fn}: dtype 'bfloat16' has no NumPy dtype, so .npy cannot hold it; write .safetensors, or use dtype 'float32'`);
  }
  if (!Object.hasOwn(TYPE_CODE, dtype)) throw typeError(fn, 'dtype', "'float16', 'float32' or 'float64'", dtype);
  const dims = checkStoredShape(fn, 'shape', shape);
  if (elementCount(dims) * BigInt(BYTES_PER_ELEMENT[dtype]) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${fn}: shape [${dims.join(', ')}] of ${dtype} has more than 2^53 bytes`);
  }
  // Keys in NumPy's order (sorted), each followed by ", " as NumPy writes them.
  const dict = `{'descr': '<${TYPE_CODE[dtype]}', 'fortran_order': False, 'shape': ${pythonTuple(dims)}, }`;
  // 1.0 stores the header length in a uint16; a longer header needs 2.0's uint32 (and its 2 more prefix bytes).
  let prefix = 10;
  let padded = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN;
  if (padded - prefix > 0xffff) {
    prefix = 12;
    padded = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN;
  }
  if (padded - prefix > MAX_HEADER_BYTES) throw new RangeError(`${fn}: shape has ${dims.length} dims, too many for a readable .npy header`);
  const out = Buffer.alloc(padded, 0x20);
  MAGIC.copy(out, 0);
  out[6] = prefix === 10 ? 1 : 2;
  out[7] = 0;
  if (prefix === 10) out.writeUInt16LE(padded - prefix, 8);
  else out.writeUInt32LE(padded - prefix, 8);
  out.write(dict, prefix, 'latin1');
  out[padded - 1] = 0x0a;
  return out;
}

/**
 * The length of the whole preamble (= the data offset), from the first
 * NPY_PREFIX_BYTES bytes of a file (fewer if the file is shorter), checked
 * against the file size before anyone allocates the header.
 */
export function npyHeaderLength(fn: string, first: Buffer, fileSize: number, source: string): number {
  const magicSeen = first.subarray(0, MAGIC.length);
  if (!magicSeen.equals(MAGIC.subarray(0, magicSeen.length))) {
    throw new RangeError(`${fn}: '${source}' is not a .npy file: it does not start with the magic "\\x93NUMPY"`);
  }
  if (first.length < 8) {
    throw new RangeError(`${fn}: '${source}' is truncated: ${fileSize} bytes, shorter than the .npy preamble`);
  }
  const major = first[6]!;
  const minor = first[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw new RangeError(`${fn}: '${source}' is .npy version ${major}.${minor}; weightinit reads versions 1.0, 2.0 and 3.0`);
  }
  const prefix = major === 1 ? 10 : 12;
  if (first.length < prefix) {
    throw new RangeError(`${fn}: '${source}' is truncated: ${fileSize} bytes, shorter than the .npy ${major}.0 preamble (${prefix} bytes)`);
  }
  const headerBytes = major === 1 ? first.readUInt16LE(8) : first.readUInt32LE(8);
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new RangeError(`${fn}: '${source}' claims a .npy header of ${headerBytes} bytes, more than the ${MAX_HEADER_BYTES} weightinit accepts`);
  }
  if (prefix + headerBytes > fileSize) {
    throw new RangeError(
      `${fn}: '${source}' is truncated: its header length says the header ends at byte ${prefix + headerBytes}, but the file has ${fileSize} bytes`,
    );
  }
  return prefix + headerBytes;
}

type PyValue = string | boolean | number[];

// A strict reader of the one Python literal a .npy header is: a dict of
// string keys to strings, True/False and tuples of non-negative integers.
// Anything else (expressions, lists, escapes) is refused, never evaluated.
class HeaderDictReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (problem: string, at: number) => never,
  ) {}

  read(): Map<string, PyValue> {
    const dict = new Map<string, PyValue>();
    this.expect('{');
    while (!this.take('}')) {
      const keyAt = this.skipSpace();
      const key = this.string();
      if (dict.has(key)) this.fail(`duplicate key '${key}'`, keyAt);
      this.expect(':');
      dict.set(key, this.value());
      if (!this.take(',')) {
        if (!this.take('}')) this.fail("',' or '}' expected", this.at);
        break;
      }
    }
    if (this.skipSpace() < this.text.length) this.fail('nothing but spaces and a newline after the dict expected', this.at);
    return dict;
  }

  private skipSpace(): number {
    while (this.at < this.text.length && ' \t\n\r\f'.includes(this.text[this.at]!)) this.at++;
    return this.at;
  }

  private take(c: string): boolean {
    if (this.text[this.skipSpace()] !== c) return false;
    this.at++;
    return true;
  }

  private expect(c: string): void {
    if (!this.take(c)) this.fail(`'${c}' expected`, this.at);
  }

  private value(): PyValue {
    const c = this.text[this.skipSpace()];
    if (c === "'" || c === '"') return this.string();
    if (c === '(') return this.tuple();
    if (this.word('True')) return true;
    if (this.word('False')) return false;
    if (c === '[') this.fail('a list (a structured dtype?): weightinit reads plain float arrays only', this.at);
    return this.fail('a string, True, False or a tuple expected', this.at);
  }

  private word(w: string): boolean {
    const end = this.at + w.length;
    if (this.text.slice(this.at, end) !== w || /\w/.test(this.text[end] ?? '')) return false;
    this.at = end;
    return true;
  }

  private string(): string {
    const quote = this.text[this.at];
    if (quote !== "'" && quote !== '"') this.fail('a quoted string expected', this.at);
    const start = this.at + 1;
    const end = this.text.indexOf(quote, start);
    if (end < 0) this.fail('unterminated string', this.at);
    const body = this.text.slice(start, end);
    // Escapes and control characters never occur in the strings we accept; refusing them keeps this a tiny parser.
    if (/[\\\x00-\x1f]/.test(body)) this.fail('a plain string without escapes expected', this.at);
    this.at = end + 1;
    return body;
  }

  private tuple(): number[] {
    this.at++;
    const items: number[] = [];
    let trailingComma = false;
    while (!this.take(')')) {
      const itemAt = this.skipSpace();
      const digits = /^(0|[1-9][0-9]*)(?![\w.])/.exec(this.text.slice(itemAt, itemAt + 40));
      if (!digits) this.fail('a non-negative integer expected in the tuple', itemAt);
      const n = Number(digits[1]);
      if (!Number.isSafeInteger(n)) this.fail(`the integer ${digits[1]} is too large`, itemAt);
      items.push(n);
      this.at = itemAt + digits[1]!.length;
      trailingComma = this.take(',');
      if (!trailingComma) {
        if (!this.take(')')) this.fail("',' or ')' expected", this.at);
        break;
      }
    }
    if (items.length === 1 && !trailingComma) this.fail(`(${items[0]}) is not a tuple; a 1-tuple is written (${items[0]},)`, this.at);
    return items;
  }
}

function decodeHeader(fn: string, bytes: Buffer, major: number, source: string): string {
  if (major !== 3) return bytes.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RangeError(`${fn}: '${source}' has a .npy 3.0 header that is not valid UTF-8`);
  }
}

/** The header of a .npy file, checked completely against the file size. `head` holds the whole preamble. */
export function parseNpyHeader(fn: string, head: Buffer, fileSize: number, source: string): NpyHeader {
  const dataOffset = npyHeaderLength(fn, head, fileSize, source);
  if (head.length < dataOffset) throw new RangeError(`${fn}: '${source}': ${head.length} header bytes given, ${dataOffset} needed`);
  const text = decodeHeader(fn, head.subarray(head[6] === 1 ? 10 : 12, dataOffset), head[6]!, source);
  const bad = (problem: string): RangeError => new RangeError(`${fn}: '${source}' has a bad .npy header: ${problem}; header: ${JSON.stringify(text.slice(0, 200))}`);
  const dict = new HeaderDictReader(text, (problem, at) => {
    throw bad(`${problem} at character ${at}`);
  }).read();

  for (const key of dict.keys()) {
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') throw bad(`unexpected key '${key}' (expected only 'descr', 'fortran_order', 'shape')`);
  }
  for (const key of ['descr', 'fortran_order', 'shape']) if (!dict.has(key)) throw bad(`missing key '${key}'`);
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') throw bad("'descr' must be a string");
  if (typeof fortranOrder !== 'boolean') throw bad("'fortran_order' must be True or False");
  if (!Array.isArray(shape)) throw bad("'shape' must be a tuple");

  // '|' (no byte order) and '=' (the writer's native order) are read as little-endian, the order of every machine NumPy runs on today.
  const match = /^([<>|=])(f[248])$/.exec(descr);
  if (!match) {
    throw new RangeError(
      `${fn}: '${source}' holds dtype '${descr}', which weightinit does not read; it reads '<f2', '<f4', '<f8' (float16, float32, float64) and their big-endian '>' forms`,
    );
  }
  // In Fortran order the first index varies fastest; that only reorders data when two or more dims exceed 1.
  if (fortranOrder && shape.filter((d) => d > 1).length > 1) {
    throw new RangeError(
      `${fn}: '${source}' stores its array in Fortran (column-major) order, which weightinit does not read; save a C-ordered array (np.ascontiguousarray)`,
    );
  }
  const dtype = DTYPE_OF_CODE[match[2]!]!;
  const dataBytes = elementCount(shape) * BigInt(BYTES_PER_ELEMENT[dtype]);
  const fileData = BigInt(fileSize - dataOffset);
  if (dataBytes > fileData) {
    throw new RangeError(`${fn}: '${source}' is truncated: expected ${dataBytes} bytes of data, file has ${fileData}`);
  }
  if (dataBytes < fileData) {
    throw new RangeError(
      `${fn}: '${source}' has ${fileData - dataBytes} bytes after its data: expected ${dataBytes} bytes of data, file has ${fileData}`,
    );
  }
  return { dtype, shape, dataOffset, byteSwap: (match[1] === '>') !== HOST_BIG_ENDIAN };
}
