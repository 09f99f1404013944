// Every draw function, sync and Promise form, over random shapes (0, 1,
// huge, fractional, negative, NaN, malformed) and options of every type:
// each call returns a tensor that satisfies its scheme's invariants, or
// throws a TypeError/RangeError of weightinit's — nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { backend } from '../../src/index.js';
import { bytes } from '../helpers/reference.js';
import { describeCall, drawCall, schemeOf, type DrawCall } from './drawCalls.js';
import { expectValidDraw } from './drawInvariants.js';
import { asyncOutcomeOf, outcomeOf } from './outcome.js';
import { runs } from './runs.js';

const info = backend();

function drawSync(c: DrawCall) {
  return outcomeOf(() => schemeOf(c).sync(c.shape as never, c.options as never));
}

// A resizable buffer could shrink while a fill runs off the event loop, so every Promise form refuses a
// non-empty out on one, at every size and on both backends, where the sync form fills it.
const onResizable = (c: DrawCall): boolean => {
  const out = (c.options as { out?: unknown } | null | undefined)?.out;
  return ArrayBuffer.isView(out) && out.byteLength > 0 && (out.buffer as { resizable?: boolean }).resizable === true;
};
const resizableRefusal = (scheme: string): string =>
  `TypeError: ${scheme}: out must not be a view on a resizable ArrayBuffer in a Promise form (it could shrink while the fill runs); use the sync form or a fixed-length buffer`;
describe(`draws over random arguments (${info.kind}, ${info.simd})`, () => {
  it('return a tensor with the scheme\'s invariants, or throw a TypeError/RangeError', () => {
    fc.assert(
      fc.property(drawCall(), (c) => {
        const result = drawSync(c);
        if (result.ok) expectValidDraw(c, result.value);
      }),
      runs(3000, 1500),
    );
  });

  it('the same seed gives the same bytes (and an unseeded draw returns the seed that reproduces it)', () => {
    fc.assert(
      fc.property(drawCall(), (c) => {
        const o = c.options as Record<string, unknown> | undefined;
        if (o?.['out'] !== undefined) return;
        const first = drawSync(c);
        if (!first.ok) return;
        const again = schemeOf(c).sync(c.shape as never, { ...o, seed: first.value.seed } as never);
        expect(bytes(again.data).equals(bytes(first.value.data)), describeCall(c)).toBe(true);
      }),
      runs(800, 400),
    );
  });

  it('the Promise form agrees with the sync form: the same bytes, or the same error (or, for a resizable out, its own)', async () => {
    await fc.assert(
      fc.asyncProperty(drawCall(), async (c) => {
        const viaPromise = await asyncOutcomeOf(() => schemeOf(c).async(c.shape as never, c.options as never));
        if (viaPromise.ok) {
          expect(onResizable(c), describeCall(c)).toBe(false);
          // An unseeded call drew a fresh seed: the sync form must give the same bytes for it.
          const promised = Buffer.from(bytes(viaPromise.value.data));
          const sync = schemeOf(c).sync(c.shape as never, { ...(c.options as object | undefined), seed: viaPromise.value.seed } as never);
          expect(promised.equals(bytes(sync.data)), describeCall(c)).toBe(true);
          expect(viaPromise.value.shape).toEqual(sync.shape);
        } else {
          const sync = drawSync(c);
          // The Promise forms take two more options, which their unknown-option message lists.
          const promised = `${viaPromise.error.constructor.name}: ${viaPromise.error.message.replace(', signal, onProgress', '')}`;
          const expected = sync.ok ? (onResizable(c) ? resizableRefusal(c.scheme) : 'returned') : `${sync.error.constructor.name}: ${sync.error.message}`;
          expect(promised, describeCall(c)).toBe(expected);
        }
      }),
      runs(600, 300),
    );
  });
});
