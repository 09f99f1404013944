// A caller who transfers (detaches) the `out` buffer while a Promise form is
// filling it gets a TypeError naming `out`, and the process lives on: no
// kernel writes a caller's detachable memory off the event loop (draw.ts
// stages it). The new owner of the memory is dropped and collected at once,
// which is what turned a write into freed memory into a crash before.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import * as promises from '../../src/promises.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const n = 1 << 23;

/** Starts `fill`, transfers its out's buffer away at once, drops and collects the new owner; returns the fill's outcome. */
async function transferDuring(out: ArrayBufferView, fill: () => Promise<unknown>): Promise<unknown> {
  const pending = fill().then(() => 'resolved', (error: unknown) => error);
  structuredClone(out.buffer, { transfer: [out.buffer as ArrayBuffer] });
  gc();
  return pending;
}

describe('transferring out during a Promise form', () => {
  const cases: [string, () => ArrayBufferView, (out: never) => Promise<unknown>][] = [
    ['normal', () => new Float32Array(n), (out) => promises.normal([n], { seed: 1, out })],
    ['truncatedNormal float64', () => new Float64Array(n), (out) => promises.truncatedNormal([n], { seed: 2, std: 0.02, out })],
    ['heNormal into raw bytes', () => Buffer.alloc(4 * n), (out) => promises.heNormal([n / 1024, 1024], { seed: 3, out })],
    ['randomBits', () => new Uint32Array(n), (out) => promises.randomBits(out, { seed: 4 })],
    ['orthogonal', () => new Float32Array(1024 * 1024), (out) => promises.orthogonal([1024, 1024], { seed: 5, out })],
  ];
  for (const [name, make, fill] of cases) {
    it(`${name}: rejects with a TypeError naming out, and nothing crashes`, async () => {
      const out = make();
      const outcome = await transferDuring(out, () => fill(out as never));
      expect(outcome).toBeInstanceOf(TypeError);
      expect(String((outcome as Error).message)).toMatch(/out was detached/);
      expect(out.byteLength).toBe(0);
    });
  }

  it('a fill whose out stays attached still fills it in full, the same as the sync form', async () => {
    const out = new Float32Array(n);
    await promises.normal([n], { seed: 1, out });
    const { normal } = await import('../../src/index.js');
    expect(Buffer.from(out.buffer).equals(Buffer.from(normal([n], { seed: 1 }).data.buffer))).toBe(true);
  });
});

describe('an options getter that detaches out', () => {
  // The getter runs when the options are first read, before out is checked,
  // so the call sees an out with no elements and says so; nothing is drawn.
  const withDetachingStd = (out: Float32Array) => ({
    seed: 1,
    out,
    get std() {
      structuredClone(out.buffer, { transfer: [out.buffer as ArrayBuffer] });
      gc();
      return 1;
    },
  });

  it('makes the sync form refuse out, naming it', async () => {
    const { normal } = await import('../../src/index.js');
    const out = new Float32Array(1 << 16);
    expect(() => normal([1 << 16], withDetachingStd(out))).toThrow(/out/);
  });

  it('makes the Promise form reject, naming out', async () => {
    const out = new Float32Array(1 << 20);
    await expect(promises.normal([1 << 20], withDetachingStd(out))).rejects.toThrow(/out/);
  });
});
