// Loads the native addon and presents it as the Kernels seam.
import { createRequire } from 'node:module';

import type { KernelInfo, Kernels } from '../kernels.js';
import { packageRoot } from '../packageRoot.js';

/** The functions native/addon.cc exports. */
export interface NativeBinding {
  fill: Kernels['fill'];
  fillAsync: Kernels['fillAsync'];
  orthogonalize: Kernels['orthogonalize'];
  orthogonalizeAsync: Kernels['orthogonalizeAsync'];
  networkStats: Kernels['networkStats'];
  networkStatsAsync: Kernels['networkStatsAsync'];
  info(): { simd: KernelInfo['simd']; simdError: string; supportedSimd: string; threads: number; maxThreads: number };
}

const requireHere = createRequire(__filename);

/** Where the addon was loaded from (node-gyp-build's pick, or WEIGHTINIT_ADDON). */
export let addonPath = '';

/** Loads the addon; throws when it cannot be loaded or WEIGHTINIT_SIMD names an unusable level. */
export function loadNativeBinding(): NativeBinding {
  const explicit = process.env['WEIGHTINIT_ADDON'];
  let binding: NativeBinding;
  if (explicit) {
    binding = requireHere(explicit) as NativeBinding;
    addonPath = explicit;
  } else {
    const nodeGypBuild = requireHere('node-gyp-build') as { (dir: string): unknown; resolve(dir: string): string };
    addonPath = nodeGypBuild.resolve(packageRoot);
    binding = requireHere(addonPath) as NativeBinding;
  }
  const info = binding.info();
  if (info.simdError) throw new Error(info.simdError);
  return binding;
}

export function nativeKernels(binding: NativeBinding): Kernels {
  return {
    kind: 'native',
    fill: binding.fill,
    fillAsync: binding.fillAsync,
    orthogonalize: binding.orthogonalize,
    orthogonalizeAsync: binding.orthogonalizeAsync,
    networkStats: binding.networkStats,
    networkStatsAsync: binding.networkStatsAsync,
    info: () => {
      const { simd, threads, maxThreads } = binding.info();
      return { simd, threads, maxThreads };
    },
  };
}
