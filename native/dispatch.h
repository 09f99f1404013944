// Picks the kernel table once per process: the best the CPU and OS support,
// or a lower level forced with WEIGHTINIT_SIMD.
#pragma once
#include <string>

#include "kernel_table.h"

namespace weightinit {

struct Dispatch {
  const KernelTable* kernels;  // never null: scalar at worst
  std::string error;           // set when WEIGHTINIT_SIMD asks for something unusable
};

const Dispatch& dispatch();

// Levels this CPU can run, best first (for tests and `backend()`).
std::string supportedSimdLevels();

}  // namespace weightinit
