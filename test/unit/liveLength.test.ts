// liveLength reads 0 for every detached view, in optimized code too, where a
// plain `.length` can go stale on Node 20 (V8 11.3): one function sees views
// of every kind of buffer, some detached, long enough to be optimized.
import { describe, expect, it } from 'vitest';

import { liveLength } from '../../src/liveLength.js';

type View = Float32Array | Float64Array | Uint16Array | Uint32Array;
const TYPES = [Float32Array, Float64Array, Uint16Array, Uint32Array] as const;
const LENGTHS = [0, 1, 4, 33, 1023, 4097, 66_000];

function makeView(type: (typeof TYPES)[number], n: number, kind: number): { view: View; detached: boolean } {
  const bytes = n * type.BYTES_PER_ELEMENT;
  const growable = () => new ArrayBuffer(bytes, { maxByteLength: 2 * bytes + 8 } as never);
  switch (kind) {
    case 0: return { view: new type(new ArrayBuffer(bytes)), detached: false };
    case 1: return { view: new type(new SharedArrayBuffer(bytes)), detached: false };
    case 2: return { view: new type(growable(), 0, n), detached: false };
    case 3: return { view: new type(growable()), detached: false };
    default: {
      const view = new type(new ArrayBuffer(bytes));
      structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
      return { view, detached: true };
    }
  }
}

// Reads lengths the way a checker does: the length, then the elements up to
// it, in one function that sees views of every kind; V8 optimizes it (on stack
// replacement in the long loops) and calls it for every view.
function readLengths(read: (a: View) => number): { stale: number; detachedSeen: number } {
  const sum = (a: View): number => {
    let s = 0;
    const n = read(a);
    for (let i = 0; i < n; i++) s += a[i] ?? 0;
    return n + s;
  };
  let seed = 1;
  const below = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  let stale = 0;
  let detachedSeen = 0;
  for (let i = 0; i < 20_000; i++) {
    const { view, detached } = makeView(TYPES[below(4)]!, LENGTHS[below(LENGTHS.length)]!, below(5));
    const n = sum(view);
    if (!detached) continue;
    detachedSeen++;
    if (n !== 0) stale++;
  }
  return { stale, detachedSeen };
}

describe('liveLength', () => {
  it('is the length of an attached view, of any buffer kind', () => {
    for (let kind = 0; kind < 4; kind++) expect(liveLength(makeView(Float32Array, 33, kind).view)).toBe(33);
  });

  it('is 0 for every detached view, however hot the code that reads it', () => {
    const { stale, detachedSeen } = readLengths((a) => liveLength(a));
    expect(detachedSeen).toBeGreaterThan(3000);
    expect(stale).toBe(0);
  });
});
