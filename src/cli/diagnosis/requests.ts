// Which networks `weightinit diagnose` runs: the shorthand from flags
// (--depth --width --activation --init) or a JSON file (--network), once, or
// once per init of --compare.
import { NETWORK_PASS_ACTIVATIONS } from '../../diagnostics/networkPass.js';
import type { InitSpec, NetworkSpec, ShorthandNetwork } from '../../diagnostics/network.js';
import type { Args } from '../args.js';
import { kebabCase } from '../caseStyles.js';
import { jsonFileOf } from '../parse.js';
import { hasSchemeOptions, schemeName, schemeOptionsOf } from '../schemeFlags.js';
import { UsageError } from '../usageError.js';

export interface Request {
  /** The init's name, or the network file's. */
  label: string;
  network: NetworkSpec;
}

export const DEFAULTS = { depth: 50, width: 1024, activation: 'relu', init: 'he-normal' } as const;
const SHORTHAND_FLAGS = ['depth', 'width', 'activation', 'param', 'init', 'bias-std'];

function initSpec(args: Args, init: string): InitSpec {
  const options = schemeOptionsOf(args, init);
  return Object.keys(options).length === 0 ? init : { scheme: init, ...options };
}

// A network file with every layer's weights drawn by `init` instead.
function withInit(network: unknown, init: string): NetworkSpec {
  if (Array.isArray(network)) return network.map((layer: unknown) => ({ ...(layer as object), weights: init })) as unknown as NetworkSpec;
  if (network !== null && typeof network === 'object') return { ...network, init } as NetworkSpec;
  return network as NetworkSpec;
}

function shorthand(args: Args): Omit<ShorthandNetwork, 'init'> {
  const activation = args.choice('activation', NETWORK_PASS_ACTIVATIONS, (v) => kebabCase(v).replace(/-/g, '_')) ?? DEFAULTS.activation;
  const param = args.number('param');
  const biasStd = args.number('bias-std');
  return {
    depth: args.integer('depth', 1, DEFAULTS.depth),
    width: args.integer('width', 1, DEFAULTS.width),
    activation: param === undefined ? activation : { name: activation, param },
    ...(biasStd === undefined ? {} : { bias: { scheme: 'normal', std: biasStd } }),
  };
}

export function requestsOf(args: Args): Request[] {
  const compare = args.text('compare')?.split(',').filter((s) => s.trim() !== '').map((s) => schemeName(s, 'compare'));
  if (compare !== undefined && args.has('init')) throw new UsageError('give --init or --compare, not both; e.g. --compare he-normal,glorot-normal');
  if (compare !== undefined && compare.length < 2) throw args.bad('compare', 'two or more schemes separated by commas');
  if (args.has('network')) {
    const conflict = args.given().find((n) => SHORTHAND_FLAGS.includes(n));
    if (conflict !== undefined || hasSchemeOptions(args)) {
      throw new UsageError(`--network describes the whole network; drop --${conflict ?? 'the scheme options'} or drop --network`);
    }
    const network = jsonFileOf(args, 'network');
    if (compare === undefined) return [{ label: args.text('network')!, network: network as NetworkSpec }];
    return compare.map((init) => ({ label: init, network: withInit(network, init) }));
  }
  const base = shorthand(args);
  const inits = compare ?? [args.has('init') ? schemeName(args.text('init')!, 'init') : DEFAULTS.init];
  return inits.map((init) => ({ label: init, network: { ...base, init: initSpec(args, init) } }));
}
