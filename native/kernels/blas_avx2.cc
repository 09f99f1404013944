// AVX2 + FMA BLAS kernels: 16 x 6 tiles of C held in 12 ymm accumulators.
#include "../blas_table.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Everything from here to the pop is compiled for AVX2 and FMA; avx2Blas()
// below the pop stays generic.
#include "target_avx2_begin.h"

#include "simd_blas.h"

namespace weightinit {
namespace {

struct Avx2 {
  using F = __m256;
  static constexpr size_t kLanes = 8;
  static constexpr size_t kTileVectors = 2;
  static constexpr size_t kTileCols = 6;
  static constexpr size_t kKc = 256;
  static constexpr size_t kMc = 128;
  static constexpr size_t kNc = 384;

  static F zero() { return _mm256_setzero_ps(); }
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F splat(float x) { return _mm256_set1_ps(x); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static float sum(F v) {
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_movehdup_ps(quarter)));
  }
};

using Kernels = simd::Blas<Avx2>;
const BlasTable kAvx2Blas = {"avx2",        Kernels::kMr, Kernels::kNr, Kernels::kWorkspaceFloats,
                             Kernels::gemm, Kernels::gemmThen, Kernels::dot, Kernels::axpy};

}  // namespace
}  // namespace weightinit

#include "target_end.h"

namespace weightinit {
const BlasTable* avx2Blas() { return &kAvx2Blas; }
}  // namespace weightinit

#else

namespace weightinit {
const BlasTable* avx2Blas() { return nullptr; }
}  // namespace weightinit

#endif
