#include "parallel_gemm.h"

#include <vector>

#include "thread_pool.h"

namespace weightinit {
namespace {

// Below this many multiply-adds a product runs on the calling thread alone:
// waking a helper costs more than it saves.
constexpr double kMinParallelWork = 1 << 18;

size_t roundUp(size_t x, size_t multiple) { return (x + multiple - 1) / multiple * multiple; }

}  // namespace

// Pool threads live as long as the process, and so do their buffers.
float* gemmWorkspace(const BlasTable& blas) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < blas.workspaceFloats) buffer.resize(blas.workspaceFloats);
  return buffer.data();
}

void parallelGemm(const BlasTable& blas, unsigned threads, size_t m, size_t n, size_t k,
                  MatrixOperand a, MatrixOperand b, bool accumulate, float* c, size_t ldc) {
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (threads <= 1 || work < kMinParallelWork) {
    blas.gemm(m, n, k, a, b, accumulate, c, ldc, gemmWorkspace(blas));
    return;
  }
  if (n >= threads * blas.tileCols) {
    const size_t grain = roundUp((n + threads - 1) / threads, blas.tileCols);
    parallelFor(n, grain, threads, [&](size_t begin, size_t end) {
      const MatrixOperand block{b.data + begin * b.colStride, b.rowStride, b.colStride};
      blas.gemm(m, end - begin, k, a, block, accumulate, c + begin * ldc, ldc, gemmWorkspace(blas));
    });
  } else {
    const size_t grain = roundUp((m + threads - 1) / threads, blas.tileRows);
    parallelFor(m, grain, threads, [&](size_t begin, size_t end) {
      const MatrixOperand block{a.data + begin * a.rowStride, a.rowStride, a.colStride};
      blas.gemm(end - begin, n, k, block, b, accumulate, c + begin, ldc, gemmWorkspace(blas));
    });
  }
}

void parallelGemmThen(const BlasTable& blas, unsigned threads, size_t m, size_t n, size_t k,
                      MatrixOperand a, MatrixOperand b, float* c, size_t ldc, GemmEpilogue then) {
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (threads <= 1 || work < kMinParallelWork) {
    blas.gemmThen(m, n, k, a, b, c, ldc, gemmWorkspace(blas), then);
    return;
  }
  const size_t grain = roundUp((m + threads - 1) / threads, blas.tileRows);
  parallelFor(m, grain, threads, [&](size_t begin, size_t end) {
    const MatrixOperand block{a.data + begin * a.rowStride, a.rowStride, a.colStride};
    blas.gemmThen(end - begin, n, k, block, b, c + begin, ldc, gemmWorkspace(blas), then);
  });
}

}  // namespace weightinit
