// What one instance of the addon keeps: one per JS environment that loaded it
// (the main thread and each worker thread), so that each can force its own
// SIMD level through its own process.env.
#pragma once
#include <napi.h>

#include "dispatch.h"

namespace weightinit {

struct AddonState {
  // ArrayBuffer.prototype's `resizable` getter as it was when the addon
  // loaded, so that user code cannot swap it later; empty where the engine
  // has no resizable buffers.
  Napi::FunctionReference resizable;
  Dispatch dispatch;
};

// Set once by the module's Init, before any entry point can run.
inline AddonState& addonState(Napi::Env env) { return *env.GetInstanceData<AddonState>(); }

// This environment's kernel tables; a RangeError when WEIGHTINIT_SIMD named a
// level this CPU cannot run.
inline const Dispatch& usableDispatch(Napi::Env env) {
  const Dispatch& d = addonState(env).dispatch;
  if (!d.error.empty()) throw Napi::RangeError::New(env, "weightinit native: " + d.error);
  return d;
}

}  // namespace weightinit
