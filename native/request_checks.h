// What the native layer checks before it runs a request, on plain values the
// bindings (addon.cc, network_stats_binding.cc) read out of the JS arguments.
// No JavaScript in here, so a fuzzer can drive the checks directly and run
// the kernels on whatever they accept (test/native/fuzz_requests.cc).
#pragma once
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fill.h"
#include "network_pass.h"

namespace weightinit {

// A refused request; the bindings throw it as a JS TypeError or RangeError.
struct RequestError : std::runtime_error {
  enum class Kind { Type, Range };
  RequestError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
  Kind kind;
};

// What the binding found in an argument that should be a typed array.
enum class ArrayType { NotTypedArray, Uint32, Float32, Float64, Uint16, Other };

struct ArrayArg {
  ArrayType type = ArrayType::NotTypedArray;
  void* data = nullptr;  // may be null when length is 0 (detached, out of bounds, empty)
  size_t length = 0;     // elements
  bool resizable = false;  // a view of a resizable ArrayBuffer, which JS can shrink at any time
};

// Empty when the JS value was not a number (or a string).
using NumberArg = std::optional<double>;
using StringArg = std::optional<std::string>;

// Async requests run on a worker while JS goes on, so their memory must not
// be able to shrink under them.
enum class Form { Sync, Async };

struct FillArgs {
  StringArg distribution;
  ArrayArg out;
  ArrayArg position;
  ArrayArg params;
  NumberArg threads;
  StringArg element;
};

FillRequest checkFill(const FillArgs& args, Form form);

struct OrthogonalizeArgs {
  ArrayArg a;
  NumberArg rows, cols, threads;
};

struct OrthogonalizeRequest {
  float* a;
  size_t rows, cols;
  unsigned threads;
};

OrthogonalizeRequest checkOrthogonalize(const OrthogonalizeArgs& args, Form form);

struct LayerArgs {
  NumberArg in, out;
  ArrayArg weights;
  std::optional<ArrayArg> bias;  // empty: the layer has none
  StringArg activation;
  NumberArg param;
};

struct NetworkStatsArgs {
  NumberArg batch;
  std::vector<LayerArgs> layers;
  ArrayArg input, outputGradient;
  NumberArg threads;
};

struct NetworkStatsRequest {
  NetworkPass pass;
  unsigned threads;
};

NetworkStatsRequest checkNetworkStats(const NetworkStatsArgs& args, Form form);

}  // namespace weightinit
