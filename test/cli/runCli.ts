// Runs the built `weightinit` bin as a child process, as a user's shell would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');
export const bin = path.join(root, 'bin', 'weightinit.js');

if (!existsSync(path.join(root, 'dist', 'cjs', 'cli', 'main.js'))) {
  throw new Error('test/cli runs the built CLI: run `npm run build` first');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: this process's, without colour settings unless given. */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, WEIGHTINIT_QUIET: '1' };
  delete base['NO_COLOR'];
  delete base['FORCE_COLOR'];
  return { ...base, ...env };
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: childEnv(options.env), encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}
