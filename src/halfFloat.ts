// float32 -> IEEE half and bfloat16 bits, round to nearest, ties to even:
// the twin of native/convert.h.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float32ToFloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fffffff;
  if (abs > 0x7f800000) return sign | 0x7e00;
  if (abs >= 0x477ff000) return sign | 0x7c00;
  if (abs < 0x38800000) {
    // Subnormal half: a multiple of 2^-24; adding 2^23 in float32 rounds to an integer, ties to even.
    u32[0] = abs;
    const scaled = Math.fround(f32[0]! * 2 ** 24);
    return sign | (Math.fround(scaled + 2 ** 23) - 2 ** 23);
  }
  let half = ((((abs >>> 23) - 127 + 15) << 10) | ((abs & 0x7fffff) >>> 13)) >>> 0;
  const rest = abs & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

export function float32ToBFloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) | 0x40) & 0xffff;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Stores float32 values into `out` as the bits of `element`. */
export function convertFloat32(values: Float32Array, out: Uint16Array, element: 'float16' | 'bfloat16'): void {
  const convert = element === 'float16' ? float32ToFloat16 : float32ToBFloat16;
  for (let i = 0; i < values.length; i++) out[i] = convert(values[i]!);
}
