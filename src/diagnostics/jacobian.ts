// The spectrum of the input-output Jacobian J = dx_L/dx_0 at one input
// (Pennington, Schoenholz & Ganguli 2017, "Resurrecting the sigmoid..."): at
// criticality the mean squared singular value is 1 for Gaussian and for
// orthogonal weights alike, but the spread of the singular values grows with
// depth for Gaussian weights and stays small for orthogonal ones (dynamical
// isometry). Computed in TypeScript from the traces of J^T J and (J^T J)^2,
// so no eigensolver is needed: the cost is depth x width^3.
import { activationNamed } from './activationByName.js';
import { drawNetwork } from './drawNetwork.js';
import { prepareDiagnosis } from './diagnose.js';
import { layersOf, type NetworkSpec } from './network.js';

/** Largest width the O(depth width^3) computation accepts. */
export const JACOBIAN_MAX_WIDTH = 512;

export interface JacobianSpectrum {
  /** E[s^2] over the singular values s of J = tr(J^T J) / n; Infinity when J overflowed double precision. */
  meanSquaredSingularValue: number;
  /**
   * Var(s^2) / E[s^2]^2: 0 for an isometry up to scale, growing with depth for
   * Gaussian weights. null when it is 0/0 (J = 0: zero weights, or every unit
   * dead at this input) or J overflowed double precision.
   */
  relativeSpread: number | null;
  /** The input row of the batch used. */
  sample: number;
}

/**
 * The singular-value spread of the input-output Jacobian of a square-ish dense
 * network at one input of its diagnosis batch (same seed, same weights).
 * @example jacobianSpectrum({ depth: 30, width: 200, activation: 'tanh', init: { scheme: 'orthogonal', gain: 1.33 } }, { seed: 1 })
 */
export function jacobianSpectrum(network: NetworkSpec, options?: { seed?: number | bigint; batch?: number; threads?: number }): JacobianSpectrum {
  const fn = 'jacobianSpectrum';
  const layers = layersOf(fn, network);
  const widest = Math.max(layers[0]!.in, ...layers.map((l) => l.out));
  if (widest > JACOBIAN_MAX_WIDTH) {
    throw new RangeError(`${fn}: widths up to ${JACOBIAN_MAX_WIDTH} are supported (the cost is depth x width^3), got ${widest}; diagnose a narrower copy of the network`);
  }
  const p = prepareDiagnosis(fn, layers, { batch: 2, ...options });
  const drawn = drawNetwork(p.layers, p.batch, p.input, p.key, p.threads);
  // Row-vector convention: x_l = phi(x_{l-1} W_l + b_l), so J_l = J_{l-1} W_l D_l with D_l = diag(phi'(h_l)).
  let x = Float64Array.from(drawn.input.subarray(0, layers[0]!.in));
  let jacobian = identity(layers[0]!.in);
  layers.forEach((layer, l) => {
    const { activation } = activationNamed(fn, { name: 'activation', param: 'param' }, layer.activation, layer.activation === 'leaky_relu' || layer.activation === 'elu' ? layer.param : undefined);
    const w = drawn.layers[l]!.weights;
    const b = drawn.layers[l]!.bias;
    const h = new Float64Array(layer.out);
    for (let i = 0; i < layer.in; i++) for (let o = 0; o < layer.out; o++) h[o] += x[i]! * w[i * layer.out + o]!;
    if (b) for (let o = 0; o < layer.out; o++) h[o] += b[o]!;
    const slope = h.map((v) => activation.derivative(v));
    const rows = layers[0]!.in;
    const next = new Float64Array(rows * layer.out);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < layer.in; i++) {
        const a = jacobian[r * layer.in + i]!;
        if (a === 0) continue;
        for (let o = 0; o < layer.out; o++) next[r * layer.out + o] += a * w[i * layer.out + o]!;
      }
      for (let o = 0; o < layer.out; o++) next[r * layer.out + o] *= slope[o]!;
    }
    jacobian = next;
    x = h.map((v) => activation.phi(v));
  });
  return { ...traceMoments(jacobian, layers[0]!.in, layers[layers.length - 1]!.out), sample: 0 };
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

// With M = J J^T (rows x rows; its eigenvalues are the s^2 of J): E[s^2] = tr M / rows, E[s^4] = tr(M^2) / rows = ||M||_F^2 / rows.
// The spread does not change when J is scaled, so it is taken of J / max|J_ij|, whose
// fourth powers cannot overflow or underflow where J's would (entries of 1e80 or 1e-80).
function traceMoments(j: Float64Array, rows: number, cols: number): Omit<JacobianSpectrum, 'sample'> {
  const scale = j.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  if (scale === 0) return { meanSquaredSingularValue: 0, relativeSpread: null };
  // An entry is Infinity, or NaN from Infinity - Infinity or Infinity * 0 on the way.
  if (!(scale < Infinity)) return { meanSquaredSingularValue: Infinity, relativeSpread: null };
  const u = j.map((v) => v / scale);
  let trace = 0;
  let frobenius = 0;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < rows; b++) {
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += u[a * cols + k]! * u[b * cols + k]!;
      if (a === b) trace += dot;
      frobenius += dot * dot;
    }
  }
  const mean = trace / rows;
  // Var(s^2) >= 0; rounding can take the difference of nearly equal moments below.
  return { meanSquaredSingularValue: mean * scale * scale, relativeSpread: Math.max(0, frobenius / rows / (mean * mean) - 1) };
}
