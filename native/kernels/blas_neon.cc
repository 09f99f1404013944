// NEON (AArch64 Advanced SIMD) BLAS kernels: 8 x 12 tiles of C held in 24 q
// accumulators. Advanced SIMD is part of every AArch64 CPU, so no target
// region is needed; the multiply-adds are fused explicitly with vfmaq_f32.
#include "../blas_table.h"

#if defined(__aarch64__)
#include <arm_neon.h>

#include "simd_blas.h"

namespace weightinit {
namespace {

struct Neon {
  using F = float32x4_t;
  static constexpr size_t kLanes = 4;
  static constexpr size_t kTileVectors = 2;
  static constexpr size_t kTileCols = 12;
  static constexpr size_t kKc = 256;
  static constexpr size_t kMc = 128;
  static constexpr size_t kNc = 384;

  static F zero() { return vdupq_n_f32(0.0f); }
  static F load(const float* p) { return vld1q_f32(p); }
  static void store(float* p, F v) { vst1q_f32(p, v); }
  static F splat(float x) { return vdupq_n_f32(x); }
  static F add(F a, F b) { return vaddq_f32(a, b); }
  static F fma(F a, F b, F c) { return vfmaq_f32(c, a, b); }
  static float sum(F v) { return vaddvq_f32(v); }
};

using Kernels = simd::Blas<Neon>;
const BlasTable kNeonBlas = {"neon",        Kernels::kMr, Kernels::kNr, Kernels::kWorkspaceFloats,
                             Kernels::gemm, Kernels::gemmThen, Kernels::dot, Kernels::axpy};

}  // namespace

const BlasTable* neonBlas() { return &kNeonBlas; }

}  // namespace weightinit

#else

namespace weightinit {
const BlasTable* neonBlas() { return nullptr; }
}  // namespace weightinit

#endif
