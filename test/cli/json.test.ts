// --json prints the library's own result: parsed, it equals what the
// functions return in this process for the same arguments.
import { describe, expect, it } from 'vitest';

import { deriveGain, diagnose, fans, gain, schemeDistribution } from '../../src/index.js';
import { runCli } from './runCli.js';

const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('--json', () => {
  it('diagnose: the Diagnosis object', () => {
    const r = runCli(['diagnose', '--depth', '8', '--width', '48', '--batch', '16', '--seed', '3', '--activation', 'tanh', '--init', 'glorot-normal', '--json']);
    expect(r.code).toBe(0);
    const expected = diagnose({ depth: 8, width: 48, activation: 'tanh', init: 'glorot-normal' }, { seed: 3, batch: 16 });
    expect(JSON.parse(r.stdout)).toEqual(roundTrip(expected));
  });

  it('diagnose --compare: one Diagnosis per init, by name', () => {
    const r = runCli(['diagnose', '--depth', '6', '--width', '32', '--batch', '8', '--compare', 'he-normal,lecun-normal', '--json']);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(['he-normal', 'lecun-normal']);
    expect(parsed['lecun-normal']).toEqual(roundTrip(diagnose({ depth: 6, width: 32, activation: 'relu', init: 'lecun-normal' }, { seed: 1, batch: 8 })));
  });

  it('diagnose passes scheme options and the activation parameter through', () => {
    const r = runCli(['diagnose', '--depth', '4', '--width', '32', '--batch', '8', '--activation', 'leaky_relu', '--param', '0.2', '--init', 'normal', '--std', '0.1', '--bias-std', '0.05', '--json']);
    const network = { depth: 4, width: 32, activation: { name: 'leaky_relu', param: 0.2 }, init: { scheme: 'normal', std: 0.1 }, bias: { scheme: 'normal', std: 0.05 } } as const;
    expect(JSON.parse(r.stdout)).toEqual(roundTrip(diagnose(network, { seed: 1, batch: 8 })));
  });

  it('gain: the table gain and deriveGain', () => {
    const parsed = JSON.parse(runCli(['gain', 'leaky-relu', '--param', '0.2', '--json']).stdout);
    expect(parsed).toEqual(roundTrip({ activation: 'leaky_relu', param: 0.2, table: gain('leaky_relu', 0.2), derived: deriveGain('leaky_relu', { param: 0.2 }) }));
  });

  it('fans: fans() and schemeDistribution() of each fan-based scheme', () => {
    const parsed = JSON.parse(runCli(['fans', '--shape', '8x3x5x5', '--convention', 'pytorch', '--json']).stdout);
    expect(parsed).toMatchObject({ shape: [8, 3, 5, 5], ...fans([8, 3, 5, 5], { convention: 'pytorch' }) });
    expect(parsed.schemes.find((s: { scheme: string }) => s.scheme === 'he-uniform')).toEqual({
      scheme: 'he-uniform',
      ...schemeDistribution('heUniform', [8, 3, 5, 5], { convention: 'pytorch' }),
    });
  });
});
