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

// C = A B followed by `then` (BlasTable::gemmThen), on at most `threads`
// threads. C is always cut into blocks of whole rows, so each row's epilogue
// blocks run on one thread, in order of increasing column, whatever the
// thread count: an epilogue that accumulates along rows gives the same sums
// on any number of threads.
void parallelGemmThen(const BlasTable& blas, unsigned threads, size_t m, size_t n, size_t k,
                      MatrixOperand a, MatrixOperand b, float* c, size_t ldc, GemmEpilogue then);

// The calling thread's workspace for blas.gemm, kept between calls.
float* gemmWorkspace(const BlasTable& blas);

}  // namespace weightinit
