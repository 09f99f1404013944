// The Promise form of an entry point: the work runs on a libuv worker thread,
// and the Promise is settled on the main thread, rejected with a JS error when
// the work failed (guarded_run.h). Subclasses hold references to the JS
// arrays the work uses, which keeps them alive until then.
#pragma once
#include <napi.h>

#include <exception>

#include "guarded_run.h"
#include "js_args.h"

namespace weightinit {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}

  // Queues the work; the worker deletes itself once it has run.
  Napi::Promise start() {
    const Napi::Promise promise = deferred_.Promise();
    Queue();
    return promise;
  }

  // Replaces AsyncWorker's, which ends the process when settling fails. That
  // happens while the environment is being torn down (a worker_thread
  // terminated with this work in flight): no JS can run then, and nobody is
  // left to see the Promise. (Napi::Error is a std::exception, and so is
  // running out of memory for the error message.)
  void OnWorkComplete(Napi::Env env, napi_status status) final {
    if (status != napi_cancelled) {
      try {
        Napi::HandleScope scope(env);
        settle(env);
      } catch (const std::exception&) {
      }
    }
    Destroy();
  }

 protected:
  // On the worker thread: no JS.
  virtual Failure run() = 0;
  // On the main thread, after run() succeeded.
  virtual Napi::Value result() { return Env().Undefined(); }

 private:
  void Execute() final { failure_ = run(); }

  void settle(Napi::Env env) {
    if (failure_) {
      deferred_.Reject(jsError(env, failure_).Value());
      return;
    }
    // Building the result can fail too (no memory for a typed array).
    try {
      deferred_.Resolve(result());
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  Napi::Promise::Deferred deferred_;
  Failure failure_;
};

}  // namespace weightinit
