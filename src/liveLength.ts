// A typed array's length, read so that a detached one always says 0.
//
// V8 11.3 (Node 20) can hand optimized code the old length of a view whose
// buffer was detached, once that code has also seen views of resizable
// buffers (test/unit/liveLength.test.ts shows it). Detaching sets the
// buffer's byteLength to 0, which every tier reads correctly.

/** `a.length`, or 0 when `a`'s buffer is detached. */
export function liveLength(a: ArrayBufferView & { readonly length: number }): number {
  return a.buffer.byteLength === 0 ? 0 : a.length;
}
