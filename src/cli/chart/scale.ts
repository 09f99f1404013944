// Axis ranges and ticks shared by both renderers: the y axis spans whole
// decades (the values are log10), the x axis counts layers.

export interface DecadeRange {
  min: number;
  max: number;
  /** Exponents of the labelled decades, ascending. */
  ticks: number[];
}

const STEPS = [1, 2, 5];

/** The smallest 1-2-5 step (times a power of 10) that gives at most `maxTicks` intervals over `span`. */
function niceStep(span: number, maxTicks: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const s of STEPS) if (span / (s * scale) <= maxTicks) return s * scale;
  }
}

/** The whole decades around the values, labelled every `step` decades; [-1, 1] when there is nothing to span. */
export function decadeRange(values: readonly number[], maxTicks: number): DecadeRange {
  let min = Math.floor(Math.min(...values));
  let max = Math.ceil(Math.max(...values));
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [-1, 1];
  if (min === max) [min, max] = [min - 1, max + 1];
  const step = niceStep(max - min, maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { min, max, ticks };
}

/** Layers to label: 1, then multiples of a 1-2-5 step up to the depth. */
export function layerTicks(depth: number, maxTicks: number): number[] {
  const step = niceStep(Math.max(1, depth - 1), maxTicks);
  const ticks = [1];
  for (let l = step; l <= depth; l += step) if (l > 1) ticks.push(l);
  return ticks;
}
