// One generated call of a raw binding function, and what it must do.

export type BindingFunction =
  | 'fill' | 'fillAsync' | 'orthogonalize' | 'orthogonalizeAsync' | 'networkStats' | 'networkStatsAsync' | 'info';

export const isPromiseForm = (fn: BindingFunction): boolean => fn.endsWith('Async');

export type Expectation =
  /** Returns (a Promise form: resolves); `check` judges the result then, returning what is wrong with it. */
  | { kind: 'valid'; check?: (result: unknown) => string | undefined }
  /**
   * Throws (a Promise form may reject instead) an addon error whose message
   * matches `names`; or, `fromUserCode`, the error a getter of the caller's threw.
   */
  | { kind: 'refused'; names: RegExp; fromUserCode?: boolean }
  /** Anything but a crash; an error must still be the addon's. */
  | { kind: 'any' };

export interface Call {
  fn: BindingFunction;
  args: unknown[];
  expect: Expectation;
  /** Called with `new`. */
  construct?: boolean;
  /** What was generated, for the failure report (the seed and index replay it exactly). */
  what: string;
}

export const refused = (names: RegExp, fromUserCode = false): Expectation => ({ kind: 'refused', names, fromUserCode });

/** A short name for a value in a call's description. */
export function describeValue(v: unknown): string {
  if (ArrayBuffer.isView(v)) {
    const buffer = v.buffer as ArrayBuffer;
    const kind =
      buffer instanceof SharedArrayBuffer ? 'shared' : buffer.resizable ? 'resizable' : buffer.byteLength === 0 ? 'empty buffer' : '';
    const length = 'length' in v ? (v as { length: number }).length : v.byteLength;
    return `${v.constructor.name}(${length}${kind ? `, ${kind}` : ''}${v.byteOffset ? `, at ${v.byteOffset}` : ''})`;
  }
  if (typeof v === 'string') return v.length > 20 ? `'${v.slice(0, 20)}...'(${v.length})` : `'${v}'`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol' || typeof v === 'function') return typeof v;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? `array(${v.length})` : (v.constructor?.name ?? 'object');
}
