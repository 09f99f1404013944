// The network a diagnosis runs: a list of dense layers, or the shorthand
// { depth, width, activation, init }. Checked once here, with messages that
// name the layer.
import { rangeError, typeError } from '../errors.js';
import { schemeNamed } from '../schemes/registry.js';
import type { Scheme } from '../schemes/scheme.js';
import { checkOptions } from '../validate.js';

import { activationParam } from './activationByName.js';
import { NETWORK_PASS_ACTIVATIONS as DIAGNOSTIC_ACTIVATIONS, type NetworkPassActivation as DiagnosticActivation } from './networkPass.js';

// The parameter an activation takes, and its default (as torch.nn).
const DEFAULT_PARAM: Partial<Record<DiagnosticActivation, number>> = { leaky_relu: 0.01, elu: 1 };

/** 'relu', or { name: 'leaky_relu', param: 0.2 }. */
export type ActivationSpec = DiagnosticActivation | { name: DiagnosticActivation; param?: number };

/** A scheme name ('heNormal'), or { scheme, ...its options } such as { scheme: 'normal', std: 0.01 }. */
export type InitSpec = string | ({ scheme: string } & Record<string, unknown>);

export interface LayerSpec {
  in: number;
  out: number;
  activation: ActivationSpec;
  weights: InitSpec;
  /** Omitted: no bias (zero). */
  bias?: InitSpec;
}

export interface ShorthandNetwork {
  depth: number;
  width: number;
  activation: ActivationSpec;
  init: InitSpec;
  bias?: InitSpec;
  /** Width of the input (default: width). */
  inputWidth?: number;
}

export type NetworkSpec = readonly LayerSpec[] | ShorthandNetwork;

export interface Init {
  scheme: Scheme;
  options: Record<string, unknown>;
  /** As the user wrote it, for the report. */
  description: string;
}

export interface Layer {
  in: number;
  out: number;
  activation: DiagnosticActivation;
  param: number;
  weights: Init;
  bias?: Init;
}

/** Far deeper than any network whose signal anyone diagnoses; bounds the work before any is done. */
const MAX_DEPTH = 100_000;

// A description that prints any option, bigints included.
const describeSpec = (spec: unknown): string => JSON.stringify(spec, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function positiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(fn, name, 'a positive integer', value);
  if (!Number.isSafeInteger(value) || value < 1) throw rangeError(fn, name, 'a positive integer', value);
  return value;
}

function activationOf(fn: string, where: string, spec: unknown): { activation: DiagnosticActivation; param: number } {
  const o = typeof spec === 'string' ? { name: spec } : spec;
  if (o === null || typeof o !== 'object') throw typeError(fn, `${where}.activation`, "an activation name or { name, param }", spec);
  const { name, param } = checkOptions(fn, o, ['name', 'param']) as { name?: unknown; param?: unknown };
  if (typeof name !== 'string' || !DIAGNOSTIC_ACTIVATIONS.includes(name as DiagnosticActivation)) {
    throw typeError(fn, `${where}.activation`, `one of ${DIAGNOSTIC_ACTIVATIONS.join(', ')}`, name);
  }
  const activation = name as DiagnosticActivation;
  const fallback = DEFAULT_PARAM[activation];
  if (param !== undefined && fallback === undefined) throw new TypeError(`${fn}: ${where}.activation ${name} takes no param`);
  if (param !== undefined && (typeof param !== 'number' || !Number.isFinite(param))) {
    throw typeError(fn, `${where}.activation.param`, 'a finite number', param);
  }
  return { activation, param: param === undefined ? fallback ?? 0 : activationParam(fn, `${where}.activation.param`, param as number) };
}

function initOf(fn: string, where: string, spec: unknown): Init {
  if (typeof spec === 'string') return { scheme: schemeNamed(`${fn} ${where}`, spec), options: {}, description: spec };
  if (spec === null || typeof spec !== 'object' || typeof (spec as { scheme?: unknown }).scheme !== 'string') {
    throw typeError(fn, where, "a scheme name or { scheme, ...options }", spec);
  }
  const { scheme, ...options } = spec as { scheme: string } & Record<string, unknown>;
  return { scheme: schemeNamed(`${fn} ${where}`, scheme), options, description: describeSpec(spec) };
}

/** The network's layers, checked: widths chain, activations and schemes exist. */
export function layersOf(fn: string, network: unknown): Layer[] {
  if (Array.isArray(network)) {
    if (network.length < 1) throw new RangeError(`${fn}: network needs at least one layer`);
    if (network.length > MAX_DEPTH) throw rangeError(fn, 'network.length', `at most ${MAX_DEPTH} layers`, network.length);
    // Array.from: a hole is a missing layer, refused below, not skipped.
    return Array.from(network as unknown[]).map((spec: unknown, i: number) => {
      const where = `layer ${i + 1}`;
      if (spec === null || typeof spec !== 'object') throw typeError(fn, where, '{ in, out, activation, weights, bias? }', spec);
      const o = checkOptions(`${fn} ${where}`, spec, ['in', 'out', 'activation', 'weights', 'bias']);
      const layer: Layer = {
        in: positiveInteger(fn, `${where}.in`, o['in']),
        out: positiveInteger(fn, `${where}.out`, o['out']),
        ...activationOf(fn, where, o['activation']),
        weights: initOf(fn, `${where}.weights`, o['weights']),
        ...(o['bias'] === undefined ? {} : { bias: initOf(fn, `${where}.bias`, o['bias']) }),
      };
      const previous = network[i - 1] as { out?: unknown } | undefined;
      if (previous && previous.out !== layer.in) {
        throw new RangeError(`${fn}: ${where}.in is ${layer.in} but layer ${i}.out is ${String(previous.out)}; consecutive layers must chain`);
      }
      return layer;
    });
  }
  if (network === null || typeof network !== 'object') throw typeError(fn, 'network', 'a list of layers or { depth, width, activation, init }', network);
  const o = checkOptions(`${fn} network`, network, ['depth', 'width', 'activation', 'init', 'bias', 'inputWidth']);
  const depth = positiveInteger(fn, 'network.depth', o['depth']);
  if (depth > MAX_DEPTH) throw rangeError(fn, 'network.depth', `at most ${MAX_DEPTH}`, depth);
  const width = positiveInteger(fn, 'network.width', o['width']);
  const inputWidth = o['inputWidth'] === undefined ? width : positiveInteger(fn, 'network.inputWidth', o['inputWidth']);
  const activation = activationOf(fn, 'network', o['activation']);
  const weights = initOf(fn, 'network.init', o['init']);
  const bias = o['bias'] === undefined ? undefined : initOf(fn, 'network.bias', o['bias']);
  return Array.from({ length: depth }, (_, i) => ({
    in: i === 0 ? inputWidth : width,
    out: width,
    ...activation,
    weights,
    ...(bias ? { bias } : {}),
  }));
}
