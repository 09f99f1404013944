#include "request_checks.h"

#include <cstdint>

#include "thread_pool.h"

namespace weightinit {
namespace {

[[noreturn]] void refuseType(const std::string& message) {
  throw RequestError(RequestError::Kind::Type, message);
}

[[noreturn]] void refuseRange(const std::string& message) {
  throw RequestError(RequestError::Kind::Range, message);
}

// Below 2^32 each, so that the product of two cannot overflow 64 bits.
constexpr double kMaxDimension = 4294967295.0;

bool isInteger(double d) { return d == static_cast<double>(static_cast<uint64_t>(d)); }

unsigned checkThreads(const NumberArg& v, const std::string& argument) {
  if (!v) refuseType(argument + " must be a number");
  const double t = *v;
  if (!(t >= 1 && t <= kMaxThreads) || !isInteger(t)) {
    refuseRange(argument + " must be an integer from 1 to " + std::to_string(kMaxThreads));
  }
  return static_cast<unsigned>(t);
}

size_t checkDimension(const NumberArg& v, const std::string& argument, double least) {
  if (!v) refuseType(argument + " must be a number");
  const double d = *v;
  if (!(d >= least && d <= kMaxDimension) || !isInteger(d)) {
    refuseRange(argument + " must be an integer from " + std::to_string(static_cast<int>(least)) +
                " to 4294967295");
  }
  return static_cast<size_t>(d);
}

// Sync calls are safe with any buffer: no JS runs until they return. An empty
// view is safe too: the work does not touch it.
void checkCannotShrink(const ArrayArg& a, Form form, const std::string& argument) {
  if (form == Form::Async && a.resizable && a.length != 0) {
    refuseType(argument + " must not be a view of a resizable ArrayBuffer in the Promise form: shrinking it "
                          "while the work runs off the event loop would take its memory away");
  }
}

void checkAttached(const ArrayArg& a, const std::string& argument) {
  if (a.length != 0 && a.data == nullptr) refuseType(argument + " is detached");
}

// ---- fill

constexpr size_t kPositionWords = 7;  // key0 key1 stream0 stream1 blockLo blockHi phase

struct Kind {
  const char* name;
  Distribution distribution;
  size_t paramCount;
};

constexpr Kind kKinds[] = {
    {"bits", Distribution::Bits, 0},
    {"uniform", Distribution::Uniform, 3},
    {"normal", Distribution::Normal, 2},
    {"truncatedNormal", Distribution::TruncatedNormal, 7},
};

const Kind& kindOf(const StringArg& name) {
  if (name) {
    for (const Kind& k : kKinds) {
      if (*name == k.name) return k;
    }
  }
  refuseType("argument 0 (distribution) must be 'bits', 'uniform', 'normal' or 'truncatedNormal'");
}

// A Uint16Array holds float16 or bfloat16 bits; `element` (argument 5) says which.
Element halfElement(const StringArg& element) {
  if (element == "float16") return Element::Float16;
  if (element == "bfloat16") return Element::BFloat16;
  refuseType("argument 5 (element) must be 'float16' or 'bfloat16' for a Uint16Array");
}

Element outElement(const FillArgs& args, const Kind& kind) {
  const ArrayType type = args.out.type;
  if (type == ArrayType::NotTypedArray) refuseType("argument 1 (out) must be a typed array");
  if (kind.distribution == Distribution::Bits) {
    if (type != ArrayType::Uint32) refuseType("argument 1 (out) must be a Uint32Array for 'bits'");
    return Element::Uint32;
  }
  switch (type) {
    case ArrayType::Float32: return Element::Float32;
    case ArrayType::Float64: return Element::Float64;
    case ArrayType::Uint16: return halfElement(args.element);
    default: refuseType("argument 1 (out) must be a Float32Array, Float64Array or Uint16Array");
  }
}

// Reads the position words once each: a SharedArrayBuffer's may change under us.
void checkPosition(const ArrayArg& position, FillRequest& r) {
  const std::string argument = "argument 2 (position)";
  if (position.type != ArrayType::Uint32 || position.length != kPositionWords) {
    refuseType(argument + " must be a Uint32Array of length 7");
  }
  checkAttached(position, argument);
  uint32_t p[kPositionWords];
  for (size_t i = 0; i < kPositionWords; ++i) p[i] = static_cast<const uint32_t*>(position.data)[i];
  r.key0 = p[0];
  r.key1 = p[1];
  r.stream0 = p[2];
  r.stream1 = p[3];
  r.firstBlock = (static_cast<uint64_t>(p[5]) << 32) | p[4];
  r.phase = p[6];
  if (r.phase > 3) refuseRange(argument + ": phase must be 0..3");
  // The last element's block must still be a 64-bit block index.
  const uint64_t blocksAfterFirst = r.n == 0 ? 0 : (static_cast<uint64_t>(r.phase) + r.n - 1) / 4;
  if (r.firstBlock > UINT64_MAX - blocksAfterFirst) {
    refuseRange(argument + ": the fill runs past the end of the stream (2^66 words)");
  }
}

void checkParams(const ArrayArg& params, const Kind& kind, FillRequest& r) {
  const std::string argument = "argument 3 (params)";
  if (params.type != ArrayType::Float32 || params.length != kind.paramCount) {
    refuseType(argument + " must be a Float32Array of length " + std::to_string(kind.paramCount) + " for '" +
               kind.name + "'");
  }
  checkAttached(params, argument);
  const float* p = static_cast<const float*>(params.data);
  switch (kind.distribution) {
    case Distribution::Uniform: r.uniform = {p[0], p[1], p[2]}; break;
    case Distribution::Normal: r.normal = {p[0], p[1]}; break;
    case Distribution::TruncatedNormal:
      r.truncatedNormal = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
      break;
    case Distribution::Bits: break;
  }
}

// ---- networkStats

constexpr const char* kPass = "argument 0 (pass)";

struct ActivationName {
  const char* name;
  Activation activation;
};

constexpr ActivationName kActivations[] = {
    {"linear", Activation::Linear}, {"relu", Activation::Relu}, {"leaky_relu", Activation::LeakyRelu},
    {"elu", Activation::Elu},       {"selu", Activation::Selu}, {"gelu", Activation::Gelu},
    {"silu", Activation::Silu},     {"tanh", Activation::Tanh}, {"sigmoid", Activation::Sigmoid},
    {"softplus", Activation::Softplus},
};

Activation checkActivation(const StringArg& given, const std::string& argument) {
  std::string names;
  for (const ActivationName& a : kActivations) {
    if (given == a.name) return a.activation;
    names += std::string(names.empty() ? "'" : ", '") + a.name + "'";
  }
  refuseType(argument + " must be one of " + names);
}

const float* checkFloats(const ArrayArg& a, uint64_t length, const std::string& argument, const std::string& size,
                         Form form) {
  if (a.type != ArrayType::Float32) refuseType(argument + " must be a Float32Array");
  if (a.length != length) {
    refuseRange(argument + " must hold " + size + " = " + std::to_string(length) + " elements, got " +
                std::to_string(a.length));
  }
  checkAttached(a, argument);
  checkCannotShrink(a, form, argument);
  return static_cast<const float*>(a.data);
}

DenseLayer checkLayer(const LayerArgs& args, size_t index, const DenseLayer* previous, Form form) {
  const std::string argument = std::string(kPass) + ".layers[" + std::to_string(index) + "]";
  DenseLayer layer{};
  layer.in = checkDimension(args.in, argument + ".in", 1);
  layer.out = checkDimension(args.out, argument + ".out", 1);
  if (previous != nullptr && layer.in != previous->out) {
    refuseRange(argument + ".in (" + std::to_string(layer.in) + ") must equal layers[" + std::to_string(index - 1) +
                "].out (" + std::to_string(previous->out) + ")");
  }
  layer.weights = checkFloats(args.weights, static_cast<uint64_t>(layer.in) * layer.out, argument + ".weights",
                              "in * out", form);
  layer.bias = args.bias ? checkFloats(*args.bias, layer.out, argument + ".bias", "out", form) : nullptr;
  layer.activation = checkActivation(args.activation, argument + ".activation");
  if (!args.param) refuseType(argument + ".param must be a number");
  layer.param = static_cast<float>(*args.param);
  return layer;
}

}  // namespace

FillRequest checkFill(const FillArgs& args, Form form) {
  FillRequest r{};
  const Kind& kind = kindOf(args.distribution);
  r.distribution = kind.distribution;
  r.element = outElement(args, kind);
  r.n = args.out.length;
  r.out = r.n == 0 ? nullptr : args.out.data;
  checkAttached(args.out, "argument 1 (out)");
  checkCannotShrink(args.out, form, "argument 1 (out)");
  checkPosition(args.position, r);
  checkParams(args.params, kind, r);
  r.threads = checkThreads(args.threads, "argument 4 (threads)");
  return r;
}

OrthogonalizeRequest checkOrthogonalize(const OrthogonalizeArgs& args, Form form) {
  const std::string argument = "argument 0 (a)";
  if (args.a.type != ArrayType::Float32) refuseType(argument + " must be a Float32Array");
  OrthogonalizeRequest r{};
  r.rows = checkDimension(args.rows, "argument 1 (rows)", 0);
  r.cols = checkDimension(args.cols, "argument 2 (cols)", 0);
  r.threads = checkThreads(args.threads, "argument 3 (threads)");
  const uint64_t size = static_cast<uint64_t>(r.rows) * r.cols;
  if (size != args.a.length) {
    refuseRange(argument + " must hold rows * cols = " + std::to_string(size) + " elements, got " +
                std::to_string(args.a.length));
  }
  checkAttached(args.a, argument);
  checkCannotShrink(args.a, form, argument);
  r.a = size == 0 ? nullptr : static_cast<float*>(args.a.data);
  return r;
}

NetworkStatsRequest checkNetworkStats(const NetworkStatsArgs& args, Form form) {
  NetworkStatsRequest r{};
  r.pass.batch = checkDimension(args.batch, std::string(kPass) + ".batch", 1);
  if (args.layers.empty()) refuseType(std::string(kPass) + ".layers must be a non-empty array");
  for (size_t l = 0; l < args.layers.size(); ++l) {
    const DenseLayer* previous = l == 0 ? nullptr : &r.pass.layers.back();
    r.pass.layers.push_back(checkLayer(args.layers[l], l, previous, form));
  }
  const uint64_t batch = r.pass.batch;
  r.pass.input = checkFloats(args.input, batch * r.pass.layers.front().in, std::string(kPass) + ".input",
                             "batch * layers[0].in", form);
  r.pass.outputGradient = checkFloats(args.outputGradient, batch * r.pass.layers.back().out,
                                      std::string(kPass) + ".outputGradient", "batch * layers[L-1].out", form);
  r.threads = checkThreads(args.threads, "argument 1 (threads)");
  return r;
}

}  // namespace weightinit
