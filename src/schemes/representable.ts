// Values a scheme writes as given (a constant, a gain) must exist in the
// output dtype: a double that is finite can still round to Infinity in
// float32 (1e39) or float16 (1e5), and a tensor must never hold one.
import { rangeError } from '../errors.js';
import { float32ToBFloat16, float32ToFloat16 } from '../halfFloat.js';
import { finiteNumber } from '../validate.js';

const HALF_INFINITY_BITS = { float16: 0x7c00, bfloat16: 0x7f80 } as const;

/** Throws unless `value` rounds to a finite number in the dtype the call asks for. */
export function checkRepresentable(fn: string, name: string, value: number, o: Record<string, unknown>): void {
  const dtype = o['dtype'];
  const single = Math.fround(value);
  const half = dtype === 'float16' ? float32ToFloat16(single) : dtype === 'bfloat16' ? float32ToBFloat16(single) : undefined;
  const infinite = !Number.isFinite(single) || (half !== undefined && (half & 0x7fff) === HALF_INFINITY_BITS[dtype as 'float16' | 'bfloat16']);
  if (infinite) throw rangeError(fn, name, `a value the ${typeof dtype === 'string' ? dtype : 'float32'} output can hold`, value);
}

/** A gain: finite, > 0 (default 1), and representable in the output dtype. */
export function gainOf(fn: string, o: Record<string, unknown>): number {
  const g = finiteNumber(fn, 'gain', o['gain'], 1);
  if (!(g > 0)) throw rangeError(fn, 'gain', 'a number > 0', g);
  checkRepresentable(fn, 'gain', g, o);
  return g;
}
