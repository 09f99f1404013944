// Element i depends only on (seed, stream, i): a tensor drawn whole equals
// its shards drawn alone at their offsets, into views of one buffer or into
// separate arrays, synchronously or not.
import { describe, expect, it } from 'vitest';

import { backend, normal, randomBits, truncatedNormal, uniform } from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { bytes } from '../helpers/reference.js';

const draws = { uniform, normal, truncatedNormal } as const;
const info = backend();

// Uneven shard sizes, so shard edges fall inside blocks and vectors.
const CUTS = [0, 1, 6, 17, 1000, 4099, 70001, 100003];

describe(`shards equal the whole (${info.kind}, ${info.simd})`, () => {
  for (const [name, draw] of Object.entries(draws)) {
    it(name, () => {
      const n = CUTS[CUTS.length - 1]!;
      const whole = draw([n], { seed: 2024n, stream: 5 }).data;
      const assembled = new Float32Array(n);
      for (let s = 0; s + 1 < CUTS.length; s++) {
        const [a, b] = [CUTS[s]!, CUTS[s + 1]!];
        draw([b - a], { seed: 2024n, stream: 5, offset: a, out: assembled.subarray(a, b) });
      }
      expect(bytes(assembled).equals(bytes(whole))).toBe(true);
    });
  }

  it('randomBits', () => {
    const n = 5003;
    const whole = randomBits(new Uint32Array(n), { seed: 9, offset: 2n ** 40n });
    const assembled = new Uint32Array(n);
    for (const [a, b] of [[0, 3], [3, 1234], [1234, 5003]] as const) {
      randomBits(assembled.subarray(a, b), { seed: 9, offset: 2n ** 40n + BigInt(a) });
    }
    expect(bytes(assembled).equals(bytes(whole))).toBe(true);
  });

  it('Promise forms equal the sync forms, also for shards', async () => {
    for (const name of ['uniform', 'normal', 'truncatedNormal'] as const) {
      const sync = draws[name]([300001], { seed: 31, offset: 3 }).data;
      const whole = (await promises[name]([300001], { seed: 31, offset: 3 })).data;
      const tail = (await promises[name]([1001], { seed: 31, offset: 3 + 299000 })).data;
      expect(bytes(whole).equals(bytes(sync)), name).toBe(true);
      expect(bytes(tail).equals(bytes(sync.subarray(299000))), `${name} tail`).toBe(true);
    }
    const bits = await promises.randomBits(new Uint32Array(1000), { seed: 4 });
    expect(bytes(bits).equals(bytes(randomBits(new Uint32Array(1000), { seed: 4 })))).toBe(true);
  });
});
