// Reads a NetworkPass object (src/diagnostics/networkPass.ts) into the plain
// values request_checks.h checks. The facade has validated it; the checks
// catch what would otherwise crash (types, array lengths, layer widths that
// do not chain) and name the offending argument and layer.
#include "network_stats_binding.h"

#include <algorithm>
#include <string>
#include <vector>

#include "addon_state.h"
#include "guarded_run.h"
#include "js_args.h"
#include "network_pass.h"
#include "promise_worker.h"
#include "request_checks.h"

namespace weightinit {
namespace {

constexpr const char* kPass = "argument 0 (pass)";

Napi::Object objectArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsObject() || v.IsArray()) throwType(v.Env(), name + " must be an object");
  return v.As<Napi::Object>();
}

// Reading the pass's properties can run getters, and a getter could detach or
// shrink an array read before it; so every property is read first, and the
// arrays' memory only after the last one.
struct PassValues {
  struct Layer {
    Napi::Value weights, bias;
  };
  std::vector<Layer> layers;
  Napi::Value input, outputGradient;
};

struct Request {
  NetworkStatsRequest checked;
  std::vector<Napi::Object> arrays;  // every typed array read, for the Promise form to hold
};

LayerArgs readLayer(const Napi::Value& v, size_t index, PassValues::Layer& arrays) {
  const Napi::Object o = objectArg(v, std::string(kPass) + ".layers[" + std::to_string(index) + "]");
  LayerArgs layer;
  layer.in = numberArg(o.Get("in"));
  layer.out = numberArg(o.Get("out"));
  arrays.weights = o.Get("weights");
  arrays.bias = o.Get("bias");
  layer.activation = stringArg(o.Get("activation"));
  layer.param = numberArg(o.Get("param"));
  return layer;
}

ArrayArg readArray(const Napi::Value& v, Form form, Request& r) {
  if (v.IsTypedArray()) r.arrays.push_back(v.As<Napi::Object>());
  return arrayArg(v, form);
}

Request readRequest(const Napi::CallbackInfo& info, Form form) {
  if (info.Length() != 2) throwType(info.Env(), "expected 2 arguments (pass, threads)");
  NetworkStatsArgs args;
  PassValues values;
  const Napi::Object pass = objectArg(info[0], kPass);
  args.batch = numberArg(pass.Get("batch"));
  const Napi::Value layers = pass.Get("layers");
  if (!layers.IsArray()) throwType(info.Env(), std::string(kPass) + ".layers must be a non-empty array");
  const Napi::Array list = layers.As<Napi::Array>();
  // One layer at a time: a huge, sparse `layers` fails at its first hole.
  const uint32_t count = list.Length();
  for (uint32_t l = 0; l < count; ++l) {
    values.layers.emplace_back();
    args.layers.push_back(readLayer(list.Get(l), l, values.layers.back()));
  }
  values.input = pass.Get("input");
  values.outputGradient = pass.Get("outputGradient");
  args.threads = numberArg(info[1]);

  Request r;
  for (size_t l = 0; l < count; ++l) {
    args.layers[l].weights = readArray(values.layers[l].weights, form, r);
    if (!values.layers[l].bias.IsUndefined()) args.layers[l].bias = readArray(values.layers[l].bias, form, r);
  }
  args.input = readArray(values.input, form, r);
  args.outputGradient = readArray(values.outputGradient, form, r);
  r.checked = checkNetworkStats(args, form);
  return r;
}

Failure guardedNetworkStats(const BlasTable& blas, const NetworkStatsRequest& r, std::vector<double>& result) {
  return runGuarded([&] { result = networkStats(blas, r.pass, r.threads); },
                    [&] {
                      return "hold the activations of a " + std::to_string(r.pass.layers.size()) +
                             "-layer pass over a batch of " + std::to_string(r.pass.batch);
                    });
}

Napi::Float64Array toArray(Napi::Env env, const std::vector<double>& result) {
  Napi::Float64Array out = Napi::Float64Array::New(env, result.size());
  std::copy(result.begin(), result.end(), out.Data());
  return out;
}

class NetworkStatsWorker : public PromiseWorker {
 public:
  NetworkStatsWorker(Napi::Env env, const BlasTable& b, Request r)
      : PromiseWorker(env), blas_(b), request_(std::move(r.checked)) {
    for (const Napi::Object& a : r.arrays) arrays_.push_back(Napi::Persistent(a));
  }

 private:
  Failure run() override { return guardedNetworkStats(blas_, request_, result_); }
  Napi::Value result() override { return toArray(Env(), result_); }

  const BlasTable& blas_;
  NetworkStatsRequest request_;
  std::vector<Napi::ObjectReference> arrays_;
  std::vector<double> result_;
};

}  // namespace

Napi::Value NetworkStats(const Napi::CallbackInfo& info) {
  const BlasTable& b = *usableDispatch(info.Env()).blas;
  const Request r = readRequest(info, Form::Sync);
  std::vector<double> result;
  const Failure failure = guardedNetworkStats(b, r.checked, result);
  if (failure) throw jsError(info.Env(), failure);
  return toArray(info.Env(), result);
}

Napi::Value NetworkStatsAsync(const Napi::CallbackInfo& info) {
  const BlasTable& b = *usableDispatch(info.Env()).blas;
  return (new NetworkStatsWorker(info.Env(), b, readRequest(info, Form::Async)))->start();
}

}  // namespace weightinit
