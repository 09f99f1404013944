// Portable kernels: the reference every SIMD table must match bit for bit.
#include "../kernel_table.h"
#include "scalar_range.h"

namespace weightinit {

const KernelTable* scalarKernels() {
  static const KernelTable table = {"scalar", fillBitsScalar, fillUniformScalar,
                                    fillNormalScalar, fillTruncatedNormalScalar};
  return &table;
}

}  // namespace weightinit
