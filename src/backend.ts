// Chooses the backend once, on first use: native when the addon loads, else
// the TypeScript fallback. WEIGHTINIT_BACKEND=js|native forces one; forcing
// native when it cannot load is an error, never a silent fallback.
import type { Kernels } from './kernels.js';
import { jsKernels } from './js/kernels.js';
import { addonPath, loadNativeBinding, nativeKernels } from './native/binding.js';
import { packageVersion } from './packageRoot.js';

export interface BackendInfo {
  kind: 'native' | 'js';
  simd: 'avx512' | 'avx2' | 'neon' | 'scalar' | 'none';
  /** Threads a fill uses when the call does not say. */
  threads: number;
  version: string;
  /** The addon file in use (native), or why the addon did not load (js). */
  detail: string;
}

let chosen: { kernels: Kernels; detail: string } | undefined;

function choose(): { kernels: Kernels; detail: string } {
  const forced = process.env['WEIGHTINIT_BACKEND'];
  if (forced !== undefined && forced !== '' && forced !== 'js' && forced !== 'native') {
    throw new Error(`WEIGHTINIT_BACKEND must be 'js' or 'native', got ${JSON.stringify(forced)}`);
  }
  if (forced === 'js') return { kernels: jsKernels, detail: 'forced by WEIGHTINIT_BACKEND=js' };
  try {
    const kernels = nativeKernels(loadNativeBinding());
    return { kernels, detail: addonPath };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (forced === 'native') throw new Error(`weightinit: WEIGHTINIT_BACKEND=native but the addon did not load: ${reason}`);
    if (!process.env['WEIGHTINIT_QUIET']) {
      process.stderr.write(
        `weightinit: native addon unavailable (${reason.split('\n')[0]}); using the TypeScript fallback ` +
          '(same results, slower). Run `npm rebuild weightinit` with a C++ compiler for native speed; ' +
          'WEIGHTINIT_QUIET=1 hides this line.\n',
      );
    }
    return { kernels: jsKernels, detail: reason };
  }
}

export function kernels(): Kernels {
  chosen ??= choose();
  return chosen.kernels;
}

/**
 * What computes the draws: backend, SIMD level, default threads, package version.
 * @example backend() // { kind: 'native', simd: 'avx512', threads: 2, ... }
 */
export function backend(): BackendInfo {
  const k = kernels();
  const { simd, threads } = k.info();
  return { kind: k.kind, simd, threads, version: packageVersion, detail: chosen!.detail };
}
