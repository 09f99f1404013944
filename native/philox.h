// Philox4x32-10 (Salmon et al., SC'11), the generator behind every weightinit draw.
// docs/RNG.md fixes how (seed, stream, element index) map onto key and counter.
#pragma once
#include <cstdint>

namespace weightinit {

constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;
constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;
constexpr int kPhiloxRounds = 10;

// Everything a kernel needs to know about where it draws from: the key (from the
// seed), the stream, and the high word of the block index. Kernels are only
// handed ranges that stay inside one such 2^32-block segment, so the low word
// of the block index never carries into the high one inside a kernel.
struct Counter {
  uint32_t key0, key1;
  uint32_t stream0, stream1;
  uint32_t blockHi;
};

inline void philoxMulHiLo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t product = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

// One block: counter words (c0..c3) and key (k0, k1) in, four stream words out.
inline void philox4x32_10(const uint32_t ctr[4], uint32_t k0, uint32_t k1, uint32_t out[4]) {
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  for (int round = 0; round < kPhiloxRounds; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philoxMulHiLo(kPhiloxM0, c0, hi0, lo0);
    philoxMulHiLo(kPhiloxM1, c2, hi1, lo1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

// The four stream words of block (blockHi:blockLo) of the counter's stream.
inline void philoxBlock(const Counter& c, uint32_t blockLo, uint32_t out[4]) {
  const uint32_t ctr[4] = {blockLo, c.blockHi, c.stream0, c.stream1};
  philox4x32_10(ctr, c.key0, c.key1, out);
}

}  // namespace weightinit
