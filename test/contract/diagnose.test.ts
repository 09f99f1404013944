// The diagnostics run on every backend; the native and TypeScript network
// passes are compared field by field in networkStats.test.ts.
import { describe, expect, it } from 'vitest';

import { backend, calibrate, diagnose } from '../../src/index.js';
import * as promises from '../../src/promises.js';

const info = backend();

describe(`diagnose on ${info.kind} (${info.simd})`, () => {
  const network = { depth: 12, width: 96, activation: 'relu', init: 'glorotNormal' } as const;

  it('reports every layer, empirical beside mean field, with a verdict', () => {
    const d = diagnose(network, { seed: 3, batch: 64 });
    expect(d.backend.kind).toBe(info.kind);
    expect(d.layers).toHaveLength(12);
    for (const layer of d.layers) {
      // ReLU's dead fraction on symmetric pre-activations is 1/2. Deep inputs are correlated, so a unit is
      // dead for most of the batch or for little of it: the sd is that of 96 units, 1/(2 sqrt 96) = 0.051;
      // 0.25 is 5 of them.
      expect(Math.abs(layer.empirical!.deadFraction - 0.5)).toBeLessThan(0.25);
    }
    expect(d.verdict.forward.verdict).toBe('vanishing');
    expect(d.verdict.meanFieldForward.meanFactor).toBeCloseTo(0.5, 2);
  });

  it('gives the same report from the Promise form', async () => {
    const d = await promises.diagnose(network, { seed: 3, batch: 64 });
    expect(JSON.stringify(d)).toBe(JSON.stringify(diagnose(network, { seed: 3, batch: 64 })));
  });

  it('calibrates with LSUV', () => {
    const c = calibrate({ depth: 6, width: 64, activation: 'tanh', init: 'orthogonal', bias: { scheme: 'normal', std: 0.1 } }, { seed: 2, batch: 64 });
    expect(c.converged).toBe(true);
    for (const layer of c.layers) expect(Math.abs(layer.variance - 1)).toBeLessThanOrEqual(0.1);
  });
});
