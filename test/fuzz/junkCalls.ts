// Calls with argument lists of anything at all, to every function, now and
// then as a constructor: the process must survive, and any error must be the
// addon's own; info() must always answer.
import type { BindingFunction, Call, Expectation } from './call.js';
import { describeValue } from './call.js';
import { anyValue } from './hostileValues.js';
import type { Rng } from './prng.js';

const infoAnswers: Expectation = {
  kind: 'valid',
  check: (result) => {
    const info = result as { simd?: unknown; supportedSimd?: unknown; maxThreads?: unknown };
    const sane = typeof info?.simd === 'string' && typeof info.supportedSimd === 'string' && info.maxThreads === 256;
    return sane ? undefined : `info() returned ${JSON.stringify(result)}`;
  },
};

export function junkCall(r: Rng, fn: BindingFunction): Call {
  const args = Array.from({ length: r.below(8) }, () => anyValue(r));
  const construct = fn !== 'info' && r.chance(0.05);
  const expect: Expectation = fn === 'info' && !construct ? infoAnswers : { kind: 'any' };
  return { fn, args, construct, expect, what: `${construct ? 'new ' : ''}${fn}(${args.map(describeValue).join(', ')})` };
}
