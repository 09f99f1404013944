// One GEMM of a BlasTable spread over the thread pool.
#pragma once
#include <cstddef>

#include "blas_table.h"

namespace weightinit {

// C = A B (or C += A B), as BlasTable::gemm, on at most `threads` threads.
// C is cut into blocks of whole columns (or of whole rows when it is too
// narrow to share); an element's operations do not depend on the block it
// falls in, so the result is the same for every thread count.
void parallelGemm(const BlasTable& blas, unsigned threads, size_t m, size_t n, size_t k,
                  MatrixOperand a, MatrixOperand b, bool accumulate, float* c, size_t ldc);

// The calling thread's workspace for blas.gemm, kept between calls.
float* gemmWorkspace(const BlasTable& blas);

}  // namespace weightinit
