#include "../kernel_table.h"

namespace weightinit {

const KernelTable* avx2Kernels() { return nullptr; }

}  // namespace weightinit
