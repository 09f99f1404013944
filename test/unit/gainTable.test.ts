// docs/GAINS.md's table of gains is the output of deriveGain and gain: this
// renders it and checks the document holds it verbatim, so the two cannot drift.
// On a mismatch the failure message is the table to paste.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ACTIVATIONS } from '../../src/activations.js';
import { deriveGain, gain } from '../../src/gain.js';

const TORCH_NAMES = new Set(['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']);
const DEFAULT_PARAM: Record<string, string> = { leaky_relu: ' (a = 0.01)', elu: ' (alpha = 1)' };

function renderTable(): string {
  const cell = (g: number | null): string => (g === null ? '—' : g.toFixed(4));
  const square = (g: number | null): number | null => (g === null ? null : g * g);
  const rows = Object.keys(ACTIVATIONS).map((name) => {
    const d = deriveGain(name);
    const torch = TORCH_NAMES.has(name) ? cell(gain(name)) : '—';
    return `| ${name}${DEFAULT_PARAM[name] ?? ''} | ${cell(d.forward)} | ${cell(square(d.forward))} | ${cell(d.backward)} | ${cell(square(d.backward))} | ${cell(d.kumar)} | ${cell(square(d.kumar))} | ${torch} |`;
  });
  return [
    '| activation | forward g | forward σ_w² | backward g | backward σ_w² | Kumar g | Kumar σ_w² | PyTorch gain |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

describe('docs/GAINS.md', () => {
  it('holds the table deriveGain and gain produce', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'GAINS.md'), 'utf8');
    const table = renderTable();
    expect(doc.includes(table), `docs/GAINS.md should contain:\n${table}`).toBe(true);
  });
});
