// Blocked Householder QR of a column-major matrix and its explicit orthogonal
// factor: LAPACK's sgeqrf followed by sorgqr, with every level-3 update a GEMM
// of the dispatched BlasTable.
#pragma once
#include <cstddef>

#include "blas_table.h"

namespace weightinit {

// Overwrites the column-major m x n matrix `a` (m >= n, leading dimension m)
// with Q of A = QR, Q having orthonormal columns, and sets rSigns[j] to the
// sign of R(j, j) (+1 where it is 0). The trailing updates run on up to
// `threads` threads; the result does not depend on how many.
void householderQ(const BlasTable& blas, unsigned threads, float* a, size_t m, size_t n,
                  float* rSigns);

}  // namespace weightinit
