// The orthogonal matrix of the `orthogonal` initializers: the Q factor of a
// Gaussian matrix with the signs of diag(R) folded in, which makes it
// Haar-distributed (Mezzadri 2007, "How to generate random matrices from the
// classical compact groups"). Plain C++, so it also runs off the event loop.
#pragma once
#include <cstddef>

#include "blas_table.h"

namespace weightinit {

// Replaces the row-major rows x cols matrix A in `a` with Q diag(sign(diag R))
// of A = QR when rows >= cols (orthonormal columns), or of A^T = QR, stored
// transposed, when rows < cols (orthonormal rows). The result is the same for
// every thread count.
void orthogonalize(const BlasTable& blas, float* a, size_t rows, size_t cols, unsigned threads);

}  // namespace weightinit
