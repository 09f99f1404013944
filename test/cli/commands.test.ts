// Each command's happy path on small sizes, run as a user would run it.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { backend, initModel, readNpy, readSafetensors } from '../../src/index.js';
import { bin, root, runCli } from './runCli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS = ['diagnose', 'init', 'gain', 'fans', 'bench', 'info'];

describe('weightinit --help', () => {
  it('lists every command', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it.each(COMMANDS)('%s --help explains its options with an example', (command) => {
    const r = runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: weightinit ${command}`);
    expect(r.stdout).toMatch(/^Options:$/m);
    expect(r.stdout).toMatch(new RegExp(`^Examples?:\\n  weightinit ${command}\\b`, 'm'));
  });
});

describe('weightinit diagnose', () => {
  it('prints the verdict first, then the per-layer table, then the charts', () => {
    const r = runCli(['diagnose', '--depth', '12', '--width', '64', '--batch', '32', '--init', 'glorot-normal']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^forward: vanishing/);
    expect(lines[1]).toMatch(/^backward: vanishing/);
    expect(r.stdout).toContain('try --init variance-scaling --scale 2 --distribution normal');
    const table = lines.findIndex((l) => l.startsWith('layer '));
    const chart = lines.findIndex((l) => l.startsWith('forward: second moment'));
    expect(table).toBeGreaterThan(1);
    expect(chart).toBeGreaterThan(table + 12);
    expect(lines[table]).toMatch(/E\[x\^2\]\s+E\[x\^2\] \(mf\)/);
    expect(r.stdout).toContain('backward: variance of the gradient');
  });

  it('reads a network file', () => {
    const file = path.join(dir, 'net.json');
    writeFileSync(file, JSON.stringify([
      { in: 32, out: 64, activation: 'tanh', weights: 'glorotNormal' },
      { in: 64, out: 16, activation: { name: 'leaky_relu', param: 0.2 }, weights: { scheme: 'normal', std: 0.1 } },
    ]));
    const r = runCli(['diagnose', '--network', file, '--batch', '16']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/network: 2 dense layers, 32 -> 16, tanh, leaky_relu\(0\.2\)/);
  });
});

describe('weightinit init', () => {
  it('writes a .safetensors tensor equal to the library draw, and says what it wrote', () => {
    const out = path.join(dir, 'w.safetensors');
    const r = runCli(['init', '--shape', '64x32x3x3', '--scheme', 'he-normal', '--mode', 'fan-out', '--layout', 'oihw', '--dtype', 'bfloat16', '--seed', '7', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*w\.safetensors: weight \[64, 32, 3, 3\] he-normal, bfloat16, .*; seed 7$/m);
    // Not a terminal: plain progress lines, ending at 100%.
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^init: 100% /);
    const expected = initModel({ weight: { shape: [64, 32, 3, 3], scheme: 'heNormal', options: { mode: 'fanOut', layout: 'oihw' } } }, { seed: 7, dtype: 'bfloat16' });
    const stored = readSafetensors(out)['weight']!;
    expect(stored.shape).toEqual([64, 32, 3, 3]);
    expect(stored.dtype).toBe('bfloat16');
    expect(Buffer.from(stored.data.buffer).equals(Buffer.from(expected['weight']!.data.buffer))).toBe(true);
  });

  it('writes a .npy under --name, and a whole model from --model', () => {
    const npy = path.join(dir, 'w.npy');
    expect(runCli(['init', '--shape', '100', '--scheme', 'truncated-normal', '--std', '0.02', '--seed', '1', '--out', npy]).code).toBe(0);
    const t = readNpy(npy);
    expect(t.shape).toEqual([100]);
    expect(Math.max(...t.data)).toBeLessThanOrEqual(0.04);

    const spec = { 'fc.weight': { shape: [16, 8], scheme: 'kaiming-uniform', options: { convention: 'pytorch' } }, 'fc.bias': { shape: [16], scheme: 'zeros' } };
    const specFile = path.join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const model = path.join(dir, 'model.safetensors');
    const r = runCli(['init', '--model', specFile, '--seed', '42', '--out', model, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [model], seed: 42 });
    const read = readSafetensors(model);
    const expected = initModel(spec, { seed: 42 });
    expect([...read['fc.weight']!.data]).toEqual([...expected['fc.weight']!.data]);
    expect([...read['fc.bias']!.data]).toEqual(new Array(16).fill(0));
  });
});

describe('weightinit gain, fans, bench, info', () => {
  it('gain: the table gain and the derived ones', () => {
    const r = runCli(['gain', 'tanh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^table \(torch calculate_gain\)\s+1\.667\s+2\.778$/m);
    expect(r.stdout).toMatch(/^forward: keeps E\[h\^2\] fixed\s+1\.593\s+2\.536$/m);
    expect(runCli(['gain', 'leaky_relu', '--param', '0.2']).stdout).toMatch(/^table \(torch calculate_gain\)\s+1\.387/m);
  });

  it('fans: fan_in 75 for a 5x5 conv over 3 channels, and each scheme\'s std', () => {
    const r = runCli(['fans', '--shape', '5x5x3x8', '--layout', 'hwio']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fan_in 75, fan_out 200, receptive field 25');
    // He uniform: bound sqrt(6 / 75) = 0.2828
    expect(r.stdout).toMatch(/^he-uniform\s+uniform\s+0\.1633\s+\[-0\.2828, 0\.2828\]$/m);
  });

  it('bench: native, js and memory throughput on this machine', () => {
    const r = runCli(['bench', '--elements', '65536', '--reps', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('memory reference: Float32Array.prototype.fill');
    // a rate in every column that ran (native is '-' on the js backend)
    for (const k of ['randomBits', 'uniform', 'normal', 'truncatedNormal']) expect(r.stdout).toMatch(new RegExp(`^${k}(\\s+(-|[\\d.]+ [kMG]?/s))+\\s+(-|[\\d.]+)$`, 'm'));
  });

  it('info: backend, SIMD level, threads, version and the addon file', () => {
    const r = runCli(['info']);
    const b = backend();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^version\\s+${b.version.replace(/\./g, '\\.')}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^simd\\s+${b.simd}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^threads\\s+${b.threads}$`, 'm'));
    expect(r.stdout).toContain(b.detail);
    expect(JSON.parse(runCli(['info', '--json']).stdout)).toMatchObject(b);
  });
});

describe('the weightinit bin', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('is declared, executable, and packed with the compiled CLI', () => {
    expect(manifest.bin).toEqual({ weightinit: 'bin/weightinit.js' });
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    accessSync(bin, constants.X_OK);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    const files = packed.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/weightinit.js', 'dist/cjs/cli/main.js']));
  });

  it('--version prints the package version', () => {
    expect(runCli(['--version']).stdout.trim()).toBe(manifest.version);
  });
});
