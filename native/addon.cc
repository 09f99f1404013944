// The JavaScript boundary of the native backend. The TypeScript facade has
// already validated everything a user passes; this layer checks again only what
// would otherwise crash the process (types, buffer lengths, ranges) and turns
// it into a JS exception.
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "dispatch.h"
#include "fill.h"
#include "js_args.h"
#include "network_stats_binding.h"
#include "orthogonalize.h"
#include "thread_pool.h"

namespace weightinit {
namespace {

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

const Kind& parseKind(const Napi::Value& v) {
  if (v.IsString()) {
    const std::string name = v.As<Napi::String>().Utf8Value();
    for (const Kind& k : kKinds) {
      if (name == k.name) return k;
    }
  }
  throwType(v.Env(), "argument 0 (distribution) must be 'bits', 'uniform', 'normal' or 'truncatedNormal'");
}

// A Uint16Array holds float16 or bfloat16 bits; `element` (argument 5) says which.
Element halfElement(const Napi::Value& element) {
  const std::string name = element.IsString() ? element.As<Napi::String>().Utf8Value() : "";
  if (name == "float16") return Element::Float16;
  if (name == "bfloat16") return Element::BFloat16;
  throwType(element.Env(), "argument 5 (element) must be 'float16' or 'bfloat16' for a Uint16Array");
}

void parseOut(const Napi::Value& v, const Napi::Value& element, const Kind& kind, FillRequest& r) {
  if (!v.IsTypedArray()) throwType(v.Env(), "argument 1 (out) must be a typed array");
  const Napi::TypedArray array = v.As<Napi::TypedArray>();
  const napi_typedarray_type type = array.TypedArrayType();
  if (kind.distribution == Distribution::Bits) {
    if (type != napi_uint32_array) throwType(v.Env(), "argument 1 (out) must be a Uint32Array for 'bits'");
    r.element = Element::Uint32;
  } else if (type == napi_float32_array) {
    r.element = Element::Float32;
  } else if (type == napi_float64_array) {
    r.element = Element::Float64;
  } else if (type == napi_uint16_array) {
    r.element = halfElement(element);
  } else {
    throwType(v.Env(), "argument 1 (out) must be a Float32Array, Float64Array or Uint16Array");
  }
  r.n = array.ElementLength();
  r.out = r.n == 0 ? nullptr
                   : static_cast<uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
  if (r.n != 0 && r.out == nullptr) throwType(v.Env(), "argument 1 (out) is detached");
}

void parsePosition(const Napi::Value& v, FillRequest& r) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array ||
      v.As<Napi::TypedArray>().ElementLength() != kPositionWords) {
    throwType(v.Env(), "argument 2 (position) must be a Uint32Array of length 7");
  }
  const Napi::Uint32Array p = v.As<Napi::Uint32Array>();
  if (p.Data() == nullptr) throwType(v.Env(), "argument 2 (position) is detached");
  r.key0 = p[0];
  r.key1 = p[1];
  r.stream0 = p[2];
  r.stream1 = p[3];
  r.firstBlock = (static_cast<uint64_t>(p[5]) << 32) | p[4];
  r.phase = p[6];
  if (r.phase > 3) throwRange(v.Env(), "argument 2 (position): phase must be 0..3");
  // The last element's block must still be a 64-bit block index.
  const uint64_t blocksAfterFirst = r.n == 0 ? 0 : (static_cast<uint64_t>(r.phase) + r.n - 1) / 4;
  if (r.firstBlock > UINT64_MAX - blocksAfterFirst) {
    throwRange(v.Env(), "argument 2 (position): the fill runs past the end of the stream (2^66 words)");
  }
}

void parseParams(const Napi::Value& v, const Kind& kind, FillRequest& r) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
      v.As<Napi::TypedArray>().ElementLength() != kind.paramCount) {
    throwType(v.Env(), std::string("argument 3 (params) must be a Float32Array of length ") +
                           std::to_string(kind.paramCount) + " for '" + kind.name + "'");
  }
  const Napi::Float32Array p = v.As<Napi::Float32Array>();
  if (kind.paramCount != 0 && p.Data() == nullptr) throwType(v.Env(), "argument 3 (params) is detached");
  switch (kind.distribution) {
    case Distribution::Uniform: r.uniform = {p[0], p[1], p[2]}; break;
    case Distribution::Normal: r.normal = {p[0], p[1]}; break;
    case Distribution::TruncatedNormal:
      r.truncatedNormal = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
      break;
    case Distribution::Bits: break;
  }
}

FillRequest parseRequest(const Napi::CallbackInfo& info) {
  if (info.Length() != 5 && info.Length() != 6) {
    throwType(info.Env(), "expected 5 or 6 arguments (distribution, out, position, params, threads[, element])");
  }
  FillRequest r{};
  const Kind& kind = parseKind(info[0]);
  r.distribution = kind.distribution;
  parseOut(info[1], info[5], kind, r);
  parsePosition(info[2], r);
  parseParams(info[3], kind, r);
  r.threads = parseThreads(info[4], "argument 4 (threads)");
  return r;
}

const KernelTable& kernels(Napi::Env env) {
  const Dispatch& d = dispatch();
  if (!d.error.empty()) throwRange(env, d.error);
  return *d.kernels;
}

Napi::Value Fill(const Napi::CallbackInfo& info) {
  const KernelTable& k = kernels(info.Env());
  const FillRequest r = parseRequest(info);
  runFill(k, r);
  return info.Env().Undefined();
}

// Runs the fill on a libuv worker thread; the reference keeps `out` alive.
class FillWorker : public Napi::AsyncWorker {
 public:
  FillWorker(Napi::Env env, const KernelTable& k, const FillRequest& r, Napi::Object out)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), kernels_(k), request_(r),
        out_(Napi::Persistent(out)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override { runFill(kernels_, request_); }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  const KernelTable& kernels_;
  FillRequest request_;
  Napi::ObjectReference out_;
};

Napi::Value FillAsync(const Napi::CallbackInfo& info) {
  const KernelTable& k = kernels(info.Env());
  const FillRequest r = parseRequest(info);
  auto* worker = new FillWorker(info.Env(), k, r, info[1].As<Napi::Object>());
  const Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

struct OrthogonalizeRequest {
  float* a;
  size_t rows, cols;
  unsigned threads;
};

// Below 2^32 each, so that rows * cols cannot overflow 64 bits.
constexpr double kMaxDimension = 4294967295.0;

size_t parseDimension(const Napi::Value& v, const std::string& argument) {
  if (!v.IsNumber()) throwType(v.Env(), argument + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= kMaxDimension) || d != static_cast<double>(static_cast<uint64_t>(d))) {
    throwRange(v.Env(), argument + " must be an integer from 0 to 4294967295");
  }
  return static_cast<size_t>(d);
}

OrthogonalizeRequest parseOrthogonalize(const Napi::CallbackInfo& info) {
  if (info.Length() != 4) throwType(info.Env(), "expected 4 arguments (a, rows, cols, threads)");
  const Napi::Value a = info[0];
  if (!a.IsTypedArray() || a.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throwType(info.Env(), "argument 0 (a) must be a Float32Array");
  }
  OrthogonalizeRequest r{};
  r.rows = parseDimension(info[1], "argument 1 (rows)");
  r.cols = parseDimension(info[2], "argument 2 (cols)");
  r.threads = parseThreads(info[3], "argument 3 (threads)");
  Napi::Float32Array array = a.As<Napi::Float32Array>();
  const uint64_t size = static_cast<uint64_t>(r.rows) * r.cols;
  if (size != array.ElementLength()) {
    throwRange(info.Env(), "argument 0 (a) must hold rows * cols = " + std::to_string(size) +
                               " elements, got " + std::to_string(array.ElementLength()));
  }
  r.a = size == 0 ? nullptr : array.Data();
  return r;
}

// Returns an error message, empty on success.
std::string runOrthogonalize(const BlasTable& blas, const OrthogonalizeRequest& r) {
  try {
    orthogonalize(blas, r.a, r.rows, r.cols, r.threads);
    return "";
  } catch (const std::bad_alloc&) {
    return "weightinit native: not enough memory to orthogonalize a " + std::to_string(r.rows) + " x " +
           std::to_string(r.cols) + " matrix";
  }
}

const BlasTable& blas(Napi::Env env) {
  kernels(env);  // throws when WEIGHTINIT_SIMD names an unusable level
  return *dispatch().blas;
}

Napi::Value Orthogonalize(const Napi::CallbackInfo& info) {
  const BlasTable& b = blas(info.Env());
  const std::string error = runOrthogonalize(b, parseOrthogonalize(info));
  if (!error.empty()) throw Napi::RangeError::New(info.Env(), error);
  return info.Env().Undefined();
}

// Runs orthogonalize on a libuv worker thread; the reference keeps `a` alive.
class OrthogonalizeWorker : public Napi::AsyncWorker {
 public:
  OrthogonalizeWorker(Napi::Env env, const BlasTable& b, const OrthogonalizeRequest& r, Napi::Object a)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), blas_(b), request_(r),
        a_(Napi::Persistent(a)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    const std::string error = runOrthogonalize(blas_, request_);
    if (!error.empty()) SetError(error);
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  const BlasTable& blas_;
  OrthogonalizeRequest request_;
  Napi::ObjectReference a_;
};

Napi::Value OrthogonalizeAsync(const Napi::CallbackInfo& info) {
  const BlasTable& b = blas(info.Env());
  const OrthogonalizeRequest r = parseOrthogonalize(info);
  auto* worker = new OrthogonalizeWorker(info.Env(), b, r, info[0].As<Napi::Object>());
  const Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Dispatch& d = dispatch();
  Napi::Object o = Napi::Object::New(env);
  o.Set("simd", d.kernels->name);
  o.Set("simdError", d.error);
  o.Set("supportedSimd", supportedSimdLevels());
  o.Set("threads", hardwareThreads());
  o.Set("maxThreads", kMaxThreads);
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("fill", Napi::Function::New(env, Fill, "fill"));
  exports.Set("fillAsync", Napi::Function::New(env, FillAsync, "fillAsync"));
  exports.Set("orthogonalize", Napi::Function::New(env, Orthogonalize, "orthogonalize"));
  exports.Set("orthogonalizeAsync", Napi::Function::New(env, OrthogonalizeAsync, "orthogonalizeAsync"));
  exports.Set("networkStats", Napi::Function::New(env, NetworkStats, "networkStats"));
  exports.Set("networkStatsAsync", Napi::Function::New(env, NetworkStatsAsync, "networkStatsAsync"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  return exports;
}

}  // namespace
}  // namespace weightinit

static Napi::Object InitWeightinit(Napi::Env env, Napi::Object exports) {
  return weightinit::Init(env, exports);
}

NODE_API_MODULE(weightinit, InitWeightinit)
