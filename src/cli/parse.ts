// Values the command line writes in its own notation: shapes (65536x65536),
// seeds (up to 2^64), byte sizes (256MiB, 5GB) and JSON files.
import { readFileSync } from 'node:fs';

import type { Args } from './args.js';
import { UsageError } from './usageError.js';

/** "5x5x3x8" (or 5,5,3,8) -> [5, 5, 3, 8]. */
export function shapeOf(args: Args, name: string): number[] {
  const text = args.required(name);
  const parts = text.split(/[x×,]/i);
  if (!parts.every((p) => /^\d+$/.test(p.trim()) && Number.isSafeInteger(Number(p)))) {
    throw args.bad(name, 'sizes separated by x');
  }
  return parts.map(Number);
}

/** A seed in [0, 2^64): a number while exact, a bigint beyond. */
export function seedOf(args: Args, name: string): number | bigint | undefined {
  const text = args.text(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || BigInt(text) >= 1n << 64n) throw args.bad(name, 'an integer in [0, 2^64)');
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** "256MiB", "5GB", "1e9" -> bytes. */
export function bytesOf(args: Args, name: string): number | undefined {
  const text = args.text(name);
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw args.bad(name, 'a size such as 5GB, 512MiB or 1e9');
  return bytes;
}

/** The parsed contents of a JSON file named by --name. */
export function jsonFileOf(args: Args, name: string): unknown {
  const file = args.required(name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--${name}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--${name}: ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
