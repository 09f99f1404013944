// A chart as data: series of log10 values by layer, drawn by the terminal
// renderer and the SVG renderer alike.

export interface Series {
  label: string;
  /** log10 of the value at layer 1, 2, ...; null where there is none (overflow, or exactly 0). */
  values: (number | null)[];
  /** Which colour of the palette (series of one init share it). */
  colour: number;
  /** A prediction drawn dashed beside a measurement (the terminal leaves it out). */
  predicted: boolean;
}

export interface Chart {
  title: string;
  series: Series[];
}

/** log10 of a positive value; null for a missing, zero or non-finite one. */
export function log10OrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !(x > 0) || !Number.isFinite(x) ? null : Math.log10(x);
}

/** Every value the chart draws. */
export function chartValues(chart: Chart, include: (s: Series) => boolean = () => true): number[] {
  return chart.series.filter(include).flatMap((s) => s.values.filter((v): v is number => v !== null));
}

export function chartDepth(chart: Chart): number {
  return Math.max(0, ...chart.series.map((s) => s.values.length));
}
