#include "orthogonalize.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "householder_qr.h"
#include "thread_pool.h"

namespace weightinit {
namespace {

// Calls f(i, j) for every element of a rows x cols matrix in square tiles,
// which keep both sides of a transpose in cache, with bands of rows spread
// over the threads (each element is only copied, or negated).
constexpr size_t kTile = 32;
constexpr size_t kBandRows = 8 * kTile;

template <class Body>
void forEachTiled(size_t rows, size_t cols, unsigned threads, Body f) {
  parallelFor(rows, kBandRows, threads, [&](size_t begin, size_t end) {
    for (size_t i0 = begin; i0 < end; i0 += kTile) {
      const size_t i1 = std::min(end, i0 + kTile);
      for (size_t j0 = 0; j0 < cols; j0 += kTile) {
        const size_t j1 = std::min(cols, j0 + kTile);
        for (size_t i = i0; i < i1; ++i) {
          for (size_t j = j0; j < j1; ++j) f(i, j);
        }
      }
    }
  });
}

}  // namespace

void orthogonalize(const BlasTable& blas, float* a, size_t rows, size_t cols, unsigned threads) {
  if (rows == 0 || cols == 0) return;
  std::vector<float> signs(std::min(rows, cols));
  if (rows < cols) {
    // The row-major rows x cols array is the column-major cols x rows A^T, so
    // its Q can be formed in place, and row r of the result is column r of Q.
    householderQ(blas, threads, a, cols, rows, signs.data());
    forEachTiled(rows, cols, threads, [&](size_t i, size_t j) { a[i * cols + j] *= signs[i]; });
    return;
  }
  const std::unique_ptr<float[]> work(new float[rows * cols]);
  float* q = work.get();
  forEachTiled(rows, cols, threads, [&](size_t i, size_t j) { q[i + j * rows] = a[i * cols + j]; });
  householderQ(blas, threads, q, rows, cols, signs.data());
  forEachTiled(rows, cols, threads,
               [&](size_t i, size_t j) { a[i * cols + j] = q[i + j * rows] * signs[j]; });
}

}  // namespace weightinit
