// NEON (AArch64 Advanced SIMD) kernels: 4 words per vector, bit-identical to
// scalar.cc. Advanced SIMD is part of every AArch64 CPU, so no target region
// is needed. Multiplies and adds stay separate intrinsics (never vfmaq/vmlaq),
// and -ffp-contract=off keeps the compiler from fusing them.
#include "../kernel_table.h"

#if defined(__aarch64__)
#include <arm_neon.h>

#include "scalar_range.h"
#include "simd_fill.h"

namespace weightinit {
namespace {

// The vector ops simd_samplers.h is written in, on 4 float32 / uint32 lanes.
// A mask is a vector of all-ones / all-zeros lanes.
struct NeonOps {
  using I = uint32x4_t;
  using F = float32x4_t;
  using Mask = uint32x4_t;

  static F splat(float x) { return vdupq_n_f32(x); }
  static I splatInt(uint32_t x) { return vdupq_n_u32(x); }
  static F add(F a, F b) { return vaddq_f32(a, b); }
  static F sub(F a, F b) { return vsubq_f32(a, b); }
  static F mul(F a, F b) { return vmulq_f32(a, b); }
  static F sqrt(F a) { return vsqrtq_f32(a); }
  static F neg(F a) { return vnegq_f32(a); }
  // Compare and select rather than vminq/vmaxq, which order -0 below +0 and
  // return NaN for a NaN operand: the contract is the C ternary.
  static F minOf(F a, F b) { return vbslq_f32(vcltq_f32(a, b), a, b); }  // a < b ? a : b
  static F maxOf(F a, F b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }  // a > b ? a : b
  static Mask less(F a, F b) { return vcltq_f32(a, b); }
  static Mask greater(F a, F b) { return vcgtq_f32(a, b); }
  static bool any(Mask m) { return vmaxvq_u32(m) != 0; }
  static bool all(Mask m) { return vminvq_u32(m) != 0; }
  static F select(Mask m, F ifSet, F ifClear) { return vbslq_f32(m, ifSet, ifClear); }
  static I selectInt(Mask m, I ifSet, I ifClear) { return vbslq_u32(m, ifSet, ifClear); }
  static I addInt(I a, I b) { return vaddq_u32(a, b); }
  static I subInt(I a, I b) { return vsubq_u32(a, b); }
  static I andInt(I a, I b) { return vandq_u32(a, b); }
  static I orInt(I a, I b) { return vorrq_u32(a, b); }
  template <int k>
  static I shiftRight(I a) {
    return vshrq_n_u32(a, k);
  }
  template <int k>
  static I shiftLeft(I a) {
    return vshlq_n_u32(a, k);
  }
  static F asFloat(I a) { return vreinterpretq_f32_u32(a); }
  static I asInt(F a) { return vreinterpretq_u32_f32(a); }
  static F toFloat(I a) { return vcvtq_f32_s32(vreinterpretq_s32_u32(a)); }
};

// Four blocks at a time, transposed: vector j of a set of four holds counter
// word c_j of each block. A round then needs no shuffles beyond splitting the
// 64-bit products into low and high words, and vst4q transposes back when
// storing.
class NeonPhilox {
 public:
  explicit NeonPhilox(const Counter& c)
      : blockHi_(vdupq_n_u32(c.blockHi)),
        stream0_(vdupq_n_u32(c.stream0)),
        stream1_(vdupq_n_u32(c.stream1)) {
    for (int r = 0; r < kPhiloxRounds; ++r) {
      key0_[r] = vdupq_n_u32(c.key0 + r * kPhiloxW0);
      key1_[r] = vdupq_n_u32(c.key1 + r * kPhiloxW1);
    }
  }

  // K is a multiple of 4: K / 4 sets of four blocks.
  template <size_t K>
  simd::IntPack<NeonOps, K> generate(uint32_t blockLo) const {
    static_assert(K % 4 == 0, "NEON Philox works on sets of four blocks");
    const uint32x4_t m0 = vdupq_n_u32(kPhiloxM0), m1 = vdupq_n_u32(kPhiloxM1);
    const uint32_t offsets[4] = {0, 1, 2, 3};
    simd::IntPack<NeonOps, K> x;
    for (size_t s = 0; s < K; s += 4) {
      x.v[s] = vaddq_u32(vdupq_n_u32(blockLo + static_cast<uint32_t>(s)), vld1q_u32(offsets));
      x.v[s + 1] = blockHi_;
      x.v[s + 2] = stream0_;
      x.v[s + 3] = stream1_;
    }
    for (int r = 0; r < kPhiloxRounds; ++r) {
      for (size_t s = 0; s < K; s += 4) {
        uint32x4_t hi0, lo0, hi1, lo1;
        mulHiLo(x.v[s], m0, hi0, lo0);
        mulHiLo(x.v[s + 2], m1, hi1, lo1);
        x.v[s] = veorq_u32(veorq_u32(hi1, x.v[s + 1]), key0_[r]);
        x.v[s + 1] = lo1;
        x.v[s + 2] = veorq_u32(veorq_u32(hi0, x.v[s + 3]), key1_[r]);
        x.v[s + 3] = lo0;
      }
    }
    return x;
  }

 private:
  static void mulHiLo(uint32x4_t a, uint32x4_t m, uint32x4_t& hi, uint32x4_t& lo) {
    const uint32x4_t low = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(a), vget_low_u32(m)));
    const uint32x4_t high = vreinterpretq_u32_u64(vmull_high_u32(a, m));
    lo = vuzp1q_u32(low, high);
    hi = vuzp2q_u32(low, high);
  }

  uint32x4_t key0_[kPhiloxRounds], key1_[kPhiloxRounds];
  uint32x4_t blockHi_, stream0_, stream1_;
};

struct Neon {
  using Ops = NeonOps;
  using Philox = NeonPhilox;
  static constexpr size_t kLanes = 4;
  // Two sets of four blocks per step overlap the dependency chains; the tail
  // goes one set (16 words) at a time.
  static constexpr size_t kGroupVectors = 8;
  static constexpr size_t kTailVectors = 4;

  template <size_t K>
  static void store(uint32_t* out, const simd::IntPack<Ops, K>& words) {
    for (size_t s = 0; s < K; s += 4) {
      const uint32x4x4_t set = {{words.v[s], words.v[s + 1], words.v[s + 2], words.v[s + 3]}};
      vst4q_u32(out + s * kLanes, set);
    }
  }
  template <size_t K>
  static void store(float* out, const simd::FloatPack<Ops, K>& values) {
    for (size_t s = 0; s < K; s += 4) {
      const float32x4x4_t set = {{values.v[s], values.v[s + 1], values.v[s + 2], values.v[s + 3]}};
      vst4q_f32(out + s * kLanes, set);
    }
  }
};

const KernelTable kNeonTable = {"neon", simd::fillBits<Neon>, simd::fillUniform<Neon>,
                                simd::fillNormal<Neon>, simd::fillTruncatedNormal<Neon>};

}  // namespace

const KernelTable* neonKernels() { return &kNeonTable; }

}  // namespace weightinit

#else

namespace weightinit {
const KernelTable* neonKernels() { return nullptr; }
}  // namespace weightinit

#endif
