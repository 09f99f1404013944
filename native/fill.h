// Runs one fill request on the chosen kernel table and the thread pool. Plain
// C++: no JavaScript values, so it also runs off the event loop.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernel_table.h"

namespace weightinit {

enum class Distribution { Bits, Uniform, Normal, TruncatedNormal };
enum class Element { Uint32, Float32, Float64, Float16, BFloat16 };

struct FillRequest {
  Distribution distribution;
  Element element;
  void* out;
  size_t n;
  uint32_t key0, key1, stream0, stream1;
  uint64_t firstBlock;  // the first element is word 4 * firstBlock + phase of the stream
  unsigned phase;
  unsigned threads;
  UniformParams uniform;
  NormalParams normal;
  TruncatedNormalParams truncatedNormal;
};

void runFill(const KernelTable& kernels, const FillRequest& request);

}  // namespace weightinit
