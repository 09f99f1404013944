// The BLAS kernels of blas_table.h for one instruction set, written once over
// its Isa struct. The GEMM has BLIS's structure (Van Zee & van de Geijn 2015):
// five loops around a register-blocked micro-kernel, with A packed into
// tile-high slivers (kMc x kKc, sized for L2) and B into tile-wide slivers
// (kKc x kNc, sized for L3).
//
// Isa provides:
//   F, kLanes                 the float32 vector and its lane count;
//   zero(), load(p), store(p, v), splat(x), add(a, b),
//   fma(a, b, c) = a * b + c, sum(v) (the lanes added in a fixed order);
//   kTileVectors, kTileCols   the micro-kernel's tile of C: kTileVectors
//                             vectors down, kTileCols columns across;
//   kKc, kMc, kNc             the cache blocks.
//
// Include only inside the instruction set's target region. Everything here is
// a member of a template over Isa, a type local to the including file, so no
// instantiation is shared by files compiled for different targets; for the
// same reason nothing from the standard library is used.
#pragma once
#include <cstddef>

#include "../blas_table.h"

namespace weightinit {
namespace simd {

template <class Isa>
struct Blas {
  using F = typename Isa::F;
  static constexpr size_t kLanes = Isa::kLanes;
  static constexpr size_t kMv = Isa::kTileVectors;
  static constexpr size_t kMr = kMv * kLanes;
  static constexpr size_t kNr = Isa::kTileCols;
  static constexpr size_t kKc = Isa::kKc;
  static constexpr size_t kMc = Isa::kMc;
  static constexpr size_t kNc = Isa::kNc;
  static_assert(kMc % kMr == 0 && kNc % kNr == 0, "cache blocks hold whole tiles");
  static constexpr size_t kWorkspaceFloats = kMc * kKc + kKc * kNc;

  static size_t smaller(size_t a, size_t b) { return a < b ? a : b; }

  static MatrixOperand at(MatrixOperand x, size_t i, size_t j) {
    return {x.data + i * x.rowStride + j * x.colStride, x.rowStride, x.colStride};
  }

  // Rows [0, rows) and columns [0, depth) of A as kMr-row slivers, each with
  // its kMr elements of one column together; rows past `rows` are zero. The
  // loops run along whichever direction A is contiguous in. A row-major A is
  // read 16 columns (a cache line of each row) at a time: the part of the
  // sliver they fill stays in L1 while all kMr rows are read.
  static void packA(size_t rows, size_t depth, MatrixOperand a, float* out) {
    for (size_t i0 = 0; i0 < rows; i0 += kMr, out += kMr * depth) {
      const size_t height = smaller(kMr, rows - i0);
      const float* src = a.data + i0 * a.rowStride;
      if (a.rowStride == 1) {
        for (size_t p = 0; p < depth; ++p) {
          const float* s = src + p * a.colStride;
          float* d = out + p * kMr;
          for (size_t i = 0; i < height; ++i) d[i] = s[i];
          for (size_t i = height; i < kMr; ++i) d[i] = 0;
        }
      } else {
        for (size_t p0 = 0; p0 < depth; p0 += 16) {
          const size_t p1 = smaller(depth, p0 + 16);
          for (size_t i = 0; i < kMr; ++i) {
            const float* s = src + i * a.rowStride;
            float* d = out + i;
            if (i < height) {
              for (size_t p = p0; p < p1; ++p) d[p * kMr] = s[p * a.colStride];
            } else {
              for (size_t p = p0; p < p1; ++p) d[p * kMr] = 0;
            }
          }
        }
      }
    }
  }

  // Rows [0, depth) and columns [0, cols) of B as kNr-column slivers, each
  // with its kNr elements of one row together; columns past `cols` are zero.
  static void packB(size_t depth, size_t cols, MatrixOperand b, float* out) {
    for (size_t j0 = 0; j0 < cols; j0 += kNr, out += kNr * depth) {
      const size_t width = smaller(kNr, cols - j0);
      const float* src = b.data + j0 * b.colStride;
      if (b.rowStride == 1) {
        for (size_t j = 0; j < kNr; ++j) {
          const float* s = src + j * b.colStride;
          float* d = out + j;
          if (j < width) {
            for (size_t p = 0; p < depth; ++p) d[p * kNr] = s[p];
          } else {
            for (size_t p = 0; p < depth; ++p) d[p * kNr] = 0;
          }
        }
      } else {
        for (size_t p = 0; p < depth; ++p) {
          const float* s = src + p * b.rowStride;
          float* d = out + p * kNr;
          for (size_t j = 0; j < width; ++j) d[j] = s[j * b.colStride];
          for (size_t j = width; j < kNr; ++j) d[j] = 0;
        }
      }
    }
  }

  static void update(const F (&acc)[kMv][kNr], bool accumulate, float* c, size_t ldc) {
    for (size_t j = 0; j < kNr; ++j) {
      for (size_t v = 0; v < kMv; ++v) {
        float* p = c + j * ldc + v * kLanes;
        Isa::store(p, accumulate ? Isa::add(Isa::load(p), acc[v][j]) : acc[v][j]);
      }
    }
  }

  // The micro-kernel: one kMr x kNr tile of C from a packed sliver of A and
  // one of B, `depth` long. Only rows x cols of the tile are stored.
  static void tile(size_t depth, const float* a, const float* b, bool accumulate, float* c,
                   size_t ldc, size_t rows, size_t cols) {
    F acc[kMv][kNr];
    for (size_t v = 0; v < kMv; ++v) {
      for (size_t j = 0; j < kNr; ++j) acc[v][j] = Isa::zero();
    }
    for (size_t p = 0; p < depth; ++p, a += kMr, b += kNr) {
      F column[kMv];
      for (size_t v = 0; v < kMv; ++v) column[v] = Isa::load(a + v * kLanes);
      for (size_t j = 0; j < kNr; ++j) {
        const F bj = Isa::splat(b[j]);
        for (size_t v = 0; v < kMv; ++v) acc[v][j] = Isa::fma(column[v], bj, acc[v][j]);
      }
    }
    if (rows == kMr && cols == kNr) {
      update(acc, accumulate, c, ldc);
      return;
    }
    // A partial tile goes through a whole one on the stack, so that its
    // elements see exactly the operations they would in a whole tile.
    float whole[kNr * kMr] = {};
    if (accumulate) {
      for (size_t j = 0; j < cols; ++j) {
        for (size_t i = 0; i < rows; ++i) whole[j * kMr + i] = c[j * ldc + i];
      }
    }
    update(acc, accumulate, whole, kMr);
    for (size_t j = 0; j < cols; ++j) {
      for (size_t i = 0; i < rows; ++i) c[j * ldc + i] = whole[j * kMr + i];
    }
  }

  // The five loops; `then`, when it has a function, gets each block of C
  // after the last panel of k has been added to it.
  static void loops(size_t m, size_t n, size_t k, MatrixOperand a, MatrixOperand b, bool accumulate,
                    float* c, size_t ldc, float* workspace, GemmEpilogue then) {
    if (k == 0) {
      if (!accumulate) {
        for (size_t j = 0; j < n; ++j) {
          for (size_t i = 0; i < m; ++i) c[j * ldc + i] = 0;
        }
      }
      if (then.run != nullptr && m != 0 && n != 0) then.run(then.context, c, ldc, m, n);
      return;
    }
    float* packedA = workspace;
    float* packedB = workspace + kMc * kKc;
    for (size_t jc = 0; jc < n; jc += kNc) {
      const size_t nc = smaller(kNc, n - jc);
      for (size_t pc = 0; pc < k; pc += kKc) {
        const size_t kc = smaller(kKc, k - pc);
        const bool add = accumulate || pc > 0;
        const bool last = pc + kc == k;
        packB(kc, nc, at(b, pc, jc), packedB);
        for (size_t ic = 0; ic < m; ic += kMc) {
          const size_t mc = smaller(kMc, m - ic);
          float* block = c + ic + jc * ldc;
          packA(mc, kc, at(a, ic, pc), packedA);
          for (size_t jr = 0; jr < nc; jr += kNr) {
            for (size_t ir = 0; ir < mc; ir += kMr) {
              tile(kc, packedA + ir * kc, packedB + jr * kc, add, block + ir + jr * ldc, ldc,
                   smaller(kMr, mc - ir), smaller(kNr, nc - jr));
            }
          }
          if (last && then.run != nullptr) then.run(then.context, block, ldc, mc, nc);
        }
      }
    }
  }

  // The entry points are flattened, as the fill kernels are (simd_fill.h):
  // with every helper inlined, GCC 12 never returns a vector in a register
  // that a vzeroupper before the return would clear.
  __attribute__((flatten)) static void gemm(size_t m, size_t n, size_t k, MatrixOperand a,
                                            MatrixOperand b, bool accumulate, float* c, size_t ldc,
                                            float* workspace) {
    loops(m, n, k, a, b, accumulate, c, ldc, workspace, GemmEpilogue{nullptr, nullptr});
  }

  __attribute__((flatten)) static void gemmThen(size_t m, size_t n, size_t k, MatrixOperand a,
                                                MatrixOperand b, float* c, size_t ldc,
                                                float* workspace, GemmEpilogue then) {
    loops(m, n, k, a, b, false, c, ldc, workspace, then);
  }

  __attribute__((flatten)) static float dot(size_t n, const float* x, const float* y) {
    // Four chains hide the FMA latency.
    F s0 = Isa::zero(), s1 = Isa::zero(), s2 = Isa::zero(), s3 = Isa::zero();
    size_t i = 0;
    for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
      s0 = Isa::fma(Isa::load(x + i), Isa::load(y + i), s0);
      s1 = Isa::fma(Isa::load(x + i + kLanes), Isa::load(y + i + kLanes), s1);
      s2 = Isa::fma(Isa::load(x + i + 2 * kLanes), Isa::load(y + i + 2 * kLanes), s2);
      s3 = Isa::fma(Isa::load(x + i + 3 * kLanes), Isa::load(y + i + 3 * kLanes), s3);
    }
    for (; i + kLanes <= n; i += kLanes) s0 = Isa::fma(Isa::load(x + i), Isa::load(y + i), s0);
    if (i < n) {
      float xt[kLanes] = {}, yt[kLanes] = {};
      for (size_t t = 0; i + t < n; ++t) {
        xt[t] = x[i + t];
        yt[t] = y[i + t];
      }
      s1 = Isa::fma(Isa::load(xt), Isa::load(yt), s1);
    }
    return Isa::sum(Isa::add(Isa::add(s0, s1), Isa::add(s2, s3)));
  }

  __attribute__((flatten)) static void axpy(size_t n, float alpha, const float* x, float* y) {
    const F a = Isa::splat(alpha);
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
      Isa::store(y + i, Isa::fma(a, Isa::load(x + i), Isa::load(y + i)));
    if (i < n) {
      float xt[kLanes] = {}, yt[kLanes] = {};
      for (size_t t = 0; i + t < n; ++t) {
        xt[t] = x[i + t];
        yt[t] = y[i + t];
      }
      Isa::store(yt, Isa::fma(a, Isa::load(xt), Isa::load(yt)));
      for (size_t t = 0; i + t < n; ++t) y[i + t] = yt[t];
    }
  }
};

}  // namespace simd
}  // namespace weightinit
