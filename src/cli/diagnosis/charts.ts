// The two charts of a diagnosis: the forward second moment and the gradient
// variance by layer, measured (solid) and mean field (dashed), one colour
// per init.
import { log10OrNull, type Chart, type Series } from '../chart/chart.js';
import type { Run } from './verdictText.js';

export function diagnosisCharts(runs: Run[]): Chart[] {
  const single = runs.length === 1;
  const pair = (
    run: Run,
    i: number,
    measured: (l: Run['diagnosis']['layers'][number]) => number | null | undefined,
    predicted: (l: Run['diagnosis']['layers'][number]) => number | null,
  ): Series[] => [
    { label: single ? 'measured' : run.label, values: run.diagnosis.layers.map((l) => log10OrNull(measured(l))), colour: i, predicted: false },
    { label: single ? 'mean field' : `${run.label} (mean field)`, values: run.diagnosis.layers.map(predicted), colour: i, predicted: true },
  ];
  return [
    {
      title: "forward: second moment E[x^2] of each layer's output",
      series: runs.flatMap((r, i) => pair(r, i, (l) => l.empirical?.outputSecondMoment, (l) => l.meanField.log10OutputSecondMoment)),
    },
    {
      title: "backward: variance of the gradient dL/dx at each layer's output",
      series: runs.flatMap((r, i) => pair(r, i, (l) => l.empirical?.gradientVariance, (l) => l.meanField.log10GradientSecondMoment)),
    },
  ];
}
