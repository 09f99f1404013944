#include "../kernel_table.h"

namespace weightinit {

const KernelTable* avx512Kernels() { return nullptr; }

}  // namespace weightinit
