// The JavaScript boundary of the native backend. The TypeScript facade has
// already validated everything a user passes; this layer checks again only what
// would otherwise crash the process (types, buffer lengths, ranges: see
// request_checks.h) and turns it into a JS exception.
#include <napi.h>

#include <string>

#include "addon_state.h"
#include "fill.h"
#include "guarded_run.h"
#include "js_args.h"
#include "network_stats_binding.h"
#include "orthogonalize.h"
#include "promise_worker.h"
#include "request_checks.h"
#include "thread_pool.h"

namespace weightinit {
namespace {

FillRequest fillRequest(const Napi::CallbackInfo& info, Form form) {
  if (info.Length() != 5 && info.Length() != 6) {
    throwType(info.Env(), "expected 5 or 6 arguments (distribution, out, position, params, threads[, element])");
  }
  FillArgs args;
  args.distribution = stringArg(info[0]);
  args.out = arrayArg(info[1], form);
  args.position = arrayArg(info[2], Form::Sync);  // read here, once
  args.params = arrayArg(info[3], Form::Sync);
  args.threads = numberArg(info[4]);
  args.element = stringArg(info[5]);
  return checkFill(args, form);
}

Failure guardedFill(const KernelTable& k, const FillRequest& r) {
  return runGuarded([&] { runFill(k, r); }, [&] { return "fill " + std::to_string(r.n) + " elements"; });
}

Napi::Value Fill(const Napi::CallbackInfo& info) {
  const KernelTable& k = *usableDispatch(info.Env()).kernels;
  const Failure failure = guardedFill(k, fillRequest(info, Form::Sync));
  if (failure) throw jsError(info.Env(), failure);
  return info.Env().Undefined();
}

class FillWorker : public PromiseWorker {
 public:
  FillWorker(Napi::Env env, const KernelTable& k, const FillRequest& r, Napi::Value out)
      : PromiseWorker(env), kernels_(k), request_(r), out_(Napi::Persistent(out.As<Napi::Object>())) {}

 private:
  Failure run() override { return guardedFill(kernels_, request_); }

  const KernelTable& kernels_;
  FillRequest request_;
  Napi::ObjectReference out_;
};

Napi::Value FillAsync(const Napi::CallbackInfo& info) {
  const KernelTable& k = *usableDispatch(info.Env()).kernels;
  const FillRequest r = fillRequest(info, Form::Async);
  return (new FillWorker(info.Env(), k, r, info[1]))->start();
}

OrthogonalizeRequest orthogonalizeRequest(const Napi::CallbackInfo& info, Form form) {
  if (info.Length() != 4) throwType(info.Env(), "expected 4 arguments (a, rows, cols, threads)");
  OrthogonalizeArgs args;
  args.a = arrayArg(info[0], form);
  args.rows = numberArg(info[1]);
  args.cols = numberArg(info[2]);
  args.threads = numberArg(info[3]);
  return checkOrthogonalize(args, form);
}

Failure guardedOrthogonalize(const BlasTable& b, const OrthogonalizeRequest& r) {
  return runGuarded([&] { orthogonalize(b, r.a, r.rows, r.cols, r.threads); },
                    [&] { return "orthogonalize a " + std::to_string(r.rows) + " x " + std::to_string(r.cols) + " matrix"; });
}

Napi::Value Orthogonalize(const Napi::CallbackInfo& info) {
  const BlasTable& b = *usableDispatch(info.Env()).blas;
  const Failure failure = guardedOrthogonalize(b, orthogonalizeRequest(info, Form::Sync));
  if (failure) throw jsError(info.Env(), failure);
  return info.Env().Undefined();
}

class OrthogonalizeWorker : public PromiseWorker {
 public:
  OrthogonalizeWorker(Napi::Env env, const BlasTable& b, const OrthogonalizeRequest& r, Napi::Value a)
      : PromiseWorker(env), blas_(b), request_(r), a_(Napi::Persistent(a.As<Napi::Object>())) {}

 private:
  Failure run() override { return guardedOrthogonalize(blas_, request_); }

  const BlasTable& blas_;
  OrthogonalizeRequest request_;
  Napi::ObjectReference a_;
};

Napi::Value OrthogonalizeAsync(const Napi::CallbackInfo& info) {
  const BlasTable& b = *usableDispatch(info.Env()).blas;
  const OrthogonalizeRequest r = orthogonalizeRequest(info, Form::Async);
  return (new OrthogonalizeWorker(info.Env(), b, r, info[0]))->start();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Dispatch& d = addonState(env).dispatch;
  Napi::Object o = Napi::Object::New(env);
  o.Set("simd", d.kernels->name);
  o.Set("simdError", d.error);
  o.Set("supportedSimd", supportedSimdLevels());
  o.Set("threads", hardwareThreads());
  o.Set("maxThreads", kMaxThreads);
  return o;
}

template <Napi::Value (*Entry)(const Napi::CallbackInfo&)>
void exportEntry(Napi::Env env, Napi::Object exports, const char* name) {
  exports.Set(name, Napi::Function::New(env, guardedEntry<Entry>, name));
}

// This environment's own process.env: a worker thread's is a copy that
// getenv() never sees.
std::string forcedSimd(Napi::Env env) {
  const Napi::Value process = env.Global().Get("process");
  if (!process.IsObject()) return "";
  const Napi::Value vars = process.As<Napi::Object>().Get("env");
  if (!vars.IsObject()) return "";
  const Napi::Value forced = vars.As<Napi::Object>().Get("WEIGHTINIT_SIMD");
  return forced.IsString() ? forced.As<Napi::String>().Utf8Value() : "";
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new AddonState());
  addonState(env).dispatch = dispatchFor(forcedSimd(env));
  prepareArrayArgs(env);
  exportEntry<Fill>(env, exports, "fill");
  exportEntry<FillAsync>(env, exports, "fillAsync");
  exportEntry<Orthogonalize>(env, exports, "orthogonalize");
  exportEntry<OrthogonalizeAsync>(env, exports, "orthogonalizeAsync");
  exportEntry<NetworkStats>(env, exports, "networkStats");
  exportEntry<NetworkStatsAsync>(env, exports, "networkStatsAsync");
  exportEntry<Info>(env, exports, "info");
  return exports;
}

}  // namespace
}  // namespace weightinit

static Napi::Object InitWeightinit(Napi::Env env, Napi::Object exports) {
  return weightinit::Init(env, exports);
}

NODE_API_MODULE(weightinit, InitWeightinit)
