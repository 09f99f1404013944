// One forward and backward pass of a dense network over a batch, returning
// the statistics the diagnostics judge it by. The contract, and the result
// layout mirrored by NetworkStatsField, is src/diagnostics/networkPass.ts.
// Plain C++, so it also runs off the event loop.
#pragma once
#include <cstddef>
#include <vector>

#include "activations.h"
#include "blas_table.h"

namespace weightinit {

// h = x W + b, then x' = phi(h); W is in x out, row-major.
struct DenseLayer {
  size_t in, out;
  const float* weights;
  const float* bias;  // out elements, or null for none
  Activation activation;
  float param;  // leaky_relu's slope, elu's alpha
};

struct NetworkPass {
  size_t batch;
  const float* input;  // batch x layers[0].in, row-major
  std::vector<DenseLayer> layers;
  const float* outputGradient;  // dL/dx_L: batch x layers.back().out
};

// One row per layer, then one for the input (x_0 and g_0).
enum NetworkStatsField : size_t {
  kHSum,
  kHSumSquares,
  kXSum,
  kXSumSquares,
  kXZeros,
  kXSaturated,
  kXUnitVariance,
  kGSum,
  kGSumSquares,
  kOverflow,
  kGradientOverflow,
  kNetworkStatsFields
};

// (layers + 1) x kNetworkStatsFields, row-major. The same numbers for every
// thread count. Throws std::bad_alloc when the activations do not fit.
std::vector<double> networkStats(const BlasTable& blas, const NetworkPass& pass, unsigned threads);

}  // namespace weightinit
