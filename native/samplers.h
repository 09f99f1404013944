// Per-element maps from one stream word to one float32 sample.
//
// These functions ARE the distribution contract of docs/RNG.md: every kernel
// (scalar, AVX2, AVX-512, NEON and the TypeScript twin src/js/samplers.ts)
// performs exactly these IEEE-754 float32 operations in exactly this order.
// The build passes -ffp-contract=off so that no a*b+c is fused, and no libm
// transcendental is used (they differ between platforms); sqrt is exact
// (correctly rounded) everywhere, so it may be used.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace weightinit {

struct UniformParams {
  float low;   // smallest float32 >= the requested low
  float span;  // float32(top' - low) where top' is the float32 >= high
  float top;   // largest float32 < high: samples are clamped to it
};

struct NormalParams {
  float mean;
  float std;
};

// The facade (src/distributionParams.ts) derives these from mean, std, low, high.
struct TruncatedNormalParams {
  float mean;
  float std;
  float pLow;    // standard normal CDF at the lower end of the (possibly mirrored) window
  float pWidth;  // CDF mass of the window
  float flip;    // +1, or -1 when the window was mirrored to the left half
  float low;     // smallest float32 >= requested low
  float high;    // largest float32 <= requested high
};

// Cephes-style log coefficients for log(1+f), f in [sqrt(1/2)-1, sqrt(2)-1].
constexpr float kLogP[9] = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f,
                            -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f,
                            2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kSqrt2 = 1.41421354f;

// erfinv(x)/x as polynomials in w = -log(1 - x^2): Giles (2010) for w < 5 and
// 5 <= w < 16; our own least-squares fit in sqrt(w) - 6 for w >= 16, which only
// truncated normals deep in a tail reach (plain normals stop at w = 15.2).
constexpr float kErfinvCentral[9] = {2.81022636e-08f, 3.43273939e-07f, -3.5233877e-06f,
                                     -4.39150654e-06f, 0.00021858087f, -0.00125372503f,
                                     -0.00417768164f, 0.246640727f, 1.50140941f};
constexpr float kErfinvTail[9] = {-0.000200214257f, 0.000100950558f, 0.00134934322f,
                                  -0.00367342844f, 0.00573950773f, -0.0076224613f,
                                  0.00943887047f, 1.00167406f, 2.83297682f};
constexpr float kErfinvFarTail[8] = {-1.21767656e-07f, 1.28069678e-06f, -6.19445609e-06f,
                                     2.16399294e-05f, -4.10795874e-05f, -0.000473399501f,
                                     1.0096041f, 5.85991335f};

template <int N>
inline float horner(const float (&c)[N], float t) {
  float acc = c[0];
  for (int i = 1; i < N; ++i) acc = acc * t + c[i];
  return acc;
}

inline uint32_t floatBits(float x) { uint32_t b; std::memcpy(&b, &x, 4); return b; }
inline float bitsFloat(uint32_t b) { float x; std::memcpy(&x, &b, 4); return x; }

// Natural log of a positive, normal float32.
inline float logf32(float x) {
  const uint32_t bits = floatBits(x);
  int32_t e = static_cast<int32_t>(bits >> 23) - 127;
  float m = bitsFloat((bits & 0x007FFFFFu) | 0x3F800000u);  // [1, 2)
  if (m > kSqrt2) { m = m * 0.5f; e = e + 1; }                 // [sqrt(1/2), sqrt(2)]
  const float f = m - 1.0f;
  const float z = f * f;
  float y = horner(kLogP, f);
  y = y * f;
  y = y * z;
  const float fe = static_cast<float>(e);
  y = y + fe * kLn2Lo;
  y = y - 0.5f * z;
  float r = f + y;
  r = r + fe * kLn2Hi;
  return r;
}

// Standard normal quantile of p, given q = 1 - p as well so that neither tail
// loses precision: sqrt(2) * erfinv(p - q), with 1 - (p - q)^2 = 4pq.
inline float normalQuantile(float p, float q) {
  const float x = p - q;
  const float w = -logf32(4.0f * p * q);
  float r;
  if (w < 5.0f) {
    r = horner(kErfinvCentral, w - 2.5f);
  } else if (w < 16.0f) {
    r = horner(kErfinvTail, std::sqrt(w) - 3.0f);
  } else {
    r = horner(kErfinvFarTail, std::sqrt(w) - 6.0f);
  }
  return r * x * kSqrt2;
}

// (w >> 8) / 2^24: the 2^24 float32 values k/2^24 in [0, 1), equally likely.
inline float unitFromWord(uint32_t w) {
  return static_cast<float>(w >> 8) * 0x1p-24f;
}

// (2(w >> 9) + 1) / 2^24: 2^23 odd multiples of 2^-24, symmetric about 1/2,
// never 0 or 1, and 1 - u is exact in float32.
inline float centeredUnitFromWord(uint32_t w) {
  return static_cast<float>(static_cast<int32_t>(((w >> 9) << 1) | 1u)) * 0x1p-24f;
}

inline float uniformFromWord(uint32_t w, const UniformParams& p) {
  const float u = unitFromWord(w);
  const float x = p.low + u * p.span;
  return x < p.top ? x : p.top;
}

inline float normalFromWord(uint32_t w, const NormalParams& p) {
  const float u = centeredUnitFromWord(w);
  const float z = normalQuantile(u, 1.0f - u);
  return p.mean + p.std * z;
}

inline float truncatedNormalFromWord(uint32_t w, const TruncatedNormalParams& p) {
  const float u = centeredUnitFromWord(w);
  const float pu = p.pLow + u * p.pWidth;
  const float z = normalQuantile(pu, 1.0f - pu) * p.flip;
  const float y = p.mean + p.std * z;
  const float above = y > p.low ? y : p.low;
  return above < p.high ? above : p.high;
}

}  // namespace weightinit
