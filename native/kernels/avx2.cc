// AVX2 kernels: 8 words per vector, bit-identical to scalar.cc. FMA is enabled
// with AVX2 (the same CPUs have it) but never used: -ffp-contract=off keeps
// every multiply and add separately rounded, as the contract requires.
#include "../kernel_table.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "scalar_range.h"

// Everything from here to the pop is compiled for AVX2; the headers above
// stay generic (see simd_fill.h), and so does avx2Kernels() below the pop.
#include "target_avx2_begin.h"

#include "simd_fill.h"

namespace weightinit {
namespace {

// The vector ops simd_samplers.h is written in, on 8 float32 / uint32 lanes.
// A mask is a float vector of all-ones / all-zeros lanes.
struct Avx2Ops {
  using I = __m256i;
  using F = __m256;
  using Mask = __m256;

  static F splat(float x) { return _mm256_set1_ps(x); }
  static I splatInt(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F sqrt(F a) { return _mm256_sqrt_ps(a); }
  static F neg(F a) { return _mm256_xor_ps(a, _mm256_set1_ps(-0.0f)); }
  static F minOf(F a, F b) { return _mm256_min_ps(a, b); }  // a < b ? a : b
  static F maxOf(F a, F b) { return _mm256_max_ps(a, b); }  // a > b ? a : b
  static Mask less(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static Mask greater(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static bool any(Mask m) { return _mm256_movemask_ps(m) != 0; }
  static bool all(Mask m) { return _mm256_movemask_ps(m) == 0xFF; }
  static F select(Mask m, F ifSet, F ifClear) { return _mm256_blendv_ps(ifClear, ifSet, m); }
  static I selectInt(Mask m, I ifSet, I ifClear) {
    return _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(ifClear), _mm256_castsi256_ps(ifSet), m));
  }
  static I addInt(I a, I b) { return _mm256_add_epi32(a, b); }
  static I subInt(I a, I b) { return _mm256_sub_epi32(a, b); }
  static I andInt(I a, I b) { return _mm256_and_si256(a, b); }
  static I orInt(I a, I b) { return _mm256_or_si256(a, b); }
  template <int k>
  static I shiftRight(I a) {
    return _mm256_srli_epi32(a, k);
  }
  template <int k>
  static I shiftLeft(I a) {
    return _mm256_slli_epi32(a, k);
  }
  static F asFloat(I a) { return _mm256_castsi256_ps(a); }
  static I asInt(F a) { return _mm256_castps_si256(a); }
  static F toFloat(I a) { return _mm256_cvtepi32_ps(a); }
};

// Each 128-bit lane holds one block, its counter words kept in the order
// (c0, c3, c2, c1) between rounds, so that a round needs one shuffle:
//   vpmuludq      c0 * M0 and c2 * M1 into (lo0, hi0, lo1, hi1);
//   vpxor, vpand  XOR of the odd lanes with (c3, c1) and the key (k1, k0):
//                 (lo0, hi0^c3^k1, lo1, hi1^c1^k0) = (c3', c2', c1', c0');
//   vpshufd       back to (c0', c3', c2', c1'), or after the last round to the
//                 stream order (c0, c1, c2, c3).
class Avx2Philox {
 public:
  explicit Avx2Philox(const Counter& c) {
    for (int r = 0; r < kPhiloxRounds; ++r) {
      const int k0 = static_cast<int>(c.key0 + r * kPhiloxW0);
      const int k1 = static_cast<int>(c.key1 + r * kPhiloxW1);
      key_[r] = _mm256_set_epi32(k0, 0, k1, 0, k0, 0, k1, 0);
    }
    const int hi = static_cast<int>(c.blockHi), s0 = static_cast<int>(c.stream0),
              s1 = static_cast<int>(c.stream1);
    counter_ = _mm256_set_epi32(hi, s0, s1, 1, hi, s0, s1, 0);
  }

  template <size_t K>
  simd::IntPack<Avx2Ops, K> generate(uint32_t blockLo) const {
    const int m0 = static_cast<int>(kPhiloxM0), m1 = static_cast<int>(kPhiloxM1);
    const __m256i multipliers = _mm256_set_epi32(0, m1, 0, m0, 0, m1, 0, m0);
    simd::IntPack<Avx2Ops, K> x;
    for (size_t v = 0; v < K; ++v) {
      const int lo = static_cast<int>(blockLo + 2 * v);
      x.v[v] = _mm256_add_epi32(counter_, _mm256_set_epi32(0, 0, 0, lo, 0, 0, 0, lo));
    }
    for (int r = 0; r < kPhiloxRounds - 1; ++r) {
      for (size_t v = 0; v < K; ++v) {
        x.v[v] =
            _mm256_shuffle_epi32(round(x.v[v], multipliers, key_[r]), 0x93);  // lanes (3, 0, 1, 2)
      }
    }
    for (size_t v = 0; v < K; ++v) {
      x.v[v] = _mm256_shuffle_epi32(round(x.v[v], multipliers, key_[kPhiloxRounds - 1]),
                                    0x1B);  // lanes (3, 2, 1, 0)
    }
    return x;
  }

 private:
  static __m256i round(__m256i x, __m256i multipliers, __m256i key) {
    const __m256i odd = _mm256_set_epi32(-1, 0, -1, 0, -1, 0, -1, 0);
    const __m256i products = _mm256_mul_epu32(x, multipliers);
    return _mm256_xor_si256(products, _mm256_and_si256(_mm256_xor_si256(x, key), odd));
  }

  __m256i key_[kPhiloxRounds];  // (0, k1, 0, k0) per 128-bit lane
  __m256i counter_;             // (0..1, stream1, stream0, blockHi) per 128-bit lane
};

struct Avx2 {
  using Ops = Avx2Ops;
  using Philox = Avx2Philox;
  static constexpr size_t kLanes = 8;
  // Independent vectors per step, so that the long dependency chains of the
  // normal sampler (two 9-term Horner polynomials) overlap.
  static constexpr size_t kGroupVectors = 8;
  static constexpr size_t kTailVectors = 1;

  template <size_t K>
  static void store(uint32_t* out, const simd::IntPack<Ops, K>& words) {
    for (size_t v = 0; v < K; ++v) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + v * kLanes), words.v[v]);
    }
  }
  template <size_t K>
  static void store(float* out, const simd::FloatPack<Ops, K>& values) {
    for (size_t v = 0; v < K; ++v) _mm256_storeu_ps(out + v * kLanes, values.v[v]);
  }
};

const KernelTable kAvx2Table = {"avx2", simd::fillBits<Avx2>, simd::fillUniform<Avx2>,
                                simd::fillNormal<Avx2>, simd::fillTruncatedNormal<Avx2>};

}  // namespace
}  // namespace weightinit

#include "target_end.h"

namespace weightinit {
const KernelTable* avx2Kernels() { return &kAvx2Table; }
}  // namespace weightinit

#else

namespace weightinit {
const KernelTable* avx2Kernels() { return nullptr; }
}  // namespace weightinit

#endif
