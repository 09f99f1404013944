// Calls of networkStats and networkStatsAsync. A valid pass, however it is
// presented (plain object, Proxy, getters, inherited properties), must give
// finite statistics of the documented shape; a pass with one thing broken
// must be refused with an error that names it, including when a getter of
// the pass detaches or shrinks an array read before it.
import { NETWORK_PASS_ACTIVATIONS } from '../../src/diagnostics/networkPass.js';
import { type Call, type Expectation, isPromiseForm, refused } from './call.js';
import {
  type Backing, BACKINGS, HOSTILE_THREADS, HOSTILE_WIDTHS, TYPED_ARRAYS, canShrink, detach, emptiedView, view,
} from './hostileValues.js';
import type { Rng } from './prng.js';

const STATS_FIELDS = 11;
const OVERFLOW_FIELDS = [9, 10];
const PASS = 'argument 0 \\(pass\\)';

type Layer = Record<string, unknown>;
type Pass = Record<string, unknown> & { layers: Layer[] };

function floats(r: Rng, n: number, async: boolean): Float32Array {
  const a = view(Float32Array, n, r.pick(BACKINGS.filter((b) => !(async && canShrink(b)))));
  const hostile = r.chance(0.1);
  for (let i = 0; i < n; i++) a[i] = hostile ? r.pick([NaN, Infinity, 3e38, 0]) : r.gaussian() * 0.5;
  return a;
}

function validPass(r: Rng, async: boolean): Pass {
  const depth = 1 + r.below(4);
  const widths = Array.from({ length: depth + 1 }, () => 1 + r.below(9));
  const batch = 1 + r.below(6);
  const layers = Array.from({ length: depth }, (_, l): Layer => {
    const layer: Layer = {
      in: widths[l], out: widths[l + 1], weights: floats(r, widths[l]! * widths[l + 1]!, async),
      activation: r.pick(NETWORK_PASS_ACTIVATIONS), param: r.pick([0.01, 0.2, 1, 0, NaN]),
    };
    if (r.chance(0.5)) layer['bias'] = floats(r, widths[l + 1]!, async);
    return layer;
  });
  return {
    batch, layers, input: floats(r, batch * widths[0]!, async), outputGradient: floats(r, batch * widths[depth]!, async),
  };
}

/** The same pass as the addon reads it, behind a Proxy, getters or a prototype. */
function presented(r: Rng, pass: Pass): unknown {
  switch (r.below(8)) {
    case 0:
      return new Proxy(pass, {});
    case 1: {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(pass)) Object.defineProperty(o, k, { get: () => v, enumerable: true });
      return o;
    }
    case 2:
      return Object.create(pass);
    default:
      return pass;
  }
}

function sane(depth: number): Expectation {
  return {
    kind: 'valid',
    check: (result) => {
      if (!(result instanceof Float64Array)) return `returned ${Object.prototype.toString.call(result)}`;
      if (result.length !== (depth + 1) * STATS_FIELDS) return `returned ${result.length} numbers for ${depth} layers`;
      if (!result.every(Number.isFinite)) return 'returned a statistic that is not finite';
      for (let row = 0; row <= depth; row++) {
        for (const f of OVERFLOW_FIELDS) {
          const flag = result[row * STATS_FIELDS + f];
          if (flag !== 0 && flag !== 1) return `overflow flag ${f} of row ${row} is ${flag}`;
        }
      }
      return undefined;
    },
  };
}

const wrongFloats = (r: Rng, n: number): unknown =>
  r.pick<() => unknown>([
    () => view(r.pick(TYPED_ARRAYS.filter((t) => t !== Float32Array)), n, 'plain'),
    () => view(Float32Array, n + r.pick([1, 3]), 'plain'),
    () => (n > 1 ? view(Float32Array, n - 1, 'plain') : null),
    () => emptiedView(Float32Array, n, r),
    () => r.pick<unknown>([null, {}, [1, 2], 'weights', 3]),
  ])();

type Breakage = (r: Rng, pass: Pass, list: unknown[]) => Expectation | undefined;

const layerName = (l: number): string => `${PASS}\\.layers\\[${l}\\]`;

const BREAKAGES: ReadonlyArray<[string, Breakage]> = [
  ['wrong argument count', (r, _p, list) => {
    list.length = r.pick([0, 1, 3, 4]);
    return refused(/expected 2 arguments/);
  }],
  ['pass not an object', (r, p, list) => {
    list[0] = r.pick<unknown>([null, undefined, 7, 'pass', [p], Symbol('pass'), 2n]);
    return refused(new RegExp(`${PASS} must be an object`));
  }],
  ['hostile batch', (r, p) => {
    p['batch'] = r.pick(HOSTILE_WIDTHS);
    return refused(new RegExp(`${PASS}\\.batch`));
  }],
  ['layers not an array', (r, p) => {
    (p as Record<string, unknown>)['layers'] =
      r.pick<unknown>([undefined, {}, 'relu', [], { length: 1, 0: p.layers[0] }, new Proxy(p.layers, {})]);
    return refused(new RegExp(`${PASS}\\.layers must be a non-empty array`));
  }],
  ['a layer not an object', (r, p) => {
    const l = r.below(p.layers.length);
    (p.layers as unknown[])[l] = r.pick<unknown>([null, 7, 'layer', [1], undefined]);
    return refused(new RegExp(`${layerName(l)} must be an object`));
  }],
  ['hostile in or out', (r, p) => {
    const l = r.below(p.layers.length);
    const key = r.pick(['in', 'out']);
    p.layers[l]![key] = r.pick(HOSTILE_WIDTHS);
    return refused(new RegExp(`${layerName(l)}\\.${key} must be`));
  }],
  ['widths that do not chain', (r, p) => {
    if (p.layers.length < 2) return undefined;
    const l = 1 + r.below(p.layers.length - 1);
    p.layers[l]!['in'] = (p.layers[l - 1]!['out'] as number) + 1;
    return refused(new RegExp(`${layerName(l)}\\.in \\(\\d+\\) must equal layers\\[${l - 1}\\]\\.out`));
  }],
  ['bad weights', (r, p) => {
    const l = r.below(p.layers.length);
    const layer = p.layers[l]!;
    layer['weights'] = wrongFloats(r, (layer['in'] as number) * (layer['out'] as number));
    return refused(new RegExp(`${layerName(l)}\\.weights must`));
  }],
  ['bad bias', (r, p) => {
    const l = r.below(p.layers.length);
    const layer = p.layers[l]!;
    layer['bias'] = wrongFloats(r, layer['out'] as number);
    return refused(new RegExp(`${layerName(l)}\\.bias must`));
  }],
  ['unknown activation', (r, p) => {
    const l = r.below(p.layers.length);
    p.layers[l]!['activation'] = r.pick<unknown>(['swish', '', 'RELU', 'relu ', 3, undefined, null]);
    return refused(new RegExp(`${layerName(l)}\\.activation must be one of`));
  }],
  ['param not a number', (r, p) => {
    const l = r.below(p.layers.length);
    p.layers[l]!['param'] = r.pick<unknown>([undefined, '0.1', null, {}, 1n]);
    return refused(new RegExp(`${layerName(l)}\\.param must be a number`));
  }],
  ['bad input or outputGradient', (r, p) => {
    const key = r.pick(['input', 'outputGradient']);
    p[key] = wrongFloats(r, (p[key] as Float32Array).length);
    return refused(new RegExp(`${PASS}\\.${key} must`));
  }],
  ['hostile threads', (r, _p, list) => {
    list[1] = r.pick(HOSTILE_THREADS);
    return refused(/argument 1 \(threads\) must be/);
  }],
  ['a getter that throws', (r, p) => {
    const target: Record<string, unknown> = r.chance(0.5) ? p : p.layers[r.below(p.layers.length)]!;
    const key = r.pick(Object.keys(target));
    Object.defineProperty(target, key, { get: () => { throw new Error('fuzz getter'); } });
    return refused(/fuzz getter/, true);
  }],
  ['a getter that takes away an array read before it', (r, p) => {
    // outputGradient is read last: its getter takes away the memory of the
    // first weights, read long before (and collects it, when it can).
    const victim = p.layers[0]!['weights'] as Float32Array;
    const gradient = p['outputGradient'];
    const shrink = r.chance(0.5);
    const weights = view(Float32Array, victim.length, shrink ? r.pick<Backing>(['resizable', 'lengthTracking']) : 'plain');
    weights.set(victim);
    p.layers[0]!['weights'] = weights;
    Object.defineProperty(p, 'outputGradient', {
      get: () => {
        if (shrink) (weights.buffer as ArrayBuffer).resize(0);
        else detach(weights.buffer);
        (globalThis as { gc?: () => void }).gc?.();
        return gradient;
      },
    });
    return refused(new RegExp(`${layerName(0)}\\.weights (must hold|must not be)`));
  }],
];

const shrinkable: [string, Breakage] = ['weights JS can shrink', (r, p) => {
  const l = r.below(p.layers.length);
  const layer = p.layers[l]!;
  const n = (layer['in'] as number) * (layer['out'] as number);
  layer['weights'] = view(Float32Array, n, r.pick<Backing>(['resizable', 'lengthTracking']));
  return refused(new RegExp(`${layerName(l)}\\.weights must not be a view of a resizable ArrayBuffer`));
}];

export function networkStatsCall(r: Rng, fn: 'networkStats' | 'networkStatsAsync'): Call {
  const async = isPromiseForm(fn);
  const pass = validPass(r, async);
  const shape = `batch ${pass['batch']}, widths ${[pass.layers[0]!['in'], ...pass.layers.map((l) => l['out'])].join('-')}`;
  const list: unknown[] = [pass, r.pick([1, 1, 2, 3, 4])];
  if (r.chance(0.4)) {
    list[0] = presented(r, pass);
    return { fn, args: list, expect: sane(pass.layers.length), what: `${fn}(pass: ${shape})` };
  }
  const breakages = async ? [...BREAKAGES, shrinkable] : BREAKAGES;
  for (;;) {
    const [name, breakage] = r.pick(breakages);
    const expect = breakage(r, pass, list);
    if (expect !== undefined) return { fn, args: list, expect, what: `${fn}(pass: ${shape}) with ${name}` };
  }
}
