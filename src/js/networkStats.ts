// The TypeScript twin of native/network_pass.cc: the same pass and the same
// statistics (diagnostics/networkPass.ts), in plain loops. h, x, delta and g
// are rounded to float32, as the native tensors are, so both overflow at the
// same place; dot products and statistics are float64, so this is the more
// accurate of the two. The activations and their exact derivatives are
// activations.ts's.
import { ACTIVATIONS, type Activation, type BuiltinActivation } from '../activations.js';
import { type NetworkPass, type NetworkPassLayer, STAT, STATS_FIELDS, statsInputRow } from '../diagnostics/networkPass.js';

const f = Math.fround;

// The native kernel compares float32 outputs with the float32 bounds.
const LOW = f(0.01);
const HIGH = f(0.99);

function saturation(activation: NetworkPassLayer['activation']): (x: number) => boolean {
  if (activation === 'tanh') return (x) => Math.abs(x) > HIGH;
  if (activation === 'sigmoid') return (x) => x < LOW || x > HIGH;
  return () => false;
}

// The native kernel holds the parameter in float32.
const activationOf = (layer: NetworkPassLayer): Activation =>
  (ACTIVATIONS[layer.activation] as BuiltinActivation).make(f(layer.param));

/** The forward statistics of one row, with each unit's sums over the batch for its variance. */
class ForwardSums {
  h = 0;
  hSquares = 0;
  x = 0;
  xSquares = 0;
  zeros = 0;
  saturated = 0;
  readonly unitSum: Float64Array;
  readonly unitSquares: Float64Array;

  constructor(units: number) {
    this.unitSum = new Float64Array(units);
    this.unitSquares = new Float64Array(units);
  }

  add(unit: number, h: number, x: number, saturated: boolean): void {
    this.h += h;
    this.hSquares += h * h;
    this.x += x;
    this.xSquares += x * x;
    if (x === 0) this.zeros++;
    if (saturated) this.saturated++;
    this.unitSum[unit]! += x;
    this.unitSquares[unit]! += x * x;
  }

  /** Writes the row's forward fields; false, writing nothing, when a value was not finite. */
  write(result: Float64Array, at: number, batch: number): boolean {
    // A sum of squares of float32 values is finite exactly when they all were.
    if (!Number.isFinite(this.hSquares) || !Number.isFinite(this.xSquares)) return false;
    let variance = 0;
    for (let u = 0; u < this.unitSum.length; u++) {
      const mean = this.unitSum[u]! / batch;
      variance += Math.max(0, this.unitSquares[u]! / batch - mean * mean);
    }
    result[at + STAT.H_SUM] = this.h;
    result[at + STAT.H_SUM_SQUARES] = this.hSquares;
    result[at + STAT.X_SUM] = this.x;
    result[at + STAT.X_SUM_SQUARES] = this.xSquares;
    result[at + STAT.X_ZEROS] = this.zeros;
    result[at + STAT.X_SATURATED] = this.saturated;
    result[at + STAT.X_UNIT_VARIANCE] = variance / this.unitSum.length;
    return true;
  }
}

/** Writes the g fields of a row; false, writing nothing, when g was not finite. */
function writeGradient(g: Float32Array, result: Float64Array, at: number): boolean {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < g.length; i++) {
    sum += g[i]!;
    squares += g[i]! * g[i]!;
  }
  if (!Number.isFinite(squares)) return false;
  result[at + STAT.G_SUM] = sum;
  result[at + STAT.G_SUM_SQUARES] = squares;
  return true;
}

interface Forward {
  x: Float32Array;
  /** phi'(h). */
  derivative: Float32Array;
  sums: ForwardSums;
}

function forward(layer: NetworkPassLayer, x: Float32Array, batch: number): Forward {
  const { in: n, out: m, weights: w, bias } = layer;
  const { phi, derivative } = activationOf(layer);
  const saturated = saturation(layer.activation);
  const y = new Float32Array(batch * m);
  const d = new Float32Array(batch * m);
  const sums = new ForwardSums(m);
  const dot = new Float64Array(m);
  for (let b = 0; b < batch; b++) {
    dot.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[b * n + i]!;
      for (let o = 0, at = i * m; o < m; o++) dot[o]! += xi * w[at + o]!;
    }
    for (let o = 0; o < m; o++) {
      const h = f(dot[o]! + (bias ? bias[o]! : 0));
      const v = f(phi(h));
      y[b * m + o] = v;
      d[b * m + o] = f(derivative(h));
      sums.add(o, h, v, saturated(v));
    }
  }
  return { x: y, derivative: d, sums };
}

/** g = delta W^T: the gradient w.r.t. the layer's input. */
function backward(layer: NetworkPassLayer, delta: Float32Array, batch: number): Float32Array {
  const { in: n, out: m, weights: w } = layer;
  const g = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let o = 0, at = i * m, row = b * m; o < m; o++) s += delta[row + o]! * w[at + o]!;
      g[b * n + i] = f(s);
    }
  }
  return g;
}

// Both products are of float32 values: exact in float64, so f() rounds them
// as a float32 multiplication would.
function times(g: Float32Array, derivative: Float32Array): Float32Array {
  const delta = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) delta[i] = f(g[i]! * derivative[i]!);
  return delta;
}

/** The pass, a layer per step, writing `result`; flags as diagnostics/networkPass.ts describes. */
function* passSteps(pass: NetworkPass, result: Float64Array): Generator<void, void, void> {
  const { batch, layers } = pass;
  const depth = layers.length;
  const at = (row: number): number => row * STATS_FIELDS;
  const inputAt = at(statsInputRow(depth));
  const flagGradients = (rows: number): void => {
    for (let r = 0; r < rows; r++) result[at(r) + STAT.GRADIENT_OVERFLOW] = 1;
    result[inputAt + STAT.GRADIENT_OVERFLOW] = 1;
  };

  const width = layers[0]!.in;
  const input = new ForwardSums(width);
  for (let i = 0; i < batch * width; i++) input.add(i % width, 0, pass.input[i]!, false);
  if (!input.write(result, inputAt, batch)) {
    for (let r = 0; r <= depth; r++) result[at(r) + STAT.OVERFLOW] = 1;
    flagGradients(depth);
    return;
  }
  const derivatives: Float32Array[] = [];
  let x = pass.input;
  for (let l = 0; l < depth; l++) {
    const step = forward(layers[l]!, x, batch);
    if (!step.sums.write(result, at(l), batch)) {
      for (let r = l; r < depth; r++) result[at(r) + STAT.OVERFLOW] = 1;
      flagGradients(depth);
      return;
    }
    derivatives.push(step.derivative);
    x = step.x;
    yield;
  }
  if (!writeGradient(pass.outputGradient, result, at(depth - 1))) {
    flagGradients(depth);
    return;
  }
  let delta = times(pass.outputGradient, derivatives[depth - 1]!);
  for (let l = depth - 1; l >= 0; l--) {
    const g = backward(layers[l]!, delta, batch);
    if (!writeGradient(g, result, l > 0 ? at(l - 1) : inputAt)) {
      flagGradients(l);
      return;
    }
    if (l > 0) delta = times(g, derivatives[l - 1]!);
    yield;
  }
}

export function networkStats(pass: NetworkPass, _threads?: number): Float64Array {
  const result = new Float64Array((pass.layers.length + 1) * STATS_FIELDS);
  const steps = passSteps(pass, result);
  while (!steps.next().done);
  return result;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The same, letting the event loop run between layers. */
export async function networkStatsAsync(pass: NetworkPass, _threads?: number): Promise<Float64Array> {
  const result = new Float64Array((pass.layers.length + 1) * STATS_FIELDS);
  const steps = passSteps(pass, result);
  while (!steps.next().done) await yieldToEventLoop();
  return result;
}
