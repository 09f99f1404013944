// The reflectors are LAPACK's (slarfg): H = I - tau v v^T with v(0) = 1,
// chosen so that H x = beta e1 with beta = -sign(x0) ||x||, which never
// cancels. A block of w reflectors is H1 ... Hw = I - V T V^T, T upper
// triangular (the compact WY form, Schreiber & Van Loan 1989), so applying it
// to the rest of the matrix is two GEMMs: Z = V^T C, C -= (V T) Z.
//
// Storage is float32 and the GEMMs accumulate in float32; the scalars of each
// reflector and the small T recurrences use double, which costs nothing.
#include "householder_qr.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "parallel_gemm.h"
#include "thread_pool.h"

namespace weightinit {
namespace {

// Columns per block reflector: wide enough for the GEMMs to run near peak,
// narrow enough that the unblocked panel stays a small share of the work.
constexpr size_t kBlock = 96;

// Columns of the trailing matrix per pair of update GEMMs: a block of a
// 4096-row matrix (3 MiB) is still in L3 for the second product.
constexpr size_t kUpdateCols = 192;

MatrixOperand columnMajor(const float* data, size_t ld) { return {data, 1, ld}; }
MatrixOperand transposed(const float* data, size_t ld) { return {data, ld, 1}; }

// Turns x (n elements) into v with H x = beta e1: x(1:) becomes v(1:), x(0)
// becomes beta. Returns tau; the caller reads beta from x(0).
float makeReflector(float* x, size_t n) {
  double tail = 0;
  for (size_t i = 1; i < n; ++i) tail += static_cast<double>(x[i]) * x[i];
  const double alpha = x[0];
  if (tail == 0) return 0;  // H = I and beta = alpha
  const double beta = -std::copysign(std::sqrt(alpha * alpha + tail), alpha);
  const double scale = 1 / (alpha - beta);
  for (size_t i = 1; i < n; ++i) x[i] = static_cast<float>(x[i] * scale);
  x[0] = static_cast<float>(beta);
  return static_cast<float>((beta - alpha) / beta);
}

// The block's reflectors in their own buffers, ready for the GEMMs.
struct BlockReflector {
  std::vector<float> v;       // rows x w, unit lower trapezoidal, explicit
  std::vector<float> minusT;  // -T, w x w
  std::vector<float> y;       // V (-T) or V (-T)^T, rows x w
  std::vector<float> z;       // V^T C, w x (columns of C)
  std::vector<float> gram;    // V^T V, w x w
};

class HouseholderQ {
 public:
  HouseholderQ(const BlasTable& blas, unsigned threads, float* a, size_t m, size_t n, float* rSigns)
      : blas_(blas),
        threads_(threads),
        a_(a),
        m_(m),
        n_(n),
        rSigns_(rSigns),
        tau_(n),
        blockMinusT_(((n + kBlock - 1) / kBlock) * kBlock * kBlock) {
    const size_t w = std::min(kBlock, n);
    r_.v.resize(m * w);
    r_.y.resize(m * w);
    r_.z.resize(w * n);
    r_.gram.resize(w * w);
  }

  void run() {
    for (size_t jb = 0; jb < n_; jb += kBlock) factorBlock(jb);
    for (size_t jb = (n_ - 1) / kBlock * kBlock;; jb -= kBlock) {
      formBlock(jb);
      if (jb == 0) break;
    }
  }

 private:
  float* column(size_t row, size_t col) const { return a_ + row + col * m_; }
  size_t width(size_t jb) const { return std::min(kBlock, n_ - jb); }
  float* minusT(size_t jb) { return blockMinusT_.data() + jb / kBlock * kBlock * kBlock; }

  void gemm(size_t m, size_t n, size_t k, MatrixOperand a, MatrixOperand b, bool accumulate,
            float* c, size_t ldc) {
    parallelGemm(blas_, threads_, m, n, k, a, b, accumulate, c, ldc);
  }

  // Unblocked QR of the panel (rows x w at column jb), one reflector at a
  // time applied to the panel's later columns (LAPACK's sgeqr2).
  void factorPanel(size_t jb, size_t rows, size_t w) {
    for (size_t k = 0; k < w; ++k) {
      float* x = column(jb + k, jb + k);
      const size_t len = rows - k;
      const float tau = makeReflector(x, len);
      tau_[jb + k] = tau;
      rSigns_[jb + k] = x[0] < 0 ? -1.0f : 1.0f;
      if (tau == 0) continue;
      for (size_t c = k + 1; c < w; ++c) {
        float* y = column(jb + k, jb + c);
        const float s = tau * (y[0] + blas_.dot(len - 1, x + 1, y + 1));
        y[0] -= s;
        blas_.axpy(len - 1, -s, x + 1, y + 1);
      }
    }
  }

  // Copies the block's V out of the lower trapezoid at column jb, with the
  // unit diagonal and the zeros above it written out.
  void loadV(size_t jb, size_t rows, size_t w) {
    for (size_t c = 0; c < w; ++c) {
      const float* src = column(jb, jb + c);
      float* dst = r_.v.data() + c * rows;
      std::fill(dst, dst + c, 0.0f);
      dst[c] = 1;
      std::copy(src + c + 1, src + rows, dst + c + 1);
    }
  }

  // -T from the Gram matrix S = V^T V: column i of T is tau_i on the diagonal
  // and -tau_i T(0:i, 0:i) S(0:i, i) above it (LAPACK's slarft), so column i
  // of -T above the diagonal is -tau_i (-T)(0:i, 0:i) S(0:i, i).
  void formMinusT(size_t jb, size_t rows, size_t w) {
    const float* v = r_.v.data();
    float* gram = r_.gram.data();
    gemm(w, w, rows, transposed(v, rows), columnMajor(v, rows), false, gram, w);
    float* t = minusT(jb);
    std::fill(t, t + kBlock * kBlock, 0.0f);
    for (size_t i = 0; i < w; ++i) {
      const double tau = tau_[jb + i];
      t[i + i * w] = static_cast<float>(-tau);
      for (size_t r = 0; r < i; ++r) {
        double s = 0;
        for (size_t q = r; q < i; ++q) s += static_cast<double>(t[r + q * w]) * gram[q + i * w];
        t[r + i * w] = static_cast<float>(-tau * s);
      }
    }
  }

  // C += Y (V(skip:, :)^T C(skip:, :)) for C = rows jb.. of the columns
  // after the block at jb, whose first `skip` rows the caller knows are zero.
  // Each block of columns gets both products at once, on one thread, and its
  // elements the same operations whichever thread that is.
  void updateTrailing(size_t jb, size_t skip) {
    const size_t w = width(jb), rows = m_ - jb, first = jb + w, cols = n_ - first;
    const float* v = r_.v.data();
    const float* y = r_.y.data();
    const size_t perThread = (cols + threads_ - 1) / threads_;
    const size_t grain =
        std::min(kUpdateCols, (perThread + blas_.tileCols - 1) / blas_.tileCols * blas_.tileCols);
    parallelFor(cols, grain, threads_, [&](size_t begin, size_t end) {
      float* workspace = gemmWorkspace(blas_);
      for (size_t b = begin; b < end; b += kUpdateCols) {
        const size_t count = std::min(kUpdateCols, end - b);
        float* c = column(jb, first + b);
        float* z = r_.z.data() + b * w;
        blas_.gemm(w, count, rows - skip, transposed(v + skip, rows), columnMajor(c + skip, m_),
                   false, z, w, workspace);
        blas_.gemm(rows, count, w, columnMajor(y, rows), columnMajor(z, w), true, c, m_, workspace);
      }
    });
  }

  void factorBlock(size_t jb) {
    const size_t w = width(jb), rows = m_ - jb;
    factorPanel(jb, rows, w);
    loadV(jb, rows, w);
    formMinusT(jb, rows, w);
    if (jb + w == n_) return;
    // The trailing columns C get H^T = I - V T^T V^T: C += (V (-T)^T) (V^T C).
    gemm(rows, w, w, columnMajor(r_.v.data(), rows), transposed(minusT(jb), w), false, r_.y.data(),
         rows);
    updateTrailing(jb, 0);
  }

  // Columns [jb, jb + w) of Q = H1 ... Hn [I; 0], given columns jb + w on:
  // LAPACK's sorgqr, backwards one block at a time. It overwrites the block's
  // reflectors, so they are copied out first.
  void formBlock(size_t jb) {
    const size_t w = width(jb), rows = m_ - jb;
    loadV(jb, rows, w);
    const float* v = r_.v.data();
    float* y = r_.y.data();
    gemm(rows, w, w, columnMajor(v, rows), columnMajor(minusT(jb), w), false, y, rows);
    // The later columns get H = I - V T V^T: Q += (V (-T)) (V^T Q). Their rows
    // [jb, jb + w) are still zero, so V^T Q needs only the rows below.
    if (jb + w < n_) updateTrailing(jb, w);
    // The block's own columns: (I - V T V^T) [I; 0] = [I; 0] + (V (-T)) V(0:w, :)^T.
    for (size_t c = jb; c < jb + w; ++c) {
      float* col = column(0, c);
      std::fill(col, col + m_, 0.0f);
      col[c] = 1;
    }
    gemm(rows, w, w, columnMajor(y, rows), transposed(v, rows), true, column(jb, jb), m_);
  }

  const BlasTable& blas_;
  const unsigned threads_;
  float* const a_;
  const size_t m_, n_;
  float* const rSigns_;
  std::vector<float> tau_;
  std::vector<float> blockMinusT_;  // -T of every block, kBlock x kBlock each
  BlockReflector r_;
};

}  // namespace

void householderQ(const BlasTable& blas, unsigned threads, float* a, size_t m, size_t n,
                  float* rSigns) {
  if (n == 0) return;
  HouseholderQ(blas, threads, a, m, n, rSigns).run();
}

}  // namespace weightinit
