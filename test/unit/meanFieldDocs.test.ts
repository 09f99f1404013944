// docs/DIAGNOSTICS.md's table of critical weight variances is the output of
// criticalWeightVariance: this renders it and checks the document holds it
// verbatim, so the two cannot drift. On a mismatch the failure message is the
// table to paste.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { criticalWeightVariance } from '../../src/diagnostics/criticalWeightVariance.js';

const ACTIVATIONS = ['relu', 'leaky_relu', 'elu', 'selu', 'sigmoid', 'softplus', 'silu', 'mish', 'hardtanh', 'softsign', 'linear', 'tanh'];
const BIAS_VARIANCES = [0, 0.05, 0.5];

function renderTable(): string {
  const cell = (activation: string, biasVariance: number): string => {
    try {
      return criticalWeightVariance(activation, { biasVariance }).weightVariance.toFixed(4);
    } catch (e) {
      // No critical point: chi_1 jumps across 1 (any other error is a failure).
      if (!(e instanceof RangeError && /jumps/.test(e.message))) throw e;
      return '—';
    }
  };
  return [
    `| activation | ${BIAS_VARIANCES.map((b) => `σ_b² = ${b}`).join(' | ')} |`,
    `| --- | ${BIAS_VARIANCES.map(() => '---:').join(' | ')} |`,
    ...ACTIVATIONS.map((a) => `| ${a} | ${BIAS_VARIANCES.map((b) => cell(a, b)).join(' | ')} |`),
  ].join('\n');
}

describe('docs/DIAGNOSTICS.md', () => {
  it('holds the table of critical weight variances criticalWeightVariance produces', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'DIAGNOSTICS.md'), 'utf8');
    const table = renderTable();
    expect(doc.includes(table), `docs/DIAGNOSTICS.md should contain:\n${table}`).toBe(true);
  });
});
