#include "../kernel_table.h"

namespace weightinit {

const KernelTable* neonKernels() { return nullptr; }

}  // namespace weightinit
