// Picks the kernel tables once per process: the best level the CPU and OS
// support, or a lower one forced with WEIGHTINIT_SIMD.
#pragma once
#include <string>

#include "blas_table.h"
#include "kernel_table.h"

namespace weightinit {

struct Dispatch {
  const KernelTable* kernels;  // never null: scalar at worst
  const BlasTable* blas;       // the same level's linear algebra
  std::string error;           // set when WEIGHTINIT_SIMD asks for something unusable
};

const Dispatch& dispatch();

// Levels this CPU can run, best first (for tests and `backend()`).
std::string supportedSimdLevels();

}  // namespace weightinit
