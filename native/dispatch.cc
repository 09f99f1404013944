#include "dispatch.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <utility>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif

namespace weightinit {
namespace {

#if defined(__x86_64__) || defined(_M_X64)
uint64_t readXcr0() {
  uint32_t eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

struct X86Features {
  bool avx2 = false;
  bool avx512 = false;
};

// AVX2 needs the CPU bits (AVX, AVX2, FMA, OSXSAVE) and the OS saving YMM
// state; AVX-512 additionally F/BW/DQ/VL and the OS saving opmask and ZMM state.
X86Features detectX86() {
  X86Features f;
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = c & (1u << 27), avx = c & (1u << 28), fma = c & (1u << 12);
  if (!osxsave || !avx) return f;
  const uint64_t xcr0 = readXcr0();
  const bool ymmState = (xcr0 & 0x6) == 0x6;
  const bool zmmState = (xcr0 & 0xE6) == 0xE6;
  if (__get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  const bool avx2 = b & (1u << 5);
  const bool avx512 = (b & (1u << 16)) && (b & (1u << 17)) && (b & (1u << 30)) && (b & (1u << 31));
  f.avx2 = ymmState && avx2 && fma;
  f.avx512 = f.avx2 && zmmState && avx512;
  return f;
}
#endif

// Usable tables, best first.
std::vector<const KernelTable*> usableTables() {
  std::vector<const KernelTable*> tables;
#if defined(__x86_64__) || defined(_M_X64)
  const X86Features f = detectX86();
  if (f.avx512 && avx512Kernels()) tables.push_back(avx512Kernels());
  if (f.avx2 && avx2Kernels()) tables.push_back(avx2Kernels());
#endif
  if (neonKernels()) tables.push_back(neonKernels());
  tables.push_back(scalarKernels());
  return tables;
}

// The BLAS table of the level whose fill table is `fill`.
const BlasTable* blasOf(const KernelTable* fill) {
  for (const BlasTable* b : {avx512Blas(), avx2Blas(), neonBlas(), scalarBlas()}) {
    if (b != nullptr && std::strcmp(b->name, fill->name) == 0) return b;
  }
  return scalarBlas();
}

Dispatch level(const KernelTable* fill, std::string error) {
  return {fill, blasOf(fill), std::move(error)};
}

}  // namespace

std::string supportedSimdLevels() {
  std::string names;
  for (const KernelTable* t : usableTables()) {
    if (!names.empty()) names += ",";
    names += t->name;
  }
  return names;
}

Dispatch dispatchFor(const std::string& forced) {
  const std::vector<const KernelTable*> tables = usableTables();
  if (forced.empty()) return level(tables.front(), "");
  for (const KernelTable* t : tables) {
    if (forced == t->name) return level(t, "");
  }
  return level(tables.front(), "WEIGHTINIT_SIMD=" + forced +
                                   " is not available on this CPU; expected one of: " +
                                   supportedSimdLevels());
}

const Dispatch& dispatch() {
  static std::once_flag once;
  static Dispatch chosen;
  std::call_once(once, [] {
    const char* forced = std::getenv("WEIGHTINIT_SIMD");
    chosen = dispatchFor(forced == nullptr ? "" : forced);
  });
  return chosen;
}

}  // namespace weightinit
