// The element-by-element walk over a word range, shared by the scalar kernels
// and by the SIMD kernels for the parts of a range their vectors do not cover.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../philox.h"

namespace weightinit {

// Calls emit(i, word) for i in [0, n) with word = stream word (first + i).
template <typename Emit>
inline void forEachWord(const Counter& c, uint64_t first, size_t n, Emit emit) {
  size_t i = 0;
  while (i < n) {
    const uint64_t word = first + i;
    uint32_t block[4];
    philoxBlock(c, static_cast<uint32_t>(word >> 2), block);
    for (unsigned lane = static_cast<unsigned>(word & 3); lane < 4 && i < n; ++lane, ++i) {
      emit(i, block[lane]);
    }
  }
}

inline void fillBitsScalar(const Counter& c, uint64_t first, size_t n, uint32_t* out) {
  forEachWord(c, first, n, [out](size_t i, uint32_t w) { out[i] = w; });
}

inline void fillUniformScalar(const Counter& c, uint64_t first, size_t n, float* out,
                              const UniformParams& p) {
  forEachWord(c, first, n, [out, &p](size_t i, uint32_t w) { out[i] = uniformFromWord(w, p); });
}

inline void fillNormalScalar(const Counter& c, uint64_t first, size_t n, float* out,
                             const NormalParams& p) {
  forEachWord(c, first, n, [out, &p](size_t i, uint32_t w) { out[i] = normalFromWord(w, p); });
}

inline void fillTruncatedNormalScalar(const Counter& c, uint64_t first, size_t n, float* out,
                                      const TruncatedNormalParams& p) {
  forEachWord(c, first, n,
              [out, &p](size_t i, uint32_t w) { out[i] = truncatedNormalFromWord(w, p); });
}

}  // namespace weightinit
