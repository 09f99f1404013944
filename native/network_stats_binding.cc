// Reads a NetworkPass object (src/diagnostics/networkPass.ts) into plain C++.
// The facade has validated it; this checks again what would otherwise crash
// (types, array lengths, layer widths that do not chain) and names the
// offending argument and layer.
#include "network_stats_binding.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "dispatch.h"
#include "js_args.h"
#include "network_pass.h"

namespace weightinit {
namespace {

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

constexpr const char* kPass = "argument 0 (pass)";

// Below 2^32 each, so that the product of two cannot overflow 64 bits.
constexpr double kMaxDimension = 4294967295.0;

struct Request {
  NetworkPass pass;
  unsigned threads;
  std::vector<Napi::Object> arrays;  // every typed array read, for the async form to hold
};

size_t parseWidth(const Napi::Value& v, const std::string& name) {
  if (!v.IsNumber()) throwType(v.Env(), name + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 1 && d <= kMaxDimension) || d != static_cast<double>(static_cast<uint64_t>(d))) {
    throwRange(v.Env(), name + " must be an integer from 1 to 4294967295");
  }
  return static_cast<size_t>(d);
}

const float* parseFloats(const Napi::Value& v, uint64_t length, const std::string& name, const std::string& size,
                         Request& r) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throwType(v.Env(), name + " must be a Float32Array");
  }
  const Napi::Float32Array a = v.As<Napi::Float32Array>();
  if (a.ElementLength() != length) {
    throwRange(v.Env(), name + " must hold " + size + " = " + std::to_string(length) + " elements, got " +
                            std::to_string(a.ElementLength()));
  }
  r.arrays.push_back(a);
  return a.Data();
}

Activation parseActivation(const Napi::Value& v, const std::string& name) {
  const std::string given = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  std::string names;
  for (const ActivationName& a : kActivations) {
    if (given == a.name) return a.activation;
    names += std::string(names.empty() ? "'" : ", '") + a.name + "'";
  }
  throwType(v.Env(), name + " must be one of " + names);
}

Napi::Object parseObject(const Napi::Value& v, const std::string& name) {
  if (!v.IsObject() || v.IsArray()) throwType(v.Env(), name + " must be an object");
  return v.As<Napi::Object>();
}

DenseLayer parseLayer(const Napi::Value& v, size_t index, Request& r) {
  const std::string name = std::string(kPass) + ".layers[" + std::to_string(index) + "]";
  const Napi::Object o = parseObject(v, name);
  DenseLayer layer{};
  layer.in = parseWidth(o.Get("in"), name + ".in");
  layer.out = parseWidth(o.Get("out"), name + ".out");
  if (index > 0 && layer.in != r.pass.layers.back().out) {
    throwRange(v.Env(), name + ".in (" + std::to_string(layer.in) + ") must equal layers[" +
                            std::to_string(index - 1) + "].out (" + std::to_string(r.pass.layers.back().out) + ")");
  }
  layer.weights = parseFloats(o.Get("weights"), static_cast<uint64_t>(layer.in) * layer.out, name + ".weights",
                              "in * out", r);
  const Napi::Value bias = o.Get("bias");
  layer.bias = bias.IsUndefined() ? nullptr : parseFloats(bias, layer.out, name + ".bias", "out", r);
  layer.activation = parseActivation(o.Get("activation"), name + ".activation");
  const Napi::Value param = o.Get("param");
  if (!param.IsNumber()) throwType(v.Env(), name + ".param must be a number");
  layer.param = static_cast<float>(param.As<Napi::Number>().DoubleValue());
  return layer;
}

Request parseRequest(const Napi::CallbackInfo& info) {
  if (info.Length() != 2) throwType(info.Env(), "expected 2 arguments (pass, threads)");
  Request r{};
  const Napi::Object pass = parseObject(info[0], kPass);
  r.pass.batch = parseWidth(pass.Get("batch"), std::string(kPass) + ".batch");
  const Napi::Value layers = pass.Get("layers");
  if (!layers.IsArray() || layers.As<Napi::Array>().Length() == 0) {
    throwType(info.Env(), std::string(kPass) + ".layers must be a non-empty array");
  }
  const Napi::Array list = layers.As<Napi::Array>();
  for (uint32_t l = 0; l < list.Length(); ++l) r.pass.layers.push_back(parseLayer(list.Get(l), l, r));
  const uint64_t batch = r.pass.batch;
  r.pass.input = parseFloats(pass.Get("input"), batch * r.pass.layers.front().in, std::string(kPass) + ".input",
                             "batch * layers[0].in", r);
  r.pass.outputGradient = parseFloats(pass.Get("outputGradient"), batch * r.pass.layers.back().out,
                                      std::string(kPass) + ".outputGradient", "batch * layers[L-1].out", r);
  r.threads = parseThreads(info[1], "argument 1 (threads)");
  return r;
}

const BlasTable& usableBlas(Napi::Env env) {
  const Dispatch& d = dispatch();
  if (!d.error.empty()) throwRange(env, d.error);
  return *d.blas;
}

// Returns an error message, empty on success.
std::string run(const BlasTable& blas, const Request& r, std::vector<double>& result) {
  try {
    result = networkStats(blas, r.pass, r.threads);
    return "";
  } catch (const std::bad_alloc&) {
    return "weightinit native: not enough memory for the activations of a " +
           std::to_string(r.pass.layers.size()) + "-layer pass over a batch of " + std::to_string(r.pass.batch);
  }
}

Napi::Float64Array toArray(Napi::Env env, const std::vector<double>& result) {
  Napi::Float64Array out = Napi::Float64Array::New(env, result.size());
  std::copy(result.begin(), result.end(), out.Data());
  return out;
}

// Runs the pass on a libuv worker thread; the references keep every array it
// reads alive.
class NetworkStatsWorker : public Napi::AsyncWorker {
 public:
  NetworkStatsWorker(Napi::Env env, const BlasTable& b, Request r)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), blas_(b), request_(std::move(r)) {
    for (const Napi::Object& a : request_.arrays) arrays_.push_back(Napi::Persistent(a));
    request_.arrays.clear();
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    const std::string error = run(blas_, request_, result_);
    if (!error.empty()) SetError(error);
  }
  void OnOK() override { deferred_.Resolve(toArray(Env(), result_)); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  const BlasTable& blas_;
  Request request_;
  std::vector<Napi::ObjectReference> arrays_;
  std::vector<double> result_;
};

}  // namespace

Napi::Value NetworkStats(const Napi::CallbackInfo& info) {
  const BlasTable& b = usableBlas(info.Env());
  const Request r = parseRequest(info);
  std::vector<double> result;
  const std::string error = run(b, r, result);
  if (!error.empty()) throw Napi::RangeError::New(info.Env(), error);
  return toArray(info.Env(), result);
}

Napi::Value NetworkStatsAsync(const Napi::CallbackInfo& info) {
  const BlasTable& b = usableBlas(info.Env());
  auto* worker = new NetworkStatsWorker(info.Env(), b, parseRequest(info));
  const Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace weightinit
