// The per-layer table of a diagnosis: what was measured beside what mean
// field predicts. Mean-field values come from their log10 fields, which stay
// exact where the plain numbers saturate.
import type { Diagnosis } from '../../diagnostics/report.js';
import { formatNumber } from '../format.js';
import type { Table } from '../table.js';
import type { Run } from './verdictText.js';

/** A value given as its log10 (null for exactly 0), formatted like formatNumber even beyond double range. */
function formatLog10(log10: number | null): string {
  if (log10 === null) return formatNumber(0);
  const x = 10 ** log10;
  if (x > 0 && Number.isFinite(x)) return formatNumber(x);
  const exponent = Math.floor(log10);
  return `${(10 ** (log10 - exponent)).toFixed(2)}e${exponent}`;
}

export function layerTable(d: Diagnosis): Table {
  const anyDead = d.layers.some((l) => (l.empirical?.deadFraction ?? 0) > 0);
  const anySaturated = d.layers.some((l) => (l.empirical?.saturatedFraction ?? 0) > 0);
  const header = ['layer', 'sigma_w^2', 'E[h^2]', 'q (mf)', 'E[x^2]', 'E[x^2] (mf)', 'Var(g)', 'g (mf)', 'chi (mf)'];
  if (anyDead) header.push('dead');
  if (anySaturated) header.push('saturated');
  const rows = d.layers.map((l) => {
    const e = l.empirical;
    const m = l.meanField;
    const row = [
      String(l.layer),
      formatNumber(l.weightVariance),
      e ? formatNumber(e.preActivationSecondMoment) : 'overflow',
      formatLog10(m.log10PreActivationSecondMoment),
      formatNumber(e?.outputSecondMoment),
      formatLog10(m.log10OutputSecondMoment),
      e?.gradientVariance === null ? 'overflow' : formatNumber(e?.gradientVariance),
      formatLog10(m.log10GradientSecondMoment),
      formatNumber(m.chi),
    ];
    if (anyDead) row.push(e ? `${(100 * e.deadFraction).toFixed(1)}%` : '-');
    if (anySaturated) row.push(e ? `${(100 * e.saturatedFraction).toFixed(1)}%` : '-');
    return row;
  });
  return { header, rows };
}

/** Several inits side by side: the measured forward second moment and gradient variance of each. */
export function compareTable(runs: Run[]): Table {
  const header = ['layer', ...runs.flatMap((r) => [`E[x^2] ${r.label}`, `Var(g) ${r.label}`])];
  const depth = Math.max(...runs.map((r) => r.diagnosis.depth));
  const rows = Array.from({ length: depth }, (_, i) => [
    String(i + 1),
    ...runs.flatMap(({ diagnosis }) => {
      const e = diagnosis.layers[i]?.empirical;
      if (e === null) return ['overflow', 'overflow'];
      return [formatNumber(e?.outputSecondMoment), e?.gradientVariance === null ? 'overflow' : formatNumber(e?.gradientVariance)];
    }),
  ]);
  return { header, rows };
}
