// Picks the kernel tables: the best level the CPU and OS support, or a lower
// one forced with WEIGHTINIT_SIMD.
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

// The level named by `forced` (empty: the best). The addon passes the
// WEIGHTINIT_SIMD of the JS environment loading it (addon_state.h).
Dispatch dispatchFor(const std::string& forced);

// dispatchFor(getenv("WEIGHTINIT_SIMD")), once per process: for the C++
// programs that run the kernels without JS (test/native).
const Dispatch& dispatch();

// Levels this CPU can run, best first (for tests and `backend()`).
std::string supportedSimdLevels();

}  // namespace weightinit
