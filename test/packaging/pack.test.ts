// The package as users install it: `npm pack`, then `npm install <tarball>`
// into an empty project. With a prebuilt binary it runs native; with neither a
// prebuilt binary nor a compiler toolchain the install still succeeds (the
// install script warns) and the package runs on the TypeScript fallback,
// drawing the same bits.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { normal } from '../../src/index.js';
import { bytes } from '../helpers/reference.js';

const repo = path.join(__dirname, '..', '..');
const platformDir = `${process.platform}-${process.arch}`;
const probe = `
const w = require('weightinit');
const t = w.normal([1000], { seed: 1 });
const hash = require('node:crypto').createHash('sha256').update(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)).digest('hex');
const { kind, detail } = w.backend();
console.log(JSON.stringify({ kind, detail, hash }));
`;

let tmp = '';
function mkdir(...parts: string[]): string {
  const dir = path.join(...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The environment every child gets: nothing of the test's own (no WEIGHTINIT_*), PATH as given. */
function envWith(PATH: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH, HOME: process.env['HOME'] ?? os.homedir(), TMPDIR: os.tmpdir() };
  for (const [k, v] of Object.entries(process.env)) if (/proxy|^NODE_EXTRA_CA_CERTS$|^LANG$/i.test(k)) env[k] = v;
  return env;
}

/** Runs a command to completion; throws with its whole output when it fails. Returns stdout + stderr. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { stdout: string; output: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${r.error?.message ?? `exit ${r.status}`}\n${output}`);
  }
  return { stdout: r.stdout, output };
}

/** `npm pack` of dir into a new directory under tmp; returns the tarball's path and the files it holds. */
function pack(dir: string, into: string, env: NodeJS.ProcessEnv): { tarball: string; files: string[] } {
  const dest = mkdir(tmp, into);
  // --ignore-scripts: `prepare` would rebuild dist/ in the working tree while other test projects read it;
  // the tarball holds the dist/ that `npm install` built.
  const { stdout } = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], dir, env);
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dest, info!.filename), files: info!.files.map((f) => f.path) };
}

/** An empty project that installs the tarball (approving its install script) and runs the probe in it. */
function installAndProbe(name: string, tarball: string, env: NodeJS.ProcessEnv) {
  const project = mkdir(tmp, name);
  // npm 11 warns about dependency install scripts not listed in allowScripts (and refuses them under
  // --strict-allow-scripts); a tarball is listed by its resolved identity, file:<absolute path>.
  const manifest = { name, version: '1.0.0', private: true, allowScripts: { [`file:${tarball}`]: true } };
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', tarball], project, env).output;
  expect(install).not.toContain('not yet covered by allowScripts');
  const result = JSON.parse(run('node', ['-e', probe], project, env).stdout.trim()) as { kind: string; detail: string; hash: string };
  return { project, install, result };
}

const expectedHash = createHash('sha256').update(bytes(normal([1000], { seed: 1 }).data)).digest('hex');

let withPrebuilt: { tarball: string; files: string[] };
let sourceOnly: { tarball: string; files: string[] };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weightinit-pack-'));
  const env = envWith(process.env['PATH'] ?? '');
  // The repo's tarball, unpacked to a staging copy without prebuilds/ or build/ (whatever the working tree holds).
  const fromRepo = pack(repo, 'repo', env);
  const stage = mkdir(tmp, 'stage');
  run('tar', ['xzf', fromRepo.tarball, '-C', stage, '--strip-components=1'], tmp, env);
  for (const dir of ['prebuilds', 'build']) fs.rmSync(path.join(stage, dir), { recursive: true, force: true });
  sourceOnly = pack(stage, 'source-only', env);
  // The prebuilt binary, made in the staging copy (`prebuildify --napi --strip`) so the repo's build/ is untouched.
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  run('npm', ['run', 'prebuilds'], stage, env);
  withPrebuilt = pack(stage, 'prebuilt', env);
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack + npm install <tarball>', () => {
  it('packs the dist, the native sources and the install script; prebuilds only when made', () => {
    for (const f of ['package.json', 'dist/cjs/index.js', 'dist/esm/index.mjs', 'binding.gyp', 'native/sources.json', 'scripts/install.js']) {
      expect(sourceOnly.files).toContain(f);
    }
    expect(withPrebuilt.files).toContain(`prebuilds/${platformDir}/weightinit.node`);
    expect(sourceOnly.files.filter((f) => /^(prebuilds|build)\//.test(f))).toEqual([]);
    expect(withPrebuilt.files.filter((f) => /^build\//.test(f))).toEqual([]);
  });

  it('runs native from the prebuilt binary, without compiling', () => {
    const { project, install, result } = installAndProbe('uses-prebuilt', withPrebuilt.tarball, envWith(process.env['PATH'] ?? ''));
    expect(install).toContain('node scripts/install.js'); // the install script ran ...
    expect(fs.existsSync(path.join(project, 'node_modules', 'weightinit', 'build'))).toBe(false); // ... and found the prebuilt binary
    expect(result.kind).toBe('native');
    expect(result.detail).toContain(path.join('prebuilds', platformDir));
    expect(result.hash).toBe(expectedHash);
  });

  it('installs without a prebuilt binary or a compiler, and runs the TypeScript fallback with the same bits', () => {
    // PATH holds node, npm and sh only: no cc, c++, gcc, g++, make or python3.
    const bin = mkdir(tmp, 'bin');
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    fs.symlinkSync(fs.realpathSync(whichOnPath('npm')), path.join(bin, 'npm'));
    fs.symlinkSync(whichOnPath('sh'), path.join(bin, 'sh'));
    const { project, install, result } = installAndProbe('no-compiler', sourceOnly.tarball, envWith(bin));
    expect(install).toContain('node scripts/install.js');
    expect(install).toContain('weightinit: the native addon could not be built; using the TypeScript fallback');
    expect(result.kind).toBe('js');
    expect(result.hash).toBe(expectedHash);

    // One line on stderr per process, however many entry points load; none with WEIGHTINIT_QUIET.
    const twice = "require('weightinit').normal([4]); require('weightinit/promises').normal([4]).then(() => require('weightinit').backend())";
    const notice = 'weightinit: native addon unavailable';
    const loud = spawnSync('node', ['-e', twice], { cwd: project, env: envWith(bin), encoding: 'utf8' });
    expect(loud.stderr.split(notice).length - 1).toBe(1);
    expect(loud.stderr).toContain('npm rebuild weightinit');
    const quiet = spawnSync('node', ['-e', twice], { cwd: project, env: { ...envWith(bin), WEIGHTINIT_QUIET: '1' }, encoding: 'utf8' });
    expect(quiet.stderr).not.toContain(notice);
    // The command line says so too.
    const info = run('node', [path.join('node_modules', 'weightinit', 'bin', 'weightinit.js'), 'info'], project, { ...envWith(bin), WEIGHTINIT_QUIET: '1' }).stdout;
    expect(info).toMatch(/backend\s+js \(TypeScript fallback\)/);
  });
});

function whichOnPath(name: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  throw new Error(`${name} is not on PATH`);
}
