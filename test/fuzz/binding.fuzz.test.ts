// The raw native binding against 10^5 generated calls of hostile arguments
// (bindingFuzzer.ts), run in a child process: a crash there is a failure here,
// reported with the seed that replays it and the last calls made before it.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';

import type { FuzzReport } from './bindingFuzzer.js';

const CALLS = 100_000;
const seed = Number(process.env['WEIGHTINIT_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
const driver = path.join(__dirname, 'bindingFuzzer.ts');
// vitest's own TypeScript runner, so that the child runs the same sources.
const requireVitest = createRequire(createRequire(__filename).resolve('vitest/package.json'));
const viteNode = path.join(path.dirname(requireVitest.resolve('vite-node/package.json')), 'vite-node.mjs');

function runFuzzer(calls: number, trace: boolean): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--expose-gc', viteNode, driver], {
    env: {
      ...process.env,
      WEIGHTINIT_FUZZ_SEED: String(seed),
      WEIGHTINIT_FUZZ_CALLS: String(calls),
      ...(trace ? { WEIGHTINIT_FUZZ_TRACE: '1' } : {}),
    },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

function parseReport(stdout: string): (FuzzReport & { error?: string }) | undefined {
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    return undefined;
  }
}

const tail = (text: string, lines: number): string => text.trim().split('\n').slice(-lines).join('\n');

it(`survives ${CALLS} hostile calls, each returning or throwing an error that names the argument (seed ${seed})`, () => {
  const run = runFuzzer(CALLS, false);
  const report = parseReport(run.stdout);
  const replay = `replay: WEIGHTINIT_FUZZ_SEED=${seed} npx vitest run --project fuzz`;
  if (report?.failure) {
    throw new Error(`seed ${seed}, call ${report.failure.index}: ${report.failure.what}\n  ${report.failure.problem}\n${replay}`);
  }
  if (run.status !== 0 || report === undefined || report.error) {
    // Replay with each call printed before it is made; a crash in a worker
    // thread may come from any of the async calls shortly before the last.
    const traced = runFuzzer(CALLS, true);
    throw new Error(
      `seed ${seed}: the fuzzer ${run.signal ? `died of ${run.signal}` : `exited with ${run.status}`}` +
        `${report?.error ? `: ${report.error}` : ''}\n${tail(run.stderr, 30)}\n` +
        `last calls of a traced replay (which ${traced.status === 0 ? 'did not crash' : 'crashed too'}):\n` +
        `${tail(traced.stderr.split('\n').filter((l) => /^\d+: /.test(l)).join('\n'), 8)}\n${replay}`,
    );
  }
  expect(report.calls).toBe(CALLS);
  // Every function was reached with valid and with refused arguments.
  for (const fn of ['fill', 'orthogonalize', 'networkStats']) {
    expect(report.outcomes[`${fn} returned`], fn).toBeGreaterThan(1000);
    expect(report.outcomes[`${fn} threw`], fn).toBeGreaterThan(1000);
    expect(report.outcomes[`${fn}Async resolved`], `${fn}Async`).toBeGreaterThan(1000);
    expect(report.outcomes[`${fn}Async threw`], `${fn}Async`).toBeGreaterThan(1000);
  }
}, 600_000);
