// AVX-512 BLAS kernels: 32 x 12 tiles of C held in 24 zmm accumulators.
#include "../blas_table.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Everything from here to the pop is compiled for AVX-512; avx512Blas() below
// the pop stays generic.
#include "target_avx512_begin.h"

#include "simd_blas.h"

namespace weightinit {
namespace {

struct Avx512 {
  using F = __m512;
  static constexpr size_t kLanes = 16;
  static constexpr size_t kTileVectors = 2;
  static constexpr size_t kTileCols = 12;
  static constexpr size_t kKc = 256;
  static constexpr size_t kMc = 128;
  static constexpr size_t kNc = 384;

  static F zero() { return _mm512_setzero_ps(); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F splat(float x) { return _mm512_set1_ps(x); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static float sum(F v) { return _mm512_reduce_add_ps(v); }
};

using Kernels = simd::Blas<Avx512>;
const BlasTable kAvx512Blas = {"avx512",      Kernels::kMr, Kernels::kNr, Kernels::kWorkspaceFloats,
                               Kernels::gemm, Kernels::gemmThen, Kernels::dot, Kernels::axpy};

}  // namespace
}  // namespace weightinit

#include "target_end.h"

namespace weightinit {
const BlasTable* avx512Blas() { return &kAvx512Blas; }
}  // namespace weightinit

#else

namespace weightinit {
const BlasTable* avx512Blas() { return nullptr; }
}  // namespace weightinit

#endif
