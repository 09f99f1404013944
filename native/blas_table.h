// The table of linear-algebra kernels each instruction-set file exports next
// to its fill table: a register-blocked GEMM for the level-3 updates of the
// Householder QR and for the network pass (with its epilogue fused in), and
// the dot/axpy the QR's unblocked panel needs.
//
// Unlike the fills these are reductions: FMA is used where the instruction
// set has it, and results differ between levels in the last bits. Within one
// level every element of C is computed by the same sequence of operations
// wherever it lies in C and however C is cut into calls, so splitting a
// product by rows or columns of C over threads does not change any bit.
#pragma once
#include <cstddef>

namespace weightinit {

// A read-only operand: element (i, j) is data[i * rowStride + j * colStride].
struct MatrixOperand {
  const float* data;
  size_t rowStride;
  size_t colStride;
};

// C = A B, or C += A B when `accumulate`; A is m x k, B is k x n and C is
// column-major m x n with leading dimension ldc. `workspace` holds at least
// BlasTable::workspaceFloats floats for this call alone.
using GemmFn = void (*)(size_t m, size_t n, size_t k, MatrixOperand a, MatrixOperand b,
                        bool accumulate, float* c, size_t ldc, float* workspace);

// Work on C fused into the GEMM: run(context, block, ldc, rows, cols) is
// called once per finished rows x cols block of C (all of k added), right
// after the block was computed and while it is still in cache. Blocks cover C
// once; for each row, its blocks come in order of increasing column.
struct GemmEpilogue {
  void (*run)(void* context, float* block, size_t ldc, size_t rows, size_t cols);
  void* context;
};
// C = A B as GemmFn, followed by `then` on each finished block.
using GemmThenFn = void (*)(size_t m, size_t n, size_t k, MatrixOperand a, MatrixOperand b, float* c,
                            size_t ldc, float* workspace, GemmEpilogue then);
// Returns sum x[i] y[i] over n contiguous elements.
using DotFn = float (*)(size_t n, const float* x, const float* y);
// y[i] += alpha x[i] over n contiguous elements.
using AxpyFn = void (*)(size_t n, float alpha, const float* x, float* y);

struct BlasTable {
  const char* name;  // the SIMD level, as in KernelTable::name
  size_t tileRows;   // the micro-kernel's tile: splits of C at multiples of
  size_t tileCols;   // these cost no partial tiles
  size_t workspaceFloats;
  GemmFn gemm;
  GemmThenFn gemmThen;
  DotFn dot;
  AxpyFn axpy;
};

// Each returns nullptr when the file was built for another architecture.
const BlasTable* scalarBlas();
const BlasTable* avx2Blas();
const BlasTable* avx512Blas();
const BlasTable* neonBlas();

}  // namespace weightinit
