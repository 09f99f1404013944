// Calls of fill and fillAsync. A valid call's output must equal the
// TypeScript kernel's, bit for bit; a call with one argument broken must be
// refused with an error that names that argument.
import { normalParams, truncatedNormalParams, uniformParams } from '../../src/distributionParams.js';
import { jsKernels } from '../../src/js/kernels.js';
import { liveLength } from '../../src/liveLength.js';
import type { Distribution, HalfElement, KernelOutput } from '../../src/kernels.js';
import { type Call, type Expectation, describeValue, isPromiseForm, refused } from './call.js';
import {
  type AnyTypedArray, type Backing, BACKINGS, HOSTILE_THREADS, TYPED_ARRAYS, type TypedArrayConstructor, anyValue,
  canShrink, emptiedView, view,
} from './hostileValues.js';
import type { Rng } from './prng.js';

const DISTRIBUTIONS: readonly Distribution[] = ['bits', 'uniform', 'normal', 'truncatedNormal'];
const PARAM_COUNT: Record<Distribution, number> = { bits: 0, uniform: 3, normal: 2, truncatedNormal: 7 };
// Around SIMD widths, the 1024-element staging tile and 4-word blocks.
const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 255, 1000, 1023, 1025, 4097];
const LAST_BLOCK = 2n ** 64n - 1n;

interface FillArgs {
  distribution: Distribution;
  out: KernelOutput;
  position: Uint32Array;
  params: Float32Array;
  threads: number;
  element: unknown;
  /** Whether a 6th argument is passed. */
  withElement: boolean;
  backing: Backing;
}

function outType(r: Rng, distribution: Distribution): TypedArrayConstructor<KernelOutput> {
  if (distribution === 'bits') return Uint32Array;
  return r.pick<TypedArrayConstructor<KernelOutput>>([Float32Array, Float32Array, Float64Array, Uint16Array]);
}

function outLength(r: Rng): number {
  // Past one 65536-element chunk of the thread pool, now and then.
  return r.chance(0.02) ? 65536 + r.below(3000) : r.pick(LENGTHS);
}

function blocksAfterFirst(phase: number, n: number): bigint {
  return n === 0 ? 0n : BigInt(Math.floor((phase + n - 1) / 4));
}

function setBlock(p: Uint32Array, block: bigint): void {
  p[4] = Number(block & 0xffffffffn);
  p[5] = Number(block >> 32n);
}

/** A position whose fill stays inside the stream: often near a 2^32-block segment's end or the stream's. */
function position(r: Rng, n: number, backing: Backing): Uint32Array {
  const p = view(Uint32Array, 7, backing === 'lengthTracking' ? 'plain' : backing);
  for (let i = 0; i < 4; i++) p[i] = r.uint32();
  p[6] = r.below(4);
  const last = LAST_BLOCK - blocksAfterFirst(p[6]!, n);
  const choice = r.below(10);
  if (choice < 5) setBlock(p, BigInt(r.below(1 << 20)));
  else if (choice < 7) setBlock(p, (BigInt(r.uint32()) << 32n) | BigInt(0xffffffff - r.below(Math.ceil(n / 4) + 2)));
  else if (choice < 9) setBlock(p, last - BigInt(r.below(3)));
  else setBlock(p, ((BigInt(r.uint32()) << 32n) | BigInt(r.uint32())) % (last + 1n));
  return p;
}

function params(r: Rng, distribution: Distribution): Float32Array {
  const mean = r.pick([0, 0, 1, -3.5, 1e-3, 100]);
  const std = r.pick([1, 0.02, 1e-3, 3, 0]);
  try {
    switch (distribution) {
      case 'bits':
        return r.chance(0.2) ? emptiedView(Float32Array, 4, r) : view(Float32Array, 0, r.pick(BACKINGS));
      case 'uniform':
        return uniformParams('fuzz', mean - r.pick([1, 0.05, 1e-3]), mean + r.pick([1, 0.3, 2]));
      case 'normal':
        return normalParams('fuzz', mean, std);
      case 'truncatedNormal': {
        const s = std || 1;
        return truncatedNormalParams('fuzz', mean, s, mean - r.pick([2, 0.5, 3]) * s, mean + r.pick([2, 1, 0.1, 4]) * s);
      }
    }
  } catch {
    return params(r, distribution);
  }
}

function validArgs(r: Rng, async: boolean): FillArgs {
  const distribution = r.pick(DISTRIBUTIONS);
  const type = outType(r, distribution);
  const n = outLength(r);
  const backing = r.pick(BACKINGS.filter((b) => !(async && canShrink(b))));
  // A detached or shrunk view is an empty one: a valid fill of nothing.
  const out = r.chance(0.04) ? emptiedView(type, n, r) : view(type, n, backing);
  const half = type === Uint16Array;
  const element = half ? r.pick<HalfElement>(['float16', 'bfloat16']) : anyValue(r);
  return {
    distribution, out, position: position(r, out.length, backing), params: params(r, distribution),
    threads: r.chance(0.02) ? 256 : r.pick([1, 1, 2, 3, 4]), element, withElement: half || r.chance(0.3), backing,
  };
}

function argList(a: FillArgs): unknown[] {
  const list = [a.distribution, a.out, a.position, a.params, a.threads];
  return a.withElement ? [...list, a.element] : list;
}

function sameValues(x: KernelOutput, y: KernelOutput): string | undefined {
  const n = liveLength(x);
  if (n !== liveLength(y)) return `length ${n}, expected ${liveLength(y)}`;
  for (let i = 0; i < n; i++) {
    if (!Object.is(x[i], y[i])) return `element ${i} is ${x[i]}, the TypeScript kernel's ${y[i]}`;
  }
  return undefined;
}

/** Checks the output against the TypeScript kernel's (the arguments are as the call left them). */
function matchesTypeScript(a: FillArgs): Expectation {
  return {
    kind: 'valid',
    check: () => {
      const reference = new (a.out.constructor as new (n: number) => KernelOutput)(liveLength(a.out));
      jsKernels.fill(a.distribution, reference, a.position, a.params, 1, a.element as HalfElement);
      return sameValues(a.out, reference);
    },
  };
}

type Breakage = (r: Rng, a: FillArgs, list: unknown[]) => RegExp | undefined;

const NOT_TYPED_ARRAYS = (): unknown[] => [
  [1, 2, 3], {}, null, undefined, 'out', 4, new DataView(new ArrayBuffer(8)), new ArrayBuffer(16), new Proxy(new Float32Array(4), {}),
];

function otherTypedArray(r: Rng, allowed: readonly TypedArrayConstructor[], length: number): AnyTypedArray {
  const type = r.pick(TYPED_ARRAYS.filter((t) => !allowed.includes(t)));
  return view(type, length, r.pick(BACKINGS));
}

// Each breaks one argument (undefined: not applicable to these arguments) and
// says what the error must name.
const BREAKAGES: readonly Breakage[] = [
  (r, _a, list) => {
    list.length = r.pick([0, 1, 2, 3, 4, 7, 8]);
    return /expected 5 or 6 arguments/;
  },
  (r, _a, list) => {
    list[0] = r.pick<unknown>(['gamma', '', 'Normal', 'normal ', 'bits\0', 1, null, undefined, {}, Symbol('normal'), new String('normal'), ['normal']]);
    return /argument 0 \(distribution\)/;
  },
  (r, _a, list) => {
    list[1] = r.pick(NOT_TYPED_ARRAYS());
    return /argument 1 \(out\) must be a typed array/;
  },
  (r, a, list) => {
    const allowed = a.distribution === 'bits' ? [Uint32Array] : [Float32Array, Float64Array, Uint16Array];
    list[1] = otherTypedArray(r, allowed, a.out.length);
    return /argument 1 \(out\) must be a/;
  },
  (r, a, list) => {
    if (!(a.out instanceof Uint16Array)) return undefined;
    if (r.chance(0.3)) list.length = 5;
    else list[5] = r.pick<unknown>(['float32', 'Float16', '', 7, null, undefined, {}]);
    return /argument 5 \(element\)/;
  },
  (r, a, list) => {
    list[2] = r.pick<() => unknown>([
      () => otherTypedArray(r, [Uint32Array], 7),
      () => view(Uint32Array, r.pick([0, 1, 6, 8, 14]), r.pick(BACKINGS)),
      () => emptiedView(Uint32Array, 7, r),
      () => [...a.position],
      () => r.pick(NOT_TYPED_ARRAYS()),
    ])();
    return /argument 2 \(position\)/;
  },
  (r, a, list) => {
    const p = new Uint32Array(a.position);
    p[6] = r.pick([4, 5, 2 ** 31, 0xffffffff]);
    list[2] = p;
    return /argument 2 \(position\): phase/;
  },
  (r, a, list) => {
    const n = a.out.length;
    const p = new Uint32Array(a.position);
    const lastFitting = LAST_BLOCK - blocksAfterFirst(p[6]!, n);
    if (lastFitting === LAST_BLOCK) return undefined;
    setBlock(p, lastFitting + 1n + BigInt(r.below(Number(LAST_BLOCK - lastFitting))));
    list[2] = p;
    return /argument 2 \(position\): the fill runs past the end of the stream/;
  },
  (r, a, list) => {
    const count = PARAM_COUNT[a.distribution];
    list[3] = r.pick<() => unknown>([
      () => otherTypedArray(r, [Float32Array], count),
      () => view(Float32Array, count + 1, r.pick(BACKINGS)),
      () => (count > 0 ? emptiedView(Float32Array, count, r) : view(Float32Array, 2, 'plain')),
      () => r.pick(NOT_TYPED_ARRAYS()),
    ])();
    return /argument 3 \(params\)/;
  },
  (r, _a, list) => {
    list[4] = r.pick(HOSTILE_THREADS);
    return /argument 4 \(threads\)/;
  },
];

// Only the Promise form refuses memory that JS can shrink.
const shrinkableOut: Breakage = (r, a, list) => {
  const type = a.out.constructor as TypedArrayConstructor<KernelOutput>;
  list[1] = view(type, Math.max(a.out.length, 1), r.pick<Backing>(['resizable', 'lengthTracking']));
  return /argument 1 \(out\) must not be a view of a resizable ArrayBuffer/;
};

export function fillCall(r: Rng, fn: 'fill' | 'fillAsync'): Call {
  const async = isPromiseForm(fn);
  const a = validArgs(r, async);
  const list = argList(a);
  const what = () => `${fn}(${list.map(describeValue).join(', ')})`;
  if (r.chance(0.4)) return { fn, args: list, expect: matchesTypeScript(a), what: what() };
  const breakages = async ? [...BREAKAGES, shrinkableOut] : BREAKAGES;
  for (;;) {
    const names = r.pick(breakages)(r, a, list);
    if (names !== undefined) return { fn, args: list, expect: refused(names), what: `broken: ${what()}` };
  }
}
