// Asks the OS to back a large output with transparent huge pages before the
// fill first touches it: a fresh typed array is untouched memory, and
// faulting it in 4 KiB pages costs more than drawing the numbers.
#pragma once
#include <cstddef>

namespace weightinit {

void adviseHugePages(void* data, size_t bytes);

}  // namespace weightinit
