#include "fill.h"

#include <algorithm>

#include "convert.h"
#include "huge_pages.h"
#include "thread_pool.h"

namespace weightinit {
namespace {

constexpr size_t kChunk = size_t{1} << 16;      // elements per thread-pool chunk
constexpr size_t kTile = 1024;                  // float32 staging for other output types
constexpr uint64_t kSegmentWords = uint64_t{1} << 34;

void runKernel(const KernelTable& k, const FillRequest& r, const Counter& c, uint64_t first,
               size_t n, float* out) {
  switch (r.distribution) {
    case Distribution::Uniform: k.fillUniform(c, first, n, out, r.uniform); break;
    case Distribution::Normal: k.fillNormal(c, first, n, out, r.normal); break;
    case Distribution::TruncatedNormal:
      k.fillTruncatedNormal(c, first, n, out, r.truncatedNormal);
      break;
    case Distribution::Bits: break;
  }
}

// Draws float32 samples tile by tile and stores them converted.
template <typename T, typename Convert>
void fillConverted(const KernelTable& k, const FillRequest& r, const Counter& c, uint64_t first,
                   size_t n, T* out, Convert convert) {
  float tile[kTile];
  for (size_t t = 0; t < n; t += kTile) {
    const size_t m = std::min(kTile, n - t);
    runKernel(k, r, c, first + t, m, tile);
    for (size_t j = 0; j < m; ++j) out[t + j] = convert(tile[j]);
  }
}

// Fills elements [begin, end) of the request, cutting at 2^32-block segments.
void fillRange(const KernelTable& k, const FillRequest& r, size_t begin, size_t end) {
  size_t i = begin;
  while (i < end) {
    const uint64_t block = r.firstBlock + (r.phase + i) / 4;
    const uint64_t first = ((block & 0xFFFFFFFFu) << 2) | ((r.phase + i) & 3);
    const Counter c{r.key0, r.key1, r.stream0, r.stream1, static_cast<uint32_t>(block >> 32)};
    const size_t n = static_cast<size_t>(std::min<uint64_t>(end - i, kSegmentWords - first));
    switch (r.element) {
      case Element::Uint32:
        k.fillBits(c, first, n, static_cast<uint32_t*>(r.out) + i);
        break;
      case Element::Float32:
        runKernel(k, r, c, first, n, static_cast<float*>(r.out) + i);
        break;
      case Element::Float64:
        fillConverted<double>(k, r, c, first, n, static_cast<double*>(r.out) + i,
                              [](float x) { return static_cast<double>(x); });
        break;
      case Element::Float16:
        fillConverted<uint16_t>(k, r, c, first, n, static_cast<uint16_t*>(r.out) + i, float32ToFloat16);
        break;
      case Element::BFloat16:
        fillConverted<uint16_t>(k, r, c, first, n, static_cast<uint16_t*>(r.out) + i, float32ToBFloat16);
        break;
    }
    i += n;
  }
}

size_t elementBytes(Element e) {
  switch (e) {
    case Element::Float64: return 8;
    case Element::Float16:
    case Element::BFloat16: return 2;
    default: return 4;
  }
}

}  // namespace

void runFill(const KernelTable& kernels, const FillRequest& request) {
  adviseHugePages(request.out, request.n * elementBytes(request.element));
  parallelFor(request.n, kChunk, request.threads,
              [&](size_t begin, size_t end) { fillRange(kernels, request, begin, end); });
}

}  // namespace weightinit
