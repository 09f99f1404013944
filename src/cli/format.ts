// Numbers as people read them in a terminal: four significant digits,
// exponents only far from 1, decimal units for sizes and rates.

/** 4 significant digits; exponential below 1e-3 and from 1e5; '-' for a missing value. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? x.toPrecision(4) : x.toExponential(2);
}

/** A whole number of bytes with a decimal unit: 8.59 GB. */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : withPrefix(bytes, ['B', 'kB', 'MB', 'GB', 'TB']);
}

/** A count per second with an SI prefix: 1.23 G. */
export function formatRate(perSecond: number): string {
  return withPrefix(perSecond, ['', 'k', 'M', 'G', 'T']);
}

// Three significant digits under the largest prefix that keeps the mantissa
// below 1000 after rounding: 999.6e3 is "1.00 M", never "1.00e+3 k".
function withPrefix(value: number, prefixes: readonly string[]): string {
  let p = 0;
  let mantissa = value;
  while (p < prefixes.length - 1 && Number(mantissa.toPrecision(3)) >= 1000) {
    mantissa /= 1000;
    p++;
  }
  return `${mantissa.toPrecision(3)} ${prefixes[p]}`;
}

/** 42 s, 3 min 05 s, 2 h 07 min. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return seconds < 10 ? `${seconds.toFixed(1)} s` : `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** JSON with bigints (seeds beyond 2^53) as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
