// The fill kernels of a SIMD instruction set, written once over its Isa struct.
//
// Isa provides:
//   Ops                     the vector ops simd_samplers.h is written in;
//   kLanes                  words per vector;
//   kGroupVectors           vectors per step of the main loop;
//   kTailVectors            vectors per step after it (a divisor of kGroupVectors);
//   Philox(const Counter&)  with generate<K>(blockLo) -> Packed<Ops, K>::I: the
//                           words of the K * kLanes / 4 blocks from blockLo on,
//                           in an order of the instruction set's choosing;
//   store<K>(out, values)   stores a Packed<Ops, K>::I or ::F in stream order.
//
// Include only inside the instruction set's target region, after
// ../kernel_table.h and scalar_range.h have been included outside it: these
// templates take the target of the place they are defined, and the scalar
// inline functions must not get a second, vector-target definition. For the
// same reason this header uses nothing from the standard library but types.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../kernel_table.h"
#include "scalar_range.h"
#include "simd_pack.h"
#include "simd_samplers.h"

namespace weightinit {
namespace simd {

// Sampler is one of the sampler templates of simd_samplers.h.
template <class Isa, template <class> class Sampler, class Out, class... Params>
inline void fillRange(const Counter& c, uint64_t first, size_t n, Out* out, const Params&... p) {
  using Ops = typename Isa::Ops;
  using Group = Packed<Ops, Isa::kGroupVectors>;
  using Tail = Packed<Ops, Isa::kTailVectors>;
  constexpr size_t kGroupWords = Isa::kGroupVectors * Isa::kLanes;
  constexpr size_t kTailWords = Isa::kTailVectors * Isa::kLanes;
  const Sampler<Group> sampleGroup{p...};
  const Sampler<Tail> sampleTail{p...};

  // A range may start inside a block; the vectors start at a block boundary.
  const size_t toBlock = (4 - (first & 3)) & 3;
  const size_t head = n < toBlock ? n : toBlock;
  forEachWord(c, first, head,
              [out, &sampleTail](size_t i, uint32_t w) { out[i] = sampleTail.scalar(w); });
  first += head;
  out += head;
  n -= head;
  if (n == 0) return;

  const typename Isa::Philox philox(c);
  // first + n <= 2^34, so the block index fits 32 bits; only the discarded
  // words of a partial last step may wrap around.
  uint32_t block = static_cast<uint32_t>(first >> 2);
  for (; n >= kGroupWords; n -= kGroupWords, out += kGroupWords, block += kGroupWords / 4) {
    Isa::store(out, sampleGroup(philox.template generate<Isa::kGroupVectors>(block)));
  }
  for (; n >= kTailWords; n -= kTailWords, out += kTailWords, block += kTailWords / 4) {
    Isa::store(out, sampleTail(philox.template generate<Isa::kTailVectors>(block)));
  }
  if (n != 0) {
    Out rest[kTailWords];
    Isa::store(rest, sampleTail(philox.template generate<Isa::kTailVectors>(block)));
    for (size_t i = 0; i < n; ++i) out[i] = rest[i];
  }
}

// The kernels are flattened: every helper is inlined into them. Besides
// sparing the groups a trip through memory, that keeps GCC 12 from returning
// a one-vector group in zmm0 and then clearing its upper half with the
// vzeroupper it puts before the return.

template <class Isa>
__attribute__((flatten)) void fillBits(const Counter& c, uint64_t first, size_t n, uint32_t* out) {
  fillRange<Isa, BitsSampler>(c, first, n, out);
}

template <class Isa>
__attribute__((flatten)) void fillUniform(const Counter& c, uint64_t first, size_t n, float* out,
                                          const UniformParams& p) {
  fillRange<Isa, UniformSampler>(c, first, n, out, p);
}

template <class Isa>
__attribute__((flatten)) void fillNormal(const Counter& c, uint64_t first, size_t n, float* out,
                                         const NormalParams& p) {
  fillRange<Isa, NormalSampler>(c, first, n, out, p);
}

template <class Isa>
__attribute__((flatten)) void fillTruncatedNormal(const Counter& c, uint64_t first, size_t n,
                                                  float* out, const TruncatedNormalParams& p) {
  fillRange<Isa, TruncatedNormalSampler>(c, first, n, out, p);
}

}  // namespace simd
}  // namespace weightinit
