// float32 -> IEEE half and bfloat16 bits, round to nearest, ties to even.
// Twin: src/halfFloat.ts. A float16/bfloat16 tensor is exactly the float32
// tensor of the same seed, converted with these functions.
#pragma once
#include <cstdint>

#include "samplers.h"

namespace weightinit {

inline uint16_t float32ToFloat16(float x) {
  const uint32_t bits = floatBits(x);
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  const uint32_t abs = bits & 0x7FFFFFFFu;
  if (abs > 0x7F800000u) return sign | 0x7E00u;  // NaN stays a (quiet) NaN
  if (abs >= 0x477FF000u) return sign | 0x7C00u;  // >= 65520 rounds past 65504: infinity
  if (abs < 0x38800000u) {
    // Below 2^-14 the half is subnormal: a multiple of 2^-24. Adding 2^23 in
    // float32 rounds the scaled value to an integer, ties to even.
    const float scaled = bitsFloat(abs) * 0x1p24f;
    return sign | static_cast<uint16_t>((scaled + 0x1p23f) - 0x1p23f);
  }
  uint32_t half = ((((abs >> 23) - 127 + 15) << 10) | ((abs & 0x7FFFFFu) >> 13));
  const uint32_t rest = abs & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) half += 1;  // a carry into the exponent is right
  return sign | static_cast<uint16_t>(half);
}

inline uint16_t float32ToBFloat16(float x) {
  const uint32_t bits = floatBits(x);
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((bits >> 16) | 0x40u);
  return static_cast<uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

}  // namespace weightinit
