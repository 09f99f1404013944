// AVX-512 (F, BW, DQ, VL) kernels: 16 words per vector, bit-identical to scalar.cc.
#include "../kernel_table.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "scalar_range.h"

// Everything from here to the pop is compiled for AVX-512; the headers above
// stay generic (see simd_fill.h), and so does avx512Kernels() below the pop.
#include "target_avx512_begin.h"

#include "simd_fill.h"

namespace weightinit {
namespace {

// The vector ops simd_samplers.h is written in, on 16 float32 / uint32 lanes.
struct Avx512Ops {
  using I = __m512i;
  using F = __m512;
  using Mask = __mmask16;

  static F splat(float x) { return _mm512_set1_ps(x); }
  static I splatInt(uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F sqrt(F a) { return _mm512_sqrt_ps(a); }
  static F neg(F a) { return _mm512_xor_ps(a, _mm512_set1_ps(-0.0f)); }
  static F minOf(F a, F b) { return _mm512_min_ps(a, b); }  // a < b ? a : b
  static F maxOf(F a, F b) { return _mm512_max_ps(a, b); }  // a > b ? a : b
  static Mask less(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static Mask greater(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static bool any(Mask m) { return m != 0; }
  static bool all(Mask m) { return m == 0xFFFF; }
  static F select(Mask m, F ifSet, F ifClear) { return _mm512_mask_blend_ps(m, ifClear, ifSet); }
  static I selectInt(Mask m, I ifSet, I ifClear) {
    return _mm512_mask_blend_epi32(m, ifClear, ifSet);
  }
  static I addInt(I a, I b) { return _mm512_add_epi32(a, b); }
  static I subInt(I a, I b) { return _mm512_sub_epi32(a, b); }
  static I andInt(I a, I b) { return _mm512_and_si512(a, b); }
  static I orInt(I a, I b) { return _mm512_or_si512(a, b); }
  template <int k>
  static I shiftRight(I a) {
    return _mm512_srli_epi32(a, k);
  }
  template <int k>
  static I shiftLeft(I a) {
    return _mm512_slli_epi32(a, k);
  }
  static F asFloat(I a) { return _mm512_castsi512_ps(a); }
  static I asInt(F a) { return _mm512_castps_si512(a); }
  static F toFloat(I a) { return _mm512_cvtepi32_ps(a); }
};

// Each 128-bit lane holds one block, its counter words kept in the order
// (c0, c3, c2, c1) between rounds, which makes a round three instructions:
//   vpmuludq   c0 * M0 and c2 * M1 into (lo0, hi0, lo1, hi1);
//   vpternlogd XOR of the odd lanes with (c3, c1) and the key (k1, k0), under
//              a mask: (lo0, hi0^c3^k1, lo1, hi1^c1^k0) = (c3', c2', c1', c0');
//   vpshufd    back to (c0', c3', c2', c1'), or after the last round to the
//              stream order (c0, c1, c2, c3).
class Avx512Philox {
 public:
  explicit Avx512Philox(const Counter& c) {
    for (int r = 0; r < kPhiloxRounds; ++r) {
      key_[r] = _mm512_set4_epi32(static_cast<int>(c.key0 + r * kPhiloxW0), 0,
                                  static_cast<int>(c.key1 + r * kPhiloxW1), 0);
    }
    const int hi = static_cast<int>(c.blockHi), s0 = static_cast<int>(c.stream0),
              s1 = static_cast<int>(c.stream1);
    counter_ = _mm512_set_epi32(hi, s0, s1, 3, hi, s0, s1, 2, hi, s0, s1, 1, hi, s0, s1, 0);
  }

  template <size_t K>
  simd::IntPack<Avx512Ops, K> generate(uint32_t blockLo) const {
    const __m512i multipliers =
        _mm512_set4_epi32(0, static_cast<int>(kPhiloxM1), 0, static_cast<int>(kPhiloxM0));
    simd::IntPack<Avx512Ops, K> x;
    for (size_t v = 0; v < K; ++v) {
      const int lo = static_cast<int>(blockLo + 4 * v);
      x.v[v] = _mm512_add_epi32(counter_, _mm512_maskz_set1_epi32(0x1111, lo));
    }
    for (int r = 0; r < kPhiloxRounds - 1; ++r) {
      for (size_t v = 0; v < K; ++v) {
        x.v[v] = _mm512_shuffle_epi32(round(x.v[v], multipliers, key_[r]), _MM_PERM_CBAD);
      }
    }
    for (size_t v = 0; v < K; ++v) {
      x.v[v] =
          _mm512_shuffle_epi32(round(x.v[v], multipliers, key_[kPhiloxRounds - 1]), _MM_PERM_ABCD);
    }
    return x;
  }

 private:
  static __m512i round(__m512i x, __m512i multipliers, __m512i key) {
    const __m512i products = _mm512_mul_epu32(x, multipliers);
    return _mm512_mask_ternarylogic_epi32(products, 0xAAAA, x, key, 0x96);  // a ^ b ^ c
  }

  __m512i key_[kPhiloxRounds];  // (0, k1, 0, k0) per 128-bit lane
  __m512i counter_;             // (0..3, stream1, stream0, blockHi) per 128-bit lane
};

struct Avx512 {
  using Ops = Avx512Ops;
  using Philox = Avx512Philox;
  static constexpr size_t kLanes = 16;
  // Twelve independent vectors (192 words) per step keep the long dependency
  // chains of the normal sampler (two 9-term Horner polynomials) from
  // stalling the FP pipes; fewer measurably leave them idle.
  static constexpr size_t kGroupVectors = 12;
  static constexpr size_t kTailVectors = 1;

  template <size_t K>
  static void store(uint32_t* out, const simd::IntPack<Ops, K>& words) {
    for (size_t v = 0; v < K; ++v) _mm512_storeu_si512(out + v * kLanes, words.v[v]);
  }
  template <size_t K>
  static void store(float* out, const simd::FloatPack<Ops, K>& values) {
    for (size_t v = 0; v < K; ++v) _mm512_storeu_ps(out + v * kLanes, values.v[v]);
  }
};

const KernelTable kAvx512Table = {"avx512", simd::fillBits<Avx512>, simd::fillUniform<Avx512>,
                                  simd::fillNormal<Avx512>, simd::fillTruncatedNormal<Avx512>};

}  // namespace
}  // namespace weightinit

#include "target_end.h"

namespace weightinit {
const KernelTable* avx512Kernels() { return &kAvx512Table; }
}  // namespace weightinit

#else

namespace weightinit {
const KernelTable* avx512Kernels() { return nullptr; }
}  // namespace weightinit

#endif
