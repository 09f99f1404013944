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

}  // namespace weightinit
