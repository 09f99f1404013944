// The raw binding fuzzer. binding.fuzz.test.ts runs it in a child process, so
// that a crash becomes a reported failure with its seed rather than the end of
// the test run. Environment:
//   WEIGHTINIT_FUZZ_SEED   the seed (required)
//   WEIGHTINIT_FUZZ_CALLS  how many calls (default 100000)
//   WEIGHTINIT_FUZZ_TRACE  set: print each call to stderr before making it
// Prints one JSON line, a FuzzReport, and exits 1 on the first call that broke
// its expectation. Run it with --expose-gc, so that buffers only in-flight
// async calls still hold get collected.
import { writeSync } from 'node:fs';

import { addonPath, loadNativeBinding } from '../../src/native/binding.js';
import { type BindingFunction, type Call, isPromiseForm } from './call.js';
import { fillCall } from './fillCalls.js';
import { junkCall } from './junkCalls.js';
import { networkStatsCall } from './networkStatsCalls.js';
import { orthogonalizeCall } from './orthogonalizeCalls.js';
import { type Rng, seededRng } from './prng.js';

export interface FuzzReport {
  seed: number;
  addon: string;
  calls: number;
  /** How calls ended, e.g. 'fillAsync rejected': count. */
  outcomes: Record<string, number>;
  failure?: { index: number; what: string; problem: string };
}

const IN_FLIGHT = 64;
const GC_EVERY = 2000;

type Binding = Record<BindingFunction, (...args: unknown[]) => unknown>;

// Weights per function, then: a third of the calls of each get junk arguments.
const FUNCTIONS: ReadonlyArray<[BindingFunction, number]> = [
  ['fill', 26], ['fillAsync', 18], ['orthogonalize', 12], ['orthogonalizeAsync', 8],
  ['networkStats', 16], ['networkStatsAsync', 10], ['info', 2],
];
const TOTAL_WEIGHT = FUNCTIONS.reduce((s, [, w]) => s + w, 0);

function generate(r: Rng): Call {
  let roll = r.below(TOTAL_WEIGHT);
  const [fn] = FUNCTIONS.find(([, w]) => (roll -= w) < 0)!;
  if (fn === 'info' || r.chance(0.15)) return junkCall(r, fn);
  switch (fn) {
    case 'fill':
    case 'fillAsync':
      return fillCall(r, fn);
    case 'orthogonalize':
    case 'orthogonalizeAsync':
      return orthogonalizeCall(r, fn);
    default:
      return networkStatsCall(r, fn);
  }
}

const isOurs = (e: Error): boolean => e.message.startsWith('weightinit native: ');

/** What is wrong with `error` as the way `call` ended; undefined: nothing. */
function errorProblem(call: Call, error: unknown): string | undefined {
  if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
  const e = call.expect;
  if (e.kind === 'valid') return `failed: ${error.name}: ${error.message}`;
  if (e.kind === 'refused' && e.fromUserCode) return e.names.test(error.message) ? undefined : `threw '${error.message}', not the getter's error`;
  if (!isOurs(error)) return `threw an error that is not the addon's: ${error.name}: ${error.message}`;
  if (e.kind === 'refused' && !e.names.test(error.message)) return `threw '${error.message}', which does not name ${e.names}`;
  return undefined;
}

function resultProblem(call: Call, result: unknown): string | undefined {
  const e = call.expect;
  if (e.kind === 'refused') return `accepted arguments it should refuse (${e.names})`;
  return e.kind === 'valid' ? e.check?.(result) : undefined;
}

export async function fuzz(seed: number, calls: number, trace: boolean): Promise<FuzzReport> {
  const binding = loadNativeBinding() as unknown as Binding;
  const r = seededRng(seed);
  const report: FuzzReport = { seed, addon: addonPath, calls: 0, outcomes: {} };
  const count = (call: Call, how: string): void => {
    const key = `${call.fn} ${how}`;
    report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
  };
  let failure: FuzzReport['failure'];
  const fail = (index: number, call: Call, problem: string | undefined): void => {
    if (problem !== undefined && failure === undefined) failure = { index, what: call.what, problem };
  };
  process.on('unhandledRejection', (e) => {
    failure ??= { index: -1, what: 'a Promise nobody awaited', problem: `rejected: ${String(e)}` };
  });
  let pending: Promise<void>[] = [];

  for (let i = 0; i < calls && failure === undefined; i++) {
    if (i % GC_EVERY === GC_EVERY - 1) (globalThis as { gc?: () => void }).gc?.();
    const call = generate(r);
    if (trace) writeSync(2, `${i}: ${call.what}\n`);
    report.calls++;
    const f = binding[call.fn];
    let result: unknown;
    try {
      result = call.construct ? Reflect.construct(f, call.args) : f(...call.args);
    } catch (error) {
      count(call, 'threw');
      fail(i, call, errorProblem(call, error));
      continue;
    }
    if (!isPromiseForm(call.fn) || call.construct) {
      count(call, 'returned');
      fail(i, call, resultProblem(call, result));
      continue;
    }
    if (!(result instanceof Promise)) {
      fail(i, call, `returned ${String(result)}, not a Promise`);
      continue;
    }
    // Now and then nothing but the native worker holds the arrays of a call.
    const forget = call.expect.kind === 'valid' && r.chance(0.1);
    const settled = result.then(
      (value) => {
        count(call, 'resolved');
        fail(i, call, resultProblem(call, value));
      },
      (error: unknown) => {
        count(call, 'rejected');
        fail(i, call, errorProblem(call, error));
      },
    );
    if (forget) {
      call.args.length = 0;
      call.expect = { kind: 'any' };  // its check held the arrays too
    }
    pending.push(settled);
    if (pending.length >= IN_FLIGHT) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return failure === undefined ? report : { ...report, failure };
}

const seed = Number(process.env['WEIGHTINIT_FUZZ_SEED']);
if (!Number.isInteger(seed)) throw new Error('WEIGHTINIT_FUZZ_SEED must be an integer');
fuzz(seed, Number(process.env['WEIGHTINIT_FUZZ_CALLS'] ?? 100_000), Boolean(process.env['WEIGHTINIT_FUZZ_TRACE'])).then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(report.failure === undefined ? 0 : 1);
  },
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ seed, error: String((error as Error)?.stack ?? error) })}\n`);
    process.exit(2);
  },
);
