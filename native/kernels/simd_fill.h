// The fill kernels of a SIMD instruction set, written once over its Isa struct.
//
// Isa provides:
//   Group                  Packed<ops, vectors per group>, ops being the
//                          instruction set's vector ops used by simd_samplers.h;
//   kLanes                 words per vector;
//   Philox(const Counter&) with generate(blockLo) -> Group::I: the words of
//                          the Group::kSize * kLanes / 4 blocks from blockLo
//                          on, in an order of the instruction set's choosing;
//   store(out, values)     stores a Group::I or Group::F in stream order.
//
// Include only inside the instruction set's target region (see simd_samplers.h).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../kernel_table.h"
#include "scalar_range.h"
#include "simd_pack.h"
#include "simd_samplers.h"

namespace weightinit {
namespace simd {

template <class Isa, class Sampler>
inline void fillRange(const Counter& c, uint64_t first, size_t n, typename Sampler::Out* out,
                      const Sampler& sample) {
  using Out = typename Sampler::Out;
  constexpr size_t kGroupWords = Isa::Group::kSize * Isa::kLanes;

  // A range may start inside a block; the vectors start at a block boundary.
  const size_t head = std::min<size_t>(n, (4 - (first & 3)) & 3);
  forEachWord(c, first, head, [out, &sample](size_t i, uint32_t w) { out[i] = sample.scalar(w); });
  first += head;
  out += head;
  n -= head;
  if (n == 0) return;

  const typename Isa::Philox philox(c);
  // first + n <= 2^34, so the block index fits 32 bits; only the discarded
  // words of a partial last group may wrap around.
  uint32_t block = static_cast<uint32_t>(first >> 2);
  for (; n >= kGroupWords; n -= kGroupWords, out += kGroupWords, block += kGroupWords / 4) {
    Isa::store(out, sample(philox.generate(block)));
  }
  if (n != 0) {
    Out rest[kGroupWords];
    Isa::store(rest, sample(philox.generate(block)));
    std::memcpy(out, rest, n * sizeof(Out));
  }
}

template <class Isa>
void fillBits(const Counter& c, uint64_t first, size_t n, uint32_t* out) {
  fillRange<Isa>(c, first, n, out, BitsSampler<typename Isa::Group>());
}

template <class Isa>
void fillUniform(const Counter& c, uint64_t first, size_t n, float* out, const UniformParams& p) {
  fillRange<Isa>(c, first, n, out, UniformSampler<typename Isa::Group>(p));
}

template <class Isa>
void fillNormal(const Counter& c, uint64_t first, size_t n, float* out, const NormalParams& p) {
  fillRange<Isa>(c, first, n, out, NormalSampler<typename Isa::Group>(p));
}

template <class Isa>
void fillTruncatedNormal(const Counter& c, uint64_t first, size_t n, float* out,
                         const TruncatedNormalParams& p) {
  fillRange<Isa>(c, first, n, out, TruncatedNormalSampler<typename Isa::Group>(p));
}

}  // namespace simd
}  // namespace weightinit
