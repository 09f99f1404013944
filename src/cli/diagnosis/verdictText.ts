// The verdict in words, first thing a diagnosis prints: each line with a tone
// that the terminal shows in colour and the HTML report as a class.
import type { Diagnosis } from '../../diagnostics/report.js';
import type { SignalVerdict } from '../../diagnostics/verdict.js';

export interface Line {
  text: string;
  tone: 'good' | 'bad' | 'plain';
}

export interface Run {
  label: string;
  diagnosis: Diagnosis;
}

const short = (x: number) => Number(x.toPrecision(4)).toString();

function describeVerdict(v: SignalVerdict): string {
  const factor = `x${v.meanFactor.toPrecision(3)} per layer`;
  if (v.verdict === 'healthy') return `healthy (${factor})`;
  const trend = v.trend === null ? '' : `, ${v.trend}`;
  const limit = v.limitDepth === null ? '' : `; passes 1e${v.verdict === 'exploding' ? '' : '-'}6 at layer ${v.limitDepth}${v.limitDepthMeasured ? '' : ' (extrapolated)'}`;
  return `${v.verdict} (${factor}${trend}${limit})`;
}

const healthy = (d: Diagnosis) => d.verdict.forward.verdict === 'healthy' && d.verdict.backward.verdict === 'healthy';

/** The fix, with the flags that apply it. */
function fixLine(d: Diagnosis): Line {
  const f = d.fix;
  if ('none' in f) return { text: `fix: no weight variance makes ${f.activation} exactly critical (${f.none})`, tone: 'plain' };
  if (healthy(d)) return { text: `critical std for ${f.activation} at fan_in ${f.fanIn}: ${f.std.toPrecision(4)} (gain ${f.gain.toPrecision(4)})`, tone: 'plain' };
  return {
    text: `fix: weight std ${f.std.toPrecision(4)} = gain ${f.gain.toPrecision(4)} / sqrt(${f.fanIn}) (sigma_w^2 = ${f.weightVariance.toPrecision(4)}) makes ${f.activation} critical; ` +
      `try --init variance-scaling --scale ${short(f.init.scale)} --distribution normal`,
    tone: 'plain',
  };
}

function overflowLines(d: Diagnosis): Line[] {
  const lines: Line[] = [];
  if (d.verdict.overflowLayer !== null) lines.push({ text: `float32 overflowed at layer ${d.verdict.overflowLayer} (forward)`, tone: 'bad' });
  if (d.verdict.gradientOverflowLayer !== null) lines.push({ text: `float32 overflowed at layer ${d.verdict.gradientOverflowLayer} (gradients)`, tone: 'bad' });
  return lines;
}

/** One diagnosis: forward and backward verdicts beside mean field, overflow, fix. */
export function verdictLines(d: Diagnosis): Line[] {
  const v = d.verdict;
  const line = (name: string, measured: SignalVerdict, predicted: SignalVerdict): Line => ({
    text: `${name}: ${describeVerdict(measured)}; mean field ` +
      (measured.verdict === predicted.verdict ? `agrees (x${predicted.meanFactor.toPrecision(3)} per layer)` : `says ${describeVerdict(predicted)}`),
    tone: measured.verdict === 'healthy' ? 'good' : 'bad',
  });
  return [line('forward', v.forward, v.meanFieldForward), line('backward', v.backward, v.meanFieldBackward), ...overflowLines(d), fixLine(d)];
}

/** Several inits of one network: a verdict line each, then the fix they share. */
export function compareLines(runs: Run[]): Line[] {
  const width = Math.max(...runs.map((r) => r.label.length));
  return [
    ...runs.map(({ label, diagnosis: d }) => {
      const overflow = d.verdict.overflowLayer === null ? '' : `; float32 overflowed at layer ${d.verdict.overflowLayer}`;
      return {
        text: `${label.padEnd(width)}  forward ${describeVerdict(d.verdict.forward)}; backward ${describeVerdict(d.verdict.backward)}${overflow}`,
        tone: healthy(d) ? 'good' : 'bad',
      } satisfies Line;
    }),
    fixLine(runs[0]!.diagnosis),
  ];
}

/** What ran: the network, batch, seed and backend; `inits` by default the layers' own. */
export function networkLine(d: Diagnosis, inits = [...new Set(d.layers.map((l) => l.weights))].join(', ')): string {
  const first = d.layers[0]!;
  const last = d.layers[d.layers.length - 1]!;
  const activations = [...new Set(d.layers.map((l) => l.activation))].join(', ');
  const widths = d.layers.every((l) => l.in === first.in && l.out === first.in) ? `width ${first.in}` : `${first.in} -> ${last.out}`;
  return `network: ${d.depth} dense layers, ${widths}, ${activations}, init ${inits}; batch ${d.batch}, seed ${d.seed}; ${d.backend.kind} (${d.backend.simd})`;
}
