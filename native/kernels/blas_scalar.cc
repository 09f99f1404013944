// Portable BLAS kernels, for CPUs without a SIMD table: plain float
// arithmetic (no FMA: -ffp-contract=off keeps products and sums apart, and a
// library fma() is slow where the hardware lacks one).
#include "../blas_table.h"
#include "simd_blas.h"

namespace weightinit {
namespace {

// One "vector" is one float; 8 x 4 tiles leave the compiler room to use
// whatever vector registers the baseline target has.
struct Scalar {
  using F = float;
  static constexpr size_t kLanes = 1;
  static constexpr size_t kTileVectors = 8;
  static constexpr size_t kTileCols = 4;
  static constexpr size_t kKc = 256;
  static constexpr size_t kMc = 128;
  static constexpr size_t kNc = 384;

  static F zero() { return 0.0f; }
  static F load(const float* p) { return *p; }
  static void store(float* p, F v) { *p = v; }
  static F splat(float x) { return x; }
  static F add(F a, F b) { return a + b; }
  static F fma(F a, F b, F c) { return a * b + c; }
  static float sum(F v) { return v; }
};

using Kernels = simd::Blas<Scalar>;
const BlasTable kScalarBlas = {"scalar",      Kernels::kMr, Kernels::kNr, Kernels::kWorkspaceFloats,
                               Kernels::gemm, Kernels::gemmThen, Kernels::dot, Kernels::axpy};

}  // namespace

const BlasTable* scalarBlas() { return &kScalarBlas; }

}  // namespace weightinit
