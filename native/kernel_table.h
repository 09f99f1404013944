// The table of fill kernels that every instruction-set file exports.
//
// A kernel fills n consecutive elements whose stream words are
// [first, first + n) of the segment of blocks sharing Counter::blockHi,
// with first + n <= 2^34 (callers split at segment boundaries). Element i of
// the output depends only on the word at (first + i), so any split of a range
// gives the same bytes.
#pragma once
#include <cstddef>
#include <cstdint>

#include "philox.h"
#include "samplers.h"

namespace weightinit {

using FillBitsFn = void (*)(const Counter&, uint64_t first, size_t n, uint32_t* out);
using FillUniformFn = void (*)(const Counter&, uint64_t first, size_t n, float* out,
                               const UniformParams&);
using FillNormalFn = void (*)(const Counter&, uint64_t first, size_t n, float* out,
                              const NormalParams&);
using FillTruncatedNormalFn = void (*)(const Counter&, uint64_t first, size_t n, float* out,
                                       const TruncatedNormalParams&);

struct KernelTable {
  const char* name;
  FillBitsFn fillBits;
  FillUniformFn fillUniform;
  FillNormalFn fillNormal;
  FillTruncatedNormalFn fillTruncatedNormal;
};

// Each returns nullptr when the file was built for another architecture.
const KernelTable* scalarKernels();
const KernelTable* avx2Kernels();
const KernelTable* avx512Kernels();
const KernelTable* neonKernels();

}  // namespace weightinit
