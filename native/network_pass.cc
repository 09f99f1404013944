#include "network_pass.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>

#include "parallel_gemm.h"

namespace weightinit {
namespace {

// Row-major batch x width matrices are column-major width x batch ones: C's
// rows are a layer's units and its columns the samples, which is how the
// GEMM and its epilogue see them.

// Per-unit sums over the batch, in double. Each unit is accumulated by one
// thread, sample by sample in order (parallelGemmThen), and the units are
// then added up in order, so no statistic depends on the thread count.
struct UnitSums {
  std::vector<double> hSum, hSquares, xSum, xSquares, zeros, saturated, gSum, gSquares;

  void reset(size_t units) {
    for (std::vector<double>* v : {&hSum, &hSquares, &xSum, &xSquares, &zeros, &saturated, &gSum, &gSquares}) {
      v->assign(units, 0.0);
    }
  }
};

using BlockFn = void (*)(void* context, float* block, size_t ldc, size_t rows, size_t cols);

// The forward epilogue of a layer: C holds x W; each block becomes
// h = x W + b, whose phi(h) goes to x and whose phi'(h) (times g_L on the
// last layer: delta_L) replaces it in C for the backward pass.
struct ForwardBlocks {
  const float* c;
  const float* bias;
  float param;
  float* x;                // same layout as C
  const float* gradient;   // g_L, same layout, on the last layer
  UnitSums* sums;
};

template <Activation A, bool kLast>
void forwardBlock(void* context, float* block, size_t ldc, size_t rows, size_t cols) {
  const ForwardBlocks& f = *static_cast<const ForwardBlocks*>(context);
  const size_t at = static_cast<size_t>(block - f.c);
  const size_t unit = at % ldc;
  UnitSums& s = *f.sums;
  double* hSum = s.hSum.data() + unit;
  double* hSquares = s.hSquares.data() + unit;
  double* xSum = s.xSum.data() + unit;
  double* xSquares = s.xSquares.data() + unit;
  double* zeros = s.zeros.data() + unit;
  double* saturated = s.saturated.data() + unit;
  double* gSum = s.gSum.data() + unit;
  double* gSquares = s.gSquares.data() + unit;
  const float* bias = f.bias + unit;
  for (size_t j = 0; j < cols; ++j) {
    float* c = block + j * ldc;
    float* x = f.x + at + j * ldc;
    for (size_t i = 0; i < rows; ++i) {
      const float h = c[i] + bias[i];
      const Activated y = activation::apply<A>(h, f.param);
      x[i] = y.value;
      hSum[i] += h;
      hSquares[i] += static_cast<double>(h) * h;
      xSum[i] += y.value;
      xSquares[i] += static_cast<double>(y.value) * y.value;
      zeros[i] += y.value == 0 ? 1.0 : 0.0;
      if (activation::saturated<A>(y.value)) saturated[i] += 1.0;
      if constexpr (kLast) {
        const float g = f.gradient[at + j * ldc + i];
        gSum[i] += g;
        gSquares[i] += static_cast<double>(g) * g;
        c[i] = g * y.derivative;
      } else {
        c[i] = y.derivative;
      }
    }
  }
}

// Indexed by Activation.
template <bool kLast>
constexpr BlockFn kForwardBlocks[] = {
    forwardBlock<Activation::Linear, kLast>, forwardBlock<Activation::Relu, kLast>,
    forwardBlock<Activation::LeakyRelu, kLast>, forwardBlock<Activation::Elu, kLast>,
    forwardBlock<Activation::Selu, kLast>, forwardBlock<Activation::Gelu, kLast>,
    forwardBlock<Activation::Silu, kLast>, forwardBlock<Activation::Tanh, kLast>,
    forwardBlock<Activation::Sigmoid, kLast>, forwardBlock<Activation::Softplus, kLast>,
};
static_assert(std::size(kForwardBlocks<false>) == static_cast<size_t>(Activation::Softplus) + 1,
              "one epilogue per activation");

// The backward epilogue through a layer: C holds g = delta W^T, the gradient
// w.r.t. the layer's input; below the first layer it also turns the layer
// beneath's phi'(h) into delta = g phi'(h), in place.
struct BackwardBlocks {
  const float* c;
  float* derivative;  // same layout as C
  UnitSums* sums;
};

template <bool kDelta>
void backwardBlock(void* context, float* block, size_t ldc, size_t rows, size_t cols) {
  const BackwardBlocks& b = *static_cast<const BackwardBlocks*>(context);
  const size_t at = static_cast<size_t>(block - b.c);
  double* gSum = b.sums->gSum.data() + at % ldc;
  double* gSquares = b.sums->gSquares.data() + at % ldc;
  for (size_t j = 0; j < cols; ++j) {
    const float* g = block + j * ldc;
    for (size_t i = 0; i < rows; ++i) {
      gSum[i] += g[i];
      gSquares[i] += static_cast<double>(g[i]) * g[i];
    }
    if constexpr (kDelta) {
      float* d = b.derivative + at + j * ldc;
      for (size_t i = 0; i < rows; ++i) d[i] *= g[i];
    }
  }
}

// A sum of squares of float32 values cannot overflow a double (2^128 squared
// times 2^64 terms is far below 2^1024), so it is finite exactly when all
// the values were: one test per row finds any inf or NaN.

// Writes the h and x fields of a row; false, writing nothing, when a value
// was not finite.
bool writeForwardRow(const UnitSums& s, size_t units, size_t batch, double* row) {
  double hSum = 0, hSquares = 0, xSum = 0, xSquares = 0, zeros = 0, saturated = 0, variance = 0;
  for (size_t u = 0; u < units; ++u) {
    hSum += s.hSum[u];
    hSquares += s.hSquares[u];
    xSum += s.xSum[u];
    xSquares += s.xSquares[u];
    zeros += s.zeros[u];
    saturated += s.saturated[u];
    const double mean = s.xSum[u] / batch;
    variance += std::max(0.0, s.xSquares[u] / batch - mean * mean);
  }
  if (!std::isfinite(hSquares) || !std::isfinite(xSquares)) return false;
  row[kHSum] = hSum;
  row[kHSumSquares] = hSquares;
  row[kXSum] = xSum;
  row[kXSumSquares] = xSquares;
  row[kXZeros] = zeros;
  row[kXSaturated] = saturated;
  row[kXUnitVariance] = variance / units;
  return true;
}

bool writeGradientRow(const UnitSums& s, size_t units, double* row) {
  double sum = 0, squares = 0;
  for (size_t u = 0; u < units; ++u) {
    sum += s.gSum[u];
    squares += s.gSquares[u];
  }
  if (!std::isfinite(squares)) return false;
  row[kGSum] = sum;
  row[kGSumSquares] = squares;
  return true;
}

// rows x cols floats, left uninitialized; a size past the address space is
// as much a shortage of memory as any other.
std::unique_ptr<float[]> floats(size_t rows, size_t cols) {
  if (cols != 0 && rows > SIZE_MAX / sizeof(float) / cols) throw std::bad_alloc();
  return std::unique_ptr<float[]>(new float[rows * cols]);
}

// One pass: its buffers, and the result rows it fills in.
class Run {
 public:
  Run(const BlasTable& blas, const NetworkPass& pass, unsigned threads, std::vector<double>& result)
      : blas_(blas), pass_(pass), threads_(threads), depth_(pass.layers.size()), result_(result) {
    size_t widestIn = 0, widestOut = 0;
    for (const DenseLayer& layer : pass.layers) {
      derivatives_.push_back(floats(pass.batch, layer.out));
      widestIn = std::max(widestIn, layer.in);
      widestOut = std::max(widestOut, layer.out);
    }
    x_[0] = floats(pass.batch, widestOut);
    x_[1] = floats(pass.batch, widestOut);
    g_ = floats(pass.batch, widestIn);
    zeroBias_.assign(widestOut, 0.0f);
  }

  // Flags follow the order of computation: the input, layers 1..L forward,
  // then the gradients from g_L down to g_0. A non-finite value flags its
  // row and every row computed after it, whose fields stay 0.
  void all() {
    if (!inputRow()) {
      for (size_t r = 0; r <= depth_; ++r) row(r)[kOverflow] = 1;
      flagGradients(depth_);
      return;
    }
    for (size_t l = 0; l < depth_; ++l) {
      if (!forward(l)) {
        for (size_t r = l; r < depth_; ++r) row(r)[kOverflow] = 1;
        flagGradients(depth_);
        return;
      }
    }
    if (!writeGradientRow(sums_, pass_.layers.back().out, row(depth_ - 1))) {
      flagGradients(depth_);
      return;
    }
    for (size_t l = depth_; l-- > 0;) {
      if (!backward(l)) {
        flagGradients(l);
        return;
      }
    }
  }

 private:
  double* row(size_t r) { return result_.data() + r * kNetworkStatsFields; }

  // The gradients of the first `layers` layers' outputs and of the input
  // are not finite, or were never computed.
  void flagGradients(size_t layers) {
    for (size_t r = 0; r < layers; ++r) row(r)[kGradientOverflow] = 1;
    row(depth_)[kGradientOverflow] = 1;
  }

  bool inputRow() {
    const size_t width = pass_.layers.front().in;
    sums_.reset(width);
    for (size_t j = 0; j < pass_.batch; ++j) {
      const float* x = pass_.input + j * width;
      for (size_t i = 0; i < width; ++i) {
        sums_.xSum[i] += x[i];
        sums_.xSquares[i] += static_cast<double>(x[i]) * x[i];
        sums_.zeros[i] += x[i] == 0 ? 1.0 : 0.0;
      }
    }
    return writeForwardRow(sums_, width, pass_.batch, row(depth_));
  }

  bool forward(size_t l) {
    const DenseLayer& layer = pass_.layers[l];
    const bool last = l + 1 == depth_;
    const float* in = l == 0 ? pass_.input : x_[(l - 1) % 2].get();
    float* c = derivatives_[l].get();
    ForwardBlocks blocks{c, layer.bias != nullptr ? layer.bias : zeroBias_.data(), layer.param,
                         x_[l % 2].get(), last ? pass_.outputGradient : nullptr, &sums_};
    const size_t kind = static_cast<size_t>(layer.activation);
    const BlockFn epilogue = last ? kForwardBlocks<true>[kind] : kForwardBlocks<false>[kind];
    sums_.reset(layer.out);
    parallelGemmThen(blas_, threads_, layer.out, pass_.batch, layer.in, {layer.weights, 1, layer.out},
                     {in, 1, layer.in}, c, layer.out, {epilogue, &blocks});
    return writeForwardRow(sums_, layer.out, pass_.batch, row(l));
  }

  // From delta_l (in derivatives_[l]), g_{l-1} = delta_l W_l^T.
  bool backward(size_t l) {
    const DenseLayer& layer = pass_.layers[l];
    BackwardBlocks blocks{g_.get(), l > 0 ? derivatives_[l - 1].get() : nullptr, &sums_};
    sums_.reset(layer.in);
    parallelGemmThen(blas_, threads_, layer.in, pass_.batch, layer.out, {layer.weights, layer.out, 1},
                     {derivatives_[l].get(), 1, layer.out}, g_.get(), layer.in,
                     {l > 0 ? backwardBlock<true> : backwardBlock<false>, &blocks});
    return writeGradientRow(sums_, layer.in, row(l > 0 ? l - 1 : depth_));
  }

  const BlasTable& blas_;
  const NetworkPass& pass_;
  const unsigned threads_;
  const size_t depth_;
  std::vector<double>& result_;
  UnitSums sums_;
  std::vector<std::unique_ptr<float[]>> derivatives_;  // phi'(h_l), then delta_l
  std::unique_ptr<float[]> x_[2];                      // x_l, alternating
  std::unique_ptr<float[]> g_;
  std::vector<float> zeroBias_;
};

}  // namespace

std::vector<double> networkStats(const BlasTable& blas, const NetworkPass& pass, unsigned threads) {
  std::vector<double> result((pass.layers.size() + 1) * kNetworkStatsFields, 0.0);
  Run(blas, pass, threads, result).all();
  return result;
}

}  // namespace weightinit
