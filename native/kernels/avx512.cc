// AVX-512 (F, BW, DQ, VL) kernels: 16 words per vector, bit-identical to scalar.cc.
#include "../kernel_table.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "scalar_range.h"

// Everything from here to the pop is compiled for AVX-512; the scalar headers
// above stay generic. Dispatch calls avx512Kernels() only on CPUs that have it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")
// GCC 12's AVX-512 headers trip -Wuninitialized on their own
// _mm512_undefined_* placeholders once inlined here (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

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
  template <int k> static I shiftRight(I a) { return _mm512_srli_epi32(a, k); }
  template <int k> static I shiftLeft(I a) { return _mm512_slli_epi32(a, k); }
  static F asFloat(I a) { return _mm512_castsi512_ps(a); }
  static I asInt(F a) { return _mm512_castps_si512(a); }
  static F toFloat(I a) { return _mm512_cvtepi32_ps(a); }
};

// Four vectors (16 blocks) per group: enough independent work per Philox
// round to hide vpmuludq latency, and per sampler step to fill the FP pipes.
using Avx512Group = simd::Packed<Avx512Ops, 4>;

// Each 128-bit lane holds one block (c0, c1, c2, c3), so the words come out
// in stream order. A round: vpmuludq multiplies c0 by M0 and c2 by M1 into
// (lo0, hi0, lo1, hi1); reversing gives (hi1, lo1, hi0, lo0), and XOR with
// (c1, 0, c3, 0) and the round key (k0, 0, k1, 0) completes it.
class Avx512Philox {
 public:
  explicit Avx512Philox(const Counter& c) {
    for (int r = 0; r < kPhiloxRounds; ++r) {
      key_[r] = _mm512_set4_epi32(0, static_cast<int>(c.key1 + r * kPhiloxW1), 0,
                                  static_cast<int>(c.key0 + r * kPhiloxW0));
    }
    const int hi = static_cast<int>(c.blockHi), s0 = static_cast<int>(c.stream0),
              s1 = static_cast<int>(c.stream1);
    counter_ = _mm512_set_epi32(s1, s0, hi, 3, s1, s0, hi, 2, s1, s0, hi, 1, s1, s0, hi, 0);
  }

  Avx512Group::I generate(uint32_t blockLo) const {
    const __m512i multipliers =
        _mm512_set4_epi32(0, static_cast<int>(kPhiloxM1), 0, static_cast<int>(kPhiloxM0));
    Avx512Group::I x;
    for (size_t v = 0; v < Avx512Group::kSize; ++v) {
      const int lo = static_cast<int>(blockLo + 4 * v);
      x.v[v] = _mm512_add_epi32(counter_, _mm512_maskz_set1_epi32(0x1111, lo));
    }
    for (int r = 0; r < kPhiloxRounds; ++r) {
      for (size_t v = 0; v < Avx512Group::kSize; ++v) {
        const __m512i products = _mm512_mul_epu32(x.v[v], multipliers);
        const __m512i swapped = _mm512_shuffle_epi32(products, _MM_PERM_ABCD);
        const __m512i odd = _mm512_srli_epi64(x.v[v], 32);
        x.v[v] = _mm512_ternarylogic_epi32(swapped, odd, key_[r], 0x96);  // a ^ b ^ c
      }
    }
    return x;
  }

 private:
  __m512i key_[kPhiloxRounds];
  __m512i counter_;  // (0..3, blockHi, stream0, stream1), one block per 128-bit lane
};

struct Avx512 {
  using Group = Avx512Group;
  using Philox = Avx512Philox;
  static constexpr size_t kLanes = 16;

  static void store(uint32_t* out, const Group::I& words) {
    for (size_t v = 0; v < Group::kSize; ++v) _mm512_storeu_si512(out + v * kLanes, words.v[v]);
  }
  static void store(float* out, const Group::F& values) {
    for (size_t v = 0; v < Group::kSize; ++v) _mm512_storeu_ps(out + v * kLanes, values.v[v]);
  }
};

const KernelTable kAvx512Table = {"avx512", simd::fillBits<Avx512>, simd::fillUniform<Avx512>,
                                  simd::fillNormal<Avx512>, simd::fillTruncatedNormal<Avx512>};

}  // namespace
}  // namespace weightinit

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

namespace weightinit {
const KernelTable* avx512Kernels() { return &kAvx512Table; }
}  // namespace weightinit

#else

namespace weightinit {
const KernelTable* avx512Kernels() { return nullptr; }
}  // namespace weightinit

#endif
